"""The talk page's SQL readers (talks/readers/talk_page.py and the talk readers of
photos/readers/) against the querysets they replaced.

Each reference below is the queryset the page used before the readers were written in
SQL; the readers must give the same rows, in the same order, with the same related
objects, on data chosen to tell the rules apart (drafts, draft editions, unscheduled
talks, ties in the schedule, covers that may not be used).
"""

import datetime

import pytest
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from photos.choices import PhotoStatus
from photos.models import Gallery, Photo, Rendition
from photos.readers.galleries import galleries_for_edition, galleries_for_talk
from photos.readers.photos import photos_for_talk, photos_of_speaker
from talks.models import SEARCH_FIELDS, Talk, TalkSpeaker
from talks.readers import talk_page
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    RenditionFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)
from tests.talks.readers import reference_querysets as querysets

pytestmark = pytest.mark.django_db


def at(edition, day: int, hour: int) -> datetime.datetime:
    date = edition.start_date + datetime.timedelta(days=day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def credit_rows(talk) -> list[tuple]:
    return [
        (
            credit.pk,
            credit.position,
            credit.speaker.pk,
            credit.speaker.name,
            credit.speaker.get_absolute_url(),
            credit.company and (credit.company.pk, credit.company.name),
        )
        for credit in talk.credits
    ]


# --- The talk itself -------------------------------------------------------------------


def test_find_talk_matches_the_queryset_it_replaced():
    edition = EditionFactory()
    talk = TalkFactory(edition=edition, subtitle="A subtitle", video_url="https://example.com/v")
    TalkSpeakerFactory(talk=talk, position=2)
    TalkSpeakerFactory(talk=talk, position=1, company=None)
    TalkSpeakerFactory(talk=talk, position=1)
    talk.projects.add(ProjectFactory(name="Multicorn"), ProjectFactory(name="Debezium"))
    reference = querysets.talk_detail_queryset(edition_slug=edition.slug).get(pk=talk.pk)

    found = talk_page.find_talk(edition_slug=edition.slug, slug=talk.slug)

    fields = [field.attname for field in Talk._meta.concrete_fields]
    shown = [name for name in fields if name not in SEARCH_FIELDS]
    assert {name: getattr(found, name) for name in shown} == {
        name: getattr(reference, name) for name in shown
    }
    assert found.edition == reference.edition
    assert found.edition.name == reference.edition.name
    assert credit_rows(found) == credit_rows(reference)
    assert found.public_projects == list(reference.projects.all())
    assert [p.repository_url for p in found.public_projects] == [
        p.repository_url for p in reference.projects.all()
    ]
    assert found.get_absolute_url() == reference.get_absolute_url()


def test_find_talk_search_columns_stay_deferred(django_assert_num_queries):
    talk = TalkFactory()
    found = talk_page.find_talk(edition_slug=talk.edition.slug, slug=talk.slug)
    assert found.get_deferred_fields() >= SEARCH_FIELDS


@pytest.mark.parametrize(
    ("talk_published", "edition_published", "public"),
    [(True, True, True), (False, True, False), (True, False, False), (False, False, False)],
)
def test_find_talk_drafts_only_for_preview(talk_published, edition_published, public):
    talk = TalkFactory(
        is_published=talk_published, edition=EditionFactory(is_published=edition_published)
    )
    where = {"edition_slug": talk.edition.slug, "slug": talk.slug}

    assert (talk_page.find_talk(**where) == talk) is public
    assert talk_page.find_talk(**where, include_drafts=True) == talk


def test_find_talk_needs_the_right_edition():
    talk = TalkFactory()
    other = EditionFactory()
    assert talk_page.find_talk(edition_slug=other.slug, slug=talk.slug) is None
    assert talk_page.find_talk(edition_slug=talk.edition.slug, slug="no-such-talk") is None


def test_find_talk_one_query(django_assert_num_queries):
    talk = TalkFactory(speakers=[SpeakerFactory(company=CompanyFactory()), SpeakerFactory()])
    talk.projects.add(ProjectFactory())
    with django_assert_num_queries(1):
        found = talk_page.find_talk(edition_slug=talk.edition.slug, slug=talk.slug)
        [credit.speaker.get_absolute_url() for credit in found.credits]
        [credit.company.name for credit in found.credits if credit.company]
        [project.get_absolute_url() for project in found.public_projects]


@pytest.mark.parametrize(
    ("talk_published", "edition_published"), [(True, True), (False, True), (True, False)]
)
def test_find_talk_for_calendar_is_find_talk_without_the_pages_extras(
    talk_published, edition_published, django_assert_num_queries
):
    talk = TalkFactory(
        is_published=talk_published,
        edition=EditionFactory(is_published=edition_published),
        speakers=[SpeakerFactory(company=CompanyFactory()), SpeakerFactory()],
    )
    talk.projects.add(ProjectFactory(name="Multicorn"), ProjectFactory(name="Debezium"))
    where = {"edition_slug": talk.edition.slug, "slug": talk.slug}
    page = talk_page.find_talk(**where)

    with django_assert_num_queries(1):
        found = talk_page.find_talk_for_calendar(**where)
        [credit.speaker.name for credit in found.credits] if found else None
        [project.repository_url for project in found.public_projects] if found else None

    if not (talk_published and edition_published):
        assert found is None  # a draft has no public calendar file, preview or not
        return
    fields = [field.attname for field in Talk._meta.concrete_fields]
    shown = [name for name in fields if name not in SEARCH_FIELDS]
    assert {name: getattr(found, name) for name in shown} == {
        name: getattr(page, name) for name in shown
    }
    assert credit_rows(found) == credit_rows(page)
    assert found.public_projects == page.public_projects
    assert talk_page.find_talk_for_calendar(edition_slug=talk.edition.slug, slug="x") is None


# --- Other talks by the same speakers ----------------------------------------------------


def reference_other_talks(talk, limit):
    """talks.readers.talk_page.other_talks_by_speakers as it was, before talk_page replaced it."""
    speaker_ids = [credit.speaker_id for credit in talk.credits]
    if not speaker_ids:
        return []
    shared = TalkSpeaker.objects.filter(talk=OuterRef("pk"), speaker_id__in=speaker_ids)
    talks = (
        querysets.visible_talks()
        .filter(Exists(shared))
        .exclude(pk=talk.pk)
        .order_by(*querysets.NEWEST_FIRST)
    )
    return list(talks[:limit])


def test_other_talks_match_the_queryset_they_replaced():
    anna, boris, vera = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    old, new = EditionFactory(start_date=datetime.date(2019, 5, 1)), EditionFactory()
    talk = TalkFactory(edition=new, speakers=[anna, boris])
    TalkFactory(edition=new, speakers=[boris, anna], start=at(new, 0, 9))
    TalkFactory(edition=new, speakers=[anna], start=None)
    TalkFactory(edition=new, speakers=[anna], start=at(new, 0, 9), room="Hall 2")
    TalkFactory(edition=old, speakers=[boris], start=at(old, 1, 12))
    TalkFactory(edition=old, speakers=[anna], is_published=False)
    TalkFactory(edition=EditionFactory(is_published=False), speakers=[anna])
    TalkFactory(edition=new, speakers=[vera])
    loaded = talk_page.find_talk(edition_slug=new.slug, slug=talk.slug)

    for limit in (2, 10):
        expected = reference_other_talks(loaded, limit)
        found = talk_page.other_talks_by_speakers(loaded, limit=limit)
        assert found == expected
        assert [credit_rows(t) for t in found] == [credit_rows(t) for t in expected]
        assert [t.edition.name for t in found] == [t.edition.name for t in expected]
    assert len(talk_page.other_talks_by_speakers(loaded)) == 4


def test_other_talks_none_without_speakers():
    talk = TalkFactory()
    TalkFactory()
    loaded = talk_page.find_talk(edition_slug=talk.edition.slug, slug=talk.slug)
    assert talk_page.other_talks_by_speakers(loaded) == []


# --- Previous and next talk ----------------------------------------------------------------


def neighbours(talk, *, include_drafts=False):
    """find_talk()'s (previous, next) for `talk`."""
    found = talk_page.find_talk(
        edition_slug=talk.edition.slug, slug=talk.slug, include_drafts=include_drafts
    )
    return found.neighbours


def test_neighbours_follow_the_schedule_order_through_ties_and_unscheduled_talks():
    edition = EditionFactory()
    nine = at(edition, 0, 9)
    for room, title, start, published in [
        ("Hall 2", "Beta", nine, True),
        ("Hall 1", "Zeta", nine, True),
        ("Hall 1", "Alpha", nine, True),
        ("Hall 1", "Alpha", nine, True),  # a full tie: the id decides
        ("Hall 1", "Gamma", at(edition, 1, 9), False),
        ("", "Unscheduled B", None, True),
        ("", "Unscheduled A", None, True),
        ("Hall 3", "Late", at(edition, 1, 18), True),
    ]:
        TalkFactory(edition=edition, room=room, title=title, start=start, is_published=published)
    TalkFactory(start=nine)  # another edition's talk is never a neighbour

    for include_drafts in (False, True):
        talks = Talk.objects.all() if include_drafts else Talk.objects.published()
        ordered = list(talks.filter(edition=edition).order_by(*querysets.EDITION_ORDER))
        for index, talk in enumerate(ordered):
            expected = (
                ordered[index - 1] if index else None,
                ordered[index + 1] if index + 1 < len(ordered) else None,
            )
            assert neighbours(talk, include_drafts=include_drafts) == expected


def test_neighbours_of_a_draft_only_in_a_preview():
    edition = EditionFactory()
    first = TalkFactory(edition=edition, start=at(edition, 0, 9))
    draft = TalkFactory(edition=edition, start=at(edition, 0, 10), is_published=False)
    last = TalkFactory(edition=edition, start=at(edition, 0, 11))

    assert neighbours(first) == (None, last)
    assert neighbours(first, include_drafts=True) == (None, draft)
    assert neighbours(draft, include_drafts=True) == (first, last)
    assert talk_page.find_talk(edition_slug=edition.slug, slug=draft.slug) is None


def test_neighbours_carry_what_their_links_show(django_assert_num_queries):
    edition = EditionFactory()
    first = TalkFactory(edition=edition, start=at(edition, 0, 9), title="Первый", language="ru")
    last = TalkFactory(edition=edition, start=at(edition, 0, 11))
    middle = TalkFactory(edition=edition, start=at(edition, 0, 10))

    with django_assert_num_queries(1):
        previous, following = talk_page.find_talk(
            edition_slug=edition.slug, slug=middle.slug
        ).neighbours
        shown = [(t.title, t.language, t.get_absolute_url()) for t in (previous, following)]

    assert shown == [
        ("Первый", "ru", first.get_absolute_url()),
        (last.title, last.language, last.get_absolute_url()),
    ]


# --- Photos and galleries of the talk ---------------------------------------------------------


def renditions_of(photo):
    return photo and [(r.pk, r.width, r.format, str(r.file)) for r in photo.public_renditions]


def cover_summary(galleries):
    return [
        (
            gallery.pk,
            gallery.title,
            gallery.edition.slug,
            gallery.photo_count,
            gallery.cover_photo and gallery.cover_photo.pk,
            renditions_of(gallery.cover_photo),
        )
        for gallery in galleries
    ]


# A gallery's published photos in order, and a photo's renditions as the pages show them.
PHOTO_ORDER = ("position", "taken_at", "pk")
RENDITIONS = Prefetch(
    "renditions",
    queryset=Rendition.objects.order_by("format", "width"),
    to_attr="public_renditions",
)


def reference_galleries(**filters) -> list[Gallery]:
    """The querysets gallery cards came from before they were written in SQL: published
    galleries by position with a published-photo count and, as cover, the chosen cover when
    it is a published photo of the gallery with renditions, else the first such photo."""
    with_rendition = Exists(Rendition.objects.filter(photo=OuterRef("pk")))
    candidates = Photo.objects.published().filter(with_rendition, gallery=OuterRef("pk"))
    chosen = candidates.filter(pk=OuterRef("cover_id")).values("pk")[:1]
    first = candidates.order_by(*PHOTO_ORDER).values("pk")[:1]
    counted = (
        Photo.objects.published()
        .filter(gallery=OuterRef("pk"))
        .order_by()
        .values("gallery")
        .annotate(count=Count("pk"))
        .values("count")
    )
    galleries = list(
        Gallery.objects.published()
        .filter(**filters)
        .select_related("edition")
        .annotate(
            photo_count=Coalesce(Subquery(counted), 0),
            cover_pk=Coalesce(Subquery(chosen), Subquery(first)),
        )
        .order_by("position", "title_en", "title_ru", "pk")
    )
    covers = Photo.objects.prefetch_related(RENDITIONS).in_bulk([g.cover_pk for g in galleries])
    for gallery in galleries:
        gallery.cover_photo = covers.get(gallery.cover_pk)
    return galleries


def test_galleries_match_the_queryset_they_replaced():
    talk = TalkFactory()
    edition = talk.edition
    # Chosen cover, published, with renditions: it is the cover.
    chosen = GalleryFactory(edition=edition, talk=talk, title="B chosen", position=1)
    first = PhotoFactory(gallery=chosen, position=0)
    RenditionFactory(photo=first)
    cover = PhotoFactory(gallery=chosen, position=5)
    RenditionFactory(photo=cover, width=960)
    RenditionFactory(photo=cover, width=480)
    PhotoFactory(gallery=chosen, status=PhotoStatus.PENDING)
    chosen.cover = cover
    chosen.save()
    # Chosen cover pending: the first published photo with renditions instead.
    fallback = GalleryFactory(edition=edition, talk=talk, title="A fallback", position=1)
    pending = PhotoFactory(gallery=fallback, status=PhotoStatus.PENDING)
    RenditionFactory(photo=pending)
    PhotoFactory(gallery=fallback, position=0)  # no renditions yet: never a cover
    second = PhotoFactory(gallery=fallback, position=1)
    RenditionFactory(photo=second)
    fallback.cover = pending
    fallback.save()
    # No usable photo: no cover. A draft gallery, another talk's gallery: not listed.
    GalleryFactory(edition=edition, talk=talk, title="C empty", position=0)
    GalleryFactory(edition=edition, talk=talk, is_published=False)
    GalleryFactory(edition=edition, talk=TalkFactory(edition=edition))

    expected = reference_galleries(talk=talk)
    found = galleries_for_talk(talk)

    assert cover_summary(found) == cover_summary(expected)
    assert [g.cover_photo and g.cover_photo.pk for g in found] == [None, second.pk, cover.pk]

    # The same statement reads an edition's galleries (home and edition pages): the other
    # talk's gallery too, and no other edition's.
    GalleryFactory()
    expected = reference_galleries(edition=edition)
    found = galleries_for_edition(edition)
    assert cover_summary(found) == cover_summary(expected)
    assert len(found) == 4


def test_galleries_for_talk_none_in_a_draft_edition():
    talk = TalkFactory(edition=EditionFactory(is_published=False))
    photo = PhotoFactory(gallery=GalleryFactory(edition=talk.edition, talk=talk))
    RenditionFactory(photo=photo)
    assert galleries_for_talk(talk) == []
    assert galleries_for_edition(talk.edition) == []


def has_photos(talk) -> bool:
    return talk_page.find_talk(
        edition_slug=talk.edition.slug, slug=talk.slug, include_drafts=True
    ).has_photos


def test_find_talk_says_whether_the_photo_readers_would_find_anything():
    """talk.has_photos, which lets the page skip both readers, against the readers."""
    edition = EditionFactory()
    draft_edition = EditionFactory(is_published=False)
    cases = {
        "nothing": TalkFactory(edition=edition),
        "a published gallery": TalkFactory(edition=edition),
        "an empty published gallery": TalkFactory(edition=edition),
        "a draft gallery": TalkFactory(edition=edition),
        "a gallery in a draft edition": TalkFactory(edition=draft_edition),
        "a published photo": TalkFactory(edition=edition),
        "a pending photo": TalkFactory(edition=edition),
        "a photo in a draft gallery": TalkFactory(edition=edition),
        "another talk's photo": TalkFactory(edition=edition),
    }
    published = GalleryFactory(edition=edition)
    gallery = GalleryFactory(edition=edition, talk=cases["a published gallery"])
    RenditionFactory(photo=PhotoFactory(gallery=gallery))
    GalleryFactory(edition=edition, talk=cases["an empty published gallery"])
    GalleryFactory(edition=edition, talk=cases["a draft gallery"], is_published=False)
    GalleryFactory(edition=draft_edition, talk=cases["a gallery in a draft edition"])
    PhotoFactory(gallery=published, talk=cases["a published photo"])
    PhotoFactory(gallery=published, talk=cases["a pending photo"], status=PhotoStatus.PENDING)
    PhotoFactory(
        gallery=GalleryFactory(edition=edition, is_published=False),
        talk=cases["a photo in a draft gallery"],
    )
    PhotoFactory(gallery=published, talk=TalkFactory(edition=edition))

    found = {case: has_photos(talk) for case, talk in cases.items()}
    readers = {
        case: bool(galleries_for_talk(talk) or photos_for_talk(talk))
        for case, talk in cases.items()
    }
    assert found == readers
    assert [case for case, shown in found.items() if shown] == [
        "a published gallery",
        "an empty published gallery",
        "a published photo",
    ]


def test_photos_for_talk_match_the_queryset_they_replaced():
    talk = TalkFactory()
    edition = talk.edition
    day_two = GalleryFactory(edition=edition, position=2)
    day_one = GalleryFactory(edition=edition, position=1)
    photos = [
        PhotoFactory(gallery=day_two, talk=talk, position=0),
        PhotoFactory(gallery=day_one, talk=talk, position=3),
        PhotoFactory(gallery=day_one, talk=talk, position=1),
        PhotoFactory(gallery=day_one, talk=talk, status=PhotoStatus.REJECTED),
        PhotoFactory(gallery=GalleryFactory(edition=edition, is_published=False), talk=talk),
        PhotoFactory(gallery=day_one),
    ]
    RenditionFactory(photo=photos[1], width=960)
    RenditionFactory(photo=photos[1], width=480)

    order = ("gallery__position", "gallery_id", *PHOTO_ORDER)
    for limit in (2, 8):
        expected = reference_photo_block(Photo.objects.published().filter(talk=talk), order, limit)
        found = photos_for_talk(talk, limit=limit)
        assert found == expected
        assert [p.get_absolute_url() for p in found] == [p.get_absolute_url() for p in expected]
        assert [[(r.pk, r.width, str(r.file)) for r in p.public_renditions] for p in found] == [
            [(r.pk, r.width, str(r.file)) for r in p.public_renditions] for p in expected
        ]
        assert [(p.width, p.height, p.alt_text) for p in found] == [
            (p.width, p.height, p.alt_text) for p in expected
        ]


def reference_photo_block(photos, order, limit):
    """The queryset the photo blocks used before they were written in SQL."""
    photos = photos.select_related("gallery__edition").prefetch_related(RENDITIONS)
    return list(photos.order_by(*order)[:limit])


def test_photos_of_speaker_match_the_queryset_they_replaced():
    anna = SpeakerFactory()
    old, new = EditionFactory(start_date=datetime.date(2019, 5, 1)), EditionFactory()
    old_day, new_day = GalleryFactory(edition=old), GalleryFactory(edition=new, position=3)
    photos = [
        PhotoFactory(gallery=old_day, speakers=[anna], position=1),
        PhotoFactory(gallery=new_day, speakers=[anna, SpeakerFactory()], position=2),
        PhotoFactory(gallery=new_day, speakers=[anna], position=0),
        PhotoFactory(gallery=new_day, speakers=[anna], status=PhotoStatus.PENDING),
        PhotoFactory(gallery=GalleryFactory(edition=new, is_published=False), speakers=[anna]),
        PhotoFactory(gallery=new_day),
    ]
    RenditionFactory(photo=photos[0], width=960)
    RenditionFactory(photo=photos[0], width=480)

    order = ("-gallery__edition__start_date", "gallery__position", "gallery_id", *PHOTO_ORDER)
    for limit in (2, 8):
        expected = reference_photo_block(
            Photo.objects.published().filter(speakers=anna), order, limit
        )
        found = photos_of_speaker(anna, limit=limit)
        assert found == expected
        assert [p.get_absolute_url() for p in found] == [p.get_absolute_url() for p in expected]
        assert [[r.pk for r in p.public_renditions] for p in found] == [
            [r.pk for r in p.public_renditions] for p in expected
        ]
    assert len(photos_of_speaker(anna)) == 3


def test_credits_follow_every_change_of_links_speakers_and_companies():
    """talks_talk.credits_json is the database's to keep (talks migration 0013)."""
    company = CompanyFactory(name="Postgres Pro")
    anna, boris = SpeakerFactory(name="Anna"), SpeakerFactory(name="Boris")
    talk = TalkFactory()
    first = TalkSpeakerFactory(talk=talk, speaker=anna, position=0, company=company)
    TalkSpeakerFactory(talk=talk, speaker=boris, position=1, company=None)

    def shown():
        found = talk_page.find_talk(edition_slug=talk.edition.slug, slug=talk.slug)
        return [
            (c.speaker.name, c.speaker.slug, c.company and c.company.name) for c in found.credits
        ]

    assert shown() == [("Anna", anna.slug, "Postgres Pro"), ("Boris", boris.slug, None)]

    anna.name, anna.slug = "Anna K.", "anna-k"
    anna.save()
    company.name = "Postgres Professional"
    company.save()
    first.position = 5
    first.save()
    assert shown() == [("Boris", boris.slug, None), ("Anna K.", "anna-k", "Postgres Professional")]

    first.delete()
    TalkSpeaker.objects.create(talk=talk, speaker=SpeakerFactory(name="Vera"), position=9)
    assert [name for name, _, _ in shown()] == ["Boris", "Vera"]


def test_saving_a_talk_read_before_a_link_changed_keeps_the_databases_facets():
    """company_ids, project_ids and credits_json are the database's: a talk saved from an
    instance (an admin form) read before its speakers or projects changed does not write
    them back."""
    talk = TalkFactory()
    stale = Talk.objects.get(pk=talk.pk)
    company, project = CompanyFactory(), ProjectFactory()
    credit = TalkSpeakerFactory(talk=talk, company=company)
    talk.projects.add(project)

    stale.title = "A new title"
    stale.save()

    saved = Talk.objects.get(pk=talk.pk)
    assert saved.title == "A new title"
    assert saved.company_ids == [company.pk]
    assert saved.project_ids == [project.pk]
    assert [row["id"] for row in saved.credits_json] == [credit.pk]


def test_credits_are_kept_as_objects_with_named_keys():
    """Readers take each value by its key (talks.readers.rows), not by its place in a row;
    both spellings of each name (talks migration 0021)."""
    company = CompanyFactory(name_en="Postgres Pro", name_ru="Постгрес Про", slug="postgres-pro")
    anna = SpeakerFactory(name_en="Anna", name_ru="Анна", slug="anna")
    boris = SpeakerFactory(name="Boris", slug="boris")
    talk = TalkFactory()
    first = TalkSpeakerFactory(talk=talk, speaker=anna, position=0, company=company)
    second = TalkSpeakerFactory(talk=talk, speaker=boris, position=1, company=None)

    assert Talk.objects.get(pk=talk.pk).credits_json == [
        {
            "id": first.pk,
            "position": 0,
            "speaker": {"id": anna.pk, "name_en": "Anna", "name_ru": "Анна", "slug": "anna"},
            "company": {
                "id": company.pk,
                "name_en": "Postgres Pro",
                "name_ru": "Постгрес Про",
                "slug": "postgres-pro",
            },
        },
        {
            "id": second.pk,
            "position": 1,
            "speaker": {"id": boris.pk, "name_en": "Boris", "name_ru": "", "slug": "boris"},
            "company": None,
        },
    ]
