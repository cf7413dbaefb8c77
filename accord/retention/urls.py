from django.urls import path

from accord.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.index, name="index"),
    path("rules/<slug:record_class>/", views.rule_edit, name="rule_edit"),
    path("holds/new/", views.hold_create, name="hold_create"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
]
