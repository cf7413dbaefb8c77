from django.urls import path

from accord.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("find/", views.find, name="find"),
    path("new/", views.create, name="create"),
    path("<int:referral_id>/", views.detail, name="detail"),
    path("<int:referral_id>/edit/", views.edit, name="edit"),
    path("<int:referral_id>/<slug:action>/", views.move, name="move"),
]
