"""Committees, meetings (attendance, minutes, decisions, action items, papers) and the decision log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core import uploads
from accord.core.policy import COORDINATOR, SIGNED_IN, AuthedRequest, rule
from accord.governance import access, actions, queries
from accord.governance.forms import (
    ActionItemForm,
    AttendanceForm,
    CommitteeForm,
    DecisionForm,
    DecisionSearchForm,
    MeetingForm,
    PaperForm,
)
from accord.governance.models import ActionItem, Committee, Decision, Meeting
from accord.governance.views._common import attempt, form_page

# The meeting page holds four forms: distinct id prefixes keep every label tied to its own field.
ATTENDANCE, DECISION, ACTION, PAPER = "attendance-%s", "decision-%s", "action-%s", "paper-%s"


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Governance", reverse("governance:index")), *extra]


# --- Committees ------------------------------------------------------------------------------------


@rule(SIGNED_IN)
def committee_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "governance/committee_list.html",
        {"committees": queries.committees_for(request.user), "can_create": access.is_coordinator(request.user)},
    )


@rule(SIGNED_IN)
def committee_detail(request: AuthedRequest, committee_id: int) -> HttpResponse:
    committee = access.get_committee_for(request.user, committee_id)
    context = {
        "committee": committee,
        "members": list(committee.members.select_related("organization")),
        "meetings": queries.meetings_for(request.user, committee=committee)[:24],
        "can_record": access.can_record_for(request.user, committee),
    }
    return render(request, "governance/committee_detail.html", context)


def _save_committee(request: AuthedRequest, committee: Committee) -> HttpResponse:
    form = CommitteeForm(request.POST or None, instance=committee)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: actions.committee_save(
                actor=request.user, committee=form.instance, members=form.cleaned_data["members"]
            ),
        )
        if saved:
            messages.success(request, f"{committee.name} is saved.")
            if committee.admits(request.user):
                return redirect("governance:committee_detail", committee.pk)
            return redirect("governance:committee_list")
    crumbs = _crumbs(("Committees", reverse("governance:committee_list")))
    cancel = committee.get_absolute_url() if committee.pk else reverse("governance:committee_list")
    intro = (
        "A committee open only to some lanes (the law-enforcement committee: law enforcement and prosecution) is "
        "invisible to everyone else, the coordinator included unless their own organization is in one of those lanes."
    )
    title = f"Edit {committee.name}" if committee.pk else "Add a committee"
    return form_page(request, form, title=title, crumbs=crumbs, cancel=cancel, intro=intro)


@rule(COORDINATOR)
def committee_create(request: AuthedRequest) -> HttpResponse:
    return _save_committee(request, Committee())


@rule(SIGNED_IN)
def committee_edit(request: AuthedRequest, committee_id: int) -> HttpResponse:
    return _save_committee(request, access.get_committee_for(request.user, committee_id, write=True))


# --- Meetings --------------------------------------------------------------------------------------


@rule(SIGNED_IN)
def meeting_list(request: AuthedRequest) -> HttpResponse:
    when = request.GET.get("when", "") if request.GET.get("when") in ("upcoming", "past") else ""
    page = Paginator(queries.meetings_for(request.user, when=when), 40).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/meeting_list.html",
        {
            "page": page,
            "when": when,
            "query": query.urlencode(),
            "can_record": queries.can_record_any(request.user),
        },
    )


def _meeting_form(request: AuthedRequest, meeting: Meeting) -> MeetingForm:
    committees = access.recordable_committees(request.user)
    if meeting.committee and meeting.committee not in committees:
        committees.append(meeting.committee)
    return MeetingForm(
        request.POST or None,
        instance=meeting,
        committees=committees,
        whole_task_force=access.is_coordinator(request.user),
    )


def _save_meeting(request: AuthedRequest, meeting: Meeting) -> HttpResponse:
    form = _meeting_form(request, meeting)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.meeting_save(actor=request.user, meeting=form.instance))
    ):
        messages.success(request, f"“{meeting.title}” is saved.")
        return redirect("governance:meeting_detail", meeting.pk)
    crumbs = _crumbs(("Meetings", reverse("governance:meeting_list")))
    cancel = meeting.get_absolute_url() if meeting.pk else reverse("governance:meeting_list")
    title = f"Edit “{meeting.title}”" if meeting.pk else "Schedule a meeting"
    return form_page(request, form, title=title, crumbs=crumbs, cancel=cancel)


@rule(SIGNED_IN)
def meeting_create(request: AuthedRequest) -> HttpResponse:
    if not queries.can_record_any(request.user):
        raise PermissionDenied("Only the coordinator and committee chairs schedule meetings.")
    initial: dict[str, Any] = {}
    committee_id = request.GET.get("committee", "")
    if committee_id.isdigit():
        committee = access.get_committee_for(request.user, int(committee_id))
        if access.can_record_for(request.user, committee):
            initial["committee"] = committee
    meeting = Meeting(**initial)
    if request.method == "GET":
        start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
        meeting.starts_at, meeting.ends_at = start, start + timedelta(hours=1)
    return _save_meeting(request, meeting)


@rule(SIGNED_IN)
def meeting_edit(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    return _save_meeting(request, access.get_meeting_for(request.user, meeting_id, write=True))


def _meeting_page(request: AuthedRequest, meeting: Meeting, *, status: int = 200, **forms: Any) -> HttpResponse:
    can_record = access.can_record_for(request.user, meeting.committee)
    details = queries.meeting_detail(meeting)
    if can_record:
        people = queries.recordable_people(meeting.committee)
        forms.setdefault(
            "attendance_form",
            AttendanceForm(
                initial={"people": [a.person_id for a in details["attendance"]]}, people=people, auto_id=ATTENDANCE
            ),
        )
        forms.setdefault(
            "decision_form",
            DecisionForm(initial={"decided_on": timezone.localdate(meeting.starts_at)}, auto_id=DECISION),
        )
        forms.setdefault("action_form", ActionItemForm(people=people, auto_id=ACTION))
        forms.setdefault("paper_form", PaperForm(auto_id=PAPER))
    context = {
        "meeting": meeting,
        "can_record": can_record,
        "user_id": request.user.pk,
        "is_coordinator": access.is_coordinator(request.user),
        **details,
        **forms,
    }
    return render(request, "governance/meeting_detail.html", context, status=status)


@rule(SIGNED_IN)
def meeting_detail(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, meeting_id)
    actions.restricted_meeting_viewed(actor=request.user, meeting=meeting)
    return _meeting_page(request, meeting)


@rule(SIGNED_IN)
@require_POST
def meeting_attendance(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, meeting_id, write=True)
    form = AttendanceForm(request.POST, people=queries.recordable_people(None), auto_id=ATTENDANCE)
    if form.is_valid() and attempt(
        form,
        lambda: actions.meeting_set_attendance(actor=request.user, meeting=meeting, people=form.cleaned_data["people"]),
    ):
        messages.success(request, "Attendance is recorded.")
        return redirect(reverse("governance:meeting_detail", args=[meeting.pk]) + "#attendance")
    return _meeting_page(request, meeting, attendance_form=form, status=422)


@rule(SIGNED_IN)
@require_POST
def decision_add(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, meeting_id, write=True)
    form = DecisionForm(request.POST, instance=Decision(meeting=meeting), auto_id=DECISION)
    if form.is_valid() and attempt(form, lambda: actions.decision_add(actor=request.user, decision=form.instance)):
        messages.success(request, "The decision is in the log.")
        return redirect(reverse("governance:meeting_detail", args=[meeting.pk]) + "#decisions")
    return _meeting_page(request, meeting, decision_form=form, status=422)


@rule(SIGNED_IN)
@require_POST
def action_item_add(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, meeting_id, write=True)
    # Anyone may be chosen here; the action refuses people outside a restricted committee's lanes with a reason.
    form = ActionItemForm(
        request.POST, instance=ActionItem(meeting=meeting), people=queries.recordable_people(None), auto_id=ACTION
    )
    if form.is_valid() and attempt(form, lambda: actions.action_item_add(actor=request.user, item=form.instance)):
        messages.success(request, f"The action is on {form.instance.owner}'s home page.")
        return redirect(reverse("governance:meeting_detail", args=[meeting.pk]) + "#action-items")
    return _meeting_page(request, meeting, action_form=form, status=422)


@rule(SIGNED_IN)
@require_POST
def action_item_close(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access.get_action_item_for(request.user, item_id, close=True)
    actions.action_item_close(actor=request.user, item=item)
    if getattr(request, "htmx", False):
        return render(request, "governance/partials/_action_item_closed.html", {"item": item})
    messages.success(request, f"“{item.title}” is closed.")
    target = request.POST.get("next", "")
    if target in ("home", ""):
        return redirect("core:home")
    return redirect("governance:meeting_detail", item.meeting_id)


@rule(SIGNED_IN)
@require_POST
def paper_upload(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, meeting_id, write=True)
    form = PaperForm(request.POST, request.FILES, auto_id=PAPER)
    if form.is_valid() and attempt(
        form,
        lambda: actions.meeting_paper_upload(
            actor=request.user, meeting=meeting, title=form.cleaned_data["title"], upload=form.cleaned_data["document"]
        ),
    ):
        messages.success(request, "The paper is attached.")
        return redirect(reverse("governance:meeting_detail", args=[meeting.pk]) + "#papers")
    return _meeting_page(request, meeting, paper_form=form, status=422)


@rule(SIGNED_IN)
def paper_download(request: AuthedRequest, paper_id: int) -> FileResponse:
    paper = access.get_paper_for(request.user, paper_id)
    actions.document_downloaded(actor=request.user, document=paper)
    return uploads.serve(paper.storage_name, download_name=paper.original_name, content_type=paper.content_type)


@rule(SIGNED_IN)
def decision_log(request: AuthedRequest) -> HttpResponse:
    committees = list(queries.committees_for(request.user))
    form = DecisionSearchForm(request.GET or None, committees=committees)
    text, committee_id = "", None
    if form.is_valid():
        text, committee_id = form.cleaned_data["q"], form.cleaned_data["committee"]
    page = Paginator(queries.decision_log(request.user, text=text, committee_id=committee_id), 40).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "governance/decision_log.html", {"form": form, "page": page, "query": query.urlencode()})
