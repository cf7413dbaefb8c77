"""Deconfliction's background work: e-mail both agencies of a hit, and the nightly batch that links everything.

The e-mail names no target, value, person, place or investigation: only that a conflict exists and where to
look. The nightly batch finds pairs the online check could not see (a threshold lowered since, two entries in
the same instant) and records them as hits the same way.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django_tasks import task

from accord.core.jobs import daily


@task()
def notify_hits(hit_ids: list[int]) -> dict[str, Any]:
    """One e-mail per point of contact, however many of the hits concern them; and a ``deconfliction.hit``
    webhook event per hit to both agencies' endpoints (queued here rather than by the check, which then
    reads no endpoints, and so for the nightly batch's hits as well)."""
    from accord.api import webhooks
    from accord.deconfliction.models import Hit, HitSide

    by_contact: dict[str, list[int]] = {}
    by_hit: dict[Hit, set[int]] = {}
    sides = HitSide.objects.filter(hit_id__in=hit_ids).select_related("contact", "hit").order_by("hit_id")
    for side in sides:
        by_hit.setdefault(side.hit, set()).add(side.organization_id)
        if side.contact.email:
            by_contact.setdefault(side.contact.email, []).append(side.hit_id)
    webhooks.emit_each(
        "deconfliction.hit",
        [
            (organizations, {"hit_id": hit.pk, "kind": hit.kind, "matched": hit.matched, "strength": hit.strength})
            for hit, organizations in by_hit.items()
        ],
    )
    for email, hits in by_contact.items():
        numbers = ", ".join(str(n) for n in hits[:20]) + (" and more" if len(hits) > 20 else "")
        send_mail(
            subject="Accord: a deconfliction conflict needs your attention",
            message=(
                f"Another agency is working something your agency entered for deconfliction "
                f"({len(hits)} conflict{'s' if len(hits) > 1 else ''}).\n"
                f"Sign in to Accord and open Deconfliction, conflict number {numbers}, to see whom to call.\n"
                "This message names nothing on purpose.\n"
            ),
            from_email=None,
            recipient_list=[email],
            fail_silently=True,
        )
    return {"sent": len(by_contact), "webhook_events": len(by_hit)}


@daily
@task()
def nightly_linkage() -> dict[str, Any]:
    from accord.deconfliction import batch

    return batch.link_all().as_dict()
