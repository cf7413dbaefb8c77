"""Security R15 as a Hypothesis state machine over create / grant / share / expire / revoke / read as recipient.

Invariant: every successful cross-organization read (the client page, or identity on a referral) is covered by
a release that is live at that moment, names the reader's organization (and identity, for a referral), and has
its own ``client.viewed`` audit row naming that release. Every refused read shows nothing. Time moves with
time_machine, so releases really expire.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from accord.core.models import AuditEvent
from accord.core.testing import make_personas
from accord.referrals import actions as ref_actions
from accord.referrals.access import identity_for
from accord.referrals.models import Referral
from accord.victim_services import actions
from accord.victim_services.access import get_client_for
from accord.victim_services.models import Client, Release
from accord.victim_services.tests import factories as f

CATEGORY_SETS = [["identity"], ["needs"], ["identity", "contact"], ["services", "case_status"]]


class ConsentWall(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()  # each example runs in a savepoint rolled back in teardown
        self.atomic.__enter__()
        self.p = make_personas()
        self.clock = time_machine.travel(timezone.now(), tick=False)
        self.traveller = self.clock.start()
        self.clients: list[Client] = []
        self.referrals: list[Referral] = []
        self.reads = 0

    def teardown(self) -> None:
        self.clock.stop()
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _recipients(self) -> list:
        return [self.p.partner_c, self.p.agency_a]

    def _reader(self, org):
        return self.p.member if org == self.p.partner_c else self.p.investigator

    @rule(minor=st.booleans())
    def create_client(self, minor: bool) -> None:
        client = actions.client_create(
            actor=self.p.advocate,
            client=Client(legal_name=f"Person {len(self.clients)}", age_band="15-17" if minor else "25-34"),
        )
        self.clients.append(client)

    @precondition(lambda self: self.clients)
    @rule(data=st.data(), days=st.integers(min_value=0, max_value=90), cats=st.sampled_from(CATEGORY_SETS))
    def grant_release(self, data, days: int, cats: list[str]) -> None:
        client = data.draw(st.sampled_from(self.clients))
        recipient = data.draw(st.sampled_from(self._recipients()))
        release = Release(
            client=client,
            recipient=recipient,
            purpose="Help",
            categories=cats,
            signed_on=timezone.localdate(),
            expires_on=timezone.localdate() + timedelta(days=days),
            minor_consents_alone=client.is_minor,
        )
        try:
            actions.release_create(actor=self.p.advocate, release=release)
        except Exception as error:
            assert Release.objects.live().filter(client=client, recipient=recipient).exists(), error

    @precondition(lambda self: self.clients)
    @rule(data=st.data(), share=st.booleans())
    def share_via_referral(self, data, share: bool) -> None:
        client = data.draw(st.sampled_from(self.clients))
        recipient = data.draw(st.sampled_from(self._recipients()))
        referral = ref_actions.referral_save(
            actor=self.p.advocate,
            referral=Referral(recipient=recipient, need=f.category(), client=client, share_identity=share),
        )
        live_identity = any(
            r.covers("identity") for r in Release.objects.live().filter(client=client, recipient=recipient)
        )
        try:
            ref_actions.referral_send(actor=self.p.advocate, referral=referral, expected_version=referral.version)
        except Exception:
            assert share and not live_identity, "a send was refused although a live identity release covers it"
        else:
            assert not share or live_identity, "identity was shared with no live release covering it"
            self.referrals.append(referral)

    @rule(days=st.integers(min_value=1, max_value=40))
    def time_passes(self, days: int) -> None:
        self.traveller.shift(timedelta(days=days))

    @precondition(lambda self: Release.objects.filter(revoked_at__isnull=True).exists())
    @rule(data=st.data())
    def revoke(self, data) -> None:
        release = data.draw(st.sampled_from(list(Release.objects.filter(revoked_at__isnull=True).order_by("pk"))))
        actions.release_revoke(actor=self.p.advocate, release=release, expected_version=release.version)

    def _covering(self, client: Client, org, category: str | None = None) -> Release | None:
        today = timezone.localdate()
        for release in Release.objects.filter(client=client, recipient=org):
            live = release.revoked_at is None and release.signed_on <= today <= release.expires_on
            if live and (category is None or category in release.categories):
                return release
        return None

    @precondition(lambda self: self.clients)
    @rule(data=st.data())
    def read_client_as_recipient(self, data) -> None:
        client = data.draw(st.sampled_from(self.clients))
        org = data.draw(st.sampled_from(self._recipients()))
        reader = self._reader(org)
        before = AuditEvent.objects.filter(verb="client.viewed").count()
        covering = self._covering(client, org)
        try:
            found = get_client_for(reader, client.pk)
        except Http404:
            assert covering is None, "a live release was not honoured"
            return
        assert covering is not None, "a cross-organization read with no live release"
        assert found.release is not None and found.release.pk == covering.pk
        assert set(found.categories) == set(covering.categories)
        event = AuditEvent.objects.filter(verb="client.viewed").order_by("-id").first()
        assert AuditEvent.objects.filter(verb="client.viewed").count() == before + 1
        assert event.actor_id == reader.pk and event.changes["release_id"] == covering.pk
        self.reads += 1

    @precondition(lambda self: self.referrals)
    @rule(data=st.data())
    def read_referral_as_recipient(self, data) -> None:
        referral = data.draw(st.sampled_from(self.referrals))
        reader = self._reader(referral.recipient)
        before = AuditEvent.objects.filter(verb="client.viewed").count()
        shown = identity_for(reader, Referral.objects.select_related("client").get(pk=referral.pk))
        covering = self._covering(referral.client, referral.recipient, "identity")
        if shown is None:
            assert covering is None or not referral.share_identity
            assert AuditEvent.objects.filter(verb="client.viewed").count() == before
            return
        assert covering is not None and referral.share_identity, "identity shown with no live identity release"
        event = AuditEvent.objects.filter(verb="client.viewed").order_by("-id").first()
        assert event.changes["release_id"] == covering.pk and event.changes["referral_id"] == referral.pk

    @invariant()
    def never_an_unowned_write(self) -> None:
        assert not Client.objects.exclude(organization=self.p.vsp_b).exists()


@pytest.mark.django_db
def test_every_cross_organization_read_is_covered_and_audited() -> None:
    run_state_machine_as_test(
        ConsentWall,
        settings=settings(
            max_examples=30, stateful_step_count=15, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
