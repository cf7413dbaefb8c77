from django.urls import path

from accord.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("instruments/<int:instrument_id>/", views.instrument_detail, name="instrument_detail"),
    path("instruments/<int:instrument_id>/edit/", views.instrument_edit, name="instrument_edit"),
    path("instruments/<int:instrument_id>/rounds/new/", views.round_open, name="round_open"),
    path("rounds/<int:round_id>/", views.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_id>/results/", views.round_results, name="round_results"),
    path("rounds/<int:round_id>/responses/", views.round_responses, name="round_responses"),
    path("rounds/<int:round_id>/elements/<int:question_id>/propose/", views.action_propose, name="action_propose"),
    path("network/", views.network_page, name="network"),
    path("network/surveys/new/", views.network_survey_open, name="network_survey_open"),
    path("network/surveys/<int:survey_id>/", views.network_survey_respond, name="network_survey_respond"),
    path("network/surveys/<int:survey_id>/close/", views.network_survey_close, name="network_survey_close"),
]
