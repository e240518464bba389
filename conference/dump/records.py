"""The records of the dump: one JSON object per public row, built from the readers'
instances (conference/dump/snapshot.py). docs/dump.md is their schema, field by field.

Every record carries the row's id (the archive's own, which an import keeps, so that
references stay references and a photo keeps the address its page has), what its page
shows, and its public addresses. Nothing here reads the database.
"""

from conference.bilingual import column_names
from conference.dump.snapshot import Snapshot
from conference.zones import local


def moment(value) -> str | None:
    """A date or an instant as ISO 8601 (instants with their offset), or None."""
    return value.isoformat() if value is not None else None


def bilingual_values(obj, *names: str) -> dict[str, str]:
    """The bilingual fields `names` of `obj` as stored, "<name>_en" and "<name>_ru"."""
    return {column: getattr(obj, column) for name in names for column in column_names(name)}


def timestamps(obj) -> dict[str, str | None]:
    return {"created_at": moment(obj.created_at), "updated_at": moment(obj.updated_at)}


# --- Editions ------------------------------------------------------------------------


def edition_records(snapshot: Snapshot):
    """Published editions, newest first, with the tracks and rooms their public talks use."""
    for edition in snapshot.editions:
        talks = snapshot.talks_by_edition[edition.pk]
        slug = edition.slug
        yield {
            "id": edition.pk,
            "slug": slug,
            **bilingual_values(edition, "name"),
            "acronym": edition.acronym,
            "start_date": moment(edition.start_date),
            "end_date": moment(edition.end_date),
            **bilingual_values(edition, "city", "venue"),
            "website": edition.website,
            "time_zone": edition.time_zone,
            **bilingual_values(edition, "summary"),
            **timestamps(edition),
            "talk_count": edition.talk_count,
            "photo_count": edition.photo_count,
            "tracks": _programme(talks, "track", ("id", "slug", "name_en", "name_ru")),
            "rooms": _programme(talks, "room", ("id", "name_en", "name_ru", "position")),
            "frab_xml": frab_member(slug),
            "urls": {
                "page": snapshot.pages(edition),
                "frab_xml": snapshot.url("talks:schedule-xml", slug),
                "c3voc_json": snapshot.url("talks:schedule-json", slug),
                "ical": snapshot.url("talks:schedule-ics", slug),
                "atom_feed": snapshot.url("talks:feed-edition", slug),
            },
        }


def frab_member(slug: str) -> str:
    """The dump's member holding an edition's frab schedule.xml."""
    return f"frab/{slug}.xml"


def _programme(talks, attribute: str, fields: tuple[str, ...]) -> list[dict]:
    """The tracks or rooms (`attribute`) of `talks`, by id."""
    rows = {row.pk: row for talk in talks if (row := getattr(talk, attribute)) is not None}
    return [{name: getattr(rows[pk], name) for name in fields} for pk in sorted(rows)]


# --- Talks ---------------------------------------------------------------------------


def talk_records(snapshot: Snapshot):
    """Published talks, newest edition first, each edition's in schedule order."""
    for edition in snapshot.editions:
        for talk in snapshot.talks_by_edition[edition.pk]:
            yield _talk(snapshot, talk)


def _talk(snapshot: Snapshot, talk) -> dict:
    calendar = snapshot.url("talks:talk-ics", talk.edition.slug, talk.slug) if talk.start else None
    return {
        "id": talk.pk,
        "edition_id": talk.edition_id,
        "edition": talk.edition.slug,
        "slug": talk.slug,
        "title": talk.title,
        "subtitle": talk.subtitle,
        "other_title": talk.other_title,
        "language": talk.language,
        "kind": talk.kind,
        "abstract": talk.abstract,
        "description": talk.description,
        "track_id": talk.track_id,
        "room_id": talk.room_id,
        # At the venue, with its offset, as the schedule exports write it.
        "start": moment(local(talk.start, talk.edition)),
        "duration_seconds": int(talk.duration.total_seconds()) if talk.duration else None,
        "speakers": [
            {
                "speaker_id": credit.speaker_id,
                "speaker": credit.speaker.slug,
                "company_id": credit.company_id,
                "position": credit.position,
            }
            for credit in talk.credits
        ],
        "project_ids": [project.pk for project in talk.public_projects],
        "topics": snapshot.topics_by_talk.get(talk.pk, []),
        "slides_url": talk.slides_url,
        "slides_file": snapshot.file(talk.slides_file),
        "slides_deck": _deck(snapshot, talk),
        "video_url": talk.video_url,
        "guid": str(talk.guid) if talk.guid else None,
        "schedule_id": talk.schedule_id,
        **timestamps(talk),
        "urls": {"page": snapshot.pages(talk), "calendar": calendar},
    }


def _deck(snapshot: Snapshot, talk) -> dict | None:
    """The slides the talk page shows from the PDF the archive kept: how many pages, the
    PDF's size and its public address; null for a talk without."""
    deck = snapshot.decks.get(talk.pk)
    if deck is None:
        return None
    return {
        "page_count": deck.page_count,
        "size_bytes": deck.size_bytes,
        "pdf_url": snapshot.url("talks:talk-slides-pdf", talk.edition.slug, talk.slug),
    }


# --- Speakers, companies, projects, topics -------------------------------------------


def speaker_records(snapshot: Snapshot):
    """Public speakers, by name (in Latin letters first)."""
    for speaker in snapshot.speakers:
        yield {
            "id": speaker.pk,
            "slug": speaker.slug,
            **bilingual_values(speaker, "name"),
            "aliases": list(speaker.aliases),
            "bio": speaker.bio,
            "website": speaker.website,
            "photo": snapshot.file(speaker.photo),
            "company": _current_company(speaker),
            "talk_count": speaker.talk_count,
            **timestamps(speaker),
            "urls": {"page": snapshot.pages(speaker)},
        }


def _current_company(speaker) -> dict | None:
    """The speaker's current company as their page names it: with its id and slug where
    it has a page, by its names alone where it has none (nobody spoke for it at a
    published talk: the page names it without a link)."""
    company = speaker.company
    if company is None:
        return None
    public = speaker.company_is_public
    return {
        "id": company.pk if public else None,
        "slug": company.slug if public else None,
        **bilingual_values(company, "name"),
    }


def company_records(snapshot: Snapshot):
    """Companies someone spoke for at a published talk, by name."""
    for company in snapshot.companies:
        yield {
            "id": company.pk,
            "slug": company.slug,
            **bilingual_values(company, "name"),
            "aliases": list(company.aliases),
            "website": company.website,
            **bilingual_values(company, "description"),
            "talk_count": company.talk_count,
            "speaker_count": company.speaker_count,
            **timestamps(company),
            "urls": {"page": snapshot.pages(company)},
        }


def project_records(snapshot: Snapshot):
    """Projects a published talk is about, by name."""
    for project in snapshot.projects:
        yield {
            "id": project.pk,
            "slug": project.slug,
            "name": project.name,
            "repository_url": project.repository_url,
            "homepage_url": project.homepage_url,
            **bilingual_values(project, "description"),
            "talk_count": project.talk_count,
            **timestamps(project),
            "urls": {"page": snapshot.pages(project)},
        }


def topic_records(snapshot: Snapshot):
    """Topics a published talk carries, by slug (no id: an installation holds the seeded
    topics under ids of its own, and the slug is what talks reference)."""
    for topic in snapshot.topics:
        yield {
            "slug": topic.slug,
            **bilingual_values(topic, "name", "terms"),
            "talk_count": topic.talk_count,
            **timestamps(topic),
            "urls": {"page": snapshot.pages(topic)},
        }


# --- Galleries and photos ------------------------------------------------------------


def gallery_records(snapshot: Snapshot):
    """Published galleries, newest edition first, in each edition's gallery order."""
    for gallery in snapshot.galleries:
        yield {
            "id": gallery.pk,
            "edition_id": gallery.edition_id,
            "edition": gallery.edition.slug,
            "slug": gallery.slug,
            **bilingual_values(gallery, "title"),
            "description": gallery.description,
            "position": gallery.position,
            "talk_id": gallery.talk.pk if gallery.talk_is_public else None,
            "cover_photo_id": gallery.cover_photo.pk if gallery.cover_photo else None,
            "photo_count": gallery.photo_count,
            **timestamps(gallery),
            "urls": {"page": snapshot.pages(gallery)},
        }


def photo_records(snapshot: Snapshot):
    """Public photos' metadata in gallery order; the pictures are referenced by URL."""
    for photo in snapshot.photos:
        yield {
            "id": photo.pk,
            "gallery_id": photo.gallery_id,
            **bilingual_values(photo, "caption", "alt_text"),
            "credit": photo.credit,
            "taken_at": moment(photo.taken_at),
            "width": photo.width,
            "height": photo.height,
            "placeholder_color": photo.placeholder_color,
            "position": photo.position,
            "talk_id": photo.public_talk_id,
            "speaker_ids": photo.public_speaker_ids,
            "renditions": [
                {
                    "width": rendition.width,
                    "height": rendition.height,
                    "format": rendition.format,
                    "file": snapshot.file(rendition.file),
                }
                for rendition in photo.public_renditions
            ],
            "urls": {"page": snapshot.pages(photo)},
        }
