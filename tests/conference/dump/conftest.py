"""An archive for the dump's tests: public rows of every kind, and drafts of every kind
beside them that no dump may show."""

import datetime
import io
import json
import tarfile
import uuid
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from conference.dump import archive as dump_archive
from photos.choices import PhotoStatus, RenditionFormat
from photos.models import Gallery, Photo
from talks import topic_seed
from talks.choices import Language, TalkKind
from talks.models import Company, Project, Room, Speaker, Talk, Track
from talks.topics import TalkTopic, Topic, TopicSource
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
    TopicFactory,
)

BASE_URL = "https://archive.example.org"


@dataclass
class Archive:
    public: dict
    # Words that only drafts, pending photos or private files hold.
    secrets: list[str]


@pytest.fixture
def archive(db, settings) -> Archive:
    settings.DUMP = {**settings.DUMP, "BASE_URL": BASE_URL}
    edition = EditionFactory(
        name="PGConf 2016", name_ru="PGConf 2016 (рус.)", slug="pgconf-2016", acronym="pgconf2016",
        start_date=datetime.date(2016, 2, 3), end_date=datetime.date(2016, 2, 4),
    )  # fmt: skip
    edition.time_zone = "Europe/Moscow"
    edition.save()
    company = CompanyFactory(name_en="Postgres Professional", name_ru="Постгрес Про")
    hidden_company = CompanyFactory(name="Secretcorp Hidden")
    project = ProjectFactory(name="Multicorn", description_ru="Обёртки сторонних данных")
    speaker = SpeakerFactory(name_en="Ivan Panchenko", name_ru="Иван Панченко", company=company)
    speaker.aliases = ["I. Panchenko"]
    speaker.photo = ContentFile(b"portrait", name="ivan.jpg")
    speaker.save()
    # A public speaker whose current company has no page: the page names it unlinked.
    other = SpeakerFactory(name="Oleg Bartunov", company=hidden_company)
    talk = TalkFactory(
        edition=edition,
        title="Foreign data wrappers",
        other_title="Обёртки сторонних данных",
        language=Language.ENGLISH,
        kind=TalkKind.KEYNOTE,
        track="Internals",
        room="Hall 1",
        slides_url="https://slides.example.org/fdw.pdf",
        video_url="https://www.youtube.com/watch?v=abcdefghijk",
        guid=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        schedule_id="4711",
        start=datetime.datetime(2016, 2, 3, 10, 0, tzinfo=datetime.UTC),
        projects=[project],
        abstract="Reading other databases through foreign tables, and what the query planner "
        "makes of them.",
    )
    TalkSpeakerFactory(talk=talk, speaker=speaker, company=company, position=0)
    TalkSpeakerFactory(talk=talk, speaker=other, company=None, position=1)
    unscheduled = TalkFactory(
        edition=edition, title="Доклад без времени", language=Language.RUSSIAN, start=None,
        track=None, room="Зал 2", duration=None, speakers=[speaker],
        abstract="Как устроена логическая репликация.",
    )  # fmt: skip
    _organisers_topics(talk, unscheduled)
    secrets = _drafts(edition)
    gallery = GalleryFactory(edition=edition, title="Day one", title_ru="День первый", talk=talk)
    photo = PhotoFactory(gallery=gallery, caption="Opening", speakers=[speaker], talk=talk)
    photo.taken_at = datetime.datetime(2016, 2, 3, 9, 30, tzinfo=datetime.UTC)
    photo.placeholder_color = "#336699"
    photo.save()
    for width, fmt in ((480, RenditionFormat.JPEG), (480, RenditionFormat.WEBP)):
        RenditionFactory(photo=photo, width=width, format=fmt)
    second = PhotoFactory(gallery=gallery, caption="Coffee break", position=2)
    RenditionFactory(photo=second)
    gallery.cover = second
    gallery.save()
    secrets += _hidden_photos(edition, gallery, speaker, photo)
    return Archive(
        public={"talk": talk, "speakers": [speaker, other], "unscheduled": unscheduled},
        secrets=secrets,
    )


def _organisers_topics(talk, russian_talk) -> None:
    """An organiser's work on topics: a seeded topic renamed, topics of their own added
    to talks (one named in Russian only, as the database allows), and one a talk's text
    names taken off it."""
    Topic.objects.filter(slug="foreign-data-wrappers").update(name_en="FDW: foreign data")
    own = TopicFactory(
        slug="wrappers-in-practice", name_en="Wrappers in practice", name_ru="Обёртки на деле",
        terms_en=["wrapper zoo"], terms_ru=["зоопарк обёрток"],
    )  # fmt: skip
    TalkTopic.objects.create(talk=talk, topic=own, source=TopicSource.ADDED)
    russian = TopicFactory(slug="po-russki", name_en="", name_ru="По-русски")
    TalkTopic.objects.create(talk=russian_talk, topic=russian, source=TopicSource.ADDED)
    TalkTopic.objects.filter(talk=talk, topic__slug="query-planning").update(
        source=TopicSource.REMOVED
    )


def _drafts(edition) -> list[str]:
    """A draft talk with a speaker, company and project of its own; a draft edition with a
    published talk."""
    draft_company = CompanyFactory(name="Draftco Unseen")
    draft_speaker = SpeakerFactory(name="Nadia Draftspeaker")
    draft_project = ProjectFactory(name="Draftproject")
    draft = TalkFactory(
        edition=edition, title="Unpublished talk zebra", is_published=False,
        track="Draft track", projects=[draft_project],
    )  # fmt: skip
    TalkSpeakerFactory(talk=draft, speaker=draft_speaker, company=draft_company)
    draft_topic = TopicFactory(slug="heron-watch", name_en="Heron watch", name_ru="Цапли")
    TalkTopic.objects.create(talk=draft, topic=draft_topic, source=TopicSource.ADDED)
    draft_edition = EditionFactory(name="Secret Edition", slug="secret-edition", is_published=False)
    TalkFactory(edition=draft_edition, title="Talk of a draft edition walrus")
    return [
        "Draftco",
        "Draftspeaker",
        "Draftproject",
        "zebra",
        "Draft track",
        "walrus",
        "Heron watch",
        "heron-watch",
        "Цапли",
    ]


def _hidden_photos(edition, gallery, speaker, public_photo) -> list[str]:
    pending = PhotoFactory(gallery=gallery, caption="Pending pelican", status=PhotoStatus.PENDING)
    RenditionFactory(photo=pending)
    rejected = PhotoFactory(gallery=gallery, caption="Rejected raven", status=PhotoStatus.REJECTED)
    draft_gallery = GalleryFactory(edition=edition, title="Draft gallery gull", is_published=False)
    PhotoFactory(gallery=draft_gallery, caption="In a draft gallery")
    del rejected
    return ["pelican", "raven", "gull", "In a draft gallery", public_photo.original.name]


def members(data: bytes) -> dict[str, bytes]:
    """Every member of a dump's tar.gz by name."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as dump:
        return {info.name: dump.extractfile(info).read() for info in dump}


def empty_the_archive() -> None:
    """Every archive row gone, as in a fresh installation (in dependency order), which
    holds the seeded topics only (under new ids)."""
    for model in (Photo, Gallery, Talk, Speaker, Company, Project, Track, Room, Topic):
        model.objects.all().delete()
    from conference.models import Edition

    Edition.objects.all().delete()
    topic_seed.upsert(Topic, topic_seed.load())


def write_dump(path, files: dict[str, bytes], *, fix_manifest: bool = True) -> None:
    """A dump of `files`; its manifest rewritten to list them as they are."""
    files = dict(files)
    manifest = json.loads(files.pop("manifest.json"))
    if fix_manifest:
        manifest = dump_archive.manifest_for(
            files, **{k: v for k, v in manifest.items() if k not in {"files"}}
        )
    buffer = io.BytesIO()
    dump_archive.write(buffer, manifest, files)
    path.write_bytes(buffer.getvalue())
