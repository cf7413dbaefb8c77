"""Background jobs of the reporting app (the database queue; ``accord worker`` runs them)."""

from __future__ import annotations

from django_tasks import task

from accord.reporting import packs
from accord.reporting.models import GeneratedPack, PackState


@task()
def generate_pack(pack_id: int) -> dict[str, int | str]:
    pack = GeneratedPack.objects.select_related("template", "requested_by").get(pk=pack_id)
    if pack.state != PackState.QUEUED:  # already run (a retried job must not start over)
        return {"state": pack.state}
    packs.generate(pack)
    return {"state": pack.state, "items": pack.items_done}
