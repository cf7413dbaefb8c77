"""Audit rows for second-factor changes, which django-allauth reports only as signals.

(Accord's own writes never use signals; this is the one bridge to a library that offers no other hook.)
"""

from typing import Any

from allauth.mfa import signals
from django.dispatch import receiver

from accord.core import audit


@receiver(signals.authenticator_added)
def _added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit.record(verb="mfa.added", actor=user, changes={"type": authenticator.type})


@receiver(signals.authenticator_removed)
def _removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit.record(verb="mfa.removed", actor=user, changes={"type": authenticator.type})


@receiver(signals.authenticator_reset)
def _reset(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit.record(verb="mfa.reset", actor=user, changes={"type": authenticator.type})
