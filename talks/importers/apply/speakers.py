"""The people of an import: every person of the file mapped to a Speaker, and the talks'
speaker rows (TalkSpeaker) written in the file's order.

Speakers are matched by either spelling of their name (Latin or Cyrillic) or any alias,
ignoring case and accents ("Ronán" is "ronan"); within one file also by the schedule's
own id for the person. Matched speakers are never changed (an organiser may have edited
them); unmatched ones are created, in bulk, with the file's biography and the name in
the field of its script (a name written in Cyrillic is name_ru, any other name_en).
"""

from talks.importers.apply.report import ImportReport, Row
from talks.importers.apply.values import BATCH, name_key, unique_slug
from talks.importers.schedule import Event
from talks.models import Speaker, Talk, TalkSpeaker
from talks.names import name_fields
from talks.slugs import slugify_text


class SpeakerMap:
    """The Speaker of each person of the file, by (external id or "", name key)."""

    def __init__(self):
        self.by_person: dict[tuple[str, str], Speaker] = {}

    def ids(self, event: Event) -> list[int]:
        """The event's speakers' ids in the file's order, each once."""
        ids = [self.by_person[(p.external_id, name_key(p.name))].pk for p in event.persons]
        return list(dict.fromkeys(ids))


def resolve_speakers(events: list[Event], report: ImportReport) -> SpeakerMap:
    """Map every person of `events` to a Speaker, creating the missing ones in bulk."""
    by_name: dict[str, Speaker] = {}
    by_alias: dict[str, Speaker] = {}
    slugs = set()
    fields = ("id", "name_en", "name_ru", "slug", "aliases")
    for speaker in Speaker.objects.only(*fields).order_by("pk"):
        for spelling in speaker.spellings:
            by_name.setdefault(name_key(spelling), speaker)
        for alias in speaker.aliases:
            by_alias.setdefault(name_key(alias), speaker)
        slugs.add(speaker.slug)

    speakers = SpeakerMap()
    by_external_id: dict[str, Speaker] = {}
    new: dict[str, Speaker] = {}
    matched: dict[int, Speaker] = {}
    for event in events:
        for person in event.persons:
            key = name_key(person.name)
            speaker = by_external_id.get(person.external_id) if person.external_id else None
            speaker = speaker or by_name.get(key) or by_alias.get(key) or new.get(key)
            if speaker is None:
                slug = unique_slug(slugify_text(person.name, max_length=200) or "speaker", slugs)
                speaker = Speaker(**name_fields(person.name), slug=slug, bio=person.biography)
                new[key] = speaker
            elif speaker.pk is not None:
                matched[speaker.pk] = speaker
            if person.external_id:
                by_external_id.setdefault(person.external_id, speaker)
            speakers.by_person[(person.external_id, key)] = speaker
    Speaker.objects.bulk_create(new.values(), batch_size=BATCH)
    report.speakers_new = sorted(Row(speaker.name, speaker.pk) for speaker in new.values())
    report.speakers_matched = sorted(Row(speaker.name, speaker.pk) for speaker in matched.values())
    return speakers


def speakers_changed(talk: Talk, event: Event, speakers: SpeakerMap) -> bool:
    """Whether the file names other speakers, or in another order, than `talk` has."""
    current = sorted(talk.talk_speakers.all(), key=lambda link: (link.position, link.pk))
    return speakers.ids(event) != [link.speaker_id for link in current]


def write_speaker_links(
    talks: list[tuple[Talk, Event]], *, relinked: list[Talk], speakers: SpeakerMap
) -> None:
    """(Re)write the TalkSpeaker rows of `talks`, keeping each kept speaker's company.

    `relinked` are the existing talks among them: their rows are replaced."""
    companies = {
        (link.talk_id, link.speaker_id): link.company_id
        for talk in relinked
        for link in talk.talk_speakers.all()
    }
    TalkSpeaker.objects.filter(talk__in=relinked).delete()
    TalkSpeaker.objects.bulk_create(
        [
            TalkSpeaker(
                talk=talk,
                speaker_id=speaker_id,
                position=position,
                company_id=companies.get((talk.pk, speaker_id)),
            )
            for talk, event in talks
            for position, speaker_id in enumerate(speakers.ids(event))
        ],
        batch_size=BATCH,
    )
