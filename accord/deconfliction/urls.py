from django.urls import path

from accord.deconfliction import views

app_name = "deconfliction"

urlpatterns = [
    path("", views.index, name="index"),
    path("hits/", views.hit_list, name="hit_list"),
    path("hits/<int:hit_id>/", views.hit_detail, name="hit"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/new/", views.target_create, name="target_create"),
    path("targets/<int:target_id>/", views.target_detail, name="target"),
    path("targets/<int:target_id>/remove/", views.target_remove, name="target_remove"),
    path("operations/", views.operation_list, name="operation_list"),
    path("operations/new/", views.operation_create, name="operation_create"),
    path("operations/<int:operation_id>/", views.operation_detail, name="operation"),
    path("operations/<int:operation_id>/cancel/", views.operation_cancel, name="operation_cancel"),
    path("links/", views.link_chart, name="links"),
    path("links/data.json", views.link_data, name="link_data"),
    path("links/entities.csv", views.link_entities_csv, name="link_entities_csv"),
    path("links/links.csv", views.link_links_csv, name="link_links_csv"),
    path("settings/", views.settings_edit, name="settings"),
]
