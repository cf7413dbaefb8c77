"""Every write goes through an action that checks its rules and writes an audit row; bad input changes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accord.core.models import AuditEvent, Role, Term
from accord.investigations import actions
from accord.investigations.models import (
    Certification,
    Charge,
    ContinuedPresence,
    Disposition,
    Investigation,
    InvestigationSettings,
    ProsecutionReferral,
    Subject,
    add_months,
)
from accord.investigations.tests import factories as f

pytestmark = pytest.mark.django_db


def _events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


def test_opening_an_investigation_is_audited_and_the_summary_encrypted(personas):
    inv = Investigation(
        case_number="A-1",
        trafficking_type="labor",
        origin="proactive",
        lead_source=f.term("lead-source", "patrol"),
        opened_on=f.days_ago(2),
        summary="Farm workers held by Victor Crane",
    )
    actions.investigation_create(actor=personas.investigator, investigation=inv)
    assert inv.owner == personas.agency_a
    [event] = _events("investigation.created")
    assert event.target_id == str(inv.pk) and event.changes["summary"] == [None, "(encrypted)"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM investigations_investigation WHERE id = %s", [inv.pk])
        assert "Crane" not in cursor.fetchone()[0]


def test_only_law_enforcement_case_staff_open_investigations(personas):
    from django.core.exceptions import PermissionDenied

    for user in (f.prosecutor(), personas.advocate, personas.coordinator):
        with pytest.raises(PermissionDenied):
            actions.investigation_create(actor=user, investigation=Investigation(case_number="X"))
    assert not Investigation.objects.exists()


def test_dates_out_of_order_are_refused_and_nothing_changes(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    inv.status, inv.closed_on = "closed", inv.opened_on - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        actions.investigation_update(actor=personas.investigator, investigation=inv)
    assert "before the opening date" in str(error.value)
    inv.refresh_from_db()
    assert inv.status == "open" and inv.closed_on is None
    assert not _events("investigation.updated")


def test_a_subject_is_encrypted_and_the_audit_trail_never_holds_the_name(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    subject = Subject(investigation=inv, name="Victor Crane", aliases="VC", date_of_birth="1980-02-03")
    actions.subject_save(actor=personas.investigator, subject=subject, roles=[f.term("perpetrator-role", "recruiter")])
    [event] = _events("subject.created")
    assert "Crane" not in event.target_label and "Crane" not in str(event.changes)
    assert event.changes["roles"] == [[], ["recruiter"]]
    assert Subject.objects.get().name == "Victor Crane"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, date_of_birth FROM investigations_subject")
        assert all("Crane" not in value and "1980" not in value for value in cursor.fetchone())


def test_a_date_of_birth_must_be_a_real_past_date(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    for bad in ("02/03/1980", "1980-02-30", "2999-01-01"):
        with pytest.raises(ValidationError):
            actions.subject_save(
                actor=personas.investigator, subject=Subject(investigation=inv, name="X", date_of_birth=bad)
            )
    assert not Subject.objects.exists()


def test_a_charge_on_a_statute_not_in_the_list_is_refused(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    subject = f.subject(inv)
    polaris = Term.objects.of("polaris-type").first()
    with pytest.raises(ValidationError) as error:
        actions.charge_save(
            actor=personas.investigator,
            charge=Charge(investigation=inv, subject=subject, statute=polaris, filed_on=f.days_ago(1)),
        )
    assert "statute" in error.value.message_dict
    inactive = f.term("statute", "usc-18-1595")  # a civil remedy, shipped inactive
    with pytest.raises(ValidationError):
        actions.charge_save(
            actor=personas.investigator,
            charge=Charge(investigation=inv, subject=subject, statute=inactive, filed_on=f.days_ago(1)),
        )
    assert not Charge.objects.exists() and not _events("charge.created")


def test_a_charge_and_its_plea_with_sentence_and_restitution(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    charge = actions.charge_save(
        actor=personas.investigator,
        charge=Charge(
            investigation=inv,
            subject=f.subject(inv),
            statute=f.term("statute", "usc-18-1589"),
            nibrs_offense=f.term("nibrs-offense", "64B"),
            is_trafficking_charge=True,
            filed_on=f.days_ago(20),
        ),
    )
    disposition = actions.disposition_save(
        actor=personas.investigator,
        disposition=Disposition(
            investigation=inv,
            charge=charge,
            outcome="plea",
            disposed_on=f.days_ago(2),
            sentence="96 months",
            custody_months=96,
            restitution_ordered=Decimal("45000"),
        ),
    )
    assert disposition.is_conviction
    assert _events("disposition.created")[0].changes["investigation"] == inv.pk
    assert Investigation.objects.with_stage().get(pk=inv.pk).stage == "adjudicated"


def test_a_disposition_without_a_charge_is_refused(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    with pytest.raises(ValidationError) as error:
        actions.disposition_save(
            actor=personas.investigator,
            disposition=Disposition(investigation=inv, outcome="plea", disposed_on=f.days_ago(1)),
        )
    assert "charge" in error.value.message_dict
    assert not Disposition.objects.exists()


def test_disposition_rules(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    charge = f.charge(inv)
    bad = [
        {"outcome": "plea", "disposed_on": charge.filed_on - timedelta(days=1)},  # before the charge
        {"outcome": "dismissed", "disposed_on": f.days_ago(1), "sentence": "12 months"},  # no sentence on dismissal
        {"outcome": "acquitted", "disposed_on": f.days_ago(1), "restitution_ordered": Decimal(100)},
    ]
    for fields in bad:
        with pytest.raises(ValidationError):
            actions.disposition_save(
                actor=personas.investigator, disposition=Disposition(investigation=inv, charge=charge, **fields)
            )
    other = f.charge(f.investigation(personas.agency_a, personas.investigator))
    with pytest.raises(ValidationError):
        actions.disposition_save(
            actor=personas.investigator,
            disposition=Disposition(investigation=inv, charge=other, outcome="plea", disposed_on=f.days_ago(1)),
        )
    assert not Disposition.objects.exists()


def test_referral_decision_dates_in_order(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    referral = actions.referral_save(
        actor=personas.investigator,
        referral=ProsecutionReferral(investigation=inv, office=f.usao(), referred_on=f.days_ago(5)),
    )
    assert referral.level == "federal"
    with pytest.raises(ValidationError):
        actions.referral_decide(actor=f.prosecutor(), referral=referral, decision="accepted", decided_on=f.days_ago(9))
    with pytest.raises(ValidationError) as error:
        actions.referral_decide(actor=f.prosecutor(), referral=referral, decision="declined", decided_on=f.days_ago(1))
    assert "why" in str(error.value)
    referral.refresh_from_db()
    assert referral.decision == "pending" and not _events("referral.decided")


def _cp(inv, victim, **fields):
    return ContinuedPresence(investigation=inv, victim=victim, requested_on=f.days_ago(30), **fields)


def test_continued_presence_by_a_local_agency_must_name_the_federal_partner(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    victim = f.victim(inv)
    with pytest.raises(ValidationError) as error:
        actions.continued_presence_save(actor=personas.investigator, request=_cp(inv, victim))
    assert "federal partner" in " ".join(error.value.message_dict["federal_partner"])
    with pytest.raises(ValidationError):  # a local agency is not a federal partner
        actions.continued_presence_save(
            actor=personas.investigator, request=_cp(inv, victim, federal_partner=f.agency_d())
        )
    assert not ContinuedPresence.objects.exists() and not _events("continued_presence.created")
    saved = actions.continued_presence_save(
        actor=personas.investigator, request=_cp(inv, victim, federal_partner=f.hsi())
    )
    assert saved.organization == personas.agency_a
    assert inv.shares.active().filter(organization=f.hsi()).exists()  # the partner now sees the case


def test_a_federal_agency_requests_continued_presence_itself(personas):
    agent = f.staff(f.hsi(), "agent")
    inv = f.investigation(f.hsi(), agent)
    actions.continued_presence_save(actor=agent, request=_cp(inv, f.victim(inv)))
    assert ContinuedPresence.objects.get().federal_partner is None


def test_continued_presence_is_for_foreign_nationals_and_a_grant_gets_the_default_expiry(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    with pytest.raises(ValidationError):
        actions.continued_presence_save(
            actor=personas.investigator,
            request=_cp(inv, f.victim(inv, "V-2", citizenship="us_citizen"), federal_partner=f.hsi()),
        )
    settings = InvestigationSettings.current()
    settings.continued_presence_months = 12
    actions.settings_update(actor=personas.coordinator, settings=settings)
    granted = actions.continued_presence_save(
        actor=personas.investigator,
        request=_cp(inv, f.victim(inv), federal_partner=f.hsi(), status="granted", decided_on=f.days_ago(10)),
    )
    assert granted.expires_on == add_months(f.days_ago(10), 12)
    with pytest.raises(ValidationError):  # decided before requested
        actions.continued_presence_save(
            actor=personas.investigator,
            request=_cp(inv, granted.victim, federal_partner=f.hsi(), status="denied", decided_on=f.days_ago(40)),
        )


def test_renewal_links_to_the_grant_and_only_once(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    granted = f.continued_presence(inv, status="granted", decided_on=f.days_ago(10), expires_on=f.days_ago(-30))
    renewal = actions.continued_presence_renew(actor=personas.investigator, granted=granted, requested_on=f.days_ago(0))
    assert renewal.renewal_of == granted and renewal.status == "requested"
    with pytest.raises(ValidationError):
        actions.continued_presence_renew(actor=personas.investigator, granted=granted, requested_on=f.days_ago(0))


def test_visa_certification_rules(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    victim = f.victim(inv)
    unsigned = Certification(
        investigation=inv, victim=victim, form="i914b", requested_on=f.days_ago(10), status="signed"
    )
    with pytest.raises(ValidationError) as error:
        actions.certification_save(actor=personas.investigator, certification=unsigned)
    assert {"signed_on", "certifying_official", "certifying_agency"} <= set(error.value.message_dict)
    signed = Certification(
        investigation=inv,
        victim=victim,
        form="i918b",
        requested_on=f.days_ago(10),
        status="signed",
        signed_on=f.days_ago(2),
        certifying_official="Lt. Ana Ruiz",
        certifying_agency=personas.agency_a,
    )
    actions.certification_save(actor=personas.investigator, certification=signed)
    assert _events("certification.created")


def test_sharing_only_with_law_enforcement_and_prosecutors(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    with pytest.raises(ValidationError):
        actions.investigation_share(
            actor=personas.investigator, investigation=inv, organization=personas.vsp_b, reason="x"
        )
    with pytest.raises(ValidationError):
        actions.investigation_share(actor=personas.investigator, investigation=inv, organization=f.usao(), reason=" ")
    actions.investigation_share(actor=personas.investigator, investigation=inv, organization=f.usao(), reason="review")
    with pytest.raises(ValidationError):
        actions.investigation_share(
            actor=personas.investigator, investigation=inv, organization=f.usao(), reason="again"
        )
    assert inv.shares.count() == 1


def test_a_share_with_an_open_referral_cannot_end(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    actions.referral_save(
        actor=personas.investigator,
        referral=ProsecutionReferral(investigation=inv, office=f.usao(), referred_on=f.days_ago(2)),
    )
    share = inv.shares.get()
    with pytest.raises(ValidationError):
        actions.share_revoke(actor=personas.investigator, share=share)
    share.refresh_from_db()
    assert share.revoked_at is None


def test_case_review_keeps_only_the_chosen_facts(personas):
    inv = f.investigation(personas.agency_a, personas.investigator, trafficking_type="labor")
    f.subject(inv, "Victor Crane")
    f.victim(inv, "V-1")
    item = actions.case_review_create(
        actor=personas.investigator,
        investigation=inv,
        meeting_on=f.days_ago(-3),
        fields=["trafficking_type", "victims"],
    )
    assert [label for label, _ in item.content["facts"]] == ["Type of trafficking", "Victims (count and age group)"]
    assert "Crane" not in str(item.content) and "V-1" not in str(item.content)
    with pytest.raises(ValidationError):
        actions.case_review_create(
            actor=personas.investigator, investigation=inv, meeting_on=f.days_ago(-3), fields=["subject_names"]
        )
    assert _events("case_review.created")


def test_a_task_must_go_to_someone_working_the_case(personas):
    from accord.investigations.models import Task

    inv = f.investigation(personas.agency_a, personas.investigator)
    outsider = f.staff(f.agency_d(), "deputy")
    with pytest.raises(ValidationError):
        actions.task_save(actor=personas.investigator, task=Task(investigation=inv, title="x", assigned_to=outsider))
    task = actions.task_save(
        actor=personas.investigator, task=Task(investigation=inv, title="Call HSI", assigned_to=personas.investigator)
    )
    actions.task_complete(actor=personas.investigator, task=task)
    assert task.status == "done" and len(_events("task.updated")) == 1


def test_a_record_cannot_move_to_another_investigation(personas):
    inv = f.investigation(personas.agency_a, personas.investigator)
    victim = f.victim(inv)
    victim.investigation = f.investigation(personas.agency_a, personas.investigator)
    with pytest.raises(ValidationError):
        actions.victim_save(actor=personas.investigator, victim=victim)


def test_intelligence_needs_a_predicate_and_a_review_date_within_five_years(personas):
    from accord.investigations.models import IntelligenceRecord

    base = {"subject_summary": "A contractor", "source": "Tip", "entered_on": f.days_ago(1)}
    for bad in (
        {"criminal_predicate": "suspicious", "review_due_on": f.days_ago(-100)},
        {"criminal_predicate": "Workers report passports held by the owner.", "review_due_on": f.days_ago(-2000)},
        {"criminal_predicate": "Workers report passports held by the owner.", "review_due_on": f.days_ago(3)},
    ):
        with pytest.raises(ValidationError):
            actions.intelligence_save(actor=personas.investigator, record=IntelligenceRecord(**base, **bad))
    assert not IntelligenceRecord.objects.exists()
    record = actions.intelligence_save(
        actor=personas.investigator,
        record=IntelligenceRecord(
            **base, criminal_predicate="Workers report passports held.", review_due_on=f.days_ago(-300)
        ),
    )
    assert record.owner == personas.agency_a and _events("intelligence.created")
    actions.intelligence_review(actor=personas.investigator, record=record, still_valid=False, next_review_on=None)
    assert not IntelligenceRecord.objects.exists()
    assert _events("intelligence.purged")[0].changes["purged"] == 1


def test_prosecutors_cannot_hold_intelligence(personas):
    from django.core.exceptions import PermissionDenied

    from accord.investigations.models import IntelligenceRecord

    with pytest.raises(PermissionDenied):
        actions.intelligence_save(
            actor=f.prosecutor(),
            record=IntelligenceRecord(
                subject_summary="x", criminal_predicate="y" * 30, source="z", review_due_on=f.days_ago(-10)
            ),
        )


def test_settings_are_the_coordinators(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.settings_update(actor=personas.investigator, settings=InvestigationSettings.current())
    assert Role.COORDINATOR in personas.coordinator.roles
