"""Trainings: record and edit them (with counts by discipline that must add up), the committee's approval,
attendance sheets (dry run, then apply) and removing a named attendee."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.core import audit
from accord.core.models import Organization, Term, User
from accord.directory.spreadsheet import FileProblem
from accord.outreach import imports
from accord.outreach.access import can_approve, require_training_manager
from accord.outreach.actions._common import set_m2m
from accord.outreach.actions.records import certify_attendees
from accord.outreach.models import (
    AUDIENCE_VOCABULARY,
    TOPIC_VOCABULARY,
    Approval,
    AttendanceImport,
    Material,
    ReviewStatus,
    SignIn,
    Trainer,
    Training,
    TrainingAttendee,
    TrainingAudience,
)


@dataclass(frozen=True)
class TrainerLine:
    """A trainer as entered: a member organization's staff, or someone with an outside affiliation."""

    name: str
    organization: Organization | None = None
    affiliation: str = ""

    def __str__(self) -> str:
        where = str(self.organization) if self.organization else self.affiliation
        return f"{self.name}, {where}" if where else self.name


def _checked_counts(counts: dict[Term, int]) -> dict[Term, int]:
    if any(term.vocabulary.code != AUDIENCE_VOCABULARY for term in counts):
        raise ValidationError({"total_attendees": "Choose disciplines from the audience list."})
    if any(n < 0 for n in counts.values()):
        raise ValidationError({"total_attendees": "Counts of attendees cannot be negative."})
    return {term: n for term, n in counts.items() if n > 0}


def check_adds_up(total: int | None, counts: dict[Term, int]) -> None:
    """The counts by discipline must add up to the total number of attendees."""
    added = sum(counts.values())
    if counts and total is None:
        raise ValidationError(
            {"total_attendees": f"Give the total number of attendees: the counts by discipline add up to {added}."}
        )
    if total and not counts:
        raise ValidationError({"total_attendees": f"Say how many of the {total} attendees came from each discipline."})
    if total is not None and added != total:
        raise ValidationError(
            {
                "total_attendees": (
                    f"The counts by discipline add up to {added}, not {total}. Correct the total or the counts."
                )
            }
        )


def _check_against_records(training: Training, counts: dict[Term, int]) -> None:
    """Editing must not leave fewer attendees, or lower scores, than the records already hold."""
    recorded: Counter[int] = Counter()
    rows = training.attendees if training.attendees.exists() else training.results
    for discipline_id in rows.values_list("discipline_id", flat=True):
        recorded[discipline_id] += 1
    by_id = {term.pk: (term, n) for term, n in counts.items()}
    for discipline_id, count in recorded.items():
        term, allowed = by_id.get(discipline_id, (None, 0))
        if count > allowed:
            label = term.label if term else Term.objects.get(pk=discipline_id).label
            raise ValidationError(
                {"total_attendees": f"{count} attendees from {label} are already recorded: the count cannot be lower."}
            )
    if training.sign_in != SignIn.NAMED and training.attendees.exists():
        raise ValidationError({"sign_in": "Attendees are recorded by name: remove them before making it counts-only."})
    highest = training.results.aggregate(pre=Max("pre_score"), post=Max("post_score"))
    top = max((v for v in highest.values() if v is not None), default=None)
    if top is not None and top > training.max_score:
        raise ValidationError({"max_score": f"A recorded score is {top}: the highest possible score cannot be lower."})
    if training.pre_test_on is None and highest["pre"] is not None:
        raise ValidationError({"pre_test_on": "Pre-test scores are recorded: keep the pre-test date."})
    if training.post_test_on is None and highest["post"] is not None:
        raise ValidationError({"post_test_on": "Post-test scores are recorded: keep the post-test date."})


def _check_materials(training: Training, materials: list[Material]) -> None:
    already = set(training.materials.values_list("pk", flat=True)) if training.pk else set()
    new = [m for m in materials if m.pk not in already]
    approved = set(
        Material.objects.filter(
            pk__in=[m.pk for m in new], is_retired=False, versions__status=ReviewStatus.APPROVED
        ).values_list("pk", flat=True)
    )
    refused = [m for m in new if m.pk not in approved]
    if refused:
        raise ValidationError(
            {"materials": f"Not approved by the training committee: {', '.join(str(m) for m in refused)}."}
        )


def _replace_counts(training: Training, counts: dict[Term, int], changes: dict[str, object]) -> None:
    before = {a.discipline.label: a.attendees for a in training.audience_counts.select_related("discipline")}
    after = {term.label: n for term, n in counts.items()}
    if before == after:
        return
    training.audience_counts.all().delete()
    TrainingAudience.objects.bulk_create(
        TrainingAudience(training=training, discipline=term, attendees=n) for term, n in counts.items()
    )
    changes["attendees_by_discipline"] = [before, after]


def _replace_trainers(training: Training, trainers: list[TrainerLine], changes: dict[str, object]) -> None:
    before = [str(t) for t in training.trainers.select_related("organization")]
    after = [str(t) for t in trainers]
    if before == after:
        return
    training.trainers.all().delete()
    Trainer.objects.bulk_create(
        Trainer(training=training, name=t.name, organization=t.organization, affiliation=t.affiliation, sort_order=i)
        for i, t in enumerate(trainers)
    )
    changes["trainers"] = [before, after]


@transaction.atomic
def training_save(
    *,
    actor: User,
    training: Training,
    topics: Iterable[Term] | None = None,
    materials: Iterable[Material] | None = None,
    audience_counts: dict[Term, int] | None = None,
    trainers: list[TrainerLine] | None = None,
) -> Training:
    """Record or change a training. ``audience_counts`` (discipline → attendees) must add up to the total."""
    require_training_manager(actor)
    creating = training.pk is None
    if topics is not None:
        topics = list(topics)
        if any(t.vocabulary.code != TOPIC_VOCABULARY for t in topics):
            raise ValidationError({"topics": "Choose topics from the training-topic list."})
    if materials is not None:
        materials = list(materials)
        _check_materials(training, materials)
    if audience_counts is not None:
        counts = _checked_counts(audience_counts)
    elif creating:
        counts = {}
    else:
        counts = {a.discipline: a.attendees for a in training.audience_counts.select_related("discipline")}
    check_adds_up(training.total_attendees, counts)
    training.full_clean()
    if not creating:
        _check_against_records(training, counts)
    before = {} if creating else audit.snapshot(Training.objects.get(pk=training.pk))
    if creating:
        training.created_by = actor
    training.save()
    changes: dict[str, object] = dict(audit.diff(before, audit.snapshot(training)))
    set_m2m(training, "topics", topics, changes)
    set_m2m(training, "materials", materials, changes)
    if audience_counts is not None:
        _replace_counts(training, counts, changes)
    if trainers is not None:
        _replace_trainers(training, trainers, changes)
    if creating or changes:
        verb = "outreach.training_created" if creating else "outreach.training_updated"
        audit.record(verb=verb, actor=actor, target=training, changes=changes)
    return training


@transaction.atomic
def training_review(*, actor: User, training: Training, approve: bool, note: str = "") -> Training:
    """The training committee approves a training, or returns it with a reason."""
    if not can_approve(actor):
        raise PermissionDenied("Only members of the training committee approve trainings.")
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": "Say what should change: it is shown on the training."})
    before = training.approval
    training.approval = Approval.APPROVED if approve else Approval.RETURNED
    training.reviewed_by = actor
    training.reviewed_at = timezone.now()
    training.review_note = note[:300]
    training.save(update_fields=["approval", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    audit.record(
        verb="outreach.training_approved" if approve else "outreach.training_returned",
        actor=actor,
        target=training,
        changes={"approval": [before, training.approval], "note": training.review_note},
    )
    return training


@transaction.atomic
def attendee_remove(*, actor: User, attendee: TrainingAttendee) -> None:
    """Remove a named attendee recorded by mistake, with their scores and any certification it gave."""
    require_training_manager(actor)
    training = attendee.training
    had_certification = hasattr(attendee, "certification")
    audit.record(
        verb="outreach.attendee_removed",
        actor=actor,
        target=training,
        changes={"attendee": attendee.pk, "certification_removed": had_certification},
    )
    attendee.delete()


# --- Attendance sheets ------------------------------------------------------------------------------


def _refuse_sheet(training: Training) -> None:
    if training.is_cancelled:
        raise ValidationError({"file": "This training was cancelled: it has no attendance to import."})
    if training.starts_at > timezone.now():
        raise ValidationError({"file": "The training has not started yet: import its attendance sheet afterwards."})


def _duplicate_message(previous: AttendanceImport) -> str:
    when = timezone.localtime(previous.applied_at or previous.uploaded_at)
    return (
        f"This attendance sheet was already imported for this training on {when:%B %-d, %Y} by "
        f"{previous.uploaded_by}. Importing it again would count the same people twice, so nothing was changed."
    )


@transaction.atomic
def attendance_import_upload(
    *, actor: User, training: Training, filename: str, content: bytes
) -> tuple[AttendanceImport, imports.Plan]:
    """Keep an attendance sheet and dry-run it; nothing about the training changes yet.

    A file that cannot be used at all (too large, unreadable, already imported, missing columns) is refused
    with the reason and not kept. A file with rejected rows is kept as a report, without its content.
    """
    require_training_manager(actor)
    _refuse_sheet(training)
    if len(content) > imports.MAX_BYTES:
        raise ValidationError({"file": f"The file is {len(content) / 1_048_576:.1f} MB; the limit is 5 MB."})
    digest = imports.sha256(content)
    previous = imports.duplicate_of(training, digest)
    if previous is not None:
        raise ValidationError({"file": _duplicate_message(previous)})
    try:
        stored = content if training.is_named else imports.without_names(content)
    except FileProblem as problem:
        raise ValidationError({"file": str(problem)}) from None
    plan = imports.plan_import(training, stored)
    if plan.file_errors:
        raise ValidationError({"file": plan.file_errors})
    batch = AttendanceImport.objects.create(
        training=training,
        filename=filename[:200],
        content=stored if plan.ok else b"",
        sha256=digest,
        uploaded_by=actor,
        status=AttendanceImport.Status.PREVIEWED if plan.ok else AttendanceImport.Status.REJECTED,
        summary=plan.summary(),
    )
    audit.record(
        verb="outreach.attendance_previewed",
        actor=actor,
        target=training,
        changes={"sheet": batch.pk, "filename": batch.filename, "sha256": digest, **plan.counts()},
    )
    return batch, plan


def _set_counts_from_sheet(training: Training, plan: imports.Plan) -> None:
    by_discipline = Counter(r.discipline_id for r in plan.rows if r.action != "reject" and r.discipline_id)
    TrainingAudience.objects.bulk_create(
        TrainingAudience(training=training, discipline_id=discipline_id, attendees=n)
        for discipline_id, n in by_discipline.items()
    )
    training.total_attendees = sum(by_discipline.values())
    training.save(update_fields=["total_attendees", "updated_at"])


@transaction.atomic
def attendance_import_apply(*, actor: User, batch: AttendanceImport) -> imports.Plan:
    """Apply a previewed sheet, every row or none; it is planned again against today's records."""
    require_training_manager(actor)
    training = Training.objects.select_for_update().get(pk=batch.training_id)
    if batch.status != AttendanceImport.Status.PREVIEWED:
        raise ValidationError("This sheet was already applied or has rejected rows: upload it again.")
    previous = imports.duplicate_of(training, batch.sha256)
    if previous is not None:
        raise ValidationError(_duplicate_message(previous))
    plan = imports.plan_import(training, bytes(batch.content))
    if not plan.ok:
        raise ValidationError("Some rows are now rejected, so nothing was imported. Upload the sheet again.")
    if plan.sets_counts:
        _set_counts_from_sheet(training, plan)
    attendees = imports.apply_rows(training, plan, batch, actor)
    certified = certify_attendees(actor=actor, training=training, attendees=attendees)
    batch.status = AttendanceImport.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.summary = plan.summary()
    batch.content = b""  # names leave the upload once they are records (or, counts-only, never arrived)
    batch.save(update_fields=["status", "applied_at", "summary", "content"])
    audit.record(
        verb="outreach.attendance_imported",
        actor=actor,
        target=training,
        changes={
            "sheet": batch.pk,
            "filename": batch.filename,
            "sha256": batch.sha256,
            "by_discipline": plan.by_discipline(),
            "certified": certified,
            "counts_set_from_sheet": plan.sets_counts,
            **plan.counts(),
        },
    )
    return plan
