"""The interface in Russian: a complete compiled catalogue, Russian plural forms, dates in
Russian, talks in their own language, and a language switch that stays on the page (its
address in the other language, /ru/...)."""

import datetime
import gettext
import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"
ENTRY_FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$')


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file as dicts of their fields (and "flags"); enough of the
    format for our own catalogue, which makemessages writes."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": ""}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif match := ENTRY_FIELD.match(line):
                field = match[1]
                entry[field] = json.loads(match[2])
            elif line.startswith('"') and field:
                entry[field] += json.loads(line)
        if "msgid" in entry:
            entries.append(entry)
    return entries


# --- The catalogue -----------------------------------------------------------------


def test_russian_catalogue_translates_every_message_with_three_plural_forms():
    header, *entries = po_entries(CATALOGUE / "django.po")

    assert "Plural-Forms: nplurals=3;" in header["msgstr"]
    assert "fuzzy" not in header["flags"]
    assert len(entries) > 200
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        if "msgid_plural" in entry:
            forms = [entry.get(f"msgstr[{n}]") for n in range(4)]
            assert all(forms[:3]), entry["msgid"]
            assert forms[3] is None, entry["msgid"]
        else:
            assert entry["msgstr"], entry["msgid"]


def test_compiled_catalogue_matches_the_po_file():
    """The .mo is committed beside the .po (no gettext tools needed to run the site):
    it must hold exactly the .po's translations."""
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    _header, *entries = po_entries(CATALOGUE / "django.po")
    for entry in entries:
        if "msgid_plural" in entry:
            for number, form in ((1, 0), (3, 1), (5, 2), (21, 0), (22, 1), (11, 2)):
                assert (
                    compiled.ngettext(entry["msgid"], entry["msgid_plural"], number)
                    == entry[f"msgstr[{form}]"]
                ), entry["msgid"]
        elif "msgctxt" in entry:
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 доклад"),
        (2, "2 доклада"),
        (4, "4 доклада"),
        (5, "5 докладов"),
        (11, "11 докладов"),
        (12, "12 докладов"),
        (21, "21 доклад"),
        (22, "22 доклада"),
        (25, "25 докладов"),
        (111, "111 докладов"),
    ],
)
def test_russian_plural_forms(count, text):
    with translation.override("ru"):
        assert (
            translation.ngettext("%(count)d talk", "%(count)d talks", count) % {"count": count}
            == text
        )


# --- Pages in Russian ---------------------------------------------------------------


@pytest.fixture
def archive():
    company = CompanyFactory(name="Zalando", slug="zalando")
    speaker = SpeakerFactory(name="Валентин Гогичашвили", slug="valentin", company=company)
    project = ProjectFactory(name="Multicorn", slug="multicorn")
    edition = EditionFactory(
        name="PGConf.Russia 2016",
        slug="pgconf-russia-2016",
        start_date=datetime.date(2016, 2, 3),
        end_date=datetime.date(2016, 2, 5),
    )
    talk = TalkFactory(
        edition=edition,
        slug="logical-replication",
        title="Logical replication at Zalando",
        language="en",
        room="Hall 1",
        start=timezone.make_aware(datetime.datetime(2016, 2, 3, 10, 0)),
        duration=datetime.timedelta(minutes=45),
        speakers=[speaker],
        projects=[project],
    )
    TalkFactory(edition=edition, language="ru", title="Миграция с Oracle", speakers=[speaker])
    gallery = GalleryFactory(edition=edition, slug="day-1", title="Day 1")
    photo = PhotoFactory(gallery=gallery)
    return {
        "paths": [
            "/",
            "/editions/",
            edition.get_absolute_url(),
            talk.get_absolute_url(),
            "/speakers/",
            speaker.get_absolute_url(),
            "/companies/",
            company.get_absolute_url(),
            "/projects/",
            project.get_absolute_url(),
            "/photos/",
            gallery.get_absolute_url(),
            f"{gallery.get_absolute_url()}?page=1",
            photo.get_absolute_url(),
        ],
        "talk": talk,
        "edition": edition,
    }


LANGUAGE_LINK = re.compile(r'<a href="([^"]*)" lang="(\w+)" hreflang="\2"( aria-current="true")?>')


def language_links(page: str) -> dict[str, tuple[str, bool]]:
    """The language switcher's links: {code: (href, is the current language)}."""
    return {
        code: (html.unescape(href), bool(current))
        for href, code, current in LANGUAGE_LINK.findall(page)
    }


@pytest.mark.django_db
def test_every_public_page_switches_language_and_stays_on_the_page(client, archive):
    for path in archive["paths"]:
        russian_path = f"/ru{path}"
        english = client.get(path)
        assert english.status_code == 200, path
        links = language_links(english.content.decode())
        assert links == {"en": (path, True), "ru": (russian_path, False)}, path

        response = client.get(links["ru"][0])
        assert response.status_code == 200, path
        russian = response.content.decode()
        assert '<html lang="ru">' in russian, path
        assert "Архив конференции PostgreSQL" in russian, path
        assert "Докладчики" in russian, path
        assert language_links(russian) == {"en": (path, False), "ru": (russian_path, True)}
        assert f'<a href="{html.escape(path)}" lang="en" hreflang="en">English</a>' in russian
        # A plain link: no cookie set, nothing remembered; the address is the language.
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies

        assert '<html lang="en">' in client.get(language_links(russian)["en"][0]).content.decode()


def test_language_switch_sets_the_cookie_as_django_does(client, settings):
    settings.LANGUAGE_COOKIE_AGE = 3600
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_HTTPONLY = True
    settings.LANGUAGE_COOKIE_SAMESITE = "Strict"
    settings.LANGUAGE_COOKIE_DOMAIN = "archive.example"

    response = client.get(reverse("switch-language", kwargs={"code": "ru"}), {"next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ru"
    assert cookie["max-age"] == 3600
    assert cookie["path"] == "/"
    assert cookie["domain"] == "archive.example"
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example", "http://evil.example/speakers/", "", None],
)
def test_language_switch_sends_unsafe_or_missing_next_home(client, next_url):
    query = {} if next_url is None else {"next": next_url}

    response = client.get(reverse("switch-language", kwargs={"code": "ru"}), query)

    assert response.status_code == 302
    assert response["Location"] == "/ru/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_language_switch_keeps_next_on_this_site_with_its_query_string(client):
    response = client.get(
        reverse("switch-language", kwargs={"code": "ru"}), {"next": "/search/?q=vacuum&page=2"}
    )

    assert response["Location"] == "/ru/search/?q=vacuum&page=2"


@pytest.mark.parametrize(
    ("code", "next_url", "location"),
    [
        ("ru", "/speakers/", "/ru/speakers/"),
        ("ru", "/ru/speakers/", "/ru/speakers/"),
        ("en", "/ru/speakers/", "/speakers/"),
        ("en", "/ru/", "/"),
        ("en", "/speakers/", "/speakers/"),
        ("ru", "http://testserver/photos/", "http://testserver/ru/photos/"),
        # Pages with one address for every language: the cookie alone says the language.
        ("ru", "/admin/", "/admin/"),
        ("ru", "/photos/upload/?gallery=3", "/photos/upload/?gallery=3"),
    ],
)
def test_old_language_switch_links_lead_to_the_page_in_that_language(
    client, code, next_url, location
):
    """/language/<code>/?next= is what the switch linked before pages had an address per
    language: bookmarks of it still land on the page, now at its address in that language."""
    response = client.get(reverse("switch-language", kwargs={"code": code}), {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == location
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == code


@pytest.mark.parametrize("code", ["de", "xx", "en-gb"])
def test_language_switch_to_an_unknown_language_is_404(client, code):
    response = client.get(reverse("switch-language", kwargs={"code": code}), {"next": "/"})

    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_refuses_post(client):
    response = client.post(reverse("switch-language", kwargs={"code": "ru"}), {"next": "/"})

    assert response.status_code == 405


@pytest.mark.django_db
def test_talk_page_in_russian_keeps_the_talk_in_its_own_language(client, archive):
    page = client.get(f"/ru{archive['talk'].get_absolute_url()}").content.decode()

    assert '<h1 lang="en">Logical replication at Zalando</h1>' in page
    assert "<dt>Когда</dt>" in page
    assert "Среда, 3 февраля 2016\u00a0г., 10:00</time>" in page
    assert "(45 мин)" in page
    assert "<dt>Язык</dt><dd>Английский</dd>" in page
    assert '<dt>Зал</dt><dd lang="en">Hall 1</dd>' in page  # no Russian name: English
    assert "Проекты в докладе" in page


@pytest.mark.django_db
def test_edition_page_in_russian_has_russian_dates_and_plurals(client, archive):
    page = client.get(f"/ru{archive['edition'].get_absolute_url()}").content.decode()

    assert (
        '<time datetime="2016-02-03">3</time>–'
        '<time datetime="2016-02-05">5 февраля 2016\u00a0г.</time>' in page
    )
    assert 'href="#day-1">Среда, 3 февраля</a>' in page
    assert '<time datetime="2016-02-03">Среда, 3 февраля 2016\u00a0г.</time>' in page
    assert "<li>2 доклада</li>" in page
    assert "<li>1 докладчик</li>" in page
    assert "<li>2 языка</li>" in page
    assert '<option value="ru">Русский</option>' in page
    assert 'data-template="Показано докладов: %(shown)s из %(total)s"' in page


# --- Dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "start", "end", "text"),
    [
        ("en", (2016, 2, 3), (2016, 2, 3), "Feb. 3, 2016"),
        ("en", (2016, 2, 3), (2016, 2, 5), "Feb. 3–5, 2016"),
        ("en", (2016, 1, 30), (2016, 2, 2), "Jan. 30–Feb. 2, 2016"),
        ("en", (2016, 12, 30), (2017, 1, 2), "Dec. 30, 2016–Jan. 2, 2017"),
        ("ru", (2016, 2, 3), (2016, 2, 3), "3 февраля 2016\u00a0г."),
        ("ru", (2016, 2, 3), (2016, 2, 5), "3–5 февраля 2016\u00a0г."),
        ("ru", (2016, 1, 30), (2016, 2, 2), "30 января–2 февраля 2016\u00a0г."),
        ("ru", (2016, 12, 30), (2017, 1, 2), "30 декабря 2016\u00a0г.–2 января 2017\u00a0г."),
    ],
)
def test_date_range_writes_shared_month_and_year_once(language, start, end, text):
    from conference.templatetags.archive_dates import date_range

    with translation.override(language):
        rendered = date_range(datetime.date(*start), datetime.date(*end))

    assert re.sub(r"<[^>]+>", "", rendered) == text
    assert f'<time datetime="{datetime.date(*start).isoformat()}">' in rendered


@pytest.mark.parametrize(
    ("format_name", "text"),
    [
        ("DATE_FORMAT", "3 февраля 2016\u00a0г."),
        ("DATETIME_FORMAT", "3 февраля 2016\u00a0г. 10:00"),
        ("YEAR_MONTH_FORMAT", "Февраль 2016\u00a0г."),
    ],
)
def test_russian_formats_keep_the_year_with_its_g(format_name, text):
    """conference/formats/ru: "г." never starts a line of its own."""
    from django.utils.formats import date_format

    with translation.override("ru"):
        assert date_format(datetime.datetime(2016, 2, 3, 10, 0), format_name) == text


@pytest.mark.parametrize(
    ("language", "heading", "link"),
    [
        ("en", "Wednesday, February 3, 2016", "Wednesday, February 3"),
        ("ru", "Среда, 3 февраля 2016\u00a0г.", "Среда, 3 февраля"),
    ],
)
def test_schedule_day_formats(language, heading, link):
    from conference.templatetags.archive_dates import weekday_date, weekday_day

    with translation.override(language):
        assert weekday_date(datetime.date(2016, 2, 3)) == heading
        assert weekday_day(datetime.date(2016, 2, 3)) == link
