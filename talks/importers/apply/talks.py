"""The talks of an import: which of the file's events to write, and writing them in bulk.

What the file decides on an existing talk, and what it never takes away, is listed in
apply/__init__.py. A talk whose fields already match the file is not saved at all, so its
updated_at stays; everything else is gathered over all events first and then written one
table at a time (bulk_create, bulk_update).
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext

from conference.models import Edition
from talks.choices import Language
from talks.importers.apply.programme import ProgrammeMap
from talks.importers.apply.projects import EventLinks
from talks.importers.apply.report import DroppedLink, ImportReport, Row
from talks.importers.apply.speakers import SpeakerMap, speakers_changed, write_speaker_links
from talks.importers.apply.values import BATCH, kind_for, language_for, unique_slug
from talks.importers.schedule import Event, Schedule
from talks.models import Talk
from talks.slugs import slugify_text

# Called with (events written, events in all) after each event.
Progress = Callable[[int, int], None]
URL_MAX_LENGTH = Talk._meta.get_field("video_url").max_length


@dataclass
class _Changes:
    """What the events ask for, gathered first so that each table is written in bulk."""

    created: list[tuple[Talk, Event]] = field(default_factory=list)
    updated: list[Talk] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    relinked: list[tuple[Talk, Event]] = field(default_factory=list)
    project_links: list[tuple[Talk, int]] = field(default_factory=list)
    unknown_languages: Counter = field(default_factory=Counter)


class TalkWriter:
    """Writes the events of one import into `edition` as talks, with their speakers and
    projects, noting in `report` what it created, updated or left unchanged."""

    def __init__(
        self,
        edition: Edition,
        report: ImportReport,
        *,
        default_language: str,
        now: datetime.datetime,
    ):
        self.edition = edition
        self.report = report
        self.default_language = default_language
        self.now = now
        self.existing: dict[str, Talk] = {}
        self.speakers = SpeakerMap()
        self.links = EventLinks()
        self.programme = ProgrammeMap(edition)

    def events_to_write(self, schedule: Schedule) -> list[Event]:
        """The file's events, less those whose guid belongs to a talk of another edition.

        Locks and keeps the talks the file's guids already have; warns of talks of the
        edition that the file lacks (they are left as they are)."""
        guids = [event.guid for event in schedule.events]
        talks = (
            Talk.objects.select_for_update(of=("self",))
            .filter(guid__in=guids)
            .select_related("edition")
            .prefetch_related("talk_speakers", "projects")
        )
        self.existing = {talk.guid: talk for talk in talks}
        events = []
        for event in schedule.events:
            talk = self.existing.get(event.guid)
            if talk is not None and talk.edition_id != self.edition.pk:
                self.report.warnings.append(
                    f"Skipped “{event.title}”: it was imported into {talk.edition} already."
                )
                continue
            events.append(event)
        missing = (
            Talk.objects.filter(edition=self.edition).exclude(guid__in=guids).count()
            if not self.report.edition_created
            else 0
        )
        if missing:
            self.report.warnings.append(
                f"{missing} talks of {self.edition} are not in this file; they were left as "
                "they are."
            )
        return events

    def write(
        self,
        events: list[Event],
        *,
        speakers: SpeakerMap,
        links: EventLinks,
        progress: Progress | None,
    ) -> None:
        """Create or update a talk for each event with the speakers and projects resolved
        for them; all rows are saved after the loop."""
        self.speakers = speakers
        self.links = links
        slugs = set(Talk.objects.filter(edition=self.edition).values_list("slug", flat=True))
        changes = _Changes()
        for done, event in enumerate(events, start=1):
            values = self.talk_values(event, changes.unknown_languages)
            project_ids = self.links.project_ids(event)
            talk = self.existing.get(event.guid)
            if talk is None:
                slug = unique_slug(slugify_text(event.title, max_length=200) or "talk", slugs)
                talk = Talk(
                    edition=self.edition,
                    guid=event.guid,
                    slug=slug,
                    is_published=False,  # published with the edition, if asked (publish_editions)
                    **values,
                )
                changes.created.append((talk, event))
            else:
                project_ids = self._update(talk, event, values, project_ids, changes)
            changes.project_links += [(talk, pk) for pk in dict.fromkeys(project_ids)]
            if progress is not None:
                progress(done, len(events))
        self._save(changes)

    def _update(
        self, talk: Talk, event: Event, values: dict, project_ids: list[int], changes: _Changes
    ) -> list[int]:
        """Note what the file changes on an existing talk; return the projects it gains."""
        changed = [name for name, value in values.items() if getattr(talk, name) != value]
        relink = speakers_changed(talk, event, self.speakers)
        current_projects = {project.pk for project in talk.projects.all()}
        new_projects = [pk for pk in project_ids if pk not in current_projects]
        if changed or relink or new_projects:
            for name in changed:
                setattr(talk, name, values[name])
            talk.updated_at = self.now
            changes.update_fields.update(changed)
            changes.updated.append(talk)
        else:
            self.report.talks_unchanged += 1
        if relink:
            changes.relinked.append((talk, event))
        return new_projects

    def _save(self, changes: _Changes) -> None:
        """Write the gathered talks, speaker rows and project links, in bulk."""
        Talk.objects.bulk_create([talk for talk, _ in changes.created], batch_size=BATCH)
        self.report.talks_new = [Row(talk.title, talk.pk) for talk, _ in changes.created]
        self.report.talks_changed = [Row(talk.title, talk.pk) for talk in changes.updated]
        if changes.updated:
            Talk.objects.bulk_update(
                changes.updated, [*sorted(changes.update_fields), "updated_at"], batch_size=BATCH
            )
        write_speaker_links(
            changes.created + changes.relinked,
            relinked=[talk for talk, _ in changes.relinked],
            speakers=self.speakers,
        )
        ProjectLink = Talk.projects.through
        ProjectLink.objects.bulk_create(
            [ProjectLink(talk_id=talk.pk, project_id=pk) for talk, pk in changes.project_links],
            batch_size=BATCH,
        )
        for raw, count in sorted(changes.unknown_languages.items()):
            self.report.warnings.append(
                f"Language “{raw}” is not one we know; imported as “{Language.OTHER.label}” "
                f"(talks: {count})."
            )

    def talk_values(self, event: Event, unknown_languages: Counter) -> dict:
        """The talk's fields as the file gives them (links only where it has one)."""
        language, known = language_for(event.language, default=self.default_language)
        if not known:
            unknown_languages[event.language] += 1
        values = {
            "title": event.title,
            "subtitle": event.subtitle,
            "abstract": event.abstract,
            "description": event.description,
            "language": language,
            "kind": kind_for(event.kind),
            "track_id": self.programme.track_id(event.track),
            "room_id": self.programme.room_id(event.room),
            "start": event.start,
            "duration": event.duration,
            "schedule_id": event.event_id,
        }
        sorted_links = self.links.links[event.guid]
        for name, url in (
            ("video_url", sorted_links.video_url),
            ("slides_url", sorted_links.slides_url),
        ):
            if len(url) > URL_MAX_LENGTH:
                why = gettext("longer than %(max)d characters") % {"max": URL_MAX_LENGTH}
                self.report.links_dropped.append(DroppedLink(event.title, url, why))
            elif url:
                values[name] = url
        return values
