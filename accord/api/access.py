"""Who reaches which token and webhook: a person their own tokens; an organization administrator (and the
coordinator, who administers every account) the tokens of the accounts they administer; an organization's
administrator its webhooks. Everything else answers 404, as missing."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accord.api.models import ApiToken, WebhookEndpoint
from accord.core.models import Role, User
from accord.core.policy import roles

WEBHOOK_ADMINS = roles(Role.ORG_ADMIN)


def tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    managed = User.objects.administered_by(user).values("pk")
    return ApiToken.objects.filter(Q(user=user) | Q(user__in=managed)).select_related("user", "revoked_by")


def get_token_for(user: User, token_id: int) -> ApiToken:
    token = tokens_visible_to(user).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token.")
    return token


def endpoints_of(user: User) -> QuerySet[WebhookEndpoint]:
    if not user.has_role(Role.ORG_ADMIN) or not user.organization_id:
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(organization_id=user.organization_id)


def get_endpoint_for(user: User, endpoint_id: int) -> WebhookEndpoint:
    endpoint = endpoints_of(user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404("No such webhook.")
    return endpoint
