"""Who may reach each API URL, signed in through the session (the token path gets the same answers:
``test_api_matrix_with_tokens``). Anonymous callers get 401 on /api/v1/ and the sign-in page elsewhere.

POST rows send a form, which the API refuses with 415 only after the access policy and the object's access
function let the caller through: 415 here means "reached the action", 403/404 mean "stopped before it".
"""

from accord.core.matrix import FORBIDDEN, NOT_FOUND, Row, everyone, only
from accord.governance.tests import factories as governance
from accord.investigations.tests import factories as investigations
from accord.outreach.tests import factories as outreach
from accord.reporting.models import Scope as PackScope
from accord.reporting.tests import factories as reporting
from accord.victim_services.tests import factories as f

UNAUTHENTICATED = 401
UNSUPPORTED = 415
WORKERS = ("investigator", "advocate", "vsp_admin", "member", "coordinator")


def api_everyone(status: int = 200) -> dict[str, int]:
    return everyone(status, anonymous=UNAUTHENTICATED)


def api_only(status: int, *allowed: str, others: int = FORBIDDEN) -> dict[str, int]:
    return only(status, *allowed, others=others, anonymous=UNAUTHENTICATED)


def referral_sides(sender: int, recipient: int) -> dict[str, int]:
    return {**api_only(NOT_FOUND, *WORKERS), "advocate": sender, "vsp_admin": sender, "member": recipient}


def _sent(p):
    return {"referral_id": f.referral(p).pk}


def _draft(p):
    return {"referral_id": f.referral(p, state="draft").pk}


def _token(p):
    from accord.api.tests.helpers import token_for

    token_for(p.advocate)
    from accord.api.models import ApiToken

    return {"token_id": ApiToken.objects.get(user=p.advocate).pk}


def _endpoint(p):
    from accord.api.models import WebhookEndpoint

    endpoint = WebhookEndpoint.objects.create(
        organization=p.vsp_b,
        url="https://example.invalid/hook",
        secret="s",
        events=["referral.sent"],
        created_by=p.vsp_admin,
    )
    return {"endpoint_id": endpoint.pk}


def _offering(p):
    from accord.directory.tests import factories as directory

    return {"offering_id": directory.offering(p.vsp_b).pk}


def _investigation(p):
    return {"investigation_id": investigations.investigation(p.agency_a, by=p.investigator).pk}


ROWS = [
    # Pages: tokens, webhooks, documentation.
    Row("api:token_list", everyone(200)),
    Row("api:token_create", everyone(200)),
    Row(
        "api:token_create",
        everyone(302),
        method="POST",
        data=lambda p: {"name": "sync", "scopes": ["referrals:read"], "days": 7},
    ),
    Row(
        "api:token_revoke",
        {**only(NOT_FOUND, *WORKERS, "auditor"), "advocate": 302, "vsp_admin": 302, "coordinator": 302},
        method="POST",
        kwargs=_token,
        note="the holder, their org admin, the coordinator",
    ),
    Row("api:webhook_list", only(200, "vsp_admin")),
    Row("api:webhook_create", only(200, "vsp_admin")),
    Row(
        "api:webhook_create",
        only(302, "vsp_admin"),
        method="POST",
        data=lambda p: {"url": "https://example.invalid/hook", "events": ["referral.sent"]},
    ),
    Row("api:webhook_disable", only(302, "vsp_admin"), method="POST", kwargs=_endpoint),
    Row("api:schema", everyone(200)),
    Row("api:docs", everyone(200)),
    # /api/v1/: referrals.
    Row("api:referral_list", api_only(200, *WORKERS)),
    Row("api:referral_list", api_only(UNSUPPORTED, *WORKERS), method="POST", data=lambda p: {"need": 1}),
    Row("api:referral_detail", referral_sides(200, 200), kwargs=_sent),
    Row("api:referral_detail", referral_sides(200, NOT_FOUND), kwargs=_draft, note="a draft is the sender's"),
    Row("api:referral_send", referral_sides(UNSUPPORTED, NOT_FOUND), method="POST", kwargs=_draft),
    Row("api:referral_accept", referral_sides(FORBIDDEN, UNSUPPORTED), method="POST", kwargs=_sent),
    Row("api:referral_decline", referral_sides(FORBIDDEN, UNSUPPORTED), method="POST", kwargs=_sent),
    Row("api:referral_complete", referral_sides(FORBIDDEN, UNSUPPORTED), method="POST", kwargs=_sent),
    Row("api:referral_withdraw", referral_sides(UNSUPPORTED, FORBIDDEN), method="POST", kwargs=_sent),
    # Victim services: the consent wall.
    Row(
        "api:client_services",
        api_only(UNSUPPORTED, "advocate", "vsp_admin", others=NOT_FOUND),
        method="POST",
        kwargs=lambda p: {"client_id": f.client(p).pk},
    ),
    Row(
        "api:client_services",
        api_only(200, "advocate", "vsp_admin", others=NOT_FOUND),
        kwargs=lambda p: {"client_id": f.client(p).pk},
    ),
    # Directory.
    Row("api:organization_list", api_everyone()),
    Row("api:organization_detail", api_everyone(), kwargs=lambda p: {"organization_id": p.vsp_b.pk}),
    Row("api:offering_detail", api_everyone(), kwargs=_offering),
    Row(
        "api:offering_availability",
        api_only(UNSUPPORTED, "vsp_admin", "coordinator"),
        method="POST",
        kwargs=_offering,
    ),
    Row("api:find_help", api_everyone(), query="service=1"),
    Row("api:find_help", api_everyone(400), note="no service"),
    # Governance.
    Row("api:meeting_list", api_everyone()),
    Row("api:meeting_detail", api_everyone(), kwargs=lambda p: {"meeting_id": governance.tf_meeting(p).pk}),
    Row("api:action_item_list", api_everyone()),
    Row(
        "api:action_item_close",
        {**api_only(FORBIDDEN, *WORKERS, "auditor"), "member": 200, "coordinator": 200},
        method="POST",
        kwargs=lambda p: {"item_id": governance.action_item(governance.tf_meeting(p), p.member).pk},
        note="its owner or the coordinator",
    ),
    Row("api:agreement_list", api_everyone()),
    Row("api:agreement_detail", api_everyone(), kwargs=lambda p: {"agreement_id": governance.agreement(p).pk}),
    # Investigations and deconfliction: law-enforcement case staff; to everyone else they do not exist.
    Row("api:investigation_list", api_only(200, "investigator", others=NOT_FOUND)),
    Row("api:investigation_detail", api_only(200, "investigator", others=NOT_FOUND), kwargs=_investigation),
    Row("api:hit_list", api_only(200, "investigator", others=NOT_FOUND)),
    Row("api:target_list", api_only(200, "investigator", others=NOT_FOUND)),
    # Outreach.
    Row("api:training_list", api_everyone()),
    Row("api:training_detail", api_everyone(), kwargs=lambda p: {"training_id": outreach.training(p).pk}),
    # Reporting: figures as the dashboards show them; a generated pack is its requester's (and the coordinator's,
    # for the task force), 404 for everyone else, as on its page.
    Row("api:reporting_figures", api_everyone()),
    Row("api:reporting_figures", api_everyone(), query="period=2025-H2&scope=organization", note="own organization"),
    Row("api:reporting_figures", api_everyone(400), query="period=2025-Q9", note="bad period"),
    Row("api:indicator_list", api_everyone()),
    Row("api:pack_template_list", api_everyone()),
    Row(
        "api:pack_generate",
        api_everyone(UNSUPPORTED),
        method="POST",
        kwargs=lambda p: {"template_id": reporting.template().pk},
    ),
    Row("api:pack_generate", api_everyone(NOT_FOUND), method="POST", kwargs=lambda p: {"template_id": 999999}),
    Row(
        "api:pack_detail",
        api_only(200, "coordinator", others=NOT_FOUND),
        kwargs=lambda p: {"pack_id": reporting.pack(p).pk},
        note="a task-force pack: its requester and the coordinator",
    ),
    Row(
        "api:pack_detail",
        api_only(200, "advocate", others=NOT_FOUND),
        kwargs=lambda p: {"pack_id": reporting.pack(p, user=p.advocate, scope=PackScope.ORGANIZATION).pk},
        note="an organization's pack: its requester only",
    ),
    # Exports.
    Row("api:export_hsds", api_everyone()),
    Row("api:export_link_entities", api_only(200, "investigator", others=NOT_FOUND), query="purpose=analysis"),
    Row("api:export_link_entities", api_only(400, "investigator", others=NOT_FOUND), note="no purpose"),
    Row("api:export_link_links", api_only(200, "investigator", others=NOT_FOUND), query="purpose=analysis"),
    Row("api:export_calendar", api_everyone()),
    Row("api:unknown", dict.fromkeys(everyone(), NOT_FOUND)),
]
