from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("organisations/<int:org_pk>/applications/new/", views.start, name="start"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/indicators/<str:code>/", views.answer, name="answer"),
    path(
        "applications/<int:pk>/indicators/<str:code>/conflict/",
        views.resolve_conflict,
        name="resolve_conflict",
    ),
    path("applications/<int:pk>/indicators/<str:code>/links/", views.add_link, name="add_link"),
    path(
        "applications/<int:pk>/indicators/<str:code>/links/<int:link_pk>/remove/",
        views.remove_link,
        name="remove_link",
    ),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/pdf/", views.application_pdf, name="pdf"),
    path("organisations/<int:org_pk>/evidence/", views.evidence_library, name="evidence_library"),
    path(
        "organisations/<int:org_pk>/evidence/upload/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
