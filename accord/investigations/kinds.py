"""The kinds of record an investigation holds, for the generic add and edit pages (``/<id>/<kind>/new/``).

Each kind names its model, its form, the action that saves it, and where it sits on the investigation page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accord.core.models import User
from accord.investigations import actions
from accord.investigations.forms import (
    ArrestForm,
    CaseModelForm,
    CertificationForm,
    ChargeForm,
    ContinuedPresenceForm,
    CourtEventForm,
    DispositionForm,
    ReferralForm,
    SubjectForm,
    TaskForm,
    TimelineEventForm,
    VictimForm,
    WitnessForm,
)
from accord.investigations.models import (
    Arrest,
    CaseRecord,
    Certification,
    Charge,
    ContinuedPresence,
    CourtEvent,
    Disposition,
    ProsecutionReferral,
    Subject,
    Task,
    TimelineEvent,
    Victim,
    Witness,
)

Save = Callable[[User, Any, Any], Any]


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[CaseRecord]
    form: type[CaseModelForm]
    save: Save
    noun: str  # "a subject" → "Add a subject", "Edit the subject"
    section: str  # the anchor of its section on the investigation page
    hint: str = ""


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in [
        Kind(
            "subjects",
            Subject,
            SubjectForm,
            lambda u, item, form: actions.subject_save(actor=u, subject=item, roles=form.cleaned_data["roles"]),
            "subject",
            "people",
            "Names, aliases, date of birth and identifiers are stored encrypted. Every view is recorded.",
        ),
        Kind(
            "victims",
            Victim,
            VictimForm,
            lambda u, item, form: actions.victim_save(actor=u, victim=item),
            "identified victim",
            "people",
            "Keep it minimal: a reference, never a name. This is not the victim service provider's client record.",
        ),
        Kind("witnesses", Witness, WitnessForm, lambda u, i, f: actions.witness_save(actor=u, witness=i), "witness",
             "people", "Names and contact details are stored encrypted."),
        Kind("arrests", Arrest, ArrestForm, lambda u, i, f: actions.arrest_save(actor=u, arrest=i), "arrest",
             "enforcement"),
        Kind("charges", Charge, ChargeForm, lambda u, i, f: actions.charge_save(actor=u, charge=i), "charge",
             "enforcement", "The statute comes from the task force's list (18 U.S.C. §§ 1581–1597 and state law)."),
        Kind("referrals", ProsecutionReferral, ReferralForm,
             lambda u, i, f: actions.referral_save(actor=u, referral=i), "prosecution referral", "enforcement",
             "The office you refer to will see this investigation, and accepts or declines it."),
        Kind("court-events", CourtEvent, CourtEventForm,
             lambda u, i, f: actions.court_event_save(actor=u, court_event=i), "court event", "enforcement"),
        Kind("dispositions", Disposition, DispositionForm,
             lambda u, i, f: actions.disposition_save(actor=u, disposition=i), "disposition", "enforcement",
             "A disposition is recorded charge by charge."),
        Kind("continued-presence", ContinuedPresence, ContinuedPresenceForm,
             lambda u, i, f: actions.continued_presence_save(actor=u, request=i), "Continued Presence request",
             "relief", "Only federal law enforcement submits Continued Presence: state, local and tribal agencies "
             "request it through a federal partner, who then sees this investigation. Never a bargaining chip."),
        Kind("certifications", Certification, CertificationForm,
             lambda u, i, f: actions.certification_save(actor=u, certification=i), "visa declaration or certification",
             "relief", "I-914 Supplement B needs no formal investigation or prosecution; USCIS alone decides."),
        Kind("events", TimelineEvent, TimelineEventForm,
             lambda u, i, f: actions.timeline_event_save(actor=u, event=i), "timeline event", "timeline"),
        Kind("tasks", Task, TaskForm, lambda u, i, f: actions.task_save(actor=u, task=i), "task", "tasks"),
    ]
}  # fmt: skip
