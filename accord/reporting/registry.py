"""The indicator registry: every app's indicators, and how one is evaluated for a viewer.

Each app lists its indicators in ``accord.<app>.indicators.INDICATORS`` (a list of ``IndicatorSpec``); the
reporting app collects them when Django is ready. A spec's ``compute`` is ONE database aggregate over the records
of a ``Scope`` (whose records) in a ``Period``; it returns counts keyed by the values of its dimensions
(``()`` when it has none). ``evaluate`` decides what a viewer may see of it:

- scope ``organization``: the records of the viewer's own organization, unsuppressed, when the viewer works in
  the indicator's lane there; otherwise the same counts with small cells suppressed;
- task-force scope: figures that count people (any lane but ``task_force``) always leave organizations, so
  small cells are suppressed (``accord.reporting.privacy``); the task force's own work (trainings, meetings)
  is shown as counted.

Whether the viewer "sees the lane" also decides whether a figure links to the viewer's own records.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum

from accord.core import dimensions
from accord.core.models import Lane
from accord.reporting.periods import Period

if TYPE_CHECKING:
    from accord.reporting.privacy import ProtectedTable

# Lanes an indicator counts in: the organization lanes of accord.core, referrals (between organizations of any
# lane, seen by both sides) and the task force's own shared work (meetings, trainings, agreements).
TASK_FORCE = "task_force"
REFERRALS = "referrals"
LANES = {
    **{str(v): str(label) for v, label in Lane.choices},
    REFERRALS: "Referrals between organizations",
    TASK_FORCE: "Task force (shared work)",
}

# Period types: an EVENT indicator counts what happened in the period (intakes, arrests); a STOCK indicator
# counts what was active at some time in it (clients served, agreements in force).
EVENT = "event"
STOCK = "stock"
PERIOD_TYPES = {EVENT: "Events in the period", STOCK: "Active during the period"}


@dataclass(frozen=True)
class Scope:
    """Whose records are counted. ``None`` = the whole task force."""

    organization_ids: frozenset[int] | None = None

    @classmethod
    def of(cls, *organization_ids: int) -> Scope:
        return cls(frozenset(organization_ids))

    def filter(self, field: str) -> dict[str, Any]:
        """Keyword arguments restricting a queryset by the organization in ``field`` (nothing for the task force)."""
        return {} if self.organization_ids is None else {f"{field}__in": sorted(self.organization_ids)}


def counted(rows: QuerySet[Any], *fields: str) -> dict[tuple[str, ...], int]:
    """``rows`` grouped by ``fields`` and counted, in the shape ``compute`` returns (one query)."""
    grouped = rows.values(*fields).annotate(n=Count("*")).order_by()  # COUNT(*): PostgreSQL may count an index
    return {tuple(str(r[f]) for f in fields): r["n"] for r in grouped if r["n"]}


def summed(rows: QuerySet[Any], total: str, *fields: str) -> dict[tuple[str, ...], int]:
    """``rows`` grouped by ``fields`` with ``total`` summed (one query)."""
    grouped = rows.values(*fields).annotate(n=Sum(total)).order_by()
    return {tuple(str(r[f]) for f in fields): int(r["n"]) for r in grouped if r["n"]}


Compute = Callable[[Period, Scope], dict[tuple[str, ...], int]]


@dataclass(frozen=True)
class IndicatorSpec:
    code: str  # "<app>.<what>", e.g. "vs.victims_identified"; the Indicator row and pack items name it
    name: str  # the default name; the coordinator may rename the row
    definition: str  # plain words: what is counted, from which records, in which period
    lane: str  # one of LANES: whose need-to-know governs the records it counts
    dimensions: tuple[str, ...]  # 0-2 names from accord.core.dimensions, in table order (rows, then columns)
    period_type: str  # EVENT or STOCK
    compute: Compute  # ONE aggregate query; keys are dimension values (() without dimensions), zeros left out

    def __post_init__(self) -> None:
        if self.lane not in LANES:
            raise ValueError(f"{self.code}: unknown lane {self.lane!r}.")
        if self.period_type not in PERIOD_TYPES:
            raise ValueError(f"{self.code}: unknown period type {self.period_type!r}.")
        if len(self.dimensions) > 2:
            raise ValueError(f"{self.code}: at most two dimensions.")


_SPECS: dict[str, IndicatorSpec] = {}


def collect() -> dict[str, IndicatorSpec]:
    """Read ``INDICATORS`` from every installed Accord app's ``indicators`` module (called in ``ready()``)."""
    found: dict[str, IndicatorSpec] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("accord."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.indicators")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.indicators":
                raise
            continue
        for spec in getattr(module, "INDICATORS", []):
            if spec.code in found:
                raise ValueError(f"Indicator {spec.code} is defined twice.")
            missing = [d for d in spec.dimensions if d not in dimensions.DIMENSIONS]
            if missing:
                raise ValueError(f"{spec.code}: unknown dimension(s) {missing}.")
            found[spec.code] = spec
    _SPECS.clear()
    _SPECS.update(found)
    return found


def specs() -> dict[str, IndicatorSpec]:
    """Every app's indicators by code, in the order the apps list them."""
    return _SPECS or collect()


def sees_lane(viewer: Any, lane: str) -> bool:
    """Whether the viewer works with the records of this lane in their own organization (need to know)."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    if lane == TASK_FORCE:
        return True
    if lane == REFERRALS:
        return bool(viewer.organization_id)
    if lane == Lane.VICTIM_SERVICES:
        from accord.victim_services.models import is_client_staff

        return is_client_staff(viewer)
    if lane == Lane.LAW_ENFORCEMENT:
        from accord.investigations.models import is_case_staff

        return is_case_staff(viewer)
    return bool(viewer.organization_id and viewer.lane == lane)


@dataclass(frozen=True)
class Figure:
    """One indicator for one period and scope, as the viewer may see it."""

    spec: IndicatorSpec
    period: Period
    table: ProtectedTable
    organization_id: int | None  # None = task force
    suppressed: bool  # small cells were suppressed (or would be, were any small)
    sees_lane: bool  # the viewer may drill down to their own records
    dimensions: tuple[str, ...]  # of the table: the spec's, or those kept by ``by``

    @property
    def headline(self) -> str:
        """The total as shown. Without dimensions the one cell is the total: "<11" rather than the "*" of a
        grand total hidden because it equals that cell."""
        return self.table.display("total", "count") if not self.dimensions else self.table.display_total()

    @property
    def headline_value(self) -> int | None:
        return self.table.cells[("total", "count")] if not self.dimensions else self.table.total

    @property
    def scope_label(self) -> str:
        return "your organization" if self.organization_id else "the task force"


def collapse(
    counts: dict[tuple[str, ...], int], dims: tuple[str, ...], by: tuple[str, ...]
) -> dict[tuple[str, ...], int]:
    """Counts over ``dims`` summed down to the dimensions ``by`` (a subset, in any order)."""
    positions = [dims.index(d) for d in by]
    out: dict[tuple[str, ...], int] = {}
    for key, n in counts.items():
        short = tuple(key[p] for p in positions)
        out[short] = out.get(short, 0) + n
    return out


def compute_table(
    dims: tuple[str, ...], counts: dict[tuple[str, ...], int], *, protect: bool, k: int
) -> ProtectedTable:
    """Lay counts out as a table (rows = first dimension, columns = the second, or one column "count"), small
    counts suppressed below ``k`` when ``protect``."""
    from accord.reporting import privacy

    if len(dims) == 2:
        rows = dimensions.get(dims[0]).values
        cols = dimensions.get(dims[1]).values
        cells = {(r, c): counts.get((r, c), 0) for r in rows for c in cols}
        return privacy.protect_table(cells, rows, cols, k) if protect else privacy.open_table(cells, rows, cols, k)
    if dims:
        values = dimensions.get(dims[0]).values
        extra = [key[0] for key in counts if key[0] not in values]  # values no longer in the vocabulary
        flat = {v: counts.get((v,), 0) for v in values + extra}
    else:
        flat = {"total": counts.get((), 0)}
    if protect:
        return privacy.protect_counts(flat, k)
    return privacy.open_table({(key, "count"): n for key, n in flat.items()}, list(flat), ["count"], k)


def evaluate(
    code: str,
    period: Period,
    viewer: Any,
    *,
    organization: Any = None,
    by: tuple[str, ...] | None = None,
    k: int | None = None,
) -> Figure:
    """The figure of indicator ``code`` for ``period``: over ``organization`` (the viewer's own; anyone else's is
    refused) or the whole task force, suppressed unless the rules above allow the open counts. ``by`` keeps only
    some of the spec's dimensions (a pack item's breakdown); the others are summed before suppression. ``k`` is
    the task force's threshold: a caller evaluating many figures reads it once (``privacy.threshold()``)."""
    from accord.reporting import privacy

    if not getattr(viewer, "is_authenticated", False):
        raise PermissionDenied("Indicators are for signed-in members.")
    spec = specs()[code]
    sees = sees_lane(viewer, spec.lane)
    if organization is not None:
        organization_id = getattr(organization, "pk", organization)
        if organization_id != viewer.organization_id:
            raise PermissionDenied("Only your own organization's figures are shown unsuppressed.")
        scope = Scope.of(organization_id)
        protect = not sees
    else:
        organization_id = None
        scope = Scope()
        protect = spec.lane != TASK_FORCE
    counts = spec.compute(period, scope)
    dims = spec.dimensions
    if by is not None:
        if any(d not in dims for d in by):
            raise ValueError(f"{code} has no dimension among {by}.")
        counts, dims = collapse(counts, dims, by), by
    k = privacy.threshold() if k is None else k
    table = compute_table(dims, counts, protect=protect, k=k)
    return Figure(spec, period, table, organization_id, protect, sees, dims)
