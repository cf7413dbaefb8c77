"""Who may reach each core URL. Personas: see accord.core.testing."""

from accord.core.matrix import FORBIDDEN, LOGIN, NOT_FOUND, Row, everyone, only, public

ADMINS = ("coordinator", "vsp_admin")


def _member_id(p):  # the partner member: managed by the coordinator, outside the VSP admin's organization
    return {"user_id": p.member.pk}


def _advocate_id(p):  # in VSP B: managed by the coordinator and by VSP B's admin
    return {"user_id": p.advocate.pk}


def _term_id(p):
    from accord.core.models import Term

    return {"code": "polaris-type", "term_id": Term.objects.of("polaris-type").first().pk}


ROWS = [
    Row("core:home", everyone()),
    Row("core:healthz", public()),
    Row("core:my_account", everyone()),
    Row(
        "core:my_account",
        everyone(302),
        method="POST",
        data=lambda p: {
            "first_name": "New",
            "last_name": "Name",
            "email": "new@example.invalid",
            "title": "",
            "phone": "",
        },
    ),
    Row("core:people_list", only(200, *ADMINS)),
    Row("core:person_invite", only(200, *ADMINS)),
    Row(
        "core:person_invite",
        only(302, *ADMINS),
        method="POST",
        data=lambda p: {
            "organization": p.vsp_b.pk,
            "first_name": "Ana",
            "last_name": "Ruiz",
            "username": "aruiz",
            "email": "aruiz@example.invalid",
            "roles": ["advocate"],
        },
        note="the VSP admin invites into VSP B; the coordinator may invite anywhere",
    ),
    Row("core:access_review", only(200, *ADMINS, "auditor")),
    Row(
        "core:access_review",
        only(200, *ADMINS, "auditor"),
        query="inactive_days=30",
        note="filtered",
    ),
    Row("core:access_review_csv", only(200, *ADMINS, "auditor")),
    Row("core:person_detail", only(200, *ADMINS), kwargs=_advocate_id),
    Row(
        "core:person_detail",
        {**only(200, "coordinator"), "vsp_admin": NOT_FOUND},
        kwargs=_member_id,
        note="an org admin cannot see accounts of other organizations: 404, not 403",
    ),
    Row(
        "core:person_roles",
        only(302, *ADMINS),
        method="POST",
        kwargs=_advocate_id,
        data=lambda p: {"roles": ["advocate", "supervisor"]},
    ),
    Row(
        "core:person_roles",
        {**only(302, "coordinator"), "vsp_admin": NOT_FOUND},
        method="POST",
        kwargs=_member_id,
        data=lambda p: {"roles": ["member"]},
    ),
    Row(
        "core:person_details",
        only(302, *ADMINS),
        method="POST",
        kwargs=_advocate_id,
        data=lambda p: {"title": "Advocate", "is_contractor": "on"},
    ),
    Row(
        "core:person_details",
        {**only(302, "coordinator"), "vsp_admin": NOT_FOUND},
        method="POST",
        kwargs=_member_id,
        data=lambda p: {"title": ""},
    ),
    Row(
        "core:person_account_action",
        only(302, *ADMINS),
        method="POST",
        kwargs=lambda p: {"user_id": p.advocate.pk, "action": "unlock"},
    ),
    Row(
        "core:person_account_action",
        {**only(302, "coordinator"), "vsp_admin": NOT_FOUND},
        method="POST",
        kwargs=lambda p: {"user_id": p.member.pk, "action": "deactivate"},
    ),
    Row("core:invitation_accept", public(404), kwargs=lambda p: {"token": "no-such-token"}),
    Row("core:organization_list", everyone()),
    Row("core:organization_detail", everyone(), kwargs=lambda p: {"organization_id": p.vsp_b.pk}),
    Row("core:organization_detail", everyone(404), kwargs=lambda p: {"organization_id": 999999}),
    Row("core:organization_create", only(200, "coordinator")),
    Row(
        "core:organization_create",
        only(302, "coordinator"),
        method="POST",
        data=lambda p: {
            "name": "New Org",
            "sector": "health",
            "lane": "partner",
            "jurisdiction_level": "local",
            "is_active": "on",
        },
    ),
    Row(
        "core:organization_edit",
        only(200, "coordinator"),
        kwargs=lambda p: {"organization_id": p.partner_c.pk},
    ),
    Row("core:task_force_settings", only(200, "coordinator")),
    Row(
        "core:task_force_settings",
        only(302, "coordinator"),
        method="POST",
        data=lambda p: {"name": "Renamed", "short_name": "", "region": "", "suppression_threshold": 11},
    ),
    Row("core:vocabulary_list", only(200, "coordinator")),
    Row("core:vocabulary_detail", only(200, "coordinator"), kwargs=lambda p: {"code": "polaris-type"}),
    Row("core:vocabulary_detail", {**only(404, "coordinator")}, kwargs=lambda p: {"code": "no-such-list"}),
    Row(
        "core:vocabulary_detail",
        only(302, "coordinator"),
        method="POST",
        kwargs=lambda p: {"code": "polaris-type"},
        data=lambda p: {
            "code": "polaris-26",
            "label": "New type",
            "definition": "",
            "sort_order": 260,
            "is_active": "on",
        },
    ),
    Row("core:term_edit", only(200, "coordinator"), kwargs=_term_id),
    Row("core:audit_list", only(200, "auditor")),
    Row("core:audit_export", only(200, "auditor")),
    # django-allauth pages Accord mounts.
    Row(
        "account_login",
        {**public(200), **{n: 302 for n in everyone() if n != "anonymous"}},
        note="a signed-in person is sent on to their home page",
    ),
    Row("account_logout", everyone(302, anonymous=302), method="POST"),
    Row("account_inactive", public(200)),
    Row("account_reauthenticate", everyone(302), note="with a second factor set up, step-up asks for it instead"),
    Row("account_change_password", everyone(200)),
    Row("account_reset_password", public(200)),
    Row("account_reset_password_done", public(200)),
    Row("account_reset_password_from_key", public(200), kwargs=lambda p: {"uidb36": "zz", "key": "bad-key"}),
    Row("account_reset_password_from_key_done", public(200)),
    Row("mfa_authenticate", public(302), note="without a pending sign-in there is nothing to authenticate"),
    Row("mfa_reauthenticate", everyone(200)),
    Row("mfa_index", everyone(200)),
    Row("mfa_activate_totp", everyone(302), note="already set up: sent back to the overview"),
    Row("mfa_deactivate_totp", everyone(200)),
    Row("mfa_view_recovery_codes", everyone(200)),
    Row("mfa_generate_recovery_codes", everyone(200)),
    Row("mfa_download_recovery_codes", everyone(200)),
    Row("mfa_list_webauthn", everyone(200)),
    Row("mfa_add_webauthn", everyone(200)),
    Row("mfa_remove_webauthn", everyone(404), kwargs=lambda p: {"pk": 999999}),
    Row("mfa_edit_webauthn", everyone(404), kwargs=lambda p: {"pk": 999999}),
    Row("mfa_reauthenticate_webauthn", everyone(302), note="no passkey registered: sent to the code form"),
]

__all__ = ["FORBIDDEN", "LOGIN", "ROWS"]
