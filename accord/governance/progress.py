"""How far an objective has come: from a reporting indicator when one is linked, else as entered.

The reporting app registers one function per indicator code (``register("pmt-victims-identified", fn)``);
``fn(objective)`` returns the indicator's current value for the objective's period, computed from the
records. Until an objective's indicator has a function, the page says it is linked to the indicator and
that the figures arrive with reporting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.governance.models import Objective

IndicatorValue = Callable[["Objective"], Decimal | None]
INDICATORS: dict[str, IndicatorValue] = {}


def register(code: str, value: IndicatorValue) -> None:
    INDICATORS[code] = value


@dataclass(frozen=True)
class Progress:
    value: Decimal
    target: Decimal
    source: str  # "indicator" or "entered"

    @property
    def percent(self) -> int:
        if self.target <= 0:
            return 0
        return max(0, min(100, int(self.value * 100 / self.target)))


def awaiting_indicator(objective: Objective) -> bool:
    """Linked to an indicator that no installed app computes yet."""
    return bool(objective.indicator_code) and objective.indicator_code not in INDICATORS


def progress_of(objective: Objective) -> Progress | None:
    if objective.indicator_code:
        compute = INDICATORS.get(objective.indicator_code)
        value = compute(objective) if compute else None
        return Progress(value, objective.target, "indicator") if value is not None else None
    if objective.current_value is None:
        return None
    return Progress(objective.current_value, objective.target, "entered")
