from django.urls import path

from accord.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("print/", views.print_directory, name="print"),
    path("organizations/<int:organization_id>/", views.organization, name="organization"),
    path("organizations/<int:organization_id>/profile/", views.profile_edit, name="profile_edit"),
    path("organizations/<int:organization_id>/history/", views.history, name="history"),
    path("organizations/<int:organization_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("organizations/<int:organization_id>/services/new/", views.offering_create, name="offering_create"),
    path("contacts/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
    path("services/<int:offering_id>/", views.offering_detail, name="offering_detail"),
    path("services/<int:offering_id>/edit/", views.offering_edit, name="offering_edit"),
    path("services/<int:offering_id>/availability/", views.capacity_update, name="capacity_update"),
    path("find-help/", views.find_help, name="find_help"),
    path("coverage/", views.coverage_gaps, name="coverage"),
    path("coverage.csv", views.coverage_csv, name="coverage_csv"),
    path("export/<slug:fmt>/", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<int:batch_id>/", views.import_preview, name="import_preview"),
    path("import/<int:batch_id>/apply/", views.import_apply, name="import_apply"),
    path("taxonomy/", views.categories, name="categories"),
    path("taxonomy/new/", views.category_create, name="category_create"),
    path("taxonomy/<int:category_id>/", views.category_edit, name="category_edit"),
]
