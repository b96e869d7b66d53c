from django.urls import path, register_converter

from . import views


class ThumbprintConverter:
    # An RFC 7638 SHA-256 thumbprint: 43 base64url characters.
    regex = r"[A-Za-z0-9_-]{43}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


# "vcode" is registered by certificates.urls, included before this module.
register_converter(ThumbprintConverter, "thumbprint")

app_name = "credentials"

urlpatterns = [
    path("verify/<vcode:code>/credential.json", views.credential, name="credential"),
    path("credentials/issuer.json", views.issuer, name="issuer"),
    path("credentials/keys/<thumbprint:thumbprint>.json", views.key, name="key"),
    path("credentials/status/<id:number>/", views.status_list, name="status_list"),
]
