"""Records for reporting tests: clients of VSP B, investigations of Agency A, a generated pack."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from accord.core.testing import Personas
from accord.investigations.models import Investigation
from accord.investigations.tests.factories import term
from accord.reporting.models import GeneratedPack, PackTemplate, Scope
from accord.reporting.periods import Period
from accord.victim_services.models import Client

# A half-year that has ended, so records can be dated inside it.
PERIOD = Period.half_year(2025, 2)
DAY = date(2025, 9, 15)


def clients(p: Personas, n: int, *, organization=None, day: date = DAY, **fields) -> list[Client]:
    org = organization or p.vsp_b
    start = Client.objects.filter(organization=org).count()
    values = {"trafficking_type": "sex", "age_band": "18-24", "trafficking_status": "actual"} | fields
    return Client.objects.bulk_create(
        Client(organization=org, code=f"T-{start + i:04d}", intake_date=day, **values) for i in range(n)
    )


def investigations(p: Personas, n: int, *, day: date = DAY, **fields) -> list[Investigation]:
    start = Investigation.objects.count()
    values = {"trafficking_type": "labor", "origin": "reactive", "lead_source": term("lead-source", "hotline-tip")}
    values |= fields
    return Investigation.objects.bulk_create(
        Investigation(
            owner=p.agency_a,
            case_number=f"A-{start + i}",
            name=f"Case {start + i}",
            opened_on=day,
            created_by=p.investigator,
            **values,
        )
        for i in range(n)
    )


def template(code: str = "victim-services") -> PackTemplate:
    return PackTemplate.objects.get(code=code)


def pack(p: Personas, *, user=None, scope: str = Scope.TASK_FORCE, state: str = "done") -> GeneratedPack:
    user = user or p.coordinator
    return GeneratedPack.objects.create(
        template=template(),
        period_key=PERIOD.key,
        scope=scope,
        organization=user.organization if scope == Scope.ORGANIZATION else None,
        requested_by=user,
        state=state,
        items_total=1,
        items_done=1,
        result=[{"number": "A1", "question": "Q", "indicator": "vs.victims_identified", "total": "<11", "rows": []}],
        suppression_k=11,
        finished_at=timezone.now(),
    )
