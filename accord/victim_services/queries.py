"""Reads for victim-services pages, already scoped by the consent wall."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accord.core.crypto import normalize
from accord.core.models import User
from accord.victim_services.models import (
    BreakGlass,
    Client,
    ClientStatus,
    NotificationTask,
    Release,
    is_client_staff,
    is_vsp_supervisor,
)


def own_clients(user: User, *, status: str = "open") -> QuerySet[Client]:
    """The clients of the user's own VSP (empty for anyone else)."""
    if not is_client_staff(user):
        return Client.objects.none()
    qs = Client.objects.owned_by(user.organization_id).annotate(
        live_releases=Count(
            "releases",
            filter=Q(
                releases__revoked_at__isnull=True,
                releases__signed_on__lte=timezone.localdate(),
                releases__expires_on__gte=timezone.localdate(),
            ),
        )
    )
    if status in ClientStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-intake_date", "-pk")


def search(clients: QuerySet[Client], text: str) -> list[Client]:
    """Find by code in the database, by name in Python: names are encrypted and have no index of any kind
    (a blind index on a client field would itself be a disclosure)."""
    wanted = normalize(text)
    if not wanted:
        return list(clients)
    return [
        c
        for c in clients
        if wanted in normalize(c.code) or wanted in normalize(c.legal_name) or wanted in normalize(c.preferred_name)
    ]


def shared_with(user: User) -> QuerySet[Release]:
    """Live releases naming the user's organization: the clients they may open, and what of them."""
    if not user.organization_id:
        return Release.objects.none()
    return (
        Release.objects.live()
        .for_recipient(user.organization_id)
        .exclude(client__organization_id=user.organization_id or 0)
        .select_related("client", "client__organization")
        .order_by("expires_on", "pk")
    )


def open_tasks(user: User) -> QuerySet[NotificationTask]:
    if not is_client_staff(user):
        return NotificationTask.objects.none()
    return (
        NotificationTask.objects.open()
        .filter(organization_id=user.organization_id or 0)
        .select_related("disclosure__client")
        .order_by("due_on")
    )


def grants_to_review(user: User) -> QuerySet[BreakGlass]:
    if not is_vsp_supervisor(user):
        return BreakGlass.objects.none()
    return (
        BreakGlass.objects.filter(client__organization_id=user.organization_id or 0)
        .select_related("client", "grantee__organization", "granted_by", "reviewed_by")
        .order_by("reviewed_at", "-starts_at")
    )


def client_page(client: Client) -> dict[str, Any]:
    """Everything the client page lists, in a fixed number of queries."""
    fresh = (
        Client.objects.filter(pk=client.pk)
        .select_related(
            "organization",
            "referral_source",
            "polaris_type",
            "closure_reason",
            "living_situation",
            "immigration_outcome",
        )
        .prefetch_related(
            "control_methods",
            "people",
            Prefetch("needs", queryset=client.needs.select_related("category")),
            Prefetch("goals", queryset=client.goals.select_related("category")),
            Prefetch("services", queryset=client.services.select_related("category", "provider")),
            Prefetch("notes", queryset=client.notes.select_related("author")),
            "documents",
            Prefetch("releases", queryset=client.releases.select_related("recipient")),
            Prefetch("screenings", queryset=client.screenings.select_related("version__instrument")),
            Prefetch("disclosures", queryset=client.disclosures.select_related("task")),
            Prefetch("break_glass", queryset=client.break_glass.select_related("grantee", "granted_by")),
            Prefetch("referrals", queryset=client.referrals.select_related("recipient", "need")),
        )
        .get()
    )
    return {"client": fresh}


def live_grants_for(user: User) -> QuerySet[BreakGlass]:
    """Emergency access this person holds right now."""
    return BreakGlass.objects.live().filter(grantee_id=user.pk).select_related("client", "client__organization")
