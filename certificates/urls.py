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
    path("awards/<id:pk>/plaque/", views.download_plaque, name="plaque"),
    path("awards/<id:pk>/plaque/print/", views.download_print_plaque, name="plaque_print"),
]
