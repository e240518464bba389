"""Slides files are PDF only, checked by content (talks/slides.py), in the talk admin."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from talks.models import Talk
from talks.slides import check_pdf
from tests.factories import TalkFactory
from tests.talks.test_admin import talk_form_data

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><script>fetch('/admin/password_change/')</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"></svg>'


def real_pdf() -> bytes:
    """A one-page PDF as Pillow writes it: header, objects, xref, trailer."""
    output = io.BytesIO()
    Image.new("RGB", (120, 90), (40, 90, 160)).save(output, "PDF")
    return output.getvalue()


def upload_slides(client, talk, name, content, **headers):
    data = talk_form_data(talk, [])
    data["slides_file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("admin:talks_talk_change", args=[talk.pk]), data, **headers)


def slides_errors(response) -> list[str]:
    assert response.status_code == 200  # the form again, not a redirect
    return response.context["adminform"].form.errors["slides_file"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("slides.pdf", HTML, id="html renamed to pdf"),
        pytest.param("deck.pdf", SVG, id="svg renamed to pdf"),
        pytest.param("deck.pdf", b"", id="empty"),
        pytest.param("deck.pdf", b"\xef\xbb\xbf%PDF-1.4\n" + real_pdf()[9:], id="bom first"),
    ],
)
def test_admin_refuses_slides_that_are_not_pdf(organiser_client, settings, name, content):
    talk = TalkFactory()

    response = upload_slides(organiser_client, talk, name, content)

    expected = f"“{name}” is not a PDF file. Slides are accepted as PDF only."
    if not content:
        expected = "The submitted file is empty."  # Django's own check comes first
    assert slides_errors(response) == [expected]
    talk.refresh_from_db()
    assert not talk.slides_file
    assert not (settings.MEDIA_ROOT / "slides").exists()


def test_admin_refuses_a_pdf_cut_short(organiser_client):
    talk = TalkFactory()
    pdf = real_pdf()

    response = upload_slides(organiser_client, talk, "deck.pdf", pdf[: len(pdf) // 2])

    assert slides_errors(response) == [
        "“deck.pdf” starts as a PDF but does not end as one: it may have been cut short. "
        "Export or download it again and upload the whole file."
    ]
    talk.refresh_from_db()
    assert not talk.slides_file


def test_admin_refusal_in_russian(organiser_client):
    talk = TalkFactory()

    response = upload_slides(organiser_client, talk, "deck.pdf", SVG, HTTP_ACCEPT_LANGUAGE="ru")

    assert slides_errors(response) == [
        "«deck.pdf» — не PDF-файл. Слайды принимаются только в формате PDF."
    ]


@pytest.mark.parametrize("name", ["deck.pdf", "deck.html", "no name at all"])
def test_admin_stores_a_real_pdf_as_pdf_whatever_its_name(organiser_client, name):
    talk = TalkFactory(slug="logical-replication")
    pdf = real_pdf()

    response = upload_slides(organiser_client, talk, name, pdf)

    assert response.status_code == 302
    talk = Talk.objects.get(pk=talk.pk)
    assert talk.slides_file.name.endswith("/logical-replication.pdf")
    with talk.slides_file.open("rb") as stored:
        assert stored.read() == pdf


def test_admin_keeps_existing_slides_when_the_talk_is_saved_again(organiser_client):
    talk = TalkFactory()
    talk.slides_file.save("deck.pdf", ContentFile(real_pdf()))
    stored = talk.slides_file.name

    response = organiser_client.post(
        reverse("admin:talks_talk_change", args=[talk.pk]), talk_form_data(talk, [])
    )

    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.slides_file.name == stored


def test_admin_slides_picker_offers_pdfs(organiser_client):
    talk = TalkFactory()

    html = organiser_client.get(reverse("admin:talks_talk_change", args=[talk.pk])).content

    assert b'accept="application/pdf,.pdf"' in html


def test_check_pdf_leaves_the_upload_at_its_start():
    upload = SimpleUploadedFile("deck.pdf", real_pdf())
    upload.read(100)

    check_pdf(upload)

    assert upload.read(5) == b"%PDF-"


def test_check_pdf_reads_a_trailer_with_padding_after_eof():
    check_pdf(SimpleUploadedFile("deck.pdf", real_pdf() + b"\r\n" + b"\0" * 500))

    with pytest.raises(ValidationError):
        check_pdf(SimpleUploadedFile("deck.pdf", real_pdf() + b"\0" * 4096))
