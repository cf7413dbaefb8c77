from django.urls import path

from accord.core.views import audit, home, organizations, people, vocabularies

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("account/", people.my_account, name="my_account"),
    path("people/", people.people_list, name="people_list"),
    path("people/invite/", people.person_invite, name="person_invite"),
    path("people/access-review/", people.access_review, name="access_review"),
    path("people/access-review.csv", people.access_review_csv, name="access_review_csv"),
    path("people/<int:user_id>/", people.person_detail, name="person_detail"),
    path("people/<int:user_id>/roles/", people.person_roles, name="person_roles"),
    path("people/<int:user_id>/details/", people.person_details, name="person_details"),
    path("people/<int:user_id>/<slug:action>/", people.person_account_action, name="person_account_action"),
    path("invitation/<str:token>/", people.invitation_accept, name="invitation_accept"),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/<int:organization_id>/", organizations.organization_detail, name="organization_detail"),
    path("organizations/<int:organization_id>/edit/", organizations.organization_edit, name="organization_edit"),
    path("task-force/", organizations.task_force_settings, name="task_force_settings"),
    path("vocabularies/", vocabularies.vocabulary_list, name="vocabulary_list"),
    path("vocabularies/<slug:code>/", vocabularies.vocabulary_detail, name="vocabulary_detail"),
    path("vocabularies/<slug:code>/<int:term_id>/", vocabularies.term_edit, name="term_edit"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
]
