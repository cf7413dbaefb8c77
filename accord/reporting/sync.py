"""Keep the registry's rows (``Indicator``) in step with the code after every migrate.

Missing rows are created from the specs; rows that exist keep the names, definitions, order and visibility the
coordinator gave them, while lane, dimensions and period type follow the code. A row whose code no longer
exists is hidden, not deleted (packs may still name it).
"""

from __future__ import annotations

from typing import Any

from accord.reporting import registry


def sync_indicators() -> int:
    """Create and update the rows; returns how many were created."""
    from accord.reporting.models import Indicator

    specs = registry.specs()
    existing = {i.code: i for i in Indicator.objects.all()}
    created = 0
    for order, spec in enumerate(specs.values(), start=1):
        facts = {"lane": spec.lane, "dimensions": list(spec.dimensions), "period_type": spec.period_type}
        row = existing.get(spec.code)
        if row is None:
            Indicator.objects.create(
                code=spec.code, name=spec.name, definition=spec.definition, order=order * 10, **facts
            )
            created += 1
        elif any(getattr(row, k) != v for k, v in facts.items()):
            Indicator.objects.filter(pk=row.pk).update(**facts)
    Indicator.objects.exclude(code__in=list(specs)).update(active=False)
    return created


def on_post_migrate(**kwargs: Any) -> None:
    sync_indicators()
