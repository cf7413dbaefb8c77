"""The quarterly data review: trends, what appeared this period, gaps, and a bulletin to share.

Everything here is task-force-wide and suppressed like the dashboard: a "new" category is one with at least one
record this period and none in the four periods before, which a suppressed table already shows as "<k".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.core import dimensions
from accord.reporting import queries, registry
from accord.reporting.periods import Period
from accord.reporting.registry import Scope

# The figures the review follows, and the populations watched for newcomers.
TREND_CODES = ("vs.victims_identified", "le.investigations_opened", "le.arrests", "ref.referrals", "out.people_trained")
WATCHED = ("vs.victims_identified", "vs.victims_identified_citizenship", "le.victims_identified")
LOOKBACK = 4
DECLINED = "ref.declined_by_reason"


@dataclass(frozen=True)
class NewCategory:
    indicator: str
    labels: list[str]  # one per dimension, e.g. ["Labor trafficking", "15 to 17"]
    shown: str  # this period's count as it may be shown ("<11", "14")


def new_categories(period: Period, k: int) -> list[NewCategory]:
    """Combinations counted this period and not in the ``LOOKBACK`` periods before (two queries an indicator)."""
    earlier = period.history(LOOKBACK + 1)[0]
    before = Period(earlier.start, period.start.fromordinal(period.start.toordinal() - 1))
    specs = registry.specs()
    found = []
    for code in WATCHED:
        spec = specs.get(code)
        if spec is None:
            continue
        now, past = spec.compute(period, Scope()), spec.compute(before, Scope())
        table = registry.compute_table(spec.dimensions, now, protect=True, k=k)
        labels = [dimensions.get(d).labels() for d in spec.dimensions]
        for key in sorted(set(now) - set(past)):
            names = [labels[i].get(v, v) for i, v in enumerate(key)]
            shown = table.display(*key) if len(key) == 2 else table.display(key[0], "count")
            found.append(NewCategory(spec.name, names, shown))
    return found


def coverage_gaps() -> list[dict[str, Any]]:
    """Per population: how many service-and-county pairs have no provider, or only one (directory coverage)."""
    from accord.directory import coverage

    grid = coverage.compute()
    return [
        {
            "population": row["population"].label,
            "none": sum(c["none"] for c in row["counts"]),
            "one": sum(c["one"] for c in row["counts"]),
        }
        for row in grid.gap_counts()
        if row["population"].code in {p.code for p in coverage.BASE_POPULATIONS}
    ]


def bulletin(period: Period, trends: list[tuple[str, list[queries.TrendPoint]]], k: int | None) -> str:
    """Plain text members can copy: task-force figures only, small ones as "fewer than k"."""

    def words(shown: str) -> str:
        return f"fewer than {shown[1:]}" if shown.startswith("<") else ("not shown" if shown == "*" else shown)

    lines = [f"Task-force data bulletin: {period.label} ({period.start:%B %-d} to {period.end:%B %-d, %Y})", ""]
    for name, points in trends:
        now, before = points[-1], points[-2]
        lines.append(f"- {name}: {words(now.shown)} (previous period: {words(before.shown)}).")
    lines += [
        "",
        "Counted from the task force's records by Accord. "
        + (f"Counts below {k} are not shown, to protect the people they describe." if k else ""),
    ]
    return "\n".join(lines).strip()


def build(viewer: Any, period: Period) -> dict[str, Any]:
    from accord.reporting import privacy
    from accord.reporting.models import Indicator

    specs = registry.specs()
    k = privacy.threshold()
    trends = [(specs[c].name, queries.trend(c, period, viewer, length=LOOKBACK + 1)) for c in TREND_CODES if c in specs]
    row = Indicator.objects.filter(code=DECLINED).first()
    declined = None
    if row and DECLINED in specs:
        declined = queries.lay_out(row, registry.evaluate(DECLINED, period, viewer, k=k), {})
    return {
        "trends": trends,
        "new": new_categories(period, k),
        "declined": declined,
        "gaps": coverage_gaps(),
        "bulletin": bulletin(period, trends, k),
        "k": k,
    }
