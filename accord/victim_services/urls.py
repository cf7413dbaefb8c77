from django.urls import path

from accord.victim_services import views

app_name = "victim_services"

urlpatterns = [
    path("", views.index, name="index"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:client_id>/close/", views.client_close, name="client_close"),
    path("clients/<int:client_id>/add/<slug:kind>/", views.item_create, name="item_create"),
    path("clients/<int:client_id>/screen/", views.screening_create, name="screening_create"),
    path("clients/<int:client_id>/releases/new/", views.release_create, name="release_create"),
    path("clients/<int:client_id>/releases/blank-form/", views.release_blank, name="release_blank"),
    path("clients/<int:client_id>/disclosures/new/", views.disclosure_create, name="disclosure_create"),
    path("clients/<int:client_id>/break-glass/new/", views.break_glass_create, name="break_glass_create"),
    path("screenings/<int:screening_id>/", views.screening_detail, name="screening_detail"),
    path("releases/<int:release_id>/", views.release_detail, name="release_detail"),
    path("releases/<int:release_id>/print/", views.release_print, name="release_print"),
    path("releases/<int:release_id>/revoke/", views.release_revoke, name="release_revoke"),
    path("releases/<int:release_id>/signed-form/", views.release_form_download, name="release_form_download"),
    path("documents/<int:document_id>/", views.document_download, name="document_download"),
    path("disclosures/<int:disclosure_id>/", views.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<int:disclosure_id>/order/", views.disclosure_order_download, name="disclosure_order_download"),
    path("tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path("break-glass/", views.break_glass_list, name="break_glass_list"),
    path("break-glass/<int:grant_id>/review/", views.break_glass_review, name="break_glass_review"),
    path("break-glass/<int:grant_id>/end/", views.break_glass_end, name="break_glass_end"),
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("instruments/<int:version_id>/", views.instrument_detail, name="instrument_detail"),
]
