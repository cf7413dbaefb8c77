"""Builders for deconfliction tests: another agency with a case, and targets entered through the action."""

from __future__ import annotations

from typing import Any

from accord.core.models import Organization, User
from accord.deconfliction import actions
from accord.deconfliction.models import Target
from accord.investigations.models import Investigation
from accord.investigations.tests import factories as inv

PURPOSE = "lead follow-up"


def agency_d() -> Organization:
    return inv.agency_d()


def detective_d() -> User:
    return inv.staff(agency_d(), "detective_d")


def case(owner: Organization, by: User) -> Investigation:
    return inv.investigation(owner, by, lead_investigator=by)


def enter(actor: User, investigation: Investigation, kind: str, value: str, **extra: Any) -> tuple[Target, list]:
    return actions.target_enter(
        actor=actor, investigation=investigation, kind=kind, value=value, purpose=PURPOSE, **extra
    )


def other_agency_target(kind: str, value: str, **extra: Any) -> Target:
    detective = detective_d()
    return enter(detective, case(agency_d(), detective), kind, value, **extra)[0]
