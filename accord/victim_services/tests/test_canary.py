"""The canary test (security R14): a VSP client seeded with canary values must never reach another organization.

Every page reachable by the investigator, the partner member, the coordinator and the auditor is crawled: links
followed from the home page, plus every URL pattern of every app filled with the ids of the seeded objects
(the canary's client, releases, referrals, screenings, disclosures, documents, grants…). No response may contain
a canary value, its case-folded or digits-only form, or the SHA-256 or MD5 hex digest of any of those.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import deque
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accord.core.testing import sign_in
from accord.referrals import actions as ref_actions
from accord.referrals.models import Referral
from accord.victim_services import actions
from accord.victim_services.models import Client, Note, ServiceDelivery
from accord.victim_services.tests import factories as f

pytestmark = pytest.mark.django_db
PAGE_LIMIT = 400


def _forms(value: str) -> set[str]:
    """A value, its normalized forms, and their SHA-256/MD5 hex digests."""
    plain = {value, value.casefold(), unicodedata.normalize("NFKC", value).casefold(), " ".join(value.split())}
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7:
        plain |= {digits, digits[-10:], digits[-7:]}
    hashed = set()
    for text in plain:
        for algorithm in (hashlib.sha256, hashlib.md5):
            hashed.add(algorithm(text.encode()).hexdigest())
    return plain | hashed


CANARIES = {form for value in f.CANARY.values() for form in _forms(value)}


def _seed_canary(p: Any) -> dict[str, int]:
    canary = actions.client_create(actor=p.advocate, client=Client(**f.CANARY))
    actions.note_add(actor=p.advocate, client=canary, text=f"Met {f.CANARY['legal_name']} at the clinic.")
    actions.service_record(
        actor=p.advocate, service=ServiceDelivery(client=canary, category=f.category("case_management"))
    )
    other = f.other_org()
    release = f.release(p, canary, recipient=other, with_form=True)  # shared with nobody crawled
    expired = f.release(
        p,
        canary,
        recipient=p.partner_c,
        signed_on=timezone.localdate() - timedelta(days=40),
        expires_on=timezone.localdate() - timedelta(days=2),
    )
    revoked = f.release(p, canary, recipient=p.agency_a)
    actions.release_revoke(actor=p.advocate, release=revoked, expected_version=revoked.version)
    screening = f.screening(p, canary)
    disclosure = f.disclosure(p, canary, with_order=True)
    document = f.document(p, canary)
    grant = f.grant(p, canary, grantee=p.investigator, hours=1)
    grant.expires_at = timezone.now() - timedelta(minutes=1)
    grant.save()
    to_member = ref_actions.referral_save(
        actor=p.advocate, referral=Referral(recipient=p.partner_c, need=f.category(), client=canary)
    )
    ref_actions.referral_send(actor=p.advocate, referral=to_member, expected_version=to_member.version)
    to_police = ref_actions.referral_save(
        actor=p.advocate, referral=Referral(recipient=p.agency_a, need=f.category("case_management"), client=canary)
    )
    ref_actions.referral_send(actor=p.advocate, referral=to_police, expected_version=to_police.version)
    ref_actions.referral_accept(actor=p.investigator, referral=to_police, expected_version=to_police.version)
    ref_actions.referral_complete(
        actor=p.investigator, referral=to_police, expected_version=to_police.version, outcome="provided"
    )
    ids = {
        "client_id": canary.pk,
        "release_id": release.pk,
        "screening_id": screening.pk,
        "disclosure_id": disclosure.pk,
        "task_id": disclosure.task.pk,
        "document_id": document.pk,
        "grant_id": grant.pk,
        "referral_id": to_member.pk,
        "version_id": screening.version_id,
        "organization_id": p.vsp_b.pk,
        "user_id": p.advocate.pk,
    }
    assert expired.pk and Note.objects.filter(client=canary).exists()
    return ids


def _patterns(patterns: Any, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found += _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((prefix + pattern.name, pattern))
    return found


SKIP = {"account_logout", "core:healthz"}


def _pattern_urls(ids: dict[str, int], referral_ids: list[int]) -> list[str]:
    urls = []
    for name, pattern in _patterns(get_resolver().url_patterns):
        if name in SKIP or name.startswith(("account_", "mfa_")):
            continue
        converters = pattern.pattern.converters if hasattr(pattern.pattern, "converters") else {}
        keys = list(converters)
        options: list[dict[str, Any]] = [{}]
        for key in keys:
            kind = type(converters[key]).__name__
            if key in ids:
                values: list[Any] = [ids[key]] + (referral_ids if key == "referral_id" else [])
            elif kind == "IntConverter":
                values = [ids["client_id"]]
            elif key == "kind":
                values = ["need", "service", "note", "document"]
            elif key == "action":
                values = ["accept"]
            else:
                values = ["polaris-type" if key == "code" else "csv"]
            options = [dict(o, **{key: v}) for o in options for v in values]
        for kwargs in options:
            try:
                urls.append(reverse(name, kwargs=kwargs))
            except Exception:  # noqa: S112 (a pattern these values do not fit)
                continue
    return urls


def _body(response: Any) -> str:
    streaming = getattr(response, "streaming", False)
    content = b"".join(response.streaming_content) if streaming else response.content
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    return headers + "\n" + content.decode("utf-8", "replace")


LINK = re.compile(r'href="([^"#]+)"')


def _crawl(http: HttpClient, start: list[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    errors: list[str] = []
    queue = deque(start)
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.popleft()
        if url in seen or not url.startswith("/") or "/accounts/" in url or url.startswith("/static/"):
            continue
        response = http.get(url)
        if response.status_code >= 500:
            errors.append(url)
        body = _body(response)
        seen[url] = body
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for link in LINK.findall(body):
                link = link.replace("&amp;", "&")
                if urlsplit(link).netloc:
                    continue
                queue.append(link)
    assert not errors, f"server errors while crawling: {errors[:5]}"
    return seen


@pytest.mark.parametrize("persona", ["investigator", "member", "coordinator", "auditor"])
def test_no_canary_reaches_another_organization(personas, persona):
    ids = _seed_canary(personas)
    referral_ids = list(Referral.objects.values_list("pk", flat=True))
    http = HttpClient(raise_request_exception=False)  # a server error is reported with its URL, below
    sign_in(http, getattr(personas, persona))
    start = ["/", *_pattern_urls(ids, referral_ids)]
    start += [
        f"{reverse('victim_services:index')}?q={f.CANARY['legal_name']}",
        f"{reverse('referrals:list')}?box=received",
        f"{reverse('referrals:find')}?service={f.category().pk}&age=30",
    ]
    pages = _crawl(http, start)
    assert len(pages) > 20, "the crawl reached too few pages to mean anything"
    leaks = [(url, canary) for url, body in pages.items() for canary in CANARIES if canary in body]
    assert not leaks, f"{persona} saw canary data: {leaks[:5]}"


def test_the_canary_check_can_fail(personas):
    """Control: the owner does see the canary, so the search above is looking for the right strings."""
    ids = _seed_canary(personas)
    http = HttpClient()
    sign_in(http, personas.advocate)
    body = _body(http.get(reverse("victim_services:client_detail", args=[ids["client_id"]])))
    assert f.CANARY["legal_name"] in body and any(c in body for c in CANARIES)
