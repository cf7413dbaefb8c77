"""The pages of the load benchmark (benchmarks/load.py) make as many queries with more data as with little.

Each page is requested after a small round of records and again after a larger one, across the apps its
panels and lists draw on; the counts must be equal. Lists with their own tests elsewhere (clients, referrals,
investigations, find help, audit trail, people) are not repeated here.
"""

from __future__ import annotations

from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core import audit
from accord.core.models import Lane, Role
from accord.core.testing import Personas, make_organization, make_user, sign_in
from accord.directory.tests import factories as directory
from accord.investigations.tests import factories as investigations
from accord.victim_services.tests import factories as victim_services

pytestmark = pytest.mark.django_db
SERIAL = count(1)


def grow(p: Personas, n: int) -> None:
    """``n`` more of what the persona pages count or list, for every persona."""
    for _ in range(n):
        i = next(SERIAL)
        client = victim_services.client(p, f"VSPB-{i:04d}")
        victim_services.referral(p, client_=client)
        victim_services.referral(p, sender=p.partner_c, sent_by=p.member, recipient=p.vsp_b)
        case = investigations.investigation(p.agency_a, p.investigator, case_number=f"C-{i:05d}")
        investigations.intelligence(p.agency_a, p.investigator, investigation=case)
        organization = make_organization(f"Legal Help {i}", Lane.PARTNER)
        directory.offering(organization, "legal_immigration", name=f"Clinic {i}")
        make_user(f"staff{i}", p.vsp_b, Role.ADVOCATE, mfa=False)
        audit.record(verb="test.event", actor=p.advocate)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


PAGES = [
    *((persona, "core:home", "") for persona in ("investigator", "advocate", "vsp_admin", "member", "coordinator")),
    ("auditor", "core:home", ""),
    ("member", "directory:index", ""),
    ("member", "directory:index", "?q=legal"),
    ("coordinator", "core:organization_list", ""),
]


@pytest.mark.parametrize(("persona", "url_name", "query"), PAGES, ids=lambda v: v or "-")
def test_load_mix_pages_do_not_grow_queries_with_data(client, personas, persona, url_name, query):
    sign_in(client, personas.user(persona))
    url = reverse(url_name) + query
    grow(personas, 2)
    client.get(url)  # warm the per-process caches (content types, vocabularies), as a running server has
    few = queries_for(client, url)
    grow(personas, 5)
    assert queries_for(client, url) == few


def test_the_baseline_offering_page_does_not_grow_with_offerings(client, personas):
    sign_in(client, personas.member)
    grow(personas, 2)
    offering = directory.offering(personas.partner_c, "legal_immigration", name="Baseline clinic")
    url = reverse("directory:offering_detail", args=[offering.pk])
    client.get(url)
    few = queries_for(client, url)
    grow(personas, 5)
    assert queries_for(client, url) == few
