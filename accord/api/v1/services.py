"""Services delivered, pushed from an agency's case-management system onto its own client's record.

The consent wall decides (``get_client_for(write=True)``): another organization's client answers 404, exactly as
a missing one; the page's form checks the values and ``service_record`` writes and audits.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accord.api.base import ListApiView, StrictSerializer, check_with_form, form_data
from accord.api.scopes import Scope
from accord.core.policy import SIGNED_IN, rule
from accord.victim_services import actions, forms
from accord.victim_services.access import get_client_for
from accord.victim_services.models import DataCategory, ServiceDelivery


class ServiceInSerializer(StrictSerializer):
    delivered_on = serializers.DateField(required=False, help_text="Today (task-force time) when left out.")
    category = serializers.IntegerField(help_text="Service category id.")
    provider = serializers.IntegerField(required=False, help_text="Organization id; your own when left out.")
    units = serializers.DecimalField(max_digits=7, decimal_places=2, default="1")
    unit = serializers.ChoiceField(ServiceDelivery.Unit.choices, default=ServiceDelivery.Unit.SESSIONS)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ServiceOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceDelivery
        fields = ["id", "client", "delivered_on", "category", "provider", "units", "unit", "created_at"]


@extend_schema(tags=["victim services"])
@rule(SIGNED_IN)
class ClientServices(ListApiView):
    """A client's services: the owning VSP, or an organization whose live release names the services category
    (the read is audited with its basis). Anyone else: 404, as for a client that does not exist."""

    read_scope = Scope.SERVICES_READ
    write_scope = Scope.SERVICES_WRITE
    serializer_class = ServiceOutSerializer

    def get(self, request: Request, client_id: int) -> Response:
        found = get_client_for(request.user, client_id, purpose="api: list services")
        if not found.sees(DataCategory.SERVICES):
            raise Http404("No such client.")
        services = ServiceDelivery.objects.filter(client=found.client).order_by("-delivered_on", "-pk")
        page = self.paginate_queryset(services)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=ServiceInSerializer, responses={201: ServiceOutSerializer})
    def post(self, request: Request, client_id: int) -> Response:
        client = get_client_for(request.user, client_id, write=True, purpose="api: record a service").client
        given = ServiceInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        data.setdefault("provider", request.user.organization_id)
        data.setdefault("delivered_on", timezone.localdate())
        with transaction.atomic():
            form = forms.ServiceForm(
                form_data(data), instance=ServiceDelivery(client=client), organization=client.organization
            )
            check_with_form(form)
            service = actions.service_record(actor=request.user, service=form.instance)
        return Response(ServiceOutSerializer(service).data, status=status.HTTP_201_CREATED)
