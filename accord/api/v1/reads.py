"""Read-only resources: governance, investigations, deconfliction and outreach, each through its app's own
queries and access functions (and the same audit of sensitive reads as its pages)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accord.api.base import ApiView, ListApiView, check_with_form
from accord.api.scopes import Scope
from accord.core.policy import SIGNED_IN, rule
from accord.deconfliction import access as deconfliction_access
from accord.deconfliction import queries as deconfliction_queries
from accord.deconfliction.models import Hit, Target
from accord.governance import access as governance_access
from accord.governance import actions as governance_actions
from accord.governance import queries as governance_queries
from accord.governance.models import ActionItem, Agreement, Meeting
from accord.investigations import access as investigations_access
from accord.investigations import queries as investigations_queries
from accord.investigations.forms import InvestigationFilter
from accord.investigations.models import Investigation
from accord.outreach import access as outreach_access
from accord.outreach import queries as outreach_queries
from accord.outreach.models import Training


def _page_request(request: Request) -> HttpRequest:
    """The apps' request-level checks read ``request.user``: the API's request carries the token's user."""
    return cast(HttpRequest, request)


def _when(request: Request) -> str:
    value = request.query_params.get("when", "")
    if value not in ("", "upcoming", "past"):
        raise serializers.ValidationError({"when": ["Choose upcoming or past."]})
    return value


WHEN = OpenApiParameter("when", enum=["upcoming", "past"])


# Governance ----------------------------------------------------------------------------------------------------
class MeetingSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.name", default=None)

    class Meta:
        model = Meeting
        fields = ["id", "committee", "title", "starts_at", "ends_at", "location", "agenda", "minutes", "is_cancelled"]


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "title", "owner", "due_date", "closed_at"]


class AgreementSerializer(serializers.ModelSerializer):
    parties = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "title", "kind", "summary", "status", "effective_date", "review_date", "expiry_date", "parties"]


@extend_schema(tags=["governance"], parameters=[WHEN])
@rule(SIGNED_IN)
class MeetingList(ListApiView):
    read_scope = write_scope = Scope.GOVERNANCE_READ
    serializer_class = MeetingSerializer

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(governance_queries.meetings_for(request.user, when=_when(request)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["governance"])
@rule(SIGNED_IN)
class MeetingDetail(ApiView):
    read_scope = write_scope = Scope.GOVERNANCE_READ
    serializer_class = MeetingSerializer

    def get(self, request: Request, meeting_id: int) -> Response:
        return Response(self.get_serializer(governance_access.get_meeting_for(request.user, meeting_id)).data)


@extend_schema(tags=["governance"])
@rule(SIGNED_IN)
class ActionItemList(ListApiView):
    """Open action items of the meetings you may see."""

    read_scope = write_scope = Scope.GOVERNANCE_READ
    serializer_class = ActionItemSerializer

    def get(self, request: Request) -> Response:
        items = ActionItem.objects.visible_to(request.user).open().order_by("due_date", "pk")
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["governance"], request=None, responses=ActionItemSerializer)
@rule(SIGNED_IN)
class ActionItemClose(ApiView):
    """Close an action item: its owner or the coordinator (others 403; not visible 404)."""

    read_scope = Scope.GOVERNANCE_READ
    write_scope = Scope.GOVERNANCE_WRITE
    serializer_class = ActionItemSerializer

    def post(self, request: Request, item_id: int) -> Response:
        item = governance_access.get_action_item_for(request.user, item_id, close=True)
        governance_actions.action_item_close(actor=request.user, item=item)
        return Response(self.get_serializer(item).data)


@extend_schema(tags=["governance"])
@rule(SIGNED_IN)
class AgreementList(ListApiView):
    read_scope = write_scope = Scope.GOVERNANCE_READ
    serializer_class = AgreementSerializer

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(governance_queries.agreements())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["governance"])
@rule(SIGNED_IN)
class AgreementDetail(ApiView):
    read_scope = write_scope = Scope.GOVERNANCE_READ
    serializer_class = AgreementSerializer

    def get(self, request: Request, agreement_id: int) -> Response:
        return Response(self.get_serializer(governance_access.get_agreement_for(request.user, agreement_id)).data)


# Investigations -------------------------------------------------------------------------------------------------
class InvestigationSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.name")
    stage = serializers.CharField(default="")

    class Meta:
        model = Investigation
        fields = ["id", "owner", "case_number", "name", "trafficking_type", "status", "stage", "opened_on", "closed_on"]


@extend_schema(
    tags=["investigations"],
    parameters=[
        OpenApiParameter("scope", enum=["own", "shared"]),
        OpenApiParameter("status"),
        OpenApiParameter("trafficking_type"),
        OpenApiParameter("stage"),
        OpenApiParameter("q"),
    ],
)
@rule(SIGNED_IN)
class InvestigationList(ListApiView):
    """Your agency's investigations and those shared with it (case staff only; 404 to everyone else)."""

    read_scope = write_scope = Scope.INVESTIGATIONS_READ
    serializer_class = InvestigationSerializer

    def get(self, request: Request) -> Response:
        user = investigations_access.require_case_staff(_page_request(request))
        criteria = check_with_form(InvestigationFilter(request.query_params))
        page = self.paginate_queryset(investigations_queries.investigations_for(user, criteria))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["investigations"])
@rule(SIGNED_IN)
class InvestigationDetail(ApiView):
    read_scope = write_scope = Scope.INVESTIGATIONS_READ
    serializer_class = InvestigationSerializer

    def get(self, request: Request, investigation_id: int) -> Response:
        user = investigations_access.require_case_staff(_page_request(request))
        return Response(self.get_serializer(investigations_access.get_investigation_for(user, investigation_id)).data)


# Deconfliction --------------------------------------------------------------------------------------------------
class HitSerializer(serializers.ModelSerializer):
    """A hit as your agency sees it: your side, and which agency holds the other (call them)."""

    your_investigation = serializers.SerializerMethodField()
    your_side_resolved_at = serializers.SerializerMethodField()
    other_agency = serializers.SerializerMethodField()

    class Meta:
        model = Hit
        fields = ["id", "kind", "matched", "strength", "found_by", "created_at", "your_investigation",
                  "your_side_resolved_at", "other_agency"]  # fmt: skip

    def _sides(self, hit: Hit) -> tuple[Any, Any]:
        mine = self.context["request"].user.organization_id
        sides = list(hit.sides.all())
        own = next((s for s in sides if s.organization_id == mine), None)
        other = next((s for s in sides if s.organization_id != mine), None)
        return own, other

    def get_your_investigation(self, hit: Hit) -> int | None:
        own = self._sides(hit)[0]
        return own.investigation_id if own else None

    def get_your_side_resolved_at(self, hit: Hit) -> str | None:
        own = self._sides(hit)[0]
        return own.resolved_at.isoformat() if own and own.resolved_at else None

    def get_other_agency(self, hit: Hit) -> str | None:
        other = self._sides(hit)[1]
        return other.organization.name if other else None


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "investigation", "kind", "flagged", "created_at", "removed_at"]


@extend_schema(tags=["deconfliction"], parameters=[OpenApiParameter("open", bool)])
@rule(SIGNED_IN)
class HitList(ListApiView):
    read_scope = write_scope = Scope.DECONFLICTION_READ
    serializer_class = HitSerializer

    def get(self, request: Request) -> Response:
        user = deconfliction_access.require_deconflictor(_page_request(request))
        open_only = request.query_params.get("open") in ("true", "1")
        page = self.paginate_queryset(deconfliction_queries.hits_for(user, open_only=open_only).order_by("-pk"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["deconfliction"])
@rule(SIGNED_IN)
class TargetList(ListApiView):
    """Targets of the investigations your agency may see: kinds and flags, never the values."""

    read_scope = write_scope = Scope.DECONFLICTION_READ
    serializer_class = TargetSerializer

    def get(self, request: Request) -> Response:
        user = deconfliction_access.require_deconflictor(_page_request(request))
        page = self.paginate_queryset(deconfliction_queries.targets_for(user).order_by("-pk"))
        deconfliction_access.record_viewed(user, None, purpose="api: list targets", target_ids=[t.pk for t in page])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# Outreach -------------------------------------------------------------------------------------------------------
class TrainingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Training
        fields = ["id", "title", "starts_at", "ends_at", "format", "location", "session_type", "total_attendees"]


@extend_schema(tags=["outreach"], parameters=[WHEN])
@rule(SIGNED_IN)
class TrainingList(ListApiView):
    read_scope = write_scope = Scope.OUTREACH_READ
    serializer_class = TrainingSerializer

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(outreach_queries.trainings(when=_when(request)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["outreach"])
@rule(SIGNED_IN)
class TrainingDetail(ApiView):
    read_scope = write_scope = Scope.OUTREACH_READ
    serializer_class = TrainingSerializer

    def get(self, request: Request, training_id: int) -> Response:
        return Response(self.get_serializer(outreach_access.get_training_for(request.user, training_id)).data)
