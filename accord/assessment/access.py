"""Who may do what in assessment, and turning ids from a request into objects.

- Everyone signed in sees the assessment instruments, the rounds and the partner network.
- Members answer a round for themselves and the network survey for their own organization; the auditor never
  answers (it reads only), and an account without an organization has no discipline to answer from.
- The coordinator edits instruments (a new version), opens and closes rounds and network surveys, reads the
  anonymized answers and turns an element into a governance action item.
- Results: the coordinator sees them while a round is open; everyone sees them once it is closed.
Missing and not-yours both answer 404; visible but not allowed answers 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accord.assessment.models import NetworkSurvey, Round
from accord.core.models import Role
from accord.victim_services.models import Instrument


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def is_coordinator(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.COORDINATOR)


def can_respond(user: Any) -> bool:
    """Members answer from their organization; the auditor only reads (unless also the coordinator)."""
    if not _signed_in(user) or user.organization_id is None:
        return False
    return not (user.has_role(Role.AUDITOR) and not user.has_role(Role.COORDINATOR))


def can_see_results(user: Any, round_: Round) -> bool:
    return _signed_in(user) and (not round_.is_open or is_coordinator(user))


def require_coordinator(user: Any) -> None:
    if not is_coordinator(user):
        raise PermissionDenied("Only the coordinator can do this.")


def get_instrument_for(user: Any, instrument_id: int, *, write: bool = False) -> Instrument:
    instrument = Instrument.objects.filter(pk=instrument_id, purpose=Instrument.Purpose.ASSESSMENT).first()
    if instrument is None or not _signed_in(user):
        raise Http404("No such instrument.")
    if write:
        require_coordinator(user)
    return instrument


def get_round_for(user: Any, round_id: int, *, write: bool = False) -> Round:
    round_ = Round.objects.select_related("instrument", "version").filter(pk=round_id).first()
    if round_ is None or not _signed_in(user):
        raise Http404("No such round.")
    if write:
        require_coordinator(user)
    return round_


def get_survey_for(user: Any, survey_id: int, *, write: bool = False) -> NetworkSurvey:
    survey = NetworkSurvey.objects.filter(pk=survey_id).first()
    if survey is None or not _signed_in(user):
        raise Http404("No such survey.")
    if write:
        require_coordinator(user)
    return survey
