"""Every hostile upload gets a clear message and stores nothing; every accepted type stores."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assessments.models import Evidence
from assessments.uploads import UploadRejected, check_upload, sanitise_filename
from tests.assessments import files
from tests.assessments.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def stored_files():
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload_url(org):
    return reverse("assessments:evidence_upload", args=[org.pk])


HOSTILE = [
    ("polyglot.pdf", files.polyglot_pdf, "web page code"),
    ("bomb.docx", files.zip_bomb_docx, "zip bomb"),
    ("ratio.docx", files.ratio_bomb_docx, "compressed far more"),
    ("many.docx", files.many_entries_docx, "too many parts"),
    ("setup.pdf", files.executable, "This is a program"),
    ("drawing.svg", files.svg_with_script, "SVG pictures are not accepted"),
    ("drawing.pdf", files.svg_with_script, "SVG pictures are not accepted"),
    ("huge.png", files.huge_png, "too large"),
    ("empty.pdf", lambda: b"", "This file is empty"),
    ("truncated.pdf", files.truncated_pdf, "incomplete or damaged"),
    ("invoice.pdf.exe", files.executable, ".exe files are not accepted"),
    ("invoice.exe.pdf", files.pdf_bytes, "hides a .exe type"),
    ("page.html", lambda: b"<html><body>hi</body></html>", "Web pages"),
    ("photo.png", files.pdf_bytes, "is not a PNG image"),
    ("notes.docx", files.odt_bytes, "not a Word document"),
    ("readme.txt", lambda: b"hello", ".txt files are not accepted"),
    ("noextension", files.pdf_bytes, "no type at the end"),
    ("fake.mp4", lambda: b"\x00\x00\x00\x18ftypqt  " + b"\x00" * 40, "not an MP4 video"),
    ("fake.jpg", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 50, "picture is damaged"),
    ("zip.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 60, "damaged"),
    # PDFs that run JavaScript or start a program when opened, wherever it is hidden.
    ("open-js.pdf", files.javascript_on_open_pdf, "code that runs when it is opened"),
    ("open-launch.pdf", files.launch_on_open_pdf, "code that runs when it is opened"),
    ("page-aa.pdf", files.javascript_when_page_opens_pdf, "code that runs when it is opened"),
    ("names-js.pdf", files.javascript_name_tree_pdf, "code that runs when it is opened"),
    ("link-launch.pdf", files.launch_link_pdf, "code that runs when it is opened"),
    ("escaped-js.pdf", files.escaped_javascript_pdf, "code that runs when it is opened"),
    ("objstm-js.pdf", files.javascript_in_object_stream_pdf, "code that runs when it is opened"),
]


@pytest.mark.parametrize(("name", "make", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_upload_is_refused_with_reason_and_nothing_stored(
    member_client, organisation, name, make, reason
):
    response = member_client.post(upload_url(organisation), {"files": [files.upload(name, make())]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "not uploaded" in body
    assert reason.replace("'", "&#x27;") in body
    assert Evidence.objects.count() == 0
    assert stored_files() == []


def test_refused_files_do_not_stop_the_good_ones(member_client, organisation):
    response = member_client.post(
        upload_url(organisation),
        {
            "files": [
                files.upload("good.pdf", files.pdf_bytes()),
                files.upload("evil.pdf", files.executable()),
                files.upload("chart.png", files.image_bytes("PNG")),
            ]
        },
    )
    body = response.content.decode()
    assert "1 file not uploaded" in body
    assert "evil.pdf" in body and "This is a program" in body
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == [
        "chart.png",
        "good.pdf",
    ]
    assert len(stored_files()) == 2


@pytest.mark.parametrize("name", list(files.VALID))
def test_each_accepted_type_is_stored_privately_under_a_generated_name(
    member_client, organisation, member, name
):
    data = files.VALID[name]()
    response = member_client.post(upload_url(organisation), {"files": [files.upload(name, data)]})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    ext = "jpg" if name.endswith(".jpeg") else name.rsplit(".", 1)[1]
    assert evidence.original_name == name
    assert evidence.file.name.startswith(f"evidence/{organisation.pk}/")
    assert evidence.file.name.endswith(f".{ext}")
    assert name.rsplit(".", 1)[0] not in evidence.file.name
    assert evidence.size == len(data)
    assert evidence.uploaded_by == member
    assert [p.read_bytes() for p in stored_files()] == [data]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\report.pdf", "report.pdf"),
        ("re\x00port.pdf", "report.pdf"),
        ("photo\u202egpj.pdf", "photogpj.pdf"),
        ("tab\tand\nnewline.pdf", "tab and newline.pdf"),
        ("   ", "file"),
    ],
)
def test_file_names_are_sanitised(raw, expected):
    assert sanitise_filename(raw) == expected


def test_long_names_are_cut_to_255_keeping_the_extension():
    name = sanitise_filename("a" * 300 + ".pdf")
    assert len(name) == 255
    assert name.endswith(".pdf")


@pytest.mark.parametrize(
    "name",
    ["../../secret.pdf", "rep\x00ort.pdf", "a" * 300 + ".pdf", "cv\u202efdp.exe.pdf"],
)
def test_hostile_names_are_stored_only_as_cleaned_data(member_client, organisation, name):
    member_client.post(upload_url(organisation), {"files": [files.upload(name, files.pdf_bytes())]})
    if ".exe" in name:
        assert Evidence.objects.count() == 0
        assert stored_files() == []
        return
    evidence = Evidence.objects.get()
    assert "/" not in evidence.original_name and "\x00" not in evidence.original_name
    assert len(evidence.original_name) <= 255
    assert "\u202e" not in evidence.original_name
    assert evidence.file.name == f"evidence/{organisation.pk}/{evidence.storage_name}"


def test_file_over_the_size_limit_is_refused(member_client, organisation, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 100
    response = member_client.post(
        upload_url(organisation), {"files": [files.upload("big.pdf", files.pdf_bytes())]}
    )
    assert "The largest file we accept" in response.content.decode()
    assert not Evidence.objects.exists()


MB = 1024 * 1024


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (int(25.3 * MB), "This file is 25.3 MB. The largest file we accept is 25 MB."),
        (25 * MB + 1, "This file is 25.000001 MB. The largest file we accept is 25 MB."),
        (25 * MB + MB // 100, "This file is 25.01 MB. The largest file we accept is 25 MB."),
        (26 * MB, "This file is 26 MB. The largest file we accept is 25 MB."),
        (300 * MB, "This file is 300 MB. The largest file we accept is 25 MB."),
    ],
)
def test_the_size_message_shows_two_different_sizes(settings, size, expected):
    settings.EVIDENCE_MAX_FILE_BYTES = 25 * MB

    class Big:
        name = "report.pdf"

    Big.size = size
    with pytest.raises(UploadRejected) as refused:
        check_upload(Big())
    assert refused.value.message == expected


def test_ordinary_links_and_an_open_at_page_one_are_accepted(member_client, organisation):
    data = files.harmless_actions_pdf()
    response = member_client.post(
        upload_url(organisation), {"files": [files.upload("ok.pdf", data)]}
    )
    assert response.status_code == 302
    assert Evidence.objects.get().original_name == "ok.pdf"


def test_library_limit_is_enforced(member_client, organisation, settings):
    data = files.pdf_bytes()
    settings.EVIDENCE_MAX_APPLICATION_BYTES = len(data) + 10
    member_client.post(upload_url(organisation), {"files": [files.upload("one.pdf", data)]})
    response = member_client.post(
        upload_url(organisation), {"files": [files.upload("two.pdf", data)]}
    )
    assert "would go over its limit" in response.content.decode()
    assert Evidence.objects.count() == 1
    assert len(stored_files()) == 1


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        (250 * MB - 100, "its limit of 250 MB (249.9999 MB used)."),
        (250 * MB - 1, "its limit of 250 MB (249.999999 MB used)."),
        (250 * MB, "its limit of 250 MB (250 MB used)."),  # full: the two are the same
    ],
)
def test_the_library_limit_message_shows_the_space_used_and_the_limit_apart(
    member_client, organisation, settings, used, expected
):
    """The same rule as the size message: it read "its limit of 250 MB (250 MB used)"
    with room for 100 bytes left."""
    settings.EVIDENCE_MAX_APPLICATION_BYTES = 250 * MB
    EvidenceFactory(organisation=organisation, size=used)
    response = member_client.post(
        upload_url(organisation), {"files": [files.upload("two.pdf", files.pdf_bytes())]}
    )
    assert f"Your evidence library would go over {expected}" in response.content.decode()
    assert Evidence.objects.count() == 1


def test_upload_page_reminds_about_names_and_faces(member_client, organisation):
    page = member_client.get(upload_url(organisation)).content.decode()
    assert "children's names and faces" in page


def test_upload_from_indicator_page_attaches_to_the_answer(member_client, application):
    answer = application.answers.select_related("indicator").first()
    response = member_client.post(
        upload_url(application.organisation),
        {"answer": answer.pk, "files": [files.upload("proof.pdf", files.pdf_bytes())]},
    )
    assert response.url == reverse(
        "assessments:answer", args=[application.pk, answer.indicator.code]
    )
    assert [e.original_name for e in answer.evidence.all()] == ["proof.pdf"]
    answer.refresh_from_db()
    assert answer.revision == 1


def test_other_organisation_cannot_upload(client, organisation, other_org_user):
    client.force_login(other_org_user)
    response = client.post(
        upload_url(organisation), {"files": [files.upload("a.pdf", files.pdf_bytes())]}
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()


NAMES = st.one_of(
    # The test client itself refuses names with no base name ("/", ".."), so skip those.
    st.text(min_size=1, max_size=300).filter(
        lambda n: os.path.basename(n) not in ("", ".", "..") and "\x00" not in n
    ),
    st.sampled_from(["a.pdf", "b.docx", "c.png", "d.jpg", "e.mp4", "f.odt", "../x.pdf", "x.svg"]),
)
PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"MZ", b"<svg"]
)


@hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=NAMES, prefix=PREFIXES, body=st.binary(max_size=2048))
def test_random_uploads_never_crash_and_never_store_an_invalid_file(
    member_client, organisation, name, prefix, body
):
    response = member_client.post(
        upload_url(organisation), {"files": [files.upload(name, prefix + body)]}
    )
    assert response.status_code in (200, 302)
    for evidence in Evidence.objects.all():
        with evidence.file.open("rb") as handle:
            content = handle.read()
        # Whatever was stored passes the same checks again.
        try:
            check_upload(files.upload(evidence.original_name, content))
        except UploadRejected as refused:  # pragma: no cover - the failure we guard against
            pytest.fail(f"Stored a file that fails validation: {refused.message}")
