from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    # The young person's own record.
    path("panel/my-record/", views.my_record, name="my_record"),
    path("panel/my-record/certificate/", views.my_certificate, name="my_certificate"),
    path(
        "panel/my-record/certificates/<id:pk>/",
        views.my_certificate_download,
        name="my_certificate_download",
    ),
    path(
        "panel/my-record/certificates/<id:pk>/badge.json",
        views.my_credential_download,
        name="my_credential_download",
    ),
    # Staff.
    path("staff/contributions/", views.staff_records, name="staff_records"),
    path("staff/contributions.csv", views.staff_records_csv, name="staff_records_csv"),
    path("staff/contributions/<id:user_id>/", views.staff_record, name="staff_record"),
    path(
        "staff/contributions/certificates/<id:pk>/",
        views.staff_certificate_download,
        name="staff_certificate_download",
    ),
    path(
        "staff/contributions/certificates/<id:pk>/badge.json",
        views.staff_credential_download,
        name="staff_credential_download",
    ),
]
