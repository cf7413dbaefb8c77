"""Who may reach each referral URL: the two organizations of a referral (VSP B sends to partner C here);
everyone else gets 404 for a referral, and the auditor, who refers nobody, gets 403 on every page."""

from accord.core.matrix import FORBIDDEN, LOGIN, NOT_FOUND, Row, only
from accord.victim_services.tests import factories as f

WORKERS = ("investigator", "advocate", "vsp_admin", "member", "coordinator")
BOTH_SIDES = ("advocate", "vsp_admin", "member")


def sides(sender: int, recipient: int) -> dict[str, int]:
    return {
        **only(404, *WORKERS),
        "advocate": sender,
        "vsp_admin": sender,
        "member": recipient,
        "auditor": FORBIDDEN,
    }


def _sent(p):
    return {"referral_id": f.referral(p).pk}


def _draft(p):
    return {"referral_id": f.referral(p, state="draft").pk}


def _create_data(p):
    return {
        "recipient": f.other_org().pk,
        "need": f.category().pk,
        "urgency": "soon",
        "age_band": "25-34",
        "gender": "female",
        "language": "es",
        "family": "alone",
        "trafficking_type": "labor",
        "details": "Needs a T-visa consultation.",
        "send": "1",
    }


ROWS = [
    Row("referrals:list", only(200, *WORKERS)),
    Row("referrals:list", only(200, *WORKERS), query="box=received&state=sent", note="filtered"),
    Row("referrals:find", only(200, *WORKERS)),
    Row("referrals:find", only(200, *WORKERS), query=None or "", note="empty form"),
    Row("referrals:create", only(200, *WORKERS)),
    Row("referrals:create", only(302, *WORKERS), method="POST", data=_create_data),
    Row("referrals:detail", sides(200, 200), kwargs=_sent),
    Row("referrals:detail", sides(200, 404), kwargs=_draft, note="a draft is the sender's own"),
    Row("referrals:edit", sides(200, 404), kwargs=_draft),
    Row("referrals:move", sides(302, 302), kwargs=lambda p: {**_sent(p), "action": "accept"}, method="GET"),
    Row(
        "referrals:move",
        sides(403, 302),
        method="POST",
        kwargs=lambda p: {**_sent(p), "action": "accept"},
        data=lambda p: {"expected_version": 1},
        note="only the recipient accepts",
    ),
    Row(
        "referrals:move",
        sides(302, 404),
        method="POST",
        kwargs=lambda p: {**_draft(p), "action": "send"},
        data=lambda p: {"expected_version": 1},
    ),
]

__all__ = ["BOTH_SIDES", "FORBIDDEN", "LOGIN", "NOT_FOUND", "ROWS"]
