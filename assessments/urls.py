from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("organisations/<id:org_pk>/applications/new/", views.start, name="start"),
    path("applications/<id:pk>/", views.detail, name="detail"),
    path("applications/<id:pk>/indicators/<str:code>/", views.answer, name="answer"),
    path(
        "applications/<id:pk>/indicators/<str:code>/conflict/",
        views.resolve_conflict,
        name="resolve_conflict",
    ),
    path("applications/<id:pk>/indicators/<str:code>/links/", views.add_link, name="add_link"),
    path(
        "applications/<id:pk>/indicators/<str:code>/links/<id:link_pk>/remove/",
        views.remove_link,
        name="remove_link",
    ),
    path("applications/<id:pk>/submit/", views.submit, name="submit"),
    path("applications/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<id:pk>/pdf/", views.application_pdf, name="pdf"),
    path("organisations/<id:org_pk>/evidence/", views.evidence_library, name="evidence_library"),
    path(
        "organisations/<id:org_pk>/evidence/upload/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<id:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<id:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
