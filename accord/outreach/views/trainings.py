"""The overview, trainings (record, approve, attendance sheets), and the calendar of trainings and events."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.policy import SIGNED_IN, AuthedRequest, rule
from accord.directory.spreadsheet import write_csv
from accord.outreach import access, actions, imports, indicators, queries
from accord.outreach.forms import AttendanceUploadForm, ReviewForm, TrainingForm
from accord.outreach.models import SessionType, SignIn, Training
from accord.outreach.views._common import add_errors, attempt, choice, crumbs, form_page, ics_response, page_query

PERIODS = {
    "12months": ("the last 12 months", lambda: indicators.Period.last_days(365)),
    "year": ("this year so far", lambda: indicators.Period.year_to_date()),
    "24months": ("the last 24 months", lambda: indicators.Period.last_days(730)),
}


def _trail(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Trainings", reverse("outreach:training_list")), *extra)


@rule(SIGNED_IN)
def index(request: AuthedRequest) -> HttpResponse:
    """What the task force has done to train and reach people, by the indicators reporting will use."""
    key = choice(request, "period", list(PERIODS)) or "12months"
    label, make = PERIODS[key]
    period = make()
    user = request.user
    context = {
        "period": period,
        "period_key": key,
        "period_label": label,
        "periods": [(k, v[0]) for k, v in PERIODS.items()],
        "held": indicators.trainings_held(period, user),
        "trained": indicators.people_trained(period, user),
        "gain": indicators.knowledge_gain(period, user),
        "reach": indicators.outreach_reach(period, user),
        "upcoming": queries.upcoming(days=60),
        "can_manage_trainings": access.can_manage_trainings(user),
        "can_manage_outreach": access.can_manage_outreach(user),
    }
    return render(request, "outreach/index.html", context)


@rule(SIGNED_IN)
def training_list(request: AuthedRequest) -> HttpResponse:
    when = choice(request, "when", ("upcoming", "past"))
    session_type = choice(request, "session_type", SessionType.values)
    sign_in = choice(request, "sign_in", SignIn.values)
    found = queries.trainings(when=when, session_type=session_type, sign_in=sign_in)
    page = Paginator(found, 40).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": page_query(request),
        "when": when,
        "session_type": session_type,
        "sign_in": sign_in,
        "session_types": SessionType.choices,
        "sign_ins": SignIn.choices,
        "can_manage": access.can_manage_trainings(request.user),
    }
    return render(request, "outreach/training_list.html", context)


def _save_training(request: AuthedRequest, training: Training) -> HttpResponse:
    form = TrainingForm(request.POST or None, instance=training)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: actions.training_save(
                actor=request.user,
                training=form.instance,
                topics=form.cleaned_data["topics"],
                materials=form.cleaned_data["materials"],
                audience_counts=form.audience_counts(),
                trainers=form.trainer_lines(),
            ),
        )
    ):
        messages.success(request, f"“{training.title}” is saved.")
        return redirect("outreach:training_detail", training.pk)
    title = f"Edit “{training.title}”" if training.pk else "Record a training"
    cancel = training.get_absolute_url() if training.pk else reverse("outreach:training_list")
    intro = (
        "Member trainings record each attendee by name (import the sign-in sheet afterwards); trainings for "
        "professionals or the public keep counts by discipline only. The counts must add up to the total."
    )
    return form_page(
        request, form, title=title, trail=_trail(), cancel=cancel, intro=intro, template="outreach/training_form.html"
    )


@rule(SIGNED_IN)
def training_create(request: AuthedRequest) -> HttpResponse:
    access.require_training_manager(request.user)
    training = Training()
    if request.method == "GET":
        start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=7)
        training.starts_at, training.ends_at = start, start + timedelta(hours=3)
    return _save_training(request, training)


@rule(SIGNED_IN)
def training_edit(request: AuthedRequest, training_id: int) -> HttpResponse:
    return _save_training(request, access.get_training_for(request.user, training_id, write=True))


def _training_page(
    request: AuthedRequest, training: Training, *, review_form: ReviewForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    can_approve = access.can_approve(user)
    context = {
        "training": training,
        "can_manage": access.can_manage_trainings(user),
        "can_approve": can_approve,
        "committee_exists": access.training_committee_exists(),
        "review_form": review_form or (ReviewForm(auto_id="review-%s") if can_approve else None),
        **queries.training_detail(training, user),
    }
    return render(request, "outreach/training_detail.html", context, status=status)


@rule(SIGNED_IN)
def training_detail(request: AuthedRequest, training_id: int) -> HttpResponse:
    return _training_page(request, access.get_training_for(request.user, training_id))


@rule(SIGNED_IN)
@require_POST
def training_review(request: AuthedRequest, training_id: int) -> HttpResponse:
    training = access.get_training_for(request.user, training_id)
    form = ReviewForm(request.POST, auto_id="review-%s")
    if form.is_valid() and attempt(
        form,
        lambda: actions.training_review(
            actor=request.user,
            training=training,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, f"“{training.title}” is {training.get_approval_display().lower()}.")
        return redirect("outreach:training_detail", training.pk)
    return _training_page(request, training, review_form=form, status=422)


@rule(SIGNED_IN)
def training_ics(request: AuthedRequest, training_id: int) -> HttpResponse:
    training = access.get_training_for(request.user, training_id)
    return ics_response(queries.training_entry(training), request, f"training-{training.pk}.ics")


# --- Attendance sheets --------------------------------------------------------------------------------


@rule(SIGNED_IN)
def attendance_upload(request: AuthedRequest, training_id: int) -> HttpResponse:
    training = access.get_training_for(request.user, training_id, write=True)
    form = AttendanceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > imports.MAX_BYTES:
                raise ValidationError({"file": f"The file is {upload.size / 1_048_576:.1f} MB; the limit is 5 MB."})
            batch, _plan = actions.attendance_import_upload(
                actor=request.user, training=training, filename=upload.name or "sheet", content=upload.read()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("outreach:attendance_preview", batch.pk)
    context = {
        "form": form,
        "training": training,
        "columns": imports.COLUMNS,
        "crumbs": _trail((training.title, training.get_absolute_url())),
    }
    return render(request, "outreach/attendance_upload.html", context, status=422 if form.errors else 200)


@rule(SIGNED_IN)
def attendance_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(write_csv([], imports.COLUMNS), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attendance-sheet-template.csv"'
    return response


@rule(SIGNED_IN)
def attendance_preview(request: AuthedRequest, import_id: int) -> HttpResponse:
    batch = access.get_import_for(request.user, import_id)
    context = {
        "batch": batch,
        "training": batch.training,
        "plan": queries.import_preview_rows(batch),
        "crumbs": _trail((batch.training.title, batch.training.get_absolute_url())),
    }
    return render(request, "outreach/attendance_preview.html", context)


@rule(SIGNED_IN)
@require_POST
def attendance_apply(request: AuthedRequest, import_id: int) -> HttpResponse:
    batch = access.get_import_for(request.user, import_id)
    try:
        plan = actions.attendance_import_apply(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("outreach:attendance_preview", batch.pk)
    counts = plan.counts()
    messages.success(
        request,
        f"The attendance sheet is imported: {counts['add'] + counts['count']} row"
        f"{'s' if counts['add'] + counts['count'] != 1 else ''} recorded.",
    )
    return redirect("outreach:training_detail", batch.training_id)


@rule(SIGNED_IN)
@require_POST
def attendee_remove(request: AuthedRequest, attendee_id: int) -> HttpResponse:
    attendee = access.get_attendee_for(request.user, attendee_id, write=True)
    training_id = attendee.training_id
    actions.attendee_remove(actor=request.user, attendee=attendee)
    messages.success(request, "The attendee is removed, with their scores and any certification it gave.")
    return redirect(reverse("outreach:training_detail", args=[training_id]) + "#attendees")


@rule(SIGNED_IN)
def calendar(request: AuthedRequest) -> HttpResponse:
    return render(request, "outreach/calendar.html", queries.upcoming(days=365))
