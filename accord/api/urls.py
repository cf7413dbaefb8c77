"""/api/: token pages and documentation (signed-in pages), and the versioned REST API under /api/v1/."""

from django.urls import include, path, re_path

from accord.api import base, docs, views
from accord.api.v1 import directory, exports, reads, referrals, reporting, services

app_name = "api"

v1 = [
    path("referrals/", referrals.ReferralList.as_view(), name="referral_list"),
    path("referrals/<int:referral_id>/", referrals.ReferralDetail.as_view(), name="referral_detail"),
    path("referrals/<int:referral_id>/send/", referrals.ReferralSend.as_view(), name="referral_send"),
    path("referrals/<int:referral_id>/accept/", referrals.ReferralAccept.as_view(), name="referral_accept"),
    path("referrals/<int:referral_id>/decline/", referrals.ReferralDecline.as_view(), name="referral_decline"),
    path("referrals/<int:referral_id>/complete/", referrals.ReferralComplete.as_view(), name="referral_complete"),
    path("referrals/<int:referral_id>/withdraw/", referrals.ReferralWithdraw.as_view(), name="referral_withdraw"),
    path("clients/<int:client_id>/services/", services.ClientServices.as_view(), name="client_services"),
    path("directory/organizations/", directory.OrganizationList.as_view(), name="organization_list"),
    path(
        "directory/organizations/<int:organization_id>/",
        directory.OrganizationDetail.as_view(),
        name="organization_detail",
    ),
    path("directory/offerings/<int:offering_id>/", directory.OfferingDetail.as_view(), name="offering_detail"),
    path(
        "directory/offerings/<int:offering_id>/availability/",
        directory.OfferingAvailability.as_view(),
        name="offering_availability",
    ),
    path("directory/find-help/", directory.FindHelp.as_view(), name="find_help"),
    path("governance/meetings/", reads.MeetingList.as_view(), name="meeting_list"),
    path("governance/meetings/<int:meeting_id>/", reads.MeetingDetail.as_view(), name="meeting_detail"),
    path("governance/action-items/", reads.ActionItemList.as_view(), name="action_item_list"),
    path("governance/action-items/<int:item_id>/close/", reads.ActionItemClose.as_view(), name="action_item_close"),
    path("governance/agreements/", reads.AgreementList.as_view(), name="agreement_list"),
    path("governance/agreements/<int:agreement_id>/", reads.AgreementDetail.as_view(), name="agreement_detail"),
    path("investigations/", reads.InvestigationList.as_view(), name="investigation_list"),
    path("investigations/<int:investigation_id>/", reads.InvestigationDetail.as_view(), name="investigation_detail"),
    path("deconfliction/hits/", reads.HitList.as_view(), name="hit_list"),
    path("deconfliction/targets/", reads.TargetList.as_view(), name="target_list"),
    path("outreach/trainings/", reads.TrainingList.as_view(), name="training_list"),
    path("outreach/trainings/<int:training_id>/", reads.TrainingDetail.as_view(), name="training_detail"),
    path("reporting/figures/", reporting.Figures.as_view(), name="reporting_figures"),
    path("reporting/indicators/", reporting.IndicatorList.as_view(), name="indicator_list"),
    path("reporting/packs/", reporting.PackTemplateList.as_view(), name="pack_template_list"),
    path("reporting/packs/<int:template_id>/generate/", reporting.PackGenerate.as_view(), name="pack_generate"),
    path("reporting/packs/generated/<int:pack_id>/", reporting.PackDetail.as_view(), name="pack_detail"),
    path("exports/directory-hsds.json", exports.DirectoryHsds.as_view(), name="export_hsds"),
    path("exports/link-entities.csv", exports.LinkEntities.as_view(), name="export_link_entities"),
    path("exports/link-links.csv", exports.LinkLinks.as_view(), name="export_link_links"),
    path("exports/calendar.ics", exports.CalendarFeed.as_view(), name="export_calendar"),
    re_path(r"^.*$", base.unknown_address, name="unknown"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:endpoint_id>/disable/", views.webhook_disable, name="webhook_disable"),
    path("schema/", docs.Schema.as_view(), name="schema"),
    path("docs/", docs.SwaggerUi.as_view(url_name="api:schema"), name="docs"),
]
