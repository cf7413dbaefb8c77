"""Daily reminders for stale referrals: sent and unanswered past 48 hours, or accepted and not completed in 30 days.

A reminder is an audit event plus an e-mail to the receiving organization's staff that carries no case data.
Each referral is reminded at most once a day.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accord.core import audit
from accord.core.models import User
from accord.referrals.models import Referral, State


@task()
def stale_referral_reminders() -> dict[str, Any]:
    now = timezone.now()
    reminded = 0
    with transaction.atomic():
        stale = (
            Referral.objects.stale()
            .exclude(reminded_at__gt=now - timedelta(hours=20))
            .select_related("recipient", "sender", "need")
        )
        for referral in stale:
            referral.reminded_at = now
            referral.save(update_fields=["reminded_at"])
            waiting = "an answer" if referral.state == State.SENT else "completion"
            audit.record(
                verb="referral.reminder_sent",
                actor_label="daily job",
                target=referral,
                organization_id=referral.recipient_id,
                changes={"state": referral.state, "waiting_for": waiting},
            )
            emails = list(
                User.objects.filter(organization_id=referral.recipient_id, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)[:20]
            )
            if emails:
                send_mail(
                    subject=f"A referral from {referral.sender} waits for {waiting}",
                    message=(
                        f"Referral {referral.pk} ({referral.need}) from {referral.sender} waits for {waiting}.\n"
                        "Sign in to Accord and open Referrals to answer it.\n"
                    ),
                    from_email=None,
                    recipient_list=emails,
                    fail_silently=True,
                )
            reminded += 1
    return {"reminded": reminded}
