"""The overview, the charter (with leadership, history, goals and objectives) and the calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core import calendar
from accord.core.models import TaskForce
from accord.core.policy import COORDINATOR, PUBLIC, SIGNED_IN, AuthedRequest, rule
from accord.governance import access, actions, queries
from accord.governance.forms import CharterForm, GoalForm, LeaderForm, ObjectiveForm
from accord.governance.models import CalendarFeedToken, Goal, Leader, Objective
from accord.governance.views._common import attempt, form_page

CHARTER = ("Charter", "governance:charter")


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Governance", reverse("governance:index")), *extra]


@rule(SIGNED_IN)
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    steps = queries.formation_steps()
    context = {
        "charter": actions.current_charter(),
        "upcoming": queries.meetings_for(user, when="upcoming")[:5],
        "my_items": queries.open_action_items_of(user),
        "steps": steps,
        "steps_done": sum(1 for s in steps if s.is_done),
        "is_coordinator": access.is_coordinator(user),
    }
    return render(request, "governance/index.html", context)


@rule(SIGNED_IN)
def charter(request: AuthedRequest) -> HttpResponse:
    current = actions.current_charter()
    context = {
        "charter": current,
        "can_edit": access.is_coordinator(request.user),
        **queries.charter_with_goals(current),
    }
    return render(request, "governance/charter.html", context)


@rule(COORDINATOR)
def charter_edit(request: AuthedRequest) -> HttpResponse:
    current = actions.current_charter()
    form = CharterForm(request.POST or None, instance=current)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: actions.charter_update(
                actor=request.user, charter=form.instance, summary=form.cleaned_data["summary"]
            ),
        )
    ):
        messages.success(request, "The charter is saved; the change is in its history.")
        return redirect("governance:charter")
    return form_page(
        request,
        form,
        title="Edit the charter",
        crumbs=_crumbs(("Charter", reverse("governance:charter"))),
        cancel=reverse("governance:charter"),
    )


@rule(COORDINATOR)
def leader_add(request: AuthedRequest) -> HttpResponse:
    leader = Leader(charter=actions.current_charter())
    form = LeaderForm(request.POST or None, instance=leader)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.leader_add(actor=request.user, leader=form.instance))
    ):
        messages.success(request, f"{leader.person} is now {leader.get_role_display().lower()}.")
        return redirect("governance:charter")
    return form_page(
        request,
        form,
        title="Add a leader",
        crumbs=_crumbs(("Charter", reverse("governance:charter"))),
        cancel=reverse("governance:charter"),
    )


@rule(COORDINATOR)
@require_POST
def leader_remove(request: AuthedRequest, leader_id: int) -> HttpResponse:
    leader = access.get_leader_for(request.user, leader_id, write=True)
    actions.leader_remove(actor=request.user, leader=leader)
    messages.success(request, f"{leader.person} no longer holds the role of {leader.get_role_display().lower()}.")
    return redirect("governance:charter")


def _save_goal(request: AuthedRequest, goal: Goal) -> HttpResponse:
    form = GoalForm(request.POST or None, instance=goal)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.goal_save(actor=request.user, goal=form.instance))
    ):
        messages.success(request, f"Goal “{goal.title}” is saved.")
        return redirect("governance:charter")
    return form_page(
        request,
        form,
        title=f"Edit goal “{goal.title}”" if goal.pk else "Add a goal",
        crumbs=_crumbs(("Charter", reverse("governance:charter"))),
        cancel=reverse("governance:charter"),
    )


@rule(COORDINATOR)
def goal_create(request: AuthedRequest) -> HttpResponse:
    return _save_goal(request, Goal(charter=actions.current_charter()))


@rule(COORDINATOR)
def goal_edit(request: AuthedRequest, goal_id: int) -> HttpResponse:
    return _save_goal(request, access.get_goal_for(request.user, goal_id, write=True))


def _save_objective(request: AuthedRequest, objective: Objective) -> HttpResponse:
    form = ObjectiveForm(request.POST or None, instance=objective)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.objective_save(actor=request.user, objective=form.instance))
    ):
        messages.success(request, "The objective is saved.")
        return redirect("governance:charter")
    return form_page(
        request,
        form,
        title="Edit the objective" if objective.pk else f"Add an objective to “{objective.goal.title}”",
        crumbs=_crumbs(("Charter", reverse("governance:charter"))),
        cancel=reverse("governance:charter"),
        intro="A SMART objective: specific, measurable (a measure and a target), achievable, relevant and "
        "time-bound (a due date), with one owner. Link an indicator code to let its progress follow the records.",
    )


@rule(COORDINATOR)
def objective_create(request: AuthedRequest, goal_id: int) -> HttpResponse:
    goal = access.get_goal_for(request.user, goal_id, write=True)
    return _save_objective(request, Objective(goal=goal))


@rule(COORDINATOR)
def objective_edit(request: AuthedRequest, objective_id: int) -> HttpResponse:
    return _save_objective(request, access.get_objective_for(request.user, objective_id, write=True))


# --- Calendar feed -------------------------------------------------------------------------------------


@rule(SIGNED_IN)
def calendar_settings(request: AuthedRequest) -> HttpResponse:
    """Create or reset (POST action=reset) or turn off (action=revoke) the person's secret feed URL."""
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            actions.calendar_token_revoke(actor=request.user)
            messages.success(request, "Your calendar link is turned off. Calendars using it stop updating.")
            return redirect("governance:calendar")
        token = actions.calendar_token_reset(actor=request.user)
        feed_url = request.build_absolute_uri(reverse("governance:calendar_feed", args=[token]))
    token_row = CalendarFeedToken.objects.filter(user=request.user).first()
    return render(request, "governance/calendar.html", {"feed_url": feed_url, "token": token_row})


@rule(PUBLIC)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics feed: no session (calendar apps cannot sign in); the secret token is the only key."""
    user = actions.calendar_feed_open(token=token)
    if user is None:
        raise Http404("No such calendar.")
    name = f"{TaskForce.current().short_name or TaskForce.current().name} — Accord"
    body = calendar.render_for(user, name=name, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="accord.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
