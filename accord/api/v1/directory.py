"""The directory over the API: organizations (the page's filter), one organization, a service offering,
find help (the same matcher as the page), and a provider's one-click availability update."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accord.api.base import ApiView, ListApiView, StrictSerializer, check_with_form, form_data
from accord.api.scopes import Scope
from accord.core.models import Lane, Organization
from accord.core.policy import SIGNED_IN, USER_ADMINS, rule
from accord.directory import access, actions, queries
from accord.directory.filters import DirectoryFilter
from accord.directory.forms import AvailabilityForm, FindHelpForm
from accord.directory.matching import find_help
from accord.directory.models import Availability, Contact, Offering


class OfferingSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")
    organization = serializers.IntegerField(source="organization_id")

    class Meta:
        model = Offering
        fields = [
            "id", "organization", "name", "category", "category_id", "description", "open_24_7", "hours", "cost",
            "capacity_unit", "capacity_total", "available_units", "availability", "availability_confirmed_at",
            "is_active",
        ]  # fmt: skip


class OfferingBriefSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")

    class Meta:
        model = Offering
        fields = ["id", "name", "category", "category_id", "availability", "available_units"]


class OrganizationSerializer(serializers.ModelSerializer):
    offerings = OfferingBriefSerializer(source="directory_offerings", many=True, read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "lane", "sector", "offerings"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "name", "title", "phone", "email", "availability", "ht_trained"]


class OrganizationDetailSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "lane", "sector"]


class OrganizationFullSerializer(OrganizationDetailSerializer):
    """What the organization page shows: its offerings and its points of contact ("who do I call")."""

    offerings = OfferingBriefSerializer(many=True)
    contacts = ContactSerializer(many=True)

    class Meta(OrganizationDetailSerializer.Meta):
        fields = [*OrganizationDetailSerializer.Meta.fields, "offerings", "contacts"]


FILTERS = [
    OpenApiParameter("q", description="Name contains"),
    OpenApiParameter("service", int, description="Service category id"),
    OpenApiParameter("county", int, description="Area id"),
    OpenApiParameter("lane", enum=Lane.values),
]


@extend_schema(tags=["directory"], parameters=FILTERS)
@rule(SIGNED_IN)
class OrganizationList(ListApiView):
    read_scope = Scope.DIRECTORY_READ
    write_scope = Scope.DIRECTORY_WRITE
    serializer_class = OrganizationSerializer

    def get(self, request: Request) -> Response:
        form = DirectoryFilter(request.query_params)
        check_with_form(form)
        page = self.paginate_queryset(form.filter(queries.directory_organizations()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["directory"])
@rule(SIGNED_IN)
class OrganizationDetail(ApiView):
    read_scope = Scope.DIRECTORY_READ
    write_scope = Scope.DIRECTORY_WRITE
    serializer_class = OrganizationDetailSerializer

    @extend_schema(responses=OrganizationFullSerializer)
    def get(self, request: Request, organization_id: int) -> Response:
        organization = access.get_organization_for(request.user, organization_id)
        body: dict[str, Any] = dict(self.get_serializer(organization).data)
        offerings = queries.organization_offerings(organization, request.user)
        body["offerings"] = OfferingBriefSerializer(offerings, many=True).data
        body["contacts"] = ContactSerializer(queries.organization_contacts(organization, request.user), many=True).data
        return Response(body)


@extend_schema(tags=["directory"])
@rule(SIGNED_IN)
class OfferingDetail(ApiView):
    read_scope = Scope.DIRECTORY_READ
    write_scope = Scope.DIRECTORY_WRITE
    serializer_class = OfferingSerializer

    def get(self, request: Request, offering_id: int) -> Response:
        return Response(self.get_serializer(access.get_offering_for(request.user, offering_id)).data)


class AvailabilitySerializer(StrictSerializer):
    availability = serializers.ChoiceField(Availability.choices)
    available_units = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100000)


@extend_schema(tags=["directory"], request=AvailabilitySerializer, responses=OfferingSerializer)
@rule(USER_ADMINS)
class OfferingAvailability(ApiView):
    read_scope = Scope.DIRECTORY_READ
    write_scope = Scope.DIRECTORY_WRITE
    serializer_class = AvailabilitySerializer

    def post(self, request: Request, offering_id: int) -> Response:
        offering = access.get_offering_for(request.user, offering_id, write=True)
        given = AvailabilitySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        cleaned = check_with_form(AvailabilityForm(form_data(dict(given.validated_data))))
        actions.offering_set_availability(actor=request.user, offering=offering, **cleaned)
        offering.refresh_from_db()
        return Response(OfferingSerializer(offering).data)


class MatchSerializer(serializers.Serializer):
    offering = serializers.IntegerField(source="candidate.pk")
    offering_name = serializers.CharField(source="offering.name", default="")
    organization = serializers.IntegerField(source="offering.organization_id", default=None)
    organization_name = serializers.CharField(source="offering.organization.name", default="")
    availability = serializers.CharField(source="offering.availability", default="")
    score = serializers.IntegerField()
    meets = serializers.ListField(child=serializers.CharField())
    misses = serializers.ListField(child=serializers.CharField())
    cautions = serializers.ListField(child=serializers.CharField())


class AnswerSerializer(serializers.Serializer):
    considered = serializers.IntegerField()
    match_count = serializers.IntegerField()
    near_miss_count = serializers.IntegerField()
    matches = MatchSerializer(many=True)
    near_misses = MatchSerializer(many=True)


@extend_schema(
    tags=["directory"],
    parameters=[
        OpenApiParameter("service", int, required=True, description="Service category id"),
        OpenApiParameter("county", int),
        OpenApiParameter("age", int),
        OpenApiParameter("gender", enum=["women", "men", "transgender_nonbinary"]),
        OpenApiParameter("language"),
        OpenApiParameter("with_children", bool),
        OpenApiParameter("trafficking_type", enum=["sex", "labor", "both"]),
        OpenApiParameter("citizenship"),
        OpenApiParameter("tonight", bool),
    ],
    responses=AnswerSerializer,
)
@rule(SIGNED_IN)
class FindHelp(ApiView):
    """Non-identifying facts in, ranked services out; nothing is stored."""

    read_scope = Scope.DIRECTORY_READ
    write_scope = Scope.DIRECTORY_WRITE
    pagination_class = None

    def get(self, request: Request) -> Response:
        form = FindHelpForm(request.query_params)
        check_with_form(form)
        answer = find_help(form.need(), wide=True)
        return Response(AnswerSerializer(answer).data)
