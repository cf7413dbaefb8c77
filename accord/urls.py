"""Every URL Accord answers. Each one has a rule (accord.core.policy) and a row in an access matrix."""

from allauth.account import views as account_views
from django.urls import include, path

urlpatterns = [
    path("", include("accord.core.urls")),
    path("directory/", include("accord.directory.urls")),
    path("deconfliction/", include("accord.deconfliction.urls")),
    path("governance/", include("accord.governance.urls")),
    path("investigations/", include("accord.investigations.urls")),
    path("victim-services/", include("accord.victim_services.urls")),
    path("referrals/", include("accord.referrals.urls")),
    path("outreach/", include("accord.outreach.urls")),
    path("assessment/", include("accord.assessment.urls")),
    path("reporting/", include("accord.reporting.urls")),
    path("api/", include("accord.api.urls")),
    path("retention/", include("accord.retention.urls")),
    # django-allauth: only the pages Accord uses (no sign-up, no e-mail management).
    path("accounts/login/", account_views.login, name="account_login"),
    path("accounts/logout/", account_views.logout, name="account_logout"),
    path("accounts/inactive/", account_views.account_inactive, name="account_inactive"),
    path("accounts/reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("accounts/password/change/", account_views.password_change, name="account_change_password"),
    path("accounts/password/reset/", account_views.password_reset, name="account_reset_password"),
    path("accounts/password/reset/done/", account_views.password_reset_done, name="account_reset_password_done"),
    path(
        "accounts/password/reset/key/<uidb36>-<key>/",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "accounts/password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("accounts/2fa/", include("allauth.mfa.urls")),
]

handler400 = "accord.core.views.errors.bad_request"
handler403 = "accord.core.views.errors.permission_denied"
handler404 = "accord.core.views.errors.page_not_found"
handler500 = "accord.core.views.errors.server_error"
