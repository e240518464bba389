import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, F
from PIL import Image

from conference.models import Edition
from conference.sample import load_sample_archive
from conference.sample.galleries import CAMERA_SKEW, OPENING
from conference.sample.generate import build_sample_archive
from photos.choices import PhotoStatus
from photos.models import Gallery, Photo, PhotoBatch, Rendition
from photos.placement import propose_talks, set_clock_offset
from talks.choices import Language
from talks.models import Company, Project, Speaker, Talk, TalkSpeaker

MOSCOW = ZoneInfo("Europe/Moscow")


def stored_files(tmp_path) -> set[str]:
    return {str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file()}


def talk_speakers(talk: Talk) -> list[tuple[str, str, str]]:
    return [
        (row.speaker.slug, row.speaker.name, row.company.name)
        for row in TalkSpeaker.objects.filter(talk=talk).select_related("speaker", "company")
    ]


def snapshot() -> dict:
    """Everything a second load could duplicate or change, by natural key."""
    return {
        "editions": sorted(Edition.objects.values_list("slug", "is_published")),
        "companies": sorted(Company.objects.values_list("slug", flat=True)),
        "projects": sorted(Project.objects.values_list("slug", flat=True)),
        "speakers": sorted(Speaker.objects.values_list("slug", "name_en", "name_ru")),
        "talks": sorted(Talk.objects.values_list("edition__slug", "slug", "title", "start")),
        "talk_speakers": sorted(
            TalkSpeaker.objects.values_list("talk__slug", "speaker__slug", "position", "company")
        ),
        "galleries": sorted(Gallery.objects.values_list("slug", "cover")),
        "photos": sorted(Photo.objects.values_list("pk", "original")),
        "renditions": sorted(Rendition.objects.values_list("pk", "file")),
    }


DAY_ONE_SPEC = next(spec for spec in build_sample_archive().galleries if spec.slug == "day-one")
# The 10:00 talk of the main hall on 3 February 2016, as the sample's seed draws it.
FIRST_MAIN_HALL_TALK = "zhurnal-predzapisi-wal-iznutri-put-k-postgresql-95"


def placed_on(photos, field: str) -> list[str | None]:
    """The slug of each photo's talk (or proposed talk), read anew."""
    found = Photo.objects.select_related(field).in_bulk([photo.pk for photo in photos])
    return [
        getattr(found[photo.pk], field) and getattr(found[photo.pk], field).slug for photo in photos
    ]


def test_build_sample_archive_same_seed_same_archive():
    assert build_sample_archive() == build_sample_archive()


def test_sample_content_comes_in_english_and_russian():
    """Every edition, project, gallery and photo caption of the sample has both values (a
    draft edition's summary apart: it has none), and a few talks a title in the other
    language, so that the demo shows the site in either language."""
    archive = build_sample_archive()
    missing = [
        f"{spec.slug}.{field}_{language}"
        for spec, fields in [
            *[
                (edition, ("name", "city") + ("summary",) * edition.is_published)
                for edition in archive.editions
            ],
            *[(project, ("description",)) for project in archive.projects],
            *[(gallery, ("title",)) for gallery in archive.galleries],
        ]
        for field in fields
        for language in ("en", "ru")
        if not getattr(spec, f"{field}_{language}")
    ]
    captions = [
        (photo.caption_en, photo.caption_ru)
        for gallery in archive.galleries
        for photo in gallery.photos
    ]

    assert missing == []
    assert [caption for caption in captions if not all(caption)] == []
    assert len([talk for talk in archive.talks if talk.other_title]) >= 3


@pytest.mark.django_db
def test_load_sample_archive_twice_meets_minimums_once(tmp_path):
    out = io.StringIO()

    counts = load_sample_archive(stdout=out)

    # --- the summary and the minimums
    assert f"{counts.talks} talks" in out.getvalue()
    assert counts.editions >= 5
    assert counts.draft_editions == 1
    assert counts.talks >= 200
    assert counts.speakers >= 120
    assert counts.companies >= 30
    assert counts.projects >= 10
    assert 0.3 <= counts.talks_in_russian / counts.talks <= 0.5
    newest = Edition.objects.order_by("-start_date").first()
    assert not newest.is_published
    assert Edition.objects.published().count() == counts.editions - 1

    # --- the three real talks of 2016, speakers in order with their company at the talk
    edition = Edition.objects.get(slug="pgconf-russia-2016")
    assert (edition.name, edition.city, edition.is_published) == (
        "PGConf.Russia 2016",
        "Moscow",
        True,
    )
    assert (edition.start_date, edition.end_date) == (
        datetime.date(2016, 2, 3),
        datetime.date(2016, 2, 5),
    )
    assert edition.summary
    zalando = Talk.objects.get(
        edition=edition, slug="data-integration-with-postgresql-logical-replication-at-zalando"
    )
    assert zalando.abstract.startswith("Since its launch in 2008, Zalando has grown")
    assert zalando.abstract.endswith("streaming replication in a microservices environment.")
    assert talk_speakers(zalando) == [
        ("valentine-gogichashvili", "Valentine Gogichashvili", "Zalando")
    ]
    assert list(zalando.projects.values_list("name", flat=True)) == [
        "Zalando logical replication data collection prototype"
    ]
    multicorn = Talk.objects.get(
        edition=edition, slug="multicorn-writing-foreign-data-wrappers-in-python"
    )
    assert multicorn.abstract.startswith("Multicorn is a generic Foreign Data Wrapper")
    assert "- IMPORT FOREIGN SCHEMA\n- ORDER BY clauses pushdown\n" in multicorn.abstract
    assert talk_speakers(multicorn) == [("ronan-dunklau", "Ronan Dunklau", "Dalibo")]
    assert multicorn.projects.get().repository_url == "https://github.com/Segfault-Inc/Multicorn"
    oracle = Talk.objects.get(
        edition=edition, title="Migrating a large medical system from Oracle to PostgreSQL"
    )
    assert oracle.abstract.startswith("First working on Oracle, we could not ignore")
    assert oracle.abstract.endswith("our patches solving some of the migration problems.")
    assert talk_speakers(oracle) == [
        ("marat-fattakhov", "Marat Fattakhov", "BARS group"),
        ("dmitry-boikov", "Dmitry Boikov", "BARS group"),
    ]
    assert "code converter" in oracle.projects.get().name
    # Both spellings of a name, explicit (the spec's name and its alias in the other script).
    names = Speaker.objects.filter(
        slug__in=["marat-fattakhov", "dmitry-boikov", "valentine-gogichashvili", "ronan-dunklau"]
    ).order_by("slug")
    assert [(s.slug, s.name_en, s.name_ru, s.aliases) for s in names] == [
        ("dmitry-boikov", "Dmitry Boikov", "Дмитрий Бойков", []),
        ("marat-fattakhov", "Marat Fattakhov", "Марат Фаттахов", []),
        ("ronan-dunklau", "Ronan Dunklau", "", []),
        ("valentine-gogichashvili", "Valentine Gogichashvili", "Валентин Гогичашвили", []),
    ]
    bars = Company.objects.get(slug="bars-group")
    assert (bars.name_en, bars.name_ru, bars.aliases) == ("BARS group", "БАРС Груп", [])
    assert bars.description_ru.startswith("Разработчик информационных систем")

    # --- the generated part makes browsing and search meaningful
    assert Talk.objects.filter(language=Language.RUSSIAN, title__icontains="репликац").exists()
    assert Talk.objects.filter(language=Language.ENGLISH, title__icontains="replication").exists()
    assert Speaker.objects.exclude(name_en="").exclude(name_ru="").exists()
    assert TalkSpeaker.objects.exclude(company=F("speaker__company")).exists()
    assert Talk.objects.annotate(n=Count("talk_speakers")).filter(n__gte=2).exists()
    assert not Talk.objects.annotate(n=Count("talk_speakers")).filter(n=0).exists()
    assert not Speaker.objects.filter(talks__isnull=True).exists()
    assert Talk.objects.exclude(video_url="").filter(video_url__contains="youtube.com").exists()
    assert Talk.objects.exclude(slides_url="").exists()
    assert Project.objects.filter(talks__isnull=True).count() == 0
    for talk in Talk.objects.select_related("edition"):
        local = talk.start.astimezone(MOSCOW)
        assert talk.edition.start_date <= local.date() <= talk.edition.end_date, talk

    # --- galleries, photos added through add_photo
    galleries = list(Gallery.objects.select_related("edition", "talk"))
    assert len(galleries) == 3
    assert len({gallery.edition_id for gallery in galleries}) == 2
    assert all(gallery.edition.is_published and gallery.is_published for gallery in galleries)
    assert [g.talk for g in galleries if g.talk] == [multicorn]
    for gallery in galleries:
        photos = list(gallery.photos.all())
        assert 8 <= len(photos) <= 12
        assert gallery.cover in photos
        assert all(photo.status == PhotoStatus.PUBLISHED for photo in photos)
        assert all(photo.caption and photo.alt_text and photo.credit for photo in photos)
        assert all(photo.taken_at and photo.placeholder_color for photo in photos)
    assert Photo.objects.filter(height__gt=F("width")).exists()
    assert Photo.objects.filter(width__gt=F("height")).exists()
    assert Photo.objects.filter(talk=zalando, speakers__slug="valentine-gogichashvili").exists()
    # The photographer's batch of day one: one clock offset set, its photos on their talks.
    day_one = list(Photo.objects.filter(gallery__slug="day-one").order_by("pk"))
    expected = [photo.placed_talk_slug for photo in DAY_ONE_SPEC.photos]
    assert placed_on(day_one, "talk") == expected
    assert set(expected) == {None, zalando.slug, FIRST_MAIN_HALL_TALK}
    assert day_one[0].batch.clock_offset == -CAMERA_SKEW
    assert Rendition.objects.filter(photo__in=Photo.objects.all()).count() == counts.renditions
    rendition = Rendition.objects.filter(width=480, format="jpeg").first()
    with rendition.file.open("rb") as file:
        assert dict(Image.open(file).getexif()) == {}

    # --- a second load adds nothing and changes nothing
    before, files_before = snapshot(), stored_files(tmp_path)

    assert load_sample_archive() == counts

    assert snapshot() == before
    assert stored_files(tmp_path) == files_before

    # --- day one from scratch: the camera's own clock misplaces its photos; one moment set
    # (the opening at 09:55) places them all
    batch, ids = day_one[0].batch, [photo.pk for photo in day_one]
    Photo.objects.filter(pk__in=ids).update(talk=None)
    PhotoBatch.objects.filter(pk=batch.pk).update(clock_offset=None)
    propose_talks(photo_ids=ids)
    assert placed_on(day_one, "proposed_talk") != expected

    batch.refresh_from_db()
    opening = Photo.objects.get(pk=day_one[OPENING].pk)
    set_clock_offset(batch=batch, photo=opening, wall_time=datetime.datetime(2016, 2, 3, 9, 55))

    assert placed_on(day_one, "proposed_talk") == expected
