"""The demo's recent caseload gives the last half-year figures above the suppression threshold."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone
from faker import Faker

from accord.core.seed import SCALES, SeedContext
from accord.reporting import registry
from accord.reporting.periods import Period
from accord.reporting.seed import seed_recent_caseload

pytestmark = pytest.mark.django_db


def test_the_recent_caseload_fills_the_last_half_year(personas):
    ctx = SeedContext("small", SCALES["small"], 1, random.Random(1), Faker(), timezone.now())
    ctx.organizations["victim_services"] = [personas.vsp_b]
    seed_recent_caseload(ctx)
    period = Period.last_complete("half_year")
    task_force = registry.evaluate("vs.victims_identified", period, personas.coordinator).table
    assert task_force.total == 36
    shown = [v for v in task_force.cells.values() if v]
    assert shown and task_force.primary  # some cells in full, some suppressed
    assert registry.evaluate("vs.services_delivered", period, personas.coordinator).table.total >= 36
