"""Who may reach each retention URL: the coordinator only; every other signed-in persona is refused (403)."""

from accord.core.matrix import Row, only
from accord.retention.models import LegalHold


def coordinator(status: int) -> dict[str, int]:
    return only(status, "coordinator")


def _hold(p):
    hold = LegalHold.objects.create(record_class="audit_events", reason="Litigation 24-118", placed_by=p.coordinator)
    return {"pk": hold.pk}


ROWS = [
    Row("retention:index", coordinator(200)),
    Row("retention:rule_edit", coordinator(200), kwargs=lambda p: {"record_class": "audit_events"}),
    Row(
        "retention:rule_edit",
        coordinator(302),
        method="POST",
        kwargs=lambda p: {"record_class": "audit_events"},
        data=lambda p: {"period_days": 400, "enabled": "on"},
    ),
    Row("retention:hold_create", coordinator(200)),
    Row(
        "retention:hold_create",
        coordinator(302),
        method="POST",
        data=lambda p: {"scope": "class", "record_class": "uploads", "reason": "Records request 7"},
    ),
    Row("retention:hold_release", coordinator(302), method="POST", kwargs=_hold),
]
