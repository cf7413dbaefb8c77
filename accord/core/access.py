"""Turning ids from a request into core objects, for the people allowed to see them.

"Missing" and "not yours" both answer 404, so no one learns what exists outside their reach.
"""

from __future__ import annotations

from django.http import Http404

from accord.core.models import Organization, User


def get_managed_user_for(actor: User, user_id: int) -> User:
    """An account the actor administers (coordinator: all; org admin: own organization)."""
    user = User.objects.administered_by(actor).with_roles().filter(pk=user_id).first()
    if user is None:
        raise Http404("No such account.")
    return user


def get_organization_for(actor: User, organization_id: int) -> Organization:
    """Organizations are public within the task force: every member may read any of them."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise Http404("No such organization.")
    return organization
