"""Token and webhook pages. Creating a token asks for the second factor again (step-up), like other
privileged actions; its secret is shown once. Parse, access, act, render."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.api import actions
from accord.api.access import WEBHOOK_ADMINS, endpoints_of, get_endpoint_for, get_token_for, tokens_visible_to
from accord.api.forms import TokenForm, WebhookForm
from accord.api.models import WebhookDelivery
from accord.core.policy import SIGNED_IN, AuthedRequest, rule


@rule(SIGNED_IN)
def token_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(tokens_visible_to(request.user), 50).get_page(request.GET.get("page"))
    secret = request.session.pop("accord_new_api_token", None)
    return render(request, "api/token_list.html", {"page": page, "secret": secret})


@rule(SIGNED_IN)
@reauthentication_required
def token_create(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = actions.token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["accord_new_api_token"] = secret  # shown once, on the next page, then forgotten
            messages.success(request, f"Token “{token.name}” created. Copy it now: it will not be shown again.")
            return redirect("api:token_list")
    return render(request, "api/token_form.html", {"form": form})


@rule(SIGNED_IN)
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = get_token_for(request.user, token_id)
    try:
        actions.token_revoke(actor=request.user, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Token “{token.name}” revoked. It stops working now.")
    return redirect("api:token_list")


@rule(WEBHOOK_ADMINS)
def webhook_list(request: AuthedRequest) -> HttpResponse:
    endpoints = list(endpoints_of(request.user))
    deliveries = WebhookDelivery.objects.filter(endpoint__in=endpoints).select_related("endpoint")[:50]
    secret = request.session.pop("accord_new_webhook_secret", None)
    context = {"endpoints": endpoints, "deliveries": deliveries, "secret": secret}
    return render(request, "api/webhook_list.html", context)


@rule(WEBHOOK_ADMINS)
@reauthentication_required
def webhook_create(request: AuthedRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = actions.webhook_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            request.session["accord_new_webhook_secret"] = secret
            messages.success(request, "Webhook added. Copy its signing secret now: it will not be shown again.")
            return redirect("api:webhook_list")
    return render(request, "api/webhook_form.html", {"form": form})


@rule(WEBHOOK_ADMINS)
@require_POST
def webhook_disable(request: AuthedRequest, endpoint_id: int) -> HttpResponse:
    actions.webhook_disable(actor=request.user, endpoint=get_endpoint_for(request.user, endpoint_id))
    messages.success(request, "Webhook turned off. No more events are sent to it.")
    return redirect("api:webhook_list")
