"""Daily housekeeping: note in the audit trail when releases expired and when break-glass grants lapsed.

Access already stops at expiry (liveness is computed at every read); this job only makes the moment visible in
the trail and to the VSP, so nobody has to infer it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accord.core import audit
from accord.victim_services.models import BreakGlass, Release


@task()
def release_housekeeping() -> dict[str, Any]:
    today = timezone.localdate()
    now = timezone.now()
    expired = 0
    with transaction.atomic():
        for release in Release.objects.filter(
            revoked_at__isnull=True, expires_on__lt=today, expiry_noted_at__isnull=True
        ).select_related("client"):
            release.expiry_noted_at = now
            release.save(update_fields=["expiry_noted_at"])
            audit.record(
                verb="release.expired",
                actor_label="daily job",
                target=release.client,
                organization_id=release.client.organization_id,
                changes={
                    "release_id": release.pk,
                    "recipient_id": release.recipient_id,
                    "expired_on": release.expires_on,
                },
            )
            expired += 1
        lapsed = 0
        for grant in BreakGlass.objects.filter(ended_at__isnull=True, expires_at__lte=now).select_related("client"):
            grant.ended_at = grant.expires_at
            grant.save(update_fields=["ended_at"])
            audit.record(
                verb="break_glass.lapsed",
                actor_label="daily job",
                target=grant.client,
                organization_id=grant.client.organization_id,
                changes={"grant_id": grant.pk},
            )
            lapsed += 1
    return {"releases_expired": expired, "grants_lapsed": lapsed}
