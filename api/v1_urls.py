# The API's own paths (django-ninja), included at the root under /api/ as the namespace
# "api_v1", which is the namespace the API reverses its paths in (v1.api.urls_namespace).
from .v1 import api

urlpatterns = api.urls[0]
app_name = api.urls_namespace
