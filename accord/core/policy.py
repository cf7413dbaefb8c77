"""The access policy: every view declares who may reach it; a view without a rule is refused.

Function-level rules live here (who may open a page at all). Object-level rules (which
records) live in each app's ``access.py`` and ``queries.py``. A superuser flag grants nothing:
rules look only at roles and lanes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.http import HttpRequest

from accord.core.models import Lane, Role, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

V = TypeVar("V", bound=Callable[..., Any])


class AuthedRequest(HttpRequest):
    """A request that passed a rule requiring sign-in: ``request.user`` is an Accord account."""

    user: User


@dataclass(frozen=True)
class Rule:
    """Who may reach a view. ``roles``/``lanes`` empty means any signed-in user."""

    name: str
    anonymous: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    lanes: frozenset[str] = field(default_factory=frozenset)
    mfa_exempt: bool = False

    def permits(self, user: User | AnonymousUser) -> bool:
        if self.anonymous:
            return True
        if not user.is_authenticated:
            return False
        if self.roles and not user.has_role(*self.roles):
            return False
        return not (self.lanes and user.lane not in self.lanes)


PUBLIC = Rule("public", anonymous=True, mfa_exempt=True)
SIGNED_IN = Rule("signed in")
# Pages a signed-in user without a second factor still needs: setting one up, and signing out.
SIGNED_IN_MFA_SETUP = Rule("signed in, second factor being set up", mfa_exempt=True)


def roles(*allowed: str) -> Rule:
    return Rule("roles: " + ", ".join(sorted(allowed)), roles=frozenset(allowed))


def lanes(*allowed: str) -> Rule:
    return Rule("lanes: " + ", ".join(sorted(allowed)), lanes=frozenset(allowed))


USER_ADMINS = roles(Role.COORDINATOR, Role.ORG_ADMIN)
COORDINATOR = roles(Role.COORDINATOR)
AUDITOR = roles(Role.AUDITOR)
ACCESS_REVIEWERS = roles(Role.COORDINATOR, Role.AUDITOR, Role.ORG_ADMIN)
LAW_ENFORCEMENT = lanes(Lane.LAW_ENFORCEMENT)


def rule(access_rule: Rule) -> Callable[[V], V]:
    """Attach an access rule to a view function or class."""

    def attach(view: V) -> V:
        view.access_rule = access_rule  # type: ignore[attr-defined]
        return view

    return attach


# Views of installed libraries, by URL name. Anything not listed here and carrying no rule is refused.
LIBRARY_RULES: dict[str, Rule] = {
    "account_login": PUBLIC,
    "account_logout": SIGNED_IN_MFA_SETUP,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    "account_change_password": SIGNED_IN,
    "account_reauthenticate": SIGNED_IN_MFA_SETUP,
    "account_inactive": PUBLIC,
    "mfa_authenticate": PUBLIC,  # the second step of login: the user is not signed in yet
    "mfa_reauthenticate": SIGNED_IN,
    "mfa_index": SIGNED_IN_MFA_SETUP,
    "mfa_activate_totp": SIGNED_IN_MFA_SETUP,
    "mfa_deactivate_totp": SIGNED_IN,
    "mfa_view_recovery_codes": SIGNED_IN_MFA_SETUP,
    "mfa_generate_recovery_codes": SIGNED_IN_MFA_SETUP,
    "mfa_download_recovery_codes": SIGNED_IN_MFA_SETUP,
    "mfa_list_webauthn": SIGNED_IN,
    "mfa_add_webauthn": SIGNED_IN,
    "mfa_remove_webauthn": SIGNED_IN,
    "mfa_edit_webauthn": SIGNED_IN,
    "mfa_reauthenticate_webauthn": SIGNED_IN,
}


def rule_for(view_func: Callable[..., Any], url_name: str | None) -> Rule | None:
    found = getattr(view_func, "access_rule", None)
    if found is None and hasattr(view_func, "view_class"):
        found = getattr(view_func.view_class, "access_rule", None)
    if found is None and url_name:
        found = LIBRARY_RULES.get(url_name)
    return found
