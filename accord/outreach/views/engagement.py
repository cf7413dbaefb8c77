"""Awareness and outreach events (with follow-ups) and community partners (with contacts and engagement history)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.models import Term
from accord.core.policy import SIGNED_IN, AuthedRequest, rule
from accord.directory.phones import display_phone
from accord.outreach import access, actions, queries
from accord.outreach.forms import ContactForm, EngagementForm, EventForm, FollowUpForm, PartnerForm
from accord.outreach.models import (
    AUDIENCE_VOCABULARY,
    CommunityPartner,
    Engagement,
    FollowUp,
    OutreachEvent,
    PartnerContact,
    PartnerKind,
)
from accord.outreach.views._common import attempt, choice, crumbs, form_page, ics_response, page_query

FOLLOW_UP, CONTACT, ENGAGEMENT = "follow-up-%s", "contact-%s", "engagement-%s"


def _events_trail() -> list[tuple[str, str]]:
    return crumbs(("Awareness events", reverse("outreach:event_list")))


def _partners_trail() -> list[tuple[str, str]]:
    return crumbs(("Community partners", reverse("outreach:partner_list")))


# --- Events --------------------------------------------------------------------------------------------


@rule(SIGNED_IN)
def event_list(request: AuthedRequest) -> HttpResponse:
    audiences = list(Term.objects.of(AUDIENCE_VOCABULARY))
    when = choice(request, "when", ("upcoming", "past"))
    audience = choice(request, "audience", [t.code for t in audiences])
    page = Paginator(queries.events(when=when, audience=audience), 40).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": page_query(request),
        "when": when,
        "audience": audience,
        "audiences": audiences,
        "can_manage": access.can_manage_outreach(request.user),
    }
    return render(request, "outreach/event_list.html", context)


def _save_event(request: AuthedRequest, event: OutreachEvent) -> HttpResponse:
    form = EventForm(request.POST or None, instance=event)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: actions.event_save(
                actor=request.user,
                event=form.instance,
                partners=form.cleaned_data["partners"],
                member_organizations=form.cleaned_data["member_organizations"],
                materials=form.cleaned_data["materials"],
            ),
        )
    ):
        messages.success(request, f"“{event.title}” is saved.")
        return redirect("outreach:event_detail", event.pk)
    title = f"Edit “{event.title}”" if event.pk else "Record an awareness event"
    cancel = event.get_absolute_url() if event.pk else reverse("outreach:event_list")
    return form_page(request, form, title=title, trail=_events_trail(), cancel=cancel)


@rule(SIGNED_IN)
def event_create(request: AuthedRequest) -> HttpResponse:
    access.require_outreach_manager(request.user)
    event = OutreachEvent()
    if request.method == "GET":
        start = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=14)
        event.starts_at, event.ends_at = start, start + timedelta(hours=2)
    return _save_event(request, event)


@rule(SIGNED_IN)
def event_edit(request: AuthedRequest, event_id: int) -> HttpResponse:
    return _save_event(request, access.get_event_for(request.user, event_id, write=True))


def _event_page(request: AuthedRequest, event: OutreachEvent, *, status: int = 200, **forms: Any) -> HttpResponse:
    can_manage = access.can_manage_outreach(request.user)
    if can_manage:
        forms.setdefault("follow_up_form", FollowUpForm(auto_id=FOLLOW_UP))
    context = {
        "event": event,
        "can_manage": can_manage,
        "user_id": request.user.pk,
        **queries.event_detail(event, request.user),
        **forms,
    }
    return render(request, "outreach/event_detail.html", context, status=status)


@rule(SIGNED_IN)
def event_detail(request: AuthedRequest, event_id: int) -> HttpResponse:
    return _event_page(request, access.get_event_for(request.user, event_id))


@rule(SIGNED_IN)
def event_ics(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id)
    return ics_response(queries.event_entry(event), request, f"outreach-event-{event.pk}.ics")


@rule(SIGNED_IN)
@require_POST
def follow_up_add(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for(request.user, event_id, write=True)
    form = FollowUpForm(request.POST, instance=FollowUp(event=event), auto_id=FOLLOW_UP)
    if form.is_valid() and attempt(form, lambda: actions.follow_up_add(actor=request.user, follow_up=form.instance)):
        messages.success(request, f"The follow-up is on {form.instance.owner}'s home page.")
        return redirect(reverse("outreach:event_detail", args=[event.pk]) + "#follow-ups")
    return _event_page(request, event, follow_up_form=form, status=422)


@rule(SIGNED_IN)
@require_POST
def follow_up_done(request: AuthedRequest, follow_up_id: int) -> HttpResponse:
    follow_up = access.get_follow_up_for(request.user, follow_up_id, close=True)
    actions.follow_up_done(actor=request.user, follow_up=follow_up)
    if getattr(request, "htmx", False):
        return render(request, "outreach/partials/_follow_up_done.html", {"follow_up": follow_up})
    messages.success(request, f"“{follow_up.description}” is done.")
    if request.POST.get("next") == "home":
        return redirect("core:home")
    return redirect(reverse("outreach:event_detail", args=[follow_up.event_id]) + "#follow-ups")


# --- Community partners --------------------------------------------------------------------------------


@rule(SIGNED_IN)
def partner_list(request: AuthedRequest) -> HttpResponse:
    kind = choice(request, "kind", PartnerKind.values)
    text = request.GET.get("q", "").strip()[:100]
    page = Paginator(queries.partners(kind=kind, text=text), 40).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": page_query(request),
        "kind": kind,
        "text": text,
        "kinds": PartnerKind.choices,
        "can_manage": access.can_manage_outreach(request.user),
    }
    return render(request, "outreach/partner_list.html", context)


def _save_partner(request: AuthedRequest, partner: CommunityPartner) -> HttpResponse:
    form = PartnerForm(request.POST or None, instance=partner)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.partner_save(actor=request.user, partner=form.instance))
    ):
        messages.success(request, f"{partner.name} is saved.")
        return redirect("outreach:partner_detail", partner.pk)
    title = f"Edit {partner.name}" if partner.pk else "Add a community partner"
    cancel = partner.get_absolute_url() if partner.pk else reverse("outreach:partner_list")
    intro = "Groups the task force works with that are not members: members are in the directory."
    return form_page(request, form, title=title, trail=_partners_trail(), cancel=cancel, intro=intro)


@rule(SIGNED_IN)
def partner_create(request: AuthedRequest) -> HttpResponse:
    access.require_outreach_manager(request.user)
    return _save_partner(request, CommunityPartner())


@rule(SIGNED_IN)
def partner_edit(request: AuthedRequest, partner_id: int) -> HttpResponse:
    return _save_partner(request, access.get_partner_for(request.user, partner_id, write=True))


def _partner_page(
    request: AuthedRequest, partner: CommunityPartner, *, status: int = 200, **forms: Any
) -> HttpResponse:
    can_manage = access.can_manage_outreach(request.user)
    if can_manage:
        forms.setdefault("contact_form", ContactForm(auto_id=CONTACT))
        forms.setdefault(
            "engagement_form", EngagementForm(initial={"occurred_on": timezone.localdate()}, auto_id=ENGAGEMENT)
        )
    contacts = [(c, display_phone(c.phone)) for c in partner.contacts.all()]
    context = {
        "partner": partner,
        "contacts": contacts,
        "history": queries.partner_history(partner),
        "can_manage": can_manage,
        **forms,
    }
    return render(request, "outreach/partner_detail.html", context, status=status)


@rule(SIGNED_IN)
def partner_detail(request: AuthedRequest, partner_id: int) -> HttpResponse:
    return _partner_page(request, access.get_partner_for(request.user, partner_id))


@rule(SIGNED_IN)
@require_POST
def contact_add(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = access.get_partner_for(request.user, partner_id, write=True)
    form = ContactForm(request.POST, instance=PartnerContact(partner=partner), auto_id=CONTACT)
    if form.is_valid() and attempt(form, lambda: actions.contact_add(actor=request.user, contact=form.instance)):
        messages.success(request, f"{form.instance.name} is added.")
        return redirect(reverse("outreach:partner_detail", args=[partner.pk]) + "#contacts")
    return _partner_page(request, partner, contact_form=form, status=422)


@rule(SIGNED_IN)
@require_POST
def engagement_add(request: AuthedRequest, partner_id: int) -> HttpResponse:
    partner = access.get_partner_for(request.user, partner_id, write=True)
    form = EngagementForm(request.POST, instance=Engagement(partner=partner), auto_id=ENGAGEMENT)
    if form.is_valid() and attempt(form, lambda: actions.engagement_add(actor=request.user, engagement=form.instance)):
        messages.success(request, "The engagement is in the partner's history.")
        return redirect(reverse("outreach:partner_detail", args=[partner.pk]) + "#history")
    return _partner_page(request, partner, engagement_form=form, status=422)
