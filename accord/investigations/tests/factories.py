"""Small builders for investigation tests. They write rows directly; tests of rules go through the actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from accord.core.models import JurisdictionLevel, Lane, Organization, Role, Sector, Term, User
from accord.core.testing import make_organization, make_user
from accord.investigations.models import (
    Charge,
    ContinuedPresence,
    IntelligenceRecord,
    Investigation,
    InvestigationShare,
    Subject,
    Task,
    Victim,
)


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary__code=vocabulary, code=code)


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def organization(name: str, lane: str, level: str = JurisdictionLevel.LOCAL) -> Organization:
    found = Organization.objects.filter(name=name).first()
    sector = Sector.LAW_ENFORCEMENT if lane == Lane.LAW_ENFORCEMENT else Sector.PROSECUTION
    return found or make_organization(name, lane, sector, level)


def usao() -> Organization:
    return organization("U.S. Attorney's Office", Lane.PROSECUTION, JurisdictionLevel.FEDERAL)


def hsi() -> Organization:
    return organization("Homeland Security Investigations", Lane.LAW_ENFORCEMENT, JurisdictionLevel.FEDERAL)


def agency_d() -> Organization:
    return organization("Agency D Sheriff", Lane.LAW_ENFORCEMENT)


def staff(org: Organization, username: str, role: str = Role.INVESTIGATOR) -> User:
    return User.objects.filter(username=username).first() or make_user(username, org, role)


def prosecutor(org: Organization | None = None, username: str = "ausa") -> User:
    return staff(org or usao(), username, Role.PROSECUTOR)


def investigation(owner: Organization, by: User | None = None, **fields: Any) -> Investigation:
    values: dict[str, Any] = {
        "case_number": f"C-{Investigation.objects.count() + 1:04d}",
        "trafficking_type": "labor",
        "origin": "reactive",
        "lead_source": term("lead-source", "hotline-tip"),
        "opened_on": days_ago(60),
        "created_by": by or staff(owner, f"staff{owner.pk}"),
    }
    values.update(fields)
    return Investigation.objects.create(owner=owner, **values)


def share(inv: Investigation, org: Organization) -> InvestigationShare:
    return InvestigationShare.objects.create(
        investigation=inv, organization=org, reason="joint case", shared_by=inv.created_by
    )


def _record(inv: Investigation) -> dict[str, Any]:
    return {"investigation": inv, "recorded_by": inv.created_by, "organization": inv.owner}


def subject(inv: Investigation, name: str = "Victor Crane") -> Subject:
    return Subject.objects.create(name=name, aliases="VC\nThe Boss", date_of_birth="1980-02-03", **_record(inv))


def victim(inv: Investigation, reference: str = "V-1", citizenship: str = "foreign_national") -> Victim:
    return Victim.objects.create(
        reference=reference,
        age_band="25-34",
        gender="female",
        citizenship=citizenship,
        trafficking_type="labor",
        **_record(inv),
    )


def charge(inv: Investigation, suspect: Subject | None = None, code: str = "usc-18-1589") -> Charge:
    return Charge.objects.create(
        subject=suspect or subject(inv),
        statute=term("statute", code),
        is_trafficking_charge=True,
        filed_on=days_ago(30),
        **_record(inv),
    )


def continued_presence(inv: Investigation, **fields: Any) -> ContinuedPresence:
    values: dict[str, Any] = {"federal_partner": hsi(), "requested_on": days_ago(20), **fields}
    if "victim" not in values:
        values["victim"] = victim(inv, f"V-{inv.victims.count() + 1}")
    return ContinuedPresence.objects.create(**values, **_record(inv))


def task(inv: Investigation, title: str = "Interview the landlord") -> Task:
    return Task.objects.create(title=title, **_record(inv))


def intelligence(owner: Organization, by: User | None = None, **fields: Any) -> IntelligenceRecord:
    values: dict[str, Any] = {
        "subject_summary": "A labor contractor in Cedar County",
        "criminal_predicate": "Two workers reported confiscated passports and threats of deportation.",
        "source": "Interviews, reliable",
        "entered_on": days_ago(10),
        "review_due_on": days_ago(-355),
        "entered_by": by or staff(owner, f"staff{owner.pk}"),
    }
    values.update(fields)
    return IntelligenceRecord.objects.create(owner=owner, **values)
