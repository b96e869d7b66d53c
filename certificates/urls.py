from django.urls import path, register_converter

from . import views


class VerificationCodeConverter:
    # secrets.token_urlsafe output: letters, digits, "-" and "_".
    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(VerificationCodeConverter, "vcode")

app_name = "certificates"

urlpatterns = [
    path("verify/<vcode:code>/", views.verify, name="verify"),
    path("verify/<vcode:code>/badge.svg", views.badge, name="badge"),
    path("register/", views.register, name="register"),
    path("awards/<int:pk>/plaque/", views.download_plaque, name="plaque"),
    path("staff/awards/", views.staff_awards, name="staff_awards"),
    path("staff/awards/<int:pk>/", views.staff_award_detail, name="staff_award"),
    path("staff/awards/<int:pk>/regenerate/", views.staff_regenerate, name="staff_regenerate"),
    path("staff/awards/<int:pk>/revoke/", views.staff_revoke, name="staff_revoke"),
    path(
        "staff/awards/<int:pk>/plaques/<int:version>/",
        views.staff_plaque_download,
        name="staff_plaque",
    ),
    path("staff/celebration/", views.celebration_list, name="celebration"),
    path(
        "staff/celebration/<int:year>/export.csv",
        views.celebration_export,
        name="celebration_export",
    ),
    path(
        "staff/celebration/<int:year>/programme.pdf",
        views.celebration_programme,
        name="celebration_programme",
    ),
    path(
        "staff/celebration/<int:year>/invite/",
        views.celebration_invite,
        name="celebration_invite",
    ),
]
