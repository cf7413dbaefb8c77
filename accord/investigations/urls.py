from django.urls import path

from accord.investigations import views

app_name = "investigations"

urlpatterns = [
    path("", views.investigation_list, name="list"),
    path("new/", views.investigation_create, name="create"),
    path("case-log/", views.case_log, name="case_log"),
    path("relief/", views.relief, name="relief"),
    path("counts/", views.counts, name="counts"),
    path("settings/", views.settings_edit, name="settings"),
    path("intelligence/", views.intelligence_list, name="intelligence_list"),
    path("intelligence/new/", views.intelligence_create, name="intelligence_create"),
    path("intelligence/<int:record_id>/", views.intelligence_detail, name="intelligence_detail"),
    path("intelligence/<int:record_id>/edit/", views.intelligence_edit, name="intelligence_edit"),
    path("intelligence/<int:record_id>/review/", views.intelligence_review, name="intelligence_review"),
    path("<int:investigation_id>/", views.investigation_detail, name="detail"),
    path("<int:investigation_id>/edit/", views.investigation_edit, name="edit"),
    path("<int:investigation_id>/sharing/", views.sharing, name="sharing"),
    path("<int:investigation_id>/sharing/<int:share_id>/revoke/", views.share_revoke, name="share_revoke"),
    path("<int:investigation_id>/referrals/<int:item_id>/decision/", views.referral_decide, name="referral_decide"),
    path(
        "<int:investigation_id>/continued-presence/<int:item_id>/renew/",
        views.continued_presence_renew,
        name="continued_presence_renew",
    ),
    path("<int:investigation_id>/tasks/<int:item_id>/done/", views.task_done, name="task_done"),
    path("<int:investigation_id>/documents/new/", views.document_upload, name="document_upload"),
    path("<int:investigation_id>/documents/<int:item_id>/", views.document_download, name="document_download"),
    path("<int:investigation_id>/reviews/new/", views.review_create, name="review_create"),
    path("<int:investigation_id>/reviews/<int:item_id>/", views.review_detail, name="review_detail"),
    path("<int:investigation_id>/<slug:kind>/new/", views.item_create, name="item_create"),
    path("<int:investigation_id>/<slug:kind>/<int:item_id>/", views.item_edit, name="item_edit"),
]
