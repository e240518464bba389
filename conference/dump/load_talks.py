"""Loading a dump's editions (with their tracks and rooms), companies, projects, speakers
and talks (with their topics: conference/dump/load_topics.py) into an empty archive:
every row published, with its own id, as the dump describes it (docs/dump.md). Each
function takes one file's records and the import's Loading, and is one of
conference.dump.kinds' entries."""

import datetime
import uuid

from conference.dump import load_topics
from conference.dump.fields import Record, checked
from conference.dump.loading import BATCH, Loading, create
from conference.models import Edition
from talks.bulk_upkeep import deferred_upkeep
from talks.models import Company, Project, Room, Speaker, Talk, TalkSpeaker, Track
from talks.slugs import unique_slug


def load_editions(records: list[Record], loading: Loading) -> None:
    editions, tracks, rooms = [], [], []
    for record in records:
        edition = Edition(
            id=loading.add(record, "editions", record.integer("id")),
            slug=record.text("slug"),
            name_en=record.text("name_en"),
            name_ru=record.text("name_ru"),
            acronym=record.text("acronym"),
            start_date=record.date("start_date"),
            end_date=record.date("end_date"),
            city_en=record.text("city_en"),
            city_ru=record.text("city_ru"),
            venue_en=record.text("venue_en"),
            venue_ru=record.text("venue_ru"),
            website=record.text("website"),
            time_zone=record.text("time_zone"),
            summary_en=record.text("summary_en"),
            summary_ru=record.text("summary_ru"),
            is_published=True,
        )
        editions.append(checked(edition, record))
        for track in record.nested_list("tracks"):
            tracks.append(_track(track, edition, loading))
        for room in record.nested_list("rooms"):
            rooms.append(_room(room, edition, loading))
    create(Edition, editions, records)
    create(Track, tracks)
    create(Room, rooms)


def _track(record: Record, edition: Edition, loading: Loading) -> Track:
    pk = loading.add(record, "tracks", record.integer("id"), owner=edition.pk)
    track = Track(
        id=pk,
        edition_id=edition.pk,
        slug=record.text("slug"),
        name_en=record.text("name_en"),
        name_ru=record.text("name_ru"),
    )
    return checked(track, record)


def _room(record: Record, edition: Edition, loading: Loading) -> Room:
    pk = loading.add(record, "rooms", record.integer("id"), owner=edition.pk)
    room = Room(
        id=pk,
        edition_id=edition.pk,
        name_en=record.text("name_en"),
        name_ru=record.text("name_ru"),
        position=record.integer("position"),
    )
    return checked(room, record)


def load_companies(records: list[Record], loading: Loading) -> None:
    companies = [
        checked(
            Company(
                id=loading.add(record, "companies", record.integer("id")),
                slug=record.text("slug"),
                name_en=record.text("name_en"),
                name_ru=record.text("name_ru"),
                aliases=record.texts("aliases"),
                website=record.text("website"),
                description_en=record.text("description_en"),
                description_ru=record.text("description_ru"),
            ),
            record,
        )
        for record in records
    ]
    create(Company, companies, records)


def load_projects(records: list[Record], loading: Loading) -> None:
    projects = [
        checked(
            Project(
                id=loading.add(record, "projects", record.integer("id")),
                slug=record.text("slug"),
                name=record.text("name"),
                repository_url=record.text("repository_url"),
                homepage_url=record.text("homepage_url"),
                description_en=record.text("description_en"),
                description_ru=record.text("description_ru"),
            ),
            record,
        )
        for record in records
    ]
    create(Project, projects, records)


def load_speakers(records: list[Record], loading: Loading) -> None:
    unlisted = _UnlistedCompanies()
    speakers = []
    for record in records:
        speaker = Speaker(
            id=loading.add(record, "speakers", record.integer("id")),
            slug=record.text("slug"),
            name_en=record.text("name_en"),
            name_ru=record.text("name_ru"),
            aliases=record.texts("aliases"),
            bio=record.text("bio"),
            website=record.text("website"),
            photo=record.file_name("photo"),
        )
        checked(speaker, record)
        company = record.nested("company", null=True)
        if company is not None:
            pk = loading.known(company, "companies", company.integer("id", null=True), "id")
            speaker.company_id = pk if pk is not None else unlisted.find(company).pk
        speakers.append(speaker)
    create(Speaker, speakers, records)


class _UnlistedCompanies:
    """Companies a speaker's page names without a page of their own (nobody spoke for them
    at a published talk): the dump gives their names only, so each is created once by its
    names, with a slug of its own."""

    def __init__(self):
        self.by_names: dict[tuple[str, str], Company] = {}

    def find(self, record: Record) -> Company:
        names = (record.text("name_en"), record.text("name_ru"))
        if names not in self.by_names:
            company = Company(name_en=names[0], name_ru=names[1])
            company.slug = unique_slug(Company.objects.all(), names[0] or names[1])
            checked(company, record)
            company.save()
            self.by_names[names] = company
        return self.by_names[names]


def load_talks(records: list[Record], loading: Loading) -> None:
    talks, credits, links, topics = [], [], [], {}
    for record in records:
        talk = _talk(record, loading)
        talks.append(talk)
        if (carried := load_topics.talk_topics(record, loading)) is not None:
            topics[talk.pk] = carried
        for credit in record.nested_list("speakers"):
            credits.append(
                TalkSpeaker(
                    talk_id=talk.pk,
                    speaker_id=loading.known(
                        credit, "speakers", credit.integer("speaker_id"), "speaker_id"
                    ),
                    company_id=loading.known(
                        credit, "companies", credit.integer("company_id", null=True), "company_id"
                    ),
                    position=credit.integer("position"),
                )
            )
        for project_id in record.integers("project_ids"):
            loading.known(record, "projects", project_id, "project")
            links.append(Talk.projects.through(talk_id=talk.pk, project_id=project_id))
    # The search documents, credits, words and topics once for all talks, at the end
    # (talks/bulk_upkeep.py), not again for each statement that adds to them.
    with deferred_upkeep():
        create(Talk, talks, records)
        TalkSpeaker.objects.bulk_create(credits, batch_size=BATCH)
        Talk.projects.through.objects.bulk_create(links, batch_size=BATCH)
    # After the upkeep, which gave the talks the topics their text names.
    load_topics.carry_topics(topics)


def _talk(record: Record, loading: Loading) -> Talk:
    edition_id = loading.known(record, "editions", record.integer("edition_id"), "edition_id")
    duration = record.integer("duration_seconds", null=True)
    guid = record.text("guid", null=True)
    talk = Talk(
        id=loading.add(record, "talks", record.integer("id"), owner=edition_id),
        edition_id=edition_id,
        slug=record.text("slug"),
        title=record.text("title"),
        subtitle=record.text("subtitle"),
        other_title=record.text("other_title"),
        language=record.text("language"),
        kind=record.text("kind"),
        abstract=record.text("abstract"),
        description=record.text("description"),
        track_id=_in_edition(record, loading, "tracks", "track_id", edition_id),
        room_id=_in_edition(record, loading, "rooms", "room_id", edition_id),
        start=record.moment("start", null=True),
        duration=datetime.timedelta(seconds=duration) if duration is not None else None,
        slides_url=record.text("slides_url"),
        slides_file=record.file_name("slides_file"),
        video_url=record.text("video_url"),
        guid=_uuid(record, guid),
        schedule_id=record.text("schedule_id"),
        is_published=True,
    )
    if "slides_deck" in record.data:
        # What the talk page showed from the PDF the archive kept: the PDF itself is
        # private, so a deck comes back once it is fetched again (docs/dump.md).
        record.nested("slides_deck", null=True)
    return checked(talk, record, exclude=("guid",))


def _in_edition(record: Record, loading: Loading, kind: str, key: str, edition_id: int):
    """The track or room `key` of a talk: one of its own edition's, or None."""
    pk = loading.known(record, kind, record.integer(key, null=True), key)
    if pk is not None and loading.owner[kind][pk] != edition_id:
        raise record.error(f"{key} {pk} belongs to another edition")
    return pk


def _uuid(record: Record, value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise record.error(f"'guid' is not a UUID: {value!r}") from None
