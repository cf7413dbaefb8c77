"""Synthetic referrals in every state between all kinds of members, some stale, some carrying identity under a
live release, and law-enforcement referrals of newly identified victims to VSPs (descriptors only)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from accord.core.models import Organization, Term, User
from accord.core.seed import SeedContext
from accord.directory.models import ServiceCategory
from accord.referrals.models import Outcome, Referral, State, Urgency
from accord.victim_services.models import Client, Release, ServiceDelivery

STATES = [State.DRAFT, State.SENT, State.SENT, State.ACCEPTED, State.DECLINED, State.COMPLETED, State.COMPLETED,
          State.WITHDRAWN]  # fmt: skip
NEEDS = ["legal_immigration", "emergency_shelter", "case_management", "mental_health", "medical_care", "legal_civil"]


def seed_referrals(ctx: SeedContext) -> None:
    rng = ctx.rng
    categories = list(ServiceCategory.objects.filter(code__in=NEEDS))
    reasons = list(Term.objects.of("referral-decline-reason"))
    if not categories or not ctx.users:
        return
    orgs: list[Organization] = [o for lane in ctx.organizations.values() for o in lane]
    staff: dict[int | None, User] = {}
    for user in ctx.users:
        staff.setdefault(user.organization_id, user)
    clients = list(Client.objects.filter(status="open").select_related("organization").order_by("pk")[:60])
    live = {(r.client_id, r.recipient_id) for r in Release.objects.live() if "identity" in r.categories}
    rows: list[Referral] = []
    count = {"small": 48, "medium": 120, "large": 300}.get(ctx.scale_name, 48)
    le = ctx.organizations.get("law_enforcement", [])
    vsps = ctx.organizations.get("victim_services", [])
    for n in range(count):
        state = STATES[n % len(STATES)]
        client = clients[n % len(clients)] if clients and n % 3 == 0 else None
        if client is not None:
            sender = client.organization
            recipient = rng.choice([o for o in orgs if o.pk != sender.pk])
        elif n % 3 == 1 and le and vsps:  # law enforcement refers a newly identified victim: descriptors only
            sender, recipient = rng.choice(le), rng.choice(vsps)
        else:
            sender = rng.choice(orgs)
            recipient = rng.choice([o for o in orgs if o.pk != sender.pk])
        created = ctx.now - timedelta(days=rng.randint(1, 300), hours=rng.randint(0, 23))
        stale = n % 11 == 2
        sent = created + timedelta(hours=1) if state != State.DRAFT else None
        if stale:
            state = State.SENT
            created = ctx.now - timedelta(days=rng.randint(3, 9))
            sent = created + timedelta(hours=1)
        accepted = (
            sent + timedelta(hours=rng.choice([2, 6, 20, 30, 60, 90]))
            if state in {State.ACCEPTED, State.COMPLETED} and sent
            else None
        )
        rows.append(
            Referral(
                sender=sender,
                sent_by=staff.get(sender.pk) or ctx.users[0],
                recipient=recipient,
                need=rng.choice(categories),
                urgency=rng.choice(Urgency.values),
                age_band=client.age_band if client else rng.choice(["15-17", "18-24", "25-34", "35-44", "unknown"]),
                gender=client.gender if client else rng.choice(["female", "male", "transgender", "nonbinary"]),
                language=client.primary_language if client else rng.choice(["en", "es", "vi", ""]),
                family=client.family if client else rng.choice(["alone", "with_children", "unknown"]),
                trafficking_type=client.trafficking_type if client else rng.choice(["sex", "labor", "both"]),
                client=client,
                share_identity=bool(client and (client.pk, recipient.pk) in live),
                state=state,
                created_at=created,
                sent_at=sent,
                accepted_at=accepted,
                declined_at=sent + timedelta(hours=8) if state == State.DECLINED and sent else None,
                decline_reason=rng.choice(reasons) if state == State.DECLINED and reasons else None,
                completed_at=accepted + timedelta(days=rng.randint(3, 40))
                if state == State.COMPLETED and accepted
                else None,
                outcome=rng.choice([Outcome.PROVIDED, Outcome.PROVIDED, Outcome.PARTLY, Outcome.NOT_PROVIDED])
                if state == State.COMPLETED
                else "",
                withdrawn_at=created + timedelta(days=1) if state == State.WITHDRAWN else None,
            )
        )
    Referral.objects.bulk_create(rows, batch_size=500)
    for referral in Referral.objects.filter(
        state=State.COMPLETED, client__isnull=False, outcome__in=[Outcome.PROVIDED, Outcome.PARTLY]
    ).select_related("client", "need", "recipient"):
        client = referral.client
        assert client is not None
        day = min(referral.completed_at.date(), ctx.now.date()) if referral.completed_at else ctx.now.date()
        day = max(day, client.intake_date)
        referral.service_delivery = ServiceDelivery.objects.create(
            client=client, delivered_on=day, category=referral.need, provider=referral.recipient, units=1
        )
        referral.save(update_fields=["service_delivery"])


def _completed(rng: Any, accepted: datetime | None) -> datetime | None:
    return accepted + timedelta(days=rng.randint(3, 40)) if accepted else None
