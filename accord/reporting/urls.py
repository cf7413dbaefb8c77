from django.urls import path

from accord.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organization/", views.organization_dashboard, name="organization_dashboard"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("packs/", views.pack_list, name="pack_list"),
    path("packs/<int:template_id>/", views.pack_template, name="pack_template"),
    path("packs/<int:template_id>/generate/", views.pack_generate, name="pack_generate"),
    path("packs/<int:template_id>/items/new/", views.pack_item_add, name="pack_item_add"),
    path("packs/items/<int:item_id>/edit/", views.pack_item_edit, name="pack_item_edit"),
    path("packs/generated/<int:pack_id>/", views.pack_detail, name="pack_detail"),
    path("packs/generated/<int:pack_id>/download.xlsx", views.pack_download, name="pack_download"),
    path("review/", views.review_page, name="review"),
    path("export/", views.export_page, name="export"),
    path("export/victims.csv", views.export_csv, name="export_csv"),
]
