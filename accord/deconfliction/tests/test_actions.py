"""Deconfliction rules through the actions: matching, hits to both agencies, audit with purpose, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.api.models import WebhookDelivery, WebhookEndpoint
from accord.core import audit, rows
from accord.core.models import AuditEvent
from accord.deconfliction import actions, batch
from accord.deconfliction.models import Hit, HitSide, Operation, Settings, Target, TargetKey
from accord.deconfliction.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_case(personas):
    return f.case(personas.agency_a, personas.investigator)


def test_a_phone_typed_differently_by_two_agencies_is_one_hit_with_a_side_each(
    personas, own_case, django_capture_on_commit_callbacks
):
    theirs = f.other_agency_target("phone", "512.555.0187")
    with django_capture_on_commit_callbacks(execute=True):
        mine, hits = f.enter(personas.investigator, own_case, "phone", "+1 (512) 555-0187")
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.kind, hit.matched, hit.strength) == ("target", "phone", "hit")
    sides = {s.organization_id: s for s in hit.sides.all()}
    assert sides[personas.agency_a.pk].target == mine and sides[personas.agency_a.pk].contact == personas.investigator
    assert sides[f.agency_d().pk].target == theirs and sides[f.agency_d().pk].contact == f.detective_d()
    # Both contacts are e-mailed; the message names no value, person or case.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([personas.investigator.email, f.detective_d().email])
    for message in mail.outbox:
        text = message.subject + message.body
        assert "555" not in text and own_case.case_number not in text and "phone" not in text.lower()


def subscribe_to_hits(by, *organizations) -> dict[int, int]:
    """An endpoint for ``deconfliction.hit`` per organization (nothing listens there: refused at once)."""
    return {
        organization.pk: WebhookEndpoint.objects.create(
            organization=organization,
            url="http://127.0.0.1:9/hook",
            secret="s",
            events=["deconfliction.hit"],
            created_by=by,
        ).pk
        for organization in organizations
    }


def test_a_hit_is_a_webhook_event_to_both_agencies_endpoints_and_no_other(
    personas, own_case, django_capture_on_commit_callbacks
):
    endpoints = subscribe_to_hits(personas.coordinator, personas.agency_a, f.agency_d(), personas.partner_c)
    f.other_agency_target("phone", "512.555.0187")
    with django_capture_on_commit_callbacks(execute=True):
        _, [hit] = f.enter(personas.investigator, own_case, "phone", "(512) 555-0187")
    deliveries = WebhookDelivery.objects.filter(event="deconfliction.hit")
    assert sorted(d.endpoint_id for d in deliveries) == sorted(
        [endpoints[personas.agency_a.pk], endpoints[f.agency_d().pk]]
    )
    assert all(
        d.payload == {"hit_id": hit.pk, "kind": "target", "matched": "phone", "strength": "hit"} for d in deliveries
    )


def test_a_hit_the_nightly_batch_finds_is_a_webhook_event_too(personas, own_case, django_capture_on_commit_callbacks):
    endpoints = subscribe_to_hits(personas.coordinator, personas.agency_a, f.agency_d())
    f.other_agency_target("email", "ring.leader@example.com")
    f.enter(personas.investigator, own_case, "email", "Ring.Leader@example.com")
    Hit.objects.all().delete()  # as if both were entered in the same instant and neither saw the other
    with django_capture_on_commit_callbacks(execute=True):
        batch.link_all()
    delivered_to = WebhookDelivery.objects.filter(event="deconfliction.hit", payload__hit_id=Hit.objects.get().pk)
    assert sorted(d.endpoint_id for d in delivered_to) == sorted(endpoints.values())


def test_a_batch_of_hits_reads_the_webhook_endpoints_once(personas, own_case, django_capture_on_commit_callbacks):
    subscribe_to_hits(personas.coordinator, personas.agency_a, f.agency_d())
    for n in range(3):
        f.other_agency_target("email", f"ring{n}@example.com")
        f.enter(personas.investigator, own_case, "email", f"Ring{n}@example.com")
    Hit.objects.all().delete()  # the batch finds all three
    with CaptureQueriesContext(connection) as sent, django_capture_on_commit_callbacks(execute=True):
        batch.link_all()
    statements = [rows.unprepared(q["sql"]) for q in sent.captured_queries]
    reads = [sql for sql in statements if WebhookEndpoint._meta.db_table in sql and "organization_id IN" in sql]
    assert len(reads) == 1
    assert WebhookDelivery.objects.filter(event="deconfliction.hit").count() == 3 * 2


def test_a_hit_and_the_check_are_appended_to_the_audit_chain_in_order(personas, own_case):
    f.other_agency_target("phone", "512.555.0190")
    target, [hit] = f.enter(personas.investigator, own_case, "phone", "512 555 0190")
    hit_event = AuditEvent.objects.get(verb="deconfliction.hit", target_id=str(hit.pk))
    entered = AuditEvent.objects.get(verb="deconfliction.target_entered", target_id=str(target.pk))
    assert entered.pk > hit_event.pk and entered.prev_hash == hit_event.hash
    assert audit.verify().ok


def test_every_check_is_audited_with_its_purpose(personas, own_case):
    f.other_agency_target("email", "boss@example.com")
    target, hits = f.enter(personas.investigator, own_case, "email", "Boss@Example.com")
    entered = AuditEvent.objects.get(verb="deconfliction.target_entered", target_id=str(target.pk))
    assert entered.changes["purpose"] == f.PURPOSE and entered.changes["hits"] == [hits[0].pk]
    assert AuditEvent.objects.filter(verb="deconfliction.hit", target_id=str(hits[0].pk)).exists()
    assert "boss" not in entered.target_label.lower()


def test_the_matching_table_holds_no_plaintext(personas, own_case):
    target, _ = f.enter(personas.investigator, own_case, "phone", "(512) 555-0199")
    key = TargetKey.objects.get(target=target)
    assert "5125550199" not in key.digest and len(key.digest) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT value, normalized FROM deconfliction_target WHERE id = %s", [target.pk])
        stored = " ".join(cursor.fetchone())
    assert "555" not in stored  # encrypted at rest


def test_an_agency_does_not_hit_itself(personas, own_case):
    f.enter(personas.investigator, own_case, "phone", "512-555-0170")
    other_case = f.case(personas.agency_a, personas.investigator)
    _, hits = f.enter(personas.investigator, other_case, "phone", "5125550170")
    assert hits == []


def test_a_name_variant_with_the_same_birth_date_is_a_person_hit_explained_without_names(personas, own_case):
    f.other_agency_target("person", "Guillermo Rodríguez Vega", date_of_birth="1986-04-17", aliases=["Memo Rodriguez"])
    _, hits = f.enter(personas.investigator, own_case, "person", "Memo Rodriguez", date_of_birth="1986-04-17")
    assert len(hits) == 1 and hits[0].matched == "person"
    assert hits[0].score >= Settings.current().match_threshold
    evidence = " ".join(hits[0].evidence)
    assert "Same date of birth" in evidence
    assert not any(word in evidence for word in ("Memo", "Guillermo", "Rodr", "1986"))


def test_a_different_person_with_a_common_name_is_no_hit(personas, own_case):
    f.other_agency_target("person", "Maria Garcia", date_of_birth="1970-01-05")
    _, hits = f.enter(personas.investigator, own_case, "person", "Maria Garcia", date_of_birth="1999-11-30")
    assert hits == []


def test_a_plate_with_letter_and_digit_confusions_matches(personas, own_case):
    f.other_agency_target("vehicle", "ABC 1023", state="TX")
    _, hits = f.enter(personas.investigator, own_case, "vehicle", "abc-1O23", state="tx")
    assert [h.matched for h in hits] == ["vehicle"]


def test_an_unparseable_phone_is_kept_flagged_and_still_matched_exactly(personas, own_case):
    f.other_agency_target("phone", "call 12-34")
    target, hits = f.enter(personas.investigator, own_case, "phone", "call 12-34")
    assert target.flagged and target.value == "call 12-34"
    assert len(hits) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"investigation": None}, "investigation"),
        ({"purpose": ""}, "purpose"),
        ({"value": "   "}, "value"),
        ({"kind": "dna"}, "kind"),
        ({"kind": "vehicle", "state": ""}, "state"),
    ],
)
def test_bad_target_input_changes_nothing(personas, own_case, change, field):
    arguments = {"investigation": own_case, "kind": "phone", "value": "512-555-0101", "purpose": "lead follow-up"}
    audit_rows = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.target_enter(actor=personas.investigator, **{**arguments, **change})
    assert field in error.value.message_dict
    assert Target.objects.count() == 0 and TargetKey.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows


def test_a_target_goes_only_into_the_agencys_own_investigation(personas):
    foreign = f.case(f.agency_d(), f.detective_d())
    with pytest.raises(ValidationError, match="your own agency"):
        f.enter(personas.investigator, foreign, "phone", "512-555-0102")
    assert Target.objects.count() == 0


def test_an_identifier_links_only_to_a_person_in_the_same_investigation(personas, own_case):
    phone, _ = f.enter(personas.investigator, own_case, "phone", "512-555-0104")
    with pytest.raises(ValidationError, match="person target"):
        f.enter(personas.investigator, own_case, "vehicle", "ABC 123", state="TX", person=phone)
    elsewhere = f.case(personas.agency_a, personas.investigator)
    someone, _ = f.enter(personas.investigator, elsewhere, "person", "Maria Lopez")
    with pytest.raises(ValidationError, match="same investigation"):
        f.enter(personas.investigator, own_case, "phone", "512-555-0105", person=someone)
    assert Target.objects.count() == 2


def test_only_law_enforcement_case_staff_deconflict(personas, own_case):
    for outsider in (personas.advocate, personas.member, personas.coordinator, personas.auditor):
        with pytest.raises(PermissionDenied):
            f.enter(outsider, own_case, "phone", "512-555-0103")


def test_a_removed_target_no_longer_matches(personas, own_case):
    theirs = f.other_agency_target("phone", "512-555-0104")
    actions.target_remove(actor=f.detective_d(), target=theirs, reason="ruled out as a lead")
    _, hits = f.enter(personas.investigator, own_case, "phone", "512-555-0104")
    assert hits == []


def _plan(actor, case, start, lat="30.2500", lon="-97.7200", hours=3):
    return actions.operation_plan(
        actor=actor,
        investigation=case,
        kind="search_warrant",
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        place="East 5th Street",
        latitude=lat,
        longitude=lon,
        purpose="pre-operation check",
    )


def test_operations_overlapping_in_time_within_the_distance_conflict(personas, own_case):
    start = timezone.now() + timedelta(days=2)
    detective = f.detective_d()
    _plan(detective, f.case(f.agency_d(), detective), start)
    _, near = _plan(personas.investigator, own_case, start + timedelta(hours=1), lat="30.2527")  # 300 m north
    assert len(near) == 1 and near[0].kind == "operation"
    assert "300 m apart" in " ".join(near[0].evidence)
    _, far = _plan(personas.investigator, own_case, start, lat="30.4000")  # 17 km north
    _, later = _plan(personas.investigator, own_case, start + timedelta(hours=5))  # after theirs ends
    assert far == [] and later == []


def test_an_operation_ending_before_it_starts_changes_nothing(personas, own_case):
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError, match="end after it starts"):
        _plan(personas.investigator, own_case, start, hours=-1)
    with pytest.raises(ValidationError):
        _plan(personas.investigator, own_case, start, lat="north")
    assert Operation.objects.count() == 0


def test_each_agency_resolves_its_own_side(personas, own_case):
    f.other_agency_target("handle", "@boss_tx", platform="instagram")
    _, (hit,) = f.enter(personas.investigator, own_case, "handle", "instagram.com/Boss_TX")
    mine = hit.side_for(personas.agency_a.pk)
    actions.hit_resolve(actor=personas.investigator, side=mine, resolution="Agency D leads; we stand down.")
    theirs = HitSide.objects.get(hit=hit, organization=f.agency_d())
    assert theirs.resolved_at is None
    with pytest.raises(PermissionDenied):
        actions.hit_resolve(actor=personas.investigator, side=theirs, resolution="Not ours to close.")
    with pytest.raises(ValidationError):
        actions.hit_resolve(actor=personas.investigator, side=mine, resolution="again")


def test_settings_refuse_a_possible_threshold_above_the_hit_threshold(personas):
    with pytest.raises(ValidationError):
        actions.settings_update(
            actor=personas.coordinator, match_threshold=0.8, possible_threshold=0.9, operation_distance_km=1
        )
    with pytest.raises(PermissionDenied):
        actions.settings_update(
            actor=personas.investigator, match_threshold=0.9, possible_threshold=0.6, operation_distance_km=1
        )
    assert Settings.current().match_threshold == Settings._meta.get_field("match_threshold").default


def test_the_nightly_batch_finds_what_a_lowered_threshold_now_reaches_and_is_idempotent(
    personas, own_case, django_capture_on_commit_callbacks
):
    f.other_agency_target("person", "Jon Smyth", date_of_birth="1980-03-01")
    _, hits = f.enter(personas.investigator, own_case, "person", "John Smith", date_of_birth="1980-03-01")
    online = len(hits)
    actions.settings_update(
        actor=personas.coordinator, match_threshold=0.5, possible_threshold=0.3, operation_distance_km=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = batch.link_all()
    assert Hit.objects.count() == 1  # found online or by the batch, exactly once
    assert first.new_hits == 1 - online
    again = batch.link_all()
    assert again.new_hits == 0 and Hit.objects.count() == 1
    assert Hit.objects.get().found_by == ("entry" if online else "nightly")


def test_the_nightly_batch_records_missed_pairs_with_both_sides_one_audit_row_and_a_notice(
    personas, own_case, django_capture_on_commit_callbacks
):
    theirs = f.other_agency_target("email", "ring.leader@example.com")
    mine, _ = f.enter(personas.investigator, own_case, "email", "Ring.Leader@example.com")
    Hit.objects.all().delete()  # as if both were entered in the same instant and neither saw the other
    with django_capture_on_commit_callbacks(execute=True):
        report = batch.link_all()
    hit = Hit.objects.get()
    assert report.new_hits == 1 and hit.found_by == "nightly" and hit.matched == "email"
    assert {s.target_id for s in hit.sides.all()} == {mine.pk, theirs.pk}
    event = AuditEvent.objects.get(verb="deconfliction.hits_found")
    assert event.changes["hit_ids"] == [hit.pk]
    assert len(mail.outbox) == 2 and all("ring" not in m.body.lower() for m in mail.outbox)


def test_a_name_many_records_hold_scores_lower_in_the_online_check(personas, own_case):
    f.other_agency_target("person", "Amina Nasser", date_of_birth="1990-03-04")
    _, hits = f.enter(personas.investigator, own_case, "person", "Amina Nasser")
    alone = hits[0].score
    for year in range(1960, 1966):  # other people of that name, in another agency's cases
        f.other_agency_target("person", "Amina Nasser", date_of_birth=f"{year}-06-01")
    _, hits = f.enter(personas.investigator, own_case, "person", "Amina Nasser")
    assert len(hits) == 7 and all(hit.score < alone for hit in hits)
    assert "Many of the records have names like these" not in {e for hit in hits for e in hit.evidence}
