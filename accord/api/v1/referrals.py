"""Referrals over the API: list, retrieve, create (a draft), and the moves send/accept/decline/complete/withdraw.

The same list query, access function, page forms and actions as the referral pages.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accord.api.base import ApiView, ListApiView, StrictSerializer, check_with_form, form_data
from accord.api.scopes import Scope
from accord.core.models import Term
from accord.core.policy import rule
from accord.referrals import actions, forms, queries
from accord.referrals.access import REFERRERS, get_referral_for, identity_for, require_recipient, require_sender
from accord.referrals.models import Outcome, Referral, State, Urgency
from accord.victim_services.models import AgeBand, Family, Gender, ServiceDelivery, TraffickingType


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class IdentitySerializer(serializers.Serializer):
    legal_name = serializers.CharField()
    preferred_name = serializers.CharField()
    date_of_birth = serializers.CharField()
    basis = serializers.CharField(source="access.basis")


class ReferralSerializer(serializers.ModelSerializer):
    sender = NamedSerializer()
    recipient = NamedSerializer()
    need = NamedSerializer()
    decline_reason = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    client = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id", "state", "sender", "recipient", "need", "urgency", "age_band", "gender", "language", "family",
            "trafficking_type", "details", "client", "share_identity", "created_at", "sent_at", "accepted_at",
            "declined_at", "decline_reason", "decline_note", "completed_at", "outcome", "outcome_note",
            "withdrawn_at", "version",
        ]  # fmt: skip

    def get_client(self, referral: Referral) -> int | None:
        """The sender's own client record id; the recipient never learns it."""
        user = self.context["request"].user
        return referral.client_id if referral.sender_id == user.organization_id else None


class ReferralDetailSerializer(ReferralSerializer):
    identity = serializers.SerializerMethodField()

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "identity"]

    @staticmethod
    def _identity(referral: Referral, user: Any) -> dict[str, Any] | None:
        found = identity_for(user, referral)  # the consent wall decides, and audits the read
        return IdentitySerializer(found).data if found else None

    def get_identity(self, referral: Referral) -> dict[str, Any] | None:
        value: dict[str, Any] | None = self._identity(referral, self.context["request"].user)
        return value


class ReferralCreateSerializer(StrictSerializer):
    recipient = serializers.IntegerField(help_text="Organization id (see /api/v1/directory/organizations/).")
    need = serializers.IntegerField(help_text="Service category id.")
    urgency = serializers.ChoiceField(Urgency.choices, default=Urgency.ROUTINE)
    age_band = serializers.ChoiceField(AgeBand.choices, default=AgeBand.UNKNOWN)
    gender = serializers.ChoiceField(Gender.choices, default=Gender.UNKNOWN)
    language = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    family = serializers.ChoiceField(Family.choices, default=Family.UNKNOWN)
    trafficking_type = serializers.ChoiceField(TraffickingType.choices, default=TraffickingType.UNKNOWN)
    details = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    client = serializers.IntegerField(required=False, allow_null=True, help_text="Your own client's id (VSP only).")
    share_identity = serializers.BooleanField(default=False)
    send = serializers.BooleanField(default=True, help_text="Send at once (true) or keep as a draft (false).")


@extend_schema(tags=["referrals"])
@rule(REFERRERS)
class ReferralList(ListApiView):
    read_scope = Scope.REFERRALS_READ
    write_scope = Scope.REFERRALS_WRITE
    serializer_class = ReferralSerializer

    def get_queryset(self) -> Any:
        form = forms.ListFilter(self.request.query_params)
        data = form.cleaned_data if form.is_valid() else {}
        return queries.referrals_for(self.request.user, box=data.get("box") or "all", state=data.get("state", ""))

    @extend_schema(
        parameters=[
            OpenApiParameter("box", enum=["all", "received", "sent"]),
            OpenApiParameter("state", enum=State.values),
        ]
    )
    def get(self, request: Request) -> Response:
        check_with_form(forms.ListFilter(request.query_params))
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=ReferralCreateSerializer, responses={201: ReferralDetailSerializer})
    def post(self, request: Request) -> Response:
        given = ReferralCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        send = data.pop("send")
        form = forms.ReferralForm(form_data(data), user=request.user)
        if data.get("client") is not None and "client" not in form.fields:
            raise serializers.ValidationError({"client": ["Only victim-services staff can link their client."]})
        check_with_form(form)
        with transaction.atomic():  # a draft that cannot be sent is not kept either: nothing changes on error
            referral = actions.referral_save(actor=request.user, referral=form.instance)
            if send:
                actions.referral_send(actor=request.user, referral=referral, expected_version=referral.version)
        fresh = get_referral_for(request.user, referral.pk)
        body = ReferralDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["referrals"])
@rule(REFERRERS)
class ReferralDetail(ApiView):
    read_scope = Scope.REFERRALS_READ
    write_scope = Scope.REFERRALS_WRITE
    serializer_class = ReferralDetailSerializer

    def get(self, request: Request, referral_id: int) -> Response:
        referral = get_referral_for(request.user, referral_id)
        return Response(self.get_serializer(referral).data)


class MoveSerializer(StrictSerializer):
    expected_version = serializers.IntegerField(
        required=False, allow_null=True, help_text="The version you read; a stale one answers 409 and changes nothing."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class DeclineSerializer(MoveSerializer):
    reason = serializers.CharField(help_text="A code of the referral-decline-reason vocabulary.")


class CompleteSerializer(MoveSerializer):
    outcome = serializers.ChoiceField(Outcome.choices)
    delivered_on = serializers.DateField(required=False)
    units = serializers.DecimalField(max_digits=7, decimal_places=2, required=False)
    unit = serializers.ChoiceField(ServiceDelivery.Unit.choices, required=False)


class ReferralMove(ApiView):
    """POST one state move; the body carries what the page's form for it carries."""

    read_scope = Scope.REFERRALS_READ
    write_scope = Scope.REFERRALS_WRITE
    serializer_class = MoveSerializer
    action = ""

    def post(self, request: Request, referral_id: int) -> Response:
        referral = get_referral_for(request.user, referral_id)
        (require_sender if self.action in {"send", "withdraw"} else require_recipient)(request.user, referral)
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        common: dict[str, Any] = {
            "actor": request.user,
            "referral": referral,
            "expected_version": data.get("expected_version"),
        }
        if self.action == "send":
            actions.referral_send(**common)
        elif self.action == "accept":
            actions.referral_accept(**common)
        elif self.action == "decline":
            form = forms.DeclineForm(form_data({"reason": _decline_term(data["reason"]), "note": data["note"]}))
            cleaned = check_with_form(form)
            actions.referral_decline(**common, reason=cleaned["reason"], note=cleaned["note"])
        elif self.action == "complete":
            actions.referral_complete(
                **common,
                outcome=data["outcome"],
                note=data["note"],
                delivered_on=data.get("delivered_on"),
                units=data.get("units"),
                unit=data.get("unit") or ServiceDelivery.Unit.SESSIONS,
            )
        else:
            actions.referral_withdraw(**common, note=data["note"])
        fresh = get_referral_for(request.user, referral.pk)
        return Response(ReferralDetailSerializer(fresh, context=self.get_serializer_context()).data)


def _decline_term(code: str) -> int | str:
    """The page's form takes the reason's id; the API takes its vocabulary code (stable across installations)."""
    term = Term.objects.of("referral-decline-reason").filter(code=code).first()
    return term.pk if term else "unknown"


def _move(name: str, body: type[serializers.Serializer]) -> type[ReferralMove]:
    view = type(f"Referral{name.title()}", (ReferralMove,), {"action": name, "serializer_class": body})
    decorated = extend_schema(tags=["referrals"], request=body, responses=ReferralDetailSerializer)(view)
    return rule(REFERRERS)(decorated)


ReferralSend = _move("send", MoveSerializer)
ReferralAccept = _move("accept", MoveSerializer)
ReferralDecline = _move("decline", DeclineSerializer)
ReferralComplete = _move("complete", CompleteSerializer)
ReferralWithdraw = _move("withdraw", MoveSerializer)
