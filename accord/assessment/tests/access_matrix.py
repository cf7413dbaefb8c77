"""Who may reach each assessment URL.

Everyone signed in reads the instruments, rounds, closed rounds' results and the partner network. Members
(everyone with an organization except the auditor) answer rounds and the network survey. The coordinator edits
instruments, opens and closes rounds and surveys, reads open rounds' results and the anonymized answers, and
turns an element into an action item. Unknown ids answer 404.
"""

from accord.assessment.tests import factories as f
from accord.core.matrix import FORBIDDEN, Row, everyone, only

RESPONDENTS = ("investigator", "advocate", "vsp_admin", "member", "coordinator")


def _instrument(p):
    return {"instrument_id": f.roadmap().pk}


def _open_round(p):
    return {"round_id": f.open_round(p).pk}


def _closed_round(p):
    return {"round_id": f.closed_round(p).pk}


def _missing_round(p):
    return {"round_id": 999_999}


def _low_element(p):
    f.meeting()
    round_ = f.closed_round(p, stage=1)
    return {"round_id": round_.pk, "question_id": f.questions(round_)[0].pk}


def _survey(p):
    return {"survey_id": f.survey(p).pk}


def _answers(p):
    from accord.assessment.models import Round

    round_ = Round.objects.open().get()
    return {f"q{q.pk}": "3" for q in f.questions(round_)}


def _ratings(p):
    return {f"f{p.agency_a.pk}": "3", f"t{p.agency_a.pk}": "4", f"v{p.agency_a.pk}": "5"}


ROWS = [
    Row("assessment:index", everyone()),
    Row("assessment:instrument_detail", everyone(), kwargs=_instrument),
    Row("assessment:instrument_edit", only(200, "coordinator"), kwargs=_instrument),
    Row(
        "assessment:instrument_edit",
        only(400, "coordinator"),
        method="POST",
        kwargs=_instrument,
        data=lambda p: {"notes": "No change"},
        note="nothing changed",
    ),
    Row(
        "assessment:round_open",
        only(302, "coordinator"),
        method="POST",
        kwargs=_instrument,
        data=lambda p: {"title": "Autumn round"},
    ),
    Row("assessment:round_detail", everyone(), kwargs=_open_round),
    Row("assessment:round_detail", everyone(404), kwargs=_missing_round, note="missing"),
    Row(
        "assessment:round_detail",
        {**only(302, *RESPONDENTS), "auditor": FORBIDDEN},
        method="POST",
        kwargs=_open_round,
        data=_answers,
    ),
    Row("assessment:round_close", only(302, "coordinator"), method="POST", kwargs=_open_round),
    Row("assessment:round_results", everyone(), kwargs=_closed_round),
    Row("assessment:round_results", only(200, "coordinator"), kwargs=_open_round, note="open round"),
    Row("assessment:round_responses", only(200, "coordinator"), kwargs=_closed_round),
    Row("assessment:action_propose", only(302, "coordinator"), method="POST", kwargs=_low_element),
    Row("assessment:network", everyone()),
    Row("assessment:network", everyone(), query="period=1", note="period before"),
    Row(
        "assessment:network_survey_open",
        only(302, "coordinator"),
        method="POST",
        data=lambda p: {"title": "Network 2026"},
    ),
    Row("assessment:network_survey_respond", {**only(200, *RESPONDENTS), "auditor": FORBIDDEN}, kwargs=_survey),
    Row(
        "assessment:network_survey_respond",
        {**only(302, *RESPONDENTS), "auditor": FORBIDDEN},
        method="POST",
        kwargs=_survey,
        data=_ratings,
    ),
    Row("assessment:network_survey_close", only(302, "coordinator"), method="POST", kwargs=_survey),
]
