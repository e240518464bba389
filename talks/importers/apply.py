"""Writing a parsed Schedule into the database: one edition, its talks, speakers and projects.

`import_schedule` is the one entry point the command line, the admin upload and the tests
share. It runs in one transaction (all or nothing; a dry run rolls it back) and returns an
ImportReport of what it did or would do.

What a re-import does, so that running the same file twice changes nothing:
- talks are found by guid (schedule.event_guid); a talk whose fields already match the file
  is not saved at all, so its updated_at stays;
- the file is the authority on a talk's title, subtitle, abstract, description, language,
  type, track, room, start, duration and speakers (in order). Slides and video links are
  set when the file has one and kept when it has none (organisers add recordings later);
  projects are added, never removed. Slugs, once made, are kept (they are URLs);
- speakers are matched by name or any alias, ignoring case and accents ("Ronán" is
  "ronan"); Cyrillic and Latin spellings meet through aliases. Matched speakers are never
  changed; unmatched ones are created with the file's biography;
- repository links (GitHub, GitLab, Codeberg, Bitbucket, sourcehut) reuse the Project with
  that repository, or with that name, or make one;
- new editions and talks are drafts unless `publish`; existing ones keep their state
  unless `publish`, which publishes them.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from conference.models import RESERVED_EDITION_SLUGS, ArchiveVersion, Edition
from conference.services import refresh_edition_renditions
from talks.choices import Language, TalkKind
from talks.importers.links import repository_name, repository_url, sort_links
from talks.importers.schedule import Event, Schedule, ScheduleError
from talks.models import Project, Speaker, Talk, TalkSpeaker
from talks.slugs import slugify_text, truncate_slug, unaccent

Progress = Callable[[int, int], None]

# What schedules write for a language (lower-cased), onto our choices. Anything else that is
# not empty becomes Language.OTHER, which search stems with the "simple" configuration.
LANGUAGE_NAMES = {
    Language.ENGLISH: ("en", "eng", "english", "englisch", "anglais", "английский"),
    Language.RUSSIAN: ("ru", "rus", "russian", "russisch", "русский", "russe"),
    Language.GERMAN: ("de", "deu", "ger", "german", "deutsch", "allemand", "немецкий"),
    Language.FRENCH: ("fr", "fra", "fre", "french", "français", "francais", "französisch"),
    Language.SPANISH: ("es", "spa", "spanish", "español", "espanol", "spanisch"),
    Language.ITALIAN: ("it", "ita", "italian", "italiano", "italienisch"),
    Language.PORTUGUESE: ("pt", "por", "portuguese", "português", "portugues"),
    Language.UKRAINIAN: ("uk", "ukr", "ukrainian", "українська", "украинский"),
    Language.CHINESE: ("zh", "zho", "chi", "chinese", "中文"),
    Language.JAPANESE: ("ja", "jpn", "japanese", "日本語"),
    Language.OTHER: ("other",),
}
_LANGUAGES = {name: code for code, names in LANGUAGE_NAMES.items() for name in names}
# "en-US", "de_DE", "English / German": the first word decides.
_LANGUAGE_WORD = re.compile(r"[\s,;/_-]+")

# Words in a schedule's event type, checked in this order ("LightningTalk" is lightning).
KIND_WORDS = (
    ("keynote", TalkKind.KEYNOTE),
    ("lightning", TalkKind.LIGHTNING),
    ("workshop", TalkKind.WORKSHOP),
    ("panel", TalkKind.PANEL),
    ("podium", TalkKind.PANEL),
    ("discussion", TalkKind.PANEL),
    ("talk", TalkKind.TALK),
    ("lecture", TalkKind.TALK),
    ("presentation", TalkKind.TALK),
    ("maintrack", TalkKind.TALK),
    ("devroom", TalkKind.TALK),
)
EDITION_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL_MAX_LENGTH = Talk._meta.get_field("video_url").max_length
# The fields the file decides on an existing talk (see the module's docstring).
TALK_FIELDS = (
    "title",
    "subtitle",
    "abstract",
    "description",
    "language",
    "kind",
    "track",
    "room",
    "start",
    "duration",
    "schedule_id",
)
_BATCH = 500


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would have done)."""

    dry_run: bool = False
    edition: str = ""
    edition_slug: str = ""
    edition_created: bool = False
    edition_updated: bool = False
    talks_created: int = 0
    talks_updated: int = 0
    talks_unchanged: int = 0
    speakers_new: list[str] = field(default_factory=list)
    speakers_matched: list[str] = field(default_factory=list)
    projects_created: list[str] = field(default_factory=list)
    projects_reused: list[str] = field(default_factory=list)
    links_not_kept: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        """The report as sentences, for the terminal and the admin page."""
        lines = []
        if self.dry_run:
            lines.append(gettext("Dry run: nothing was saved. This is what the import would do."))
        if self.edition_created:
            state = gettext("created")
        elif self.edition_updated:
            state = gettext("updated")
        else:
            state = gettext("unchanged")
        lines.append(
            gettext("Edition “%(name)s” (/%(slug)s/): %(state)s.")
            % {"name": self.edition, "slug": self.edition_slug, "state": state}
        )
        lines.append(
            gettext("Talks: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {
                "created": self.talks_created,
                "updated": self.talks_updated,
                "unchanged": self.talks_unchanged,
            }
        )
        lines.append(
            gettext("Speakers: %(new)d new, %(matched)d matched to existing speakers.")
            % {"new": len(self.speakers_new), "matched": len(self.speakers_matched)}
        )
        lines.append(
            gettext("Projects: %(created)d created, %(reused)d matched to existing projects.")
            % {"created": len(self.projects_created), "reused": len(self.projects_reused)}
        )
        if self.links_not_kept:
            lines.append(
                ngettext(
                    "%(count)d other link (not a video, slides or repository) was not kept.",
                    "%(count)d other links (not videos, slides or repositories) were not kept.",
                    self.links_not_kept,
                )
                % {"count": self.links_not_kept}
            )
        lines.append(
            ngettext("%(count)d warning.", "%(count)d warnings.", len(self.warnings))
            % {"count": len(self.warnings)}
        )
        return lines

    @property
    def changed(self) -> bool:
        return bool(
            self.edition_created
            or self.edition_updated
            or self.talks_created
            or self.talks_updated
            or self.speakers_new
            or self.projects_created
        )


def language_for(raw: str, *, default: str = Language.ENGLISH) -> tuple[str, bool]:
    """(our language code, whether `raw` was understood); empty means `default`."""
    text = raw.strip().casefold()
    if not text:
        return default, True
    if text in _LANGUAGES:
        return _LANGUAGES[text], True
    first = _LANGUAGE_WORD.split(text, maxsplit=1)[0]
    if first in _LANGUAGES:
        return _LANGUAGES[first], True
    return Language.OTHER, False


def kind_for(raw: str) -> str:
    """Our TalkKind for a schedule's event type ("lecture", "Workshop 60 Min", "bof")."""
    text = raw.strip().casefold()
    if not text:
        return TalkKind.TALK
    for word, kind in KIND_WORDS:
        if word in text:
            return kind
    return TalkKind.OTHER


def name_key(name: str) -> str:
    """How names are compared: case, accents and spacing ignored ("Ronán  X" == "ronan x")."""
    return " ".join(unaccent(name).casefold().split())


def edition_slug_for(schedule: Schedule) -> str:
    """The slug an edition gets from the acronym ("31c3", "rc3_2020" -> "rc3-2020"), else title."""
    slug = slugify_text(schedule.acronym or schedule.title).replace("_", "-").strip("-")
    return truncate_slug(re.sub(r"-{2,}", "-", slug), Edition._meta.get_field("slug").max_length)


def import_schedule(
    *,
    schedule: Schedule,
    publish: bool = False,
    dry_run: bool = False,
    edition_slug: str = "",
    default_language: str = Language.ENGLISH,
    progress: Progress | None = None,
) -> ImportReport:
    """Write `schedule` into the database in one transaction and report what changed.

    Side effects: creates or updates one Edition (matched by `edition_slug`, else by the
    acronym, else by the slug made from it), its Talks and their TalkSpeaker rows; creates
    Speakers and Projects the file names and the database lacks; adds projects to talks.
    Nothing else is changed or deleted: talks of the edition missing from the file stay
    (the report warns). With `dry_run` everything is done and then rolled back, so the
    report is exact. Raises ScheduleError when the file cannot be imported as a whole (no
    dates, a reserved slug, a conflicting concurrent change); then nothing is written.
    """
    report = ImportReport(dry_run=dry_run, warnings=list(schedule.warnings))
    try:
        with transaction.atomic():
            _Importer(schedule, report, publish=publish, default_language=default_language).run(
                edition_slug=edition_slug, progress=progress
            )
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:
        raise ScheduleError(
            "The import clashed with data saved meanwhile and was rolled back; nothing was "
            f"imported. Try again. ({str(error).strip().splitlines()[0]})"
        ) from None
    return report


class _Importer:
    """The steps of one import; holds the lookups so each table is read once."""

    def __init__(self, schedule: Schedule, report: ImportReport, *, publish, default_language):
        self.schedule = schedule
        self.report = report
        self.publish = publish
        self.default_language = default_language
        self.now = timezone.now()

    def run(self, *, edition_slug: str, progress: Progress | None) -> None:
        self.edition = self.edition_for(edition_slug)
        self.report.edition = self.edition.name
        self.report.edition_slug = self.edition.slug
        events = self.events_to_write()
        self.resolve_speakers(events)
        self.resolve_projects(events)
        self.write_talks(events, progress=progress)

    # Edition -------------------------------------------------------------------------------

    def edition_for(self, edition_slug: str) -> Edition:
        schedule = self.schedule
        ArchiveVersion.lock_for_write()  # before the row locks below: see its docstring
        editions = Edition.objects.select_for_update()
        if edition_slug:
            slug = edition_slug
            edition = editions.filter(slug=slug).first()
        else:
            slug = edition_slug_for(schedule)
            edition = None
            if schedule.acronym:
                edition = editions.filter(acronym__iexact=schedule.acronym).first()
            edition = edition or editions.filter(slug=slug).first()
        if edition is None:
            self.check_slug(slug)

        start_date, end_date = self.dates()
        values = {
            "name": schedule.title,
            "acronym": schedule.acronym,
            "start_date": start_date,
            "end_date": end_date,
        }
        # Where and the website only when the file says; an organiser may have filled them.
        for name, value in (("venue", schedule.venue), ("city", schedule.city)):
            if value:
                values[name] = value
        if schedule.url.startswith(("http://", "https://")) and len(schedule.url) <= 200:
            values["website"] = schedule.url
        if edition is None:
            self.report.edition_created = True
            return Edition.objects.create(slug=slug, is_published=self.publish, **values)
        if self.publish:
            values["is_published"] = True
        changed = [name for name, value in values.items() if getattr(edition, name) != value]
        if changed:
            for name in changed:
                setattr(edition, name, values[name])
            edition.save(update_fields=[*changed, "updated_at"])
            self.report.edition_updated = True
            if "is_published" in changed:
                # A draft edition published: its photos become public, with renditions.
                refresh_edition_renditions(editions=[edition])
        return edition

    def check_slug(self, slug: str) -> None:
        where = self.schedule.acronym or self.schedule.title
        if not slug or not EDITION_SLUG.match(slug):
            raise ScheduleError(
                f"“{where}” gives no usable edition slug; choose the edition's slug yourself."
            )
        if slug in RESERVED_EDITION_SLUGS:
            raise ScheduleError(
                f"“{where}” would give the edition slug “{slug}”, which is reserved for a "
                "section of the site; choose another slug for the edition."
            )

    def dates(self) -> tuple[datetime.date, datetime.date]:
        schedule = self.schedule
        days = sorted(timezone.localdate(e.start) for e in schedule.events if e.start)
        start = schedule.start_date or (days[0] if days else None)
        end = schedule.end_date or (days[-1] if days else start)
        if start is None:
            raise ScheduleError("The schedule gives no conference dates and no event times.")
        if end < start:
            raise ScheduleError(f"The conference ends ({end}) before it starts ({start}).")
        return start, end

    # Talks to write ------------------------------------------------------------------------

    def events_to_write(self) -> list[Event]:
        """The file's events, less those whose guid belongs to a talk of another edition."""
        guids = [event.guid for event in self.schedule.events]
        talks = (
            Talk.objects.select_for_update(of=("self",))
            .filter(guid__in=guids)
            .select_related("edition")
            .prefetch_related("talk_speakers", "projects")
        )
        self.existing = {talk.guid: talk for talk in talks}
        events = []
        for event in self.schedule.events:
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

    # Speakers ------------------------------------------------------------------------------

    def resolve_speakers(self, events: list[Event]) -> None:
        """Map every person of the file to a Speaker, creating the missing ones in bulk."""
        by_name: dict[str, Speaker] = {}
        by_alias: dict[str, Speaker] = {}
        slugs = set()
        for speaker in Speaker.objects.only("id", "name", "slug", "aliases").order_by("pk"):
            by_name.setdefault(name_key(speaker.name), speaker)
            for alias in speaker.aliases:
                by_alias.setdefault(name_key(alias), speaker)
            slugs.add(speaker.slug)

        self.speakers: dict[tuple[str, str], Speaker] = {}  # (external id or "", name key)
        by_external_id: dict[str, Speaker] = {}
        new: dict[str, Speaker] = {}
        matched: dict[int, Speaker] = {}
        for event in events:
            for person in event.persons:
                key = name_key(person.name)
                speaker = by_external_id.get(person.external_id) if person.external_id else None
                speaker = speaker or by_name.get(key) or by_alias.get(key) or new.get(key)
                if speaker is None:
                    slug = _unique(slugify_text(person.name, max_length=200) or "speaker", slugs)
                    speaker = Speaker(name=person.name, slug=slug, bio=person.biography)
                    new[key] = speaker
                elif speaker.pk is not None:
                    matched[speaker.pk] = speaker
                if person.external_id:
                    by_external_id.setdefault(person.external_id, speaker)
                self.speakers[(person.external_id, key)] = speaker
        Speaker.objects.bulk_create(new.values(), batch_size=_BATCH)
        self.report.speakers_new = sorted(speaker.name for speaker in new.values())
        self.report.speakers_matched = sorted(speaker.name for speaker in matched.values())

    # Projects ------------------------------------------------------------------------------

    def resolve_projects(self, events: list[Event]) -> None:
        """Sort each event's links and map its repositories to Projects (made when missing)."""
        self.links = {event.guid: sort_links(event.links) for event in events}
        by_url: dict[str, Project] = {}
        by_name: dict[str, Project] = {}
        slugs = set()
        for project in Project.objects.only("id", "name", "slug", "repository_url"):
            if project.repository_url:
                by_url.setdefault(repository_url(project.repository_url) or "", project)
                by_url.setdefault(project.repository_url.rstrip("/"), project)
            by_name[project.name.casefold()] = project
            slugs.add(project.slug)

        self.projects: dict[str, Project] = {}
        created: list[Project] = []
        for sorted_links in self.links.values():
            self.report.links_not_kept += len(sorted_links.other)
            for url in sorted_links.repositories:
                if url in self.projects:
                    continue
                name = repository_name(url)
                project = by_url.get(url) or by_name.get(name.casefold())
                if project is None:
                    # Another repository of that name (another owner's "utils") keeps its
                    # owner in the name, as project names are unique.
                    name = name if name.casefold() not in by_name else url.split("/", 3)[3]
                    name = name[:200]
                    slug = _unique(slugify_text(name, max_length=200) or "project", slugs)
                    project = Project(name=name, slug=slug, repository_url=url)
                    by_name[name.casefold()] = project
                    created.append(project)
                elif project.pk is not None and project.name not in self.report.projects_reused:
                    self.report.projects_reused.append(project.name)
                self.projects[url] = project
        Project.objects.bulk_create(created, batch_size=_BATCH)
        self.report.projects_created = [project.name for project in created]

    # Talks ---------------------------------------------------------------------------------

    def write_talks(self, events: list[Event], *, progress: Progress | None) -> None:
        slugs = set(Talk.objects.filter(edition=self.edition).values_list("slug", flat=True))
        unknown_languages: Counter = Counter()
        created: list[tuple[Talk, Event]] = []
        updated: list[Talk] = []
        update_fields: set[str] = set()
        relinked: list[tuple[Talk, Event]] = []
        project_links: list = []
        ProjectLink = Talk.projects.through

        for done, event in enumerate(events, start=1):
            values = self.talk_values(event, unknown_languages)
            sorted_links = self.links[event.guid]
            project_ids = [self.projects[url].pk for url in sorted_links.repositories]
            talk = self.existing.get(event.guid)
            if talk is None:
                slug = _unique(slugify_text(event.title, max_length=200) or "talk", slugs)
                talk = Talk(
                    edition=self.edition,
                    guid=event.guid,
                    slug=slug,
                    is_published=self.publish,
                    **values,
                )
                created.append((talk, event))
            else:
                changed = [name for name, value in values.items() if getattr(talk, name) != value]
                if self.publish and not talk.is_published:
                    values["is_published"] = True
                    changed.append("is_published")
                speakers_changed = self.speaker_ids(event) != [
                    link.speaker_id for link in sorted(talk.talk_speakers.all(), key=_position)
                ]
                current_projects = {project.pk for project in talk.projects.all()}
                new_projects = [pk for pk in project_ids if pk not in current_projects]
                if changed or speakers_changed or new_projects:
                    for name in changed:
                        setattr(talk, name, values[name])
                    talk.updated_at = self.now
                    update_fields.update(changed)
                    updated.append(talk)
                    self.report.talks_updated += 1
                else:
                    self.report.talks_unchanged += 1
                if speakers_changed:
                    relinked.append((talk, event))
                project_ids = new_projects
            project_links += [(talk, pk) for pk in dict.fromkeys(project_ids)]
            if progress is not None:
                progress(done, len(events))

        Talk.objects.bulk_create([talk for talk, _ in created], batch_size=_BATCH)
        self.report.talks_created = len(created)
        if updated:
            Talk.objects.bulk_update(
                updated, [*sorted(update_fields), "updated_at"], batch_size=_BATCH
            )
        self.write_speaker_links(created + relinked, relinked=[talk for talk, _ in relinked])
        ProjectLink.objects.bulk_create(
            [ProjectLink(talk_id=talk.pk, project_id=pk) for talk, pk in project_links],
            batch_size=_BATCH,
        )
        for raw, count in sorted(unknown_languages.items()):
            self.report.warnings.append(
                f"Language “{raw}” is not one we know; imported as “{Language.OTHER.label}” "
                f"(talks: {count})."
            )

    def talk_values(self, event: Event, unknown_languages: Counter) -> dict:
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
            "track": event.track,
            "room": event.room,
            "start": event.start,
            "duration": event.duration,
            "schedule_id": event.event_id,
        }
        sorted_links = self.links[event.guid]
        for name, url in (
            ("video_url", sorted_links.video_url),
            ("slides_url", sorted_links.slides_url),
        ):
            if len(url) > URL_MAX_LENGTH:
                self.report.warnings.append(
                    f"“{event.title}”: a link longer than {URL_MAX_LENGTH} characters was not kept."
                )
            elif url:
                values[name] = url
        return values

    def speaker_ids(self, event: Event) -> list[int]:
        """The event's speakers' ids in the file's order, each once."""
        ids = [self.speakers[(p.external_id, name_key(p.name))].pk for p in event.persons]
        return list(dict.fromkeys(ids))

    def write_speaker_links(self, talks: list[tuple[Talk, Event]], *, relinked: list[Talk]):
        """(Re)write the TalkSpeaker rows of `talks`, keeping each kept speaker's company."""
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
                for position, speaker_id in enumerate(self.speaker_ids(event))
            ],
            batch_size=_BATCH,
        )


def _position(link: TalkSpeaker) -> tuple[int, int]:
    return link.position, link.pk


def _unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not in `taken`; adds it to `taken`."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = truncate_slug(base, 200 - len(suffix)) + suffix
    taken.add(candidate)
    return candidate
