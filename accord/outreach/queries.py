"""Outreach reads, already scoped by who may see what (names only for those allowed), and the calendar sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from accord.core.calendar import CalendarEntry
from accord.core.models import Organization, Role, TaskForce, User
from accord.outreach import access
from accord.outreach.models import (
    Approval,
    AttendanceImport,
    Certification,
    CommunityPartner,
    FollowUp,
    GlossaryTerm,
    Material,
    MaterialVersion,
    NetworkMembership,
    OutreachEvent,
    RequiredTraining,
    ReviewStatus,
    TestResult,
    Training,
    TrainingAttendee,
)

CALENDAR_PAST_DAYS = 90
CALENDAR_FUTURE_DAYS = 400
REMIND_DAYS = 90  # certifications expiring this soon are shown as reminders
OVERDUE_WINDOW = 30  # and those expired this recently, until renewed
PAIRED = Q(pre_score__isnull=False, post_score__isnull=False)


# --- Knowledge gain ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gain:
    """Mean pre- and post-test scores as a percentage of the highest possible score, over respondents who
    took both tests; the gain is the difference in percentage points."""

    pre: float | None
    post: float | None
    respondents: int

    @property
    def points(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return round(self.post - self.pre, 1)


def percent_of_max(score: str, max_score: str) -> ExpressionWrapper:
    return ExpressionWrapper(
        Cast(F(score), FloatField()) * 100.0 / Cast(F(max_score), FloatField()), output_field=FloatField()
    )


def gain_of(results: QuerySet[TestResult]) -> Gain:
    totals = results.filter(PAIRED).aggregate(
        pre=Avg(percent_of_max("pre_score", "training__max_score")),
        post=Avg(percent_of_max("post_score", "training__max_score")),
        n=Count("pk"),
    )
    return Gain(_rounded(totals["pre"]), _rounded(totals["post"]), totals["n"])


def gain_by_discipline(results: QuerySet[TestResult]) -> dict[int, Gain]:
    rows = (
        results.filter(PAIRED)
        .values("discipline_id")
        .annotate(
            pre=Avg(percent_of_max("pre_score", "training__max_score")),
            post=Avg(percent_of_max("post_score", "training__max_score")),
            n=Count("pk"),
        )
        .order_by()
    )
    return {r["discipline_id"]: Gain(_rounded(r["pre"]), _rounded(r["post"]), r["n"]) for r in rows}


K = TypeVar("K")
NO_SCORES = Gain(None, None, 0)


def suppress_small(gains: dict[K, Gain], threshold: int) -> dict[K, Gain | None]:
    """Hide score averages over fewer than ``threshold`` respondents, and, when that hides exactly one group,
    the next smallest too (complementary suppression), so the hidden one cannot be worked out from the total."""
    small = {key for key, gain in gains.items() if gain.respondents < threshold}
    rest = sorted((gain.respondents, index) for index, (key, gain) in enumerate(gains.items()) if key not in small)
    if len(small) == 1 and rest:
        small.add(list(gains)[rest[0][1]])
    return {key: (None if key in small else gain) for key, gain in gains.items()}


def suppression_threshold() -> int:
    return TaskForce.current().suppression_threshold


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# --- Trainings -------------------------------------------------------------------------------------


def trainings(*, when: str = "", session_type: str = "", sign_in: str = "") -> QuerySet[Training]:
    paired = Q(results__pre_score__isnull=False, results__post_score__isnull=False)
    qs = Training.objects.annotate(
        pre_pct=Avg(percent_of_max("results__pre_score", "max_score"), filter=paired),
        post_pct=Avg(percent_of_max("results__post_score", "max_score"), filter=paired),
    ).annotate(gain_points=ExpressionWrapper(F("post_pct") - F("pre_pct"), output_field=FloatField()))
    if session_type:
        qs = qs.filter(session_type=session_type)
    if sign_in:
        qs = qs.filter(sign_in=sign_in)
    now = timezone.now()
    if when == "upcoming":
        return qs.filter(starts_at__gte=now).order_by("starts_at")
    if when == "past":
        return qs.filter(starts_at__lt=now).order_by("-starts_at")
    return qs.order_by("-starts_at")


def training_detail(training: Training, user: User) -> dict[str, Any]:
    counts = list(training.audience_counts.select_related("discipline"))
    by_discipline: dict[int, Gain | None] = dict(gain_by_discipline(training.results.all()))
    overall: Gain | None = gain_of(training.results.all())
    threshold = suppression_threshold()
    suppressed = training.is_named and not access.sees_all_names(user)
    if suppressed:
        # Member staff are identifiable: small groups' scores are theirs. Those who see names see them all.
        by_discipline = suppress_small({k: v for k, v in by_discipline.items() if v is not None}, threshold)
        if overall is not None and 0 < overall.respondents < threshold:
            overall = None
    named = dict(
        training.attendees.values("discipline_id").annotate(n=Count("pk")).order_by().values_list("discipline_id", "n")
    )
    rows = [
        {
            "discipline": c.discipline,
            "attendees": c.attendees,
            "named": named.get(c.discipline_id, 0),
            "gain": by_discipline.get(c.discipline_id, NO_SCORES),
        }
        for c in counts
    ]
    attendees = list(
        TrainingAttendee.objects.visible_to(user)
        .filter(training=training)
        .select_related("organization", "discipline", "result", "person")
    )
    can_manage = access.can_manage_trainings(user)
    return {
        "by_discipline": rows,
        "counted": sum(c.attendees for c in counts),
        "gain": overall,
        "suppressed": suppressed and (overall is None or None in by_discipline.values()),
        "threshold": threshold,
        "attendees": attendees,
        "named_total": sum(named.values()),
        "hidden_names": sum(named.values()) - len(attendees),
        "trainers": list(training.trainers.select_related("organization")),
        "topics": list(training.topics.all()),
        "materials": list(access.materials_visible_to(user).filter(trainings=training)),
        "certified": training.certifications.count(),
        "imports": list(training.imports.select_related("uploaded_by")[:10]) if can_manage else [],
        "sees_all_names": access.sees_all_names(user),
    }


def pending_reviews() -> dict[str, list[Any]]:
    """What waits for the training committee: trainings and material versions not yet approved."""
    since = timezone.now() - timedelta(days=60)
    return {
        "trainings": list(
            Training.objects.live().filter(approval=Approval.PENDING, starts_at__gte=since).order_by("starts_at")[:10]
        ),
        "versions": list(
            MaterialVersion.objects.filter(status=ReviewStatus.PENDING, material__is_retired=False)
            .select_related("material")
            .order_by("uploaded_at")[:10]
        ),
    }


def import_preview_rows(batch: AttendanceImport) -> Any:
    from accord.outreach.imports import plan_import

    if batch.status != AttendanceImport.Status.PREVIEWED:
        return None
    return plan_import(batch.training, bytes(batch.content))


# --- Member training records ----------------------------------------------------------------------


def required_trainings() -> list[RequiredTraining]:
    return list(RequiredTraining.objects.filter(is_active=True).order_by("name"))


def people_for_records(user: User, *, organization_id: int | None = None) -> QuerySet[User]:
    """The active member staff whose training records ``user`` may see."""
    qs = User.objects.filter(is_active=True, organization__isnull=False).select_related("organization")
    if not access.sees_all_names(user):
        scope = Q(pk=user.pk)
        if user.has_role(Role.ORG_ADMIN) and user.organization_id:
            scope |= Q(organization_id=user.organization_id)
        qs = qs.filter(scope)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("organization__name", "last_name", "first_name")


def latest_certifications(people: list[User], required: list[RequiredTraining]) -> dict[tuple[int, int], Certification]:
    """Each person's most recent certification per required training (one query)."""
    found: dict[tuple[int, int], Certification] = {}
    rows = Certification.objects.filter(person__in=people, required_training__in=required).order_by(
        "completed_on", "pk"
    )
    for certification in rows:
        found[(certification.person_id, certification.required_training_id)] = certification
    return found


def superseded() -> Exists:
    later = Certification.objects.filter(
        person_id=OuterRef("person_id"),
        required_training_id=OuterRef("required_training_id"),
        completed_on__gt=OuterRef("completed_on"),
    )
    return Exists(later)


def expiring_certifications(user: User, *, today: date | None = None) -> QuerySet[Certification]:
    """Certifications ``user`` may see that expire within 90 days or lapsed in the last 30, not yet renewed."""
    today = today or timezone.localdate()
    return (
        Certification.objects.filter(access.certification_scope(user))
        .filter(
            person__is_active=True,
            required_training__is_active=True,
            expires_on__gte=today - timedelta(days=OVERDUE_WINDOW),
            expires_on__lte=today + timedelta(days=REMIND_DAYS),
        )
        .exclude(superseded())
        .select_related("person__organization", "required_training")
        .order_by("expires_on", "pk")
    )


@dataclass
class Readiness:
    """Whether an organization's active staff all hold a current certification in each network-required training."""

    organization: Organization
    staff: int = 0
    certified: int = 0
    required_names: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # person → trainings they lack

    @property
    def ready(self) -> bool:
        return self.staff > 0 and bool(self.required_names) and not self.missing

    def refusal(self) -> str:
        name = self.organization
        if not self.required_names:
            return "No training is marked as required for the referral network yet: mark one first."
        if self.staff == 0:
            return f"{name} has no active staff accounts, so no one holds the required trainings."
        lacking = "; ".join(f"{person} lacks {', '.join(trainings)}" for person, trainings in self.missing.items())
        return (
            f"{name} cannot join the referral network until its staff hold the required trainings "
            f"({self.certified} of {self.staff} do). {lacking}."
        )


def network_readiness(organizations: list[Organization], *, today: date | None = None) -> dict[int, Readiness]:
    today = today or timezone.localdate()
    required = list(RequiredTraining.objects.filter(is_active=True, required_for_network=True).order_by("name"))
    result = {o.pk: Readiness(o, required_names=[r.name for r in required]) for o in organizations}
    staff = list(User.objects.filter(is_active=True, organization__in=organizations).order_by("last_name", "pk"))
    held: set[tuple[int, int]] = set(
        Certification.objects.current(today)
        .filter(person__in=staff, required_training__in=required)
        .values_list("person_id", "required_training_id")
    )
    for person in staff:
        readiness = result[person.organization_id]
        readiness.staff += 1
        lacking = [r.name for r in required if (person.pk, r.pk) not in held]
        if lacking:
            readiness.missing[str(person)] = lacking
        else:
            readiness.certified += 1
    return result


def network_page(status: str = "") -> QuerySet[Organization]:
    qs = Organization.objects.active().select_related("referral_network")
    if status == "member":
        qs = qs.filter(referral_network__status="active")
    elif status == "not_member":
        qs = qs.exclude(referral_network__status="active")
    return qs.order_by("name")


# --- Events and partners -------------------------------------------------------------------------


def events(*, when: str = "", audience: str = "") -> QuerySet[OutreachEvent]:
    qs = OutreachEvent.objects.select_related("audience").annotate(
        partner_count=Count("partners", distinct=True),
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True), distinct=True),
    )
    if audience:
        qs = qs.filter(audience__code=audience)
    now = timezone.now()
    if when == "upcoming":
        return qs.filter(starts_at__gte=now).order_by("starts_at")
    if when == "past":
        return qs.filter(starts_at__lt=now).order_by("-starts_at")
    return qs.order_by("-starts_at")


def event_detail(event: OutreachEvent, user: User) -> dict[str, Any]:
    return {
        "partners": list(event.partners.all()),
        "member_organizations": list(event.member_organizations.all()),
        "materials": list(access.materials_visible_to(user).filter(events=event)),
        "follow_ups": list(event.follow_ups.select_related("owner__organization")),
    }


def partners(*, kind: str = "", text: str = "") -> QuerySet[CommunityPartner]:
    qs = CommunityPartner.objects.annotate(
        event_count=Count("events", distinct=True), last_engaged=Max("engagements__occurred_on")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(description__icontains=text) | Q(city__icontains=text))
    return qs.order_by("-is_active", "name")


def partner_history(partner: CommunityPartner) -> list[dict[str, Any]]:
    """Engagement entries and the events the partner joined, newest first."""
    history: list[dict[str, Any]] = [
        {"on": e.occurred_on, "kind": e.get_kind_display(), "summary": e.summary, "event": None}
        for e in partner.engagements.all()
    ]
    history.extend(
        {"on": timezone.localdate(event.starts_at), "kind": "Outreach event", "summary": event.title, "event": event}
        for event in partner.events.all()
    )
    return sorted(history, key=lambda h: h["on"], reverse=True)


def open_follow_ups_of(user: User) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(owner=user, done_on__isnull=True).select_related("event").order_by("due_on")[:20]
    )


# --- Library ------------------------------------------------------------------------------------------


def materials(user: User, *, kind: str = "", use: str = "") -> QuerySet[Material]:
    approved = Q(versions__status=ReviewStatus.APPROVED)
    qs = access.materials_visible_to(user).annotate(
        latest=Max("versions__number"),
        approved_number=Max("versions__number", filter=approved),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if use:
        qs = qs.filter(use=use)
    return qs.order_by("is_retired", "title")


def material_detail(material: Material, user: User) -> dict[str, Any]:
    versions = list(access.versions_visible_to(user).filter(material=material).select_related("uploaded_by"))
    approved = next((v for v in versions if v.is_approved), None)
    return {
        "versions": versions,
        "current": approved,
        "trainings": list(material.trainings.order_by("-starts_at")[:10]),
        "events": list(material.events.order_by("-starts_at")[:10]),
    }


def glossary(text: str = "") -> QuerySet[GlossaryTerm]:
    qs = GlossaryTerm.objects.all()
    if text:
        qs = qs.filter(Q(term__icontains=text) | Q(definition__icontains=text))
    return qs.order_by("term")


# --- Calendar ---------------------------------------------------------------------------------------


def upcoming(days: int = 365) -> dict[str, list[Any]]:
    horizon = timezone.now() + timedelta(days=days)
    return {
        "trainings": list(Training.objects.upcoming().filter(starts_at__lte=horizon)),
        "events": list(OutreachEvent.objects.upcoming().filter(starts_at__lte=horizon).select_related("audience")),
    }


def _window() -> tuple[Any, Any]:
    now = timezone.now()
    return now - timedelta(days=CALENDAR_PAST_DAYS), now + timedelta(days=CALENDAR_FUTURE_DAYS)


def training_entry(training: Training) -> CalendarEntry:
    return CalendarEntry(
        uid=f"training-{training.pk}@accord",
        title=f"{'CANCELLED: ' if training.is_cancelled else ''}Training: {training.title}",
        start=training.starts_at,
        end=training.ends_at,
        location=training.location,
        description=f"{training.get_session_type_display()}, {training.get_format_display().lower()}",
        url=reverse("outreach:training_detail", args=[training.pk]),
    )


def event_entry(event: OutreachEvent) -> CalendarEntry:
    return CalendarEntry(
        uid=f"outreach-event-{event.pk}@accord",
        title=f"{'CANCELLED: ' if event.is_cancelled else ''}Outreach: {event.title}",
        start=event.starts_at,
        end=event.ends_at,
        location=event.location,
        description=event.get_kind_display(),
        url=reverse("outreach:event_detail", args=[event.pk]),
    )


def training_entries(user: User) -> list[CalendarEntry]:
    """Trainings from three months back: title, time, place and a link; never attendees."""
    if not getattr(user, "is_authenticated", False):
        return []
    start, end = _window()
    return [training_entry(t) for t in Training.objects.filter(starts_at__gte=start, starts_at__lte=end)]


def event_entries(user: User) -> list[CalendarEntry]:
    if not getattr(user, "is_authenticated", False):
        return []
    start, end = _window()
    return [event_entry(e) for e in OutreachEvent.objects.filter(starts_at__gte=start, starts_at__lte=end)]


def network_members() -> QuerySet[NetworkMembership]:
    return NetworkMembership.objects.filter(status="active").select_related("organization")
