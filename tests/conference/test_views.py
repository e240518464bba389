import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from photos.choices import PhotoStatus
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    RenditionFactory,
    SpeakerFactory,
    StaffFactory,
    TalkFactory,
    TalkSpeakerFactory,
)
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db

# Query-count tests render each page with one and with this many related items: the
# number of queries must not grow with the data.
MANY = 30


def at(edition, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime on the edition's `day` (0 = first day), in the site's time zone."""
    date = edition.start_date + datetime.timedelta(days=day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


# --- Home ----------------------------------------------------------------------


def test_home_shows_latest_published_edition_and_its_talks(client):
    EditionFactory(name="PGConf 2015", slug="pgconf-2015", start_date=datetime.date(2015, 2, 5))
    latest = EditionFactory(
        name="PGConf 2016", slug="pgconf-2016", start_date=datetime.date(2016, 2, 3)
    )
    EditionFactory(
        name="PGConf 2017", slug="pgconf-2017", start_date=datetime.date(2017, 2, 3),
        is_published=False,
    )  # fmt: skip
    TalkFactory(edition=latest, title="Streaming changes out of PostgreSQL")
    TalkFactory(edition=latest, title="Draft talk", is_published=False)

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["edition"] == latest
    assert [talk.title for talk in response.context["talks"]] == [
        "Streaming changes out of PostgreSQL"
    ]
    assert [edition.name for edition in response.context["editions"]] == [
        "PGConf 2016",
        "PGConf 2015",
    ]
    html = response.content.decode()
    assert "PGConf 2017" not in html
    assert "Draft talk" not in html
    for url_name in ("talks:speaker-list", "talks:company-list", "talks:project-list"):
        assert f'href="{reverse(url_name)}"' in html
    assert f'href="{reverse("photos:gallery-list")}"' in html
    assert_csp_clean(html)


def test_home_puts_keynotes_first(client):
    edition = EditionFactory()
    TalkFactory(edition=edition, title="Morning talk", start=at(edition, 0, 9))
    TalkFactory(edition=edition, title="Keynote", kind="keynote", start=at(edition, 1, 9))

    response = client.get("/")

    assert [talk.title for talk in response.context["talks"]] == ["Keynote", "Morning talk"]


def test_home_without_published_edition_says_so(client):
    EditionFactory(is_published=False, name="Secret edition")

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["edition"] is None
    assert "No edition has been published yet" in response.content.decode()
    assert "Secret edition" not in response.content.decode()


@pytest.mark.parametrize("items", [1, MANY])
def test_home_query_count_fixed(client, django_assert_num_queries, items):
    edition = EditionFactory()
    for _ in range(items):
        TalkFactory(edition=edition, speakers=[SpeakerFactory(company=CompanyFactory())])
        RenditionFactory(photo=PhotoFactory(gallery=GalleryFactory(edition=edition)))
    for year in range(items):
        EditionFactory(start_date=datetime.date(1980 + year, 1, 1))  # older: listed, not featured

    # edition, talks with their credits, galleries with their covers (renditions inline),
    # edition links
    with django_assert_num_queries(4):
        response = client.get("/")

    assert len(response.context["talks"]) == min(items, 6)
    assert len(response.context["editions"]) == items + 1


# --- Base layout -------------------------------------------------------------


def test_base_layout_has_landmarks_skip_link_and_language_switch(client):
    response = client.get(reverse("conference:edition-list"))

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    # The language switch is links (no CSRF token on public pages; test_i18n.py).
    assert 'name="csrfmiddlewaretoken"' not in html
    assert '<a href="/ru/editions/" lang="ru" hreflang="ru">Русский</a>' in html
    assert 'href="/static/css/site.css"' in html
    # The current section is marked in the main navigation.
    assert 'href="/editions/" aria-current="page"' in html
    assert_csp_clean(html)


def test_djangos_language_post_still_sets_language_and_returns_to_page(client):
    """Kept for anyone posting to it; the site's own switcher is links (test_i18n.py)."""
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/speakers/"})

    assert response.status_code == 302
    assert response["Location"] == "/ru/speakers/"
    assert '<html lang="ru">' in client.get("/ru/speakers/").content.decode()


def test_unknown_page_renders_site_404(client):
    response = client.get("/no-such-edition/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert [template.name for template in response.templates][:3] == [
        "404.html",
        "error_base.html",
        "base.html",
    ]


def test_server_error_template_renders_without_context():
    from django.template import loader

    html = loader.get_template("500.html").render()

    assert "Something went wrong" in html
    assert_csp_clean(html)


# --- Editions archive --------------------------------------------------------


def test_edition_list_shows_published_editions_newest_first_with_counts(client):
    old = EditionFactory(name="PGConf 2015", start_date=datetime.date(2015, 2, 5))
    new = EditionFactory(name="PGConf 2016", start_date=datetime.date(2016, 2, 3))
    EditionFactory(name="PGConf 2017", start_date=datetime.date(2017, 2, 3), is_published=False)
    TalkFactory.create_batch(2, edition=new)
    TalkFactory(edition=new, is_published=False)
    TalkFactory(edition=old)
    published_gallery = GalleryFactory(edition=new)
    PhotoFactory.create_batch(3, gallery=published_gallery)
    PhotoFactory(gallery=published_gallery, status=PhotoStatus.PENDING)
    PhotoFactory(gallery=published_gallery, status=PhotoStatus.REJECTED)
    PhotoFactory(gallery=GalleryFactory(edition=new, is_published=False))

    response = client.get(reverse("conference:edition-list"))

    rows = [(e.name, e.year, e.talk_count, e.photo_count) for e in response.context["editions"]]
    assert rows == [("PGConf 2016", 2016, 2, 3), ("PGConf 2015", 2015, 1, 0)]
    html = response.content.decode()
    assert "PGConf 2017" not in html
    assert "2 talks" in html
    assert "3 photos" in html


@pytest.mark.parametrize("editions", [1, MANY])
def test_edition_list_query_count_fixed(client, django_assert_num_queries, editions):
    for _ in range(editions):
        edition = EditionFactory()
        TalkFactory(edition=edition)
        PhotoFactory(gallery=GalleryFactory(edition=edition))

    with django_assert_num_queries(1):
        response = client.get(reverse("conference:edition-list"))

    assert len(response.context["editions"]) == editions


# --- Edition detail ----------------------------------------------------------


def test_edition_detail_groups_talks_by_day_then_time(client):
    edition = EditionFactory(summary="First paragraph.\n\nSecond with https://example.org/")
    day2 = TalkFactory(edition=edition, title="Day two", start=at(edition, 1, 10))
    hall2 = TalkFactory(
        edition=edition, title="B parallel", room="Hall 2", start=at(edition, 0, 10)
    )
    hall1 = TalkFactory(
        edition=edition, title="A parallel", room="Hall 1", start=at(edition, 0, 10)
    )
    later = TalkFactory(edition=edition, title="Later", start=at(edition, 0, 11))
    unscheduled = TalkFactory(edition=edition, title="Lightning", start=None)

    response = client.get(edition.get_absolute_url())

    assert response.status_code == 200
    schedule = [
        (day.date, [(slot.start, slot.talks) for slot in day.slots])
        for day in response.context["days"]
    ]
    assert schedule == [
        (
            edition.start_date,
            [(at(edition, 0, 10), [hall1, hall2]), (at(edition, 0, 11), [later])],
        ),
        (edition.end_date, [(at(edition, 1, 10), [day2])]),
        (None, [(None, [unscheduled])]),
    ]
    html = response.content.decode()
    assert "<p>First paragraph.</p>" in html
    assert '<a href="https://example.org/" rel="nofollow">https://example.org/</a>' in html
    assert_csp_clean(html)


def test_edition_detail_shows_speakers_with_company_at_that_talk(client):
    edition = EditionFactory()
    credit = TalkSpeakerFactory(
        talk__edition=edition,
        talk__title="Logical replication at Zalando",
        talk__language="ru",
        speaker__name="Valentine Gogichashvili",
        company__name="Zalando",
    )

    html = client.get(edition.get_absolute_url()).content.decode()

    assert f'<a href="{credit.talk.get_absolute_url()}" lang="ru">Logical replication' in html
    assert f'<a href="{credit.speaker.get_absolute_url()}">Valentine Gogichashvili</a>' in html
    assert f'<a href="{credit.company.get_absolute_url()}">Zalando</a>' in html


def test_edition_detail_hides_drafts_and_unpublished_photos(client):
    edition = EditionFactory()
    TalkFactory(edition=edition, title="Public talk")
    TalkFactory(edition=edition, title="Draft talk", is_published=False)
    GalleryFactory(edition=edition, title="Draft gallery", is_published=False)
    gallery = GalleryFactory(edition=edition, title="Day one")
    pending = PhotoFactory(gallery=gallery, status=PhotoStatus.PENDING)
    RenditionFactory(photo=pending)
    gallery.cover = pending
    gallery.save()

    response = client.get(edition.get_absolute_url())

    html = response.content.decode()
    assert "Public talk" in html
    assert "Draft talk" not in html
    assert "Draft gallery" not in html
    assert [g.title for g in response.context["galleries"]] == ["Day one"]
    # A pending photo is no cover, even when chosen as one.
    assert response.context["galleries"][0].cover_photo is None
    assert f"renditions/{pending.pk}/" not in html


def test_edition_detail_unknown_is_404(client):
    assert client.get("/pgconf-1999/").status_code == 404


def test_edition_detail_unpublished_is_404(client):
    edition = EditionFactory(is_published=False)

    assert client.get(edition.get_absolute_url()).status_code == 404


def test_edition_detail_staff_without_permission_gets_404_for_draft(client):
    edition = EditionFactory(is_published=False)
    client.force_login(StaffFactory())

    assert client.get(edition.get_absolute_url()).status_code == 404


def test_edition_detail_staff_preview_shows_draft_marked(client):
    edition = EditionFactory(is_published=False, name="PGConf 2030")
    TalkFactory(edition=edition, title="Draft talk", is_published=False)
    client.force_login(StaffFactory(permissions=["conference.change_edition", "talks.change_talk"]))

    response = client.get(edition.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: this page is a draft" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Draft talk" in html
    assert "no-cache" in response["Cache-Control"]


def test_edition_detail_published_has_no_preview_banner_for_staff(client):
    edition = EditionFactory()
    client.force_login(StaffFactory(permissions=["conference.change_edition"]))

    response = client.get(edition.get_absolute_url())

    assert "Preview:" not in response.content.decode()


@pytest.mark.parametrize("talks", [1, MANY])
def test_edition_detail_query_count_fixed(client, django_assert_num_queries, talks):
    edition = EditionFactory()
    for number in range(talks):
        TalkFactory(
            edition=edition,
            start=at(edition, number % 3, 9 + number // 3),
            track=("Development", "Administration", "Case studies")[number % 3],
            language=("en", "ru")[number % 2],
            speakers=[SpeakerFactory(company=CompanyFactory()), SpeakerFactory()],
        )
    for _ in range(talks):
        RenditionFactory(photo=PhotoFactory(gallery=GalleryFactory(edition=edition)))

    # edition, talks with their credits, galleries with their covers (renditions inline)
    with django_assert_num_queries(3):
        response = client.get(edition.get_absolute_url())

    assert response.context["talk_count"] == talks


def test_edition_detail_filters_list_the_tracks_and_languages_present(client):
    edition = EditionFactory()
    TalkFactory(edition=edition, track="Internals", language="ru", title="Про WAL")
    TalkFactory(edition=edition, track="Case studies", language="en", title="At Zalando")
    TalkFactory(edition=edition, track="", language="en", title="Lightning talks")
    TalkFactory(edition=edition, track="Hidden track", language="de", is_published=False)

    response = client.get(edition.get_absolute_url())

    assert [str(track) for track in response.context["track_choices"]] == [
        "Case studies",
        "Internals",
    ]
    assert response.context["language_choices"] == [("en", "English"), ("ru", "Russian")]
    html = response.content.decode()
    # Shown by the script; without it the whole schedule stays listed.
    assert '<form class="talk-filters" data-talk-filters="schedule" hidden>' in html
    assert '<option value="internals">Internals</option>' in html  # by the track's slug
    assert '<option value="ru">Russian</option>' in html
    assert "Hidden track" not in html
    # data-talk-id: where static/js/stars.js puts each talk's star button.
    assert '<li data-track="internals" data-language="ru" data-talk-id="' in html
    assert '<li data-track="" data-language="en" data-talk-id="' in html
    assert '<script src="/static/js/edition-filters.js" defer></script>' in html
    assert "<li>3 talks</li>" in html
    assert "<li>2 tracks</li>" in html
    assert "<li>2 languages</li>" in html
    assert_csp_clean(html)


def test_edition_detail_without_choices_has_no_filters(client):
    edition = EditionFactory()
    TalkFactory.create_batch(2, edition=edition, track="Development", language="en")

    html = client.get(edition.get_absolute_url()).content.decode()

    assert "data-talk-filters" not in html
    assert "edition-filters.js" not in html
