"""Load the sample archive into the database: upserts by slug, in one transaction."""

import time
from dataclasses import dataclass, fields

from django.db import transaction

from conference.models import Edition
from conference.sample import tables
from conference.sample.galleries import load_galleries
from conference.sample.generate import SampleArchive, build_sample_archive
from conference.sample.seed import EDITION
from conference.sample.slides import load_slides
from photos.models import Gallery, Photo, Rendition
from talks.choices import Language
from talks.models import Company, Project, Room, Speaker, Talk, TalkSpeaker, Track
from talks.names import split_spellings


@dataclass(frozen=True)
class ArchiveCounts:
    """How many rows of each kind the database holds."""

    editions: int
    draft_editions: int
    talks: int
    talks_in_russian: int
    speakers: int
    companies: int
    projects: int
    galleries: int
    photos: int
    renditions: int

    @classmethod
    def current(cls) -> "ArchiveCounts":
        return cls(
            editions=Edition.objects.count(),
            draft_editions=Edition.objects.filter(is_published=False).count(),
            talks=Talk.objects.count(),
            talks_in_russian=Talk.objects.filter(language=Language.RUSSIAN).count(),
            speakers=Speaker.objects.count(),
            companies=Company.objects.count(),
            projects=Project.objects.count(),
            galleries=Gallery.objects.count(),
            photos=Photo.objects.count(),
            renditions=Rendition.objects.count(),
        )

    def __str__(self):
        return (
            f"{self.editions} editions ({self.draft_editions} draft), "
            f"{self.talks} talks ({self.talks_in_russian} in Russian), "
            f"{self.speakers} speakers, {self.companies} companies, {self.projects} projects, "
            f"{self.galleries} galleries with {self.photos} photos "
            f"({self.renditions} renditions)"
        )


def load_sample_archive(*, stdout=None) -> ArchiveCounts:
    """Load the sample archive: three real talks of PGConf.Russia 2016 and generated data.

    Side effects, all in one transaction: creates or updates, by slug, the editions,
    companies, projects, speakers and talks of the sample (a second run updates the same
    rows and creates nothing); sets each sample talk's speakers, in order with their
    company at that talk, and its projects; creates or updates the galleries and, for those
    without photos, adds generated photos through photos.services.add_photo, which writes
    originals and renditions to storage; gives the seed's talks their slides (PDFs kept
    and read once committed, conference.sample.slides). If anything fails, the transaction
    rolls back and the files written are deleted. Writes one summary line to `stdout` when
    given.

    Rows with a sample slug are the sample's: their fields are reset to the sample values.
    Returns the counts of rows in the database afterwards.
    """
    started = time.monotonic()
    archive = build_sample_archive()
    written_files = []
    try:
        with transaction.atomic():
            _load(archive, written_files)
    except BaseException:
        for storage, name in written_files:
            storage.delete(name)
        raise
    counts = ArchiveCounts.current()
    if stdout is not None:
        elapsed = time.monotonic() - started
        stdout.write(f"Sample archive loaded in {elapsed:.1f} s: {counts}.")
    return counts


def _load(archive: SampleArchive, written_files: list) -> None:
    # In this order, so that a fresh load creates rows (and primary keys) in the same order.
    editions = _editions(archive)
    companies = _companies(archive)
    projects = _projects(archive)
    speakers = _speakers(archive, companies)
    talks = _talks(
        archive, editions=editions, companies=companies, projects=projects, speakers=speakers
    )
    load_galleries(
        archive.galleries,
        editions=editions,
        talks=talks,
        speakers=speakers,
        written_files=written_files,
    )
    # The seed's talks get real PDF slides, read once this load commits.
    seed_talks = {slug: talk for (edition, slug), talk in talks.items() if edition == EDITION.slug}
    load_slides(talks=seed_talks, written_files=written_files)


def _by_slug(
    model, specs, *, not_columns: tuple[str, ...] = (), two_script_name=False, **computed
) -> dict:
    """Create or update one `model` row per spec, by slug, from the spec's columns and the
    `computed` values (functions of the spec); with `two_script_name`, the spec's name and
    aliases as a speaker's or company's (_two_script_name). Returns the rows by slug."""
    rows = {}
    for spec in specs:
        defaults = _columns(spec, not_columns) | {k: value(spec) for k, value in computed.items()}
        if two_script_name:
            defaults |= _two_script_name(spec)
        rows[spec.slug] = model.objects.update_or_create(slug=spec.slug, defaults=defaults)[0]
    return rows


def _two_script_name(spec) -> dict:
    """name_en, name_ru and the aliases left of a spec's name and aliases: each spelling
    in the field of its script, as importers sort names (talks.names.split_spellings)."""
    fields, aliases = split_spellings(spec.name, list(spec.aliases))
    return fields | {"aliases": aliases}


def _columns(spec, not_columns: tuple[str, ...]) -> dict:
    """The spec's fields but its slug and `not_columns` (which the loader reads itself), as
    its model's columns take them: a spec field is named after the column it fills."""
    skip = {"slug", *not_columns}
    values = {field.name: getattr(spec, field.name) for field in fields(spec)}
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in values.items()
        if name not in skip
    }


def _editions(archive: SampleArchive) -> dict[str, Edition]:
    return _by_slug(Edition, archive.editions)


def _companies(archive: SampleArchive) -> dict[str, Company]:
    return _by_slug(
        Company,
        archive.companies,
        not_columns=("region", "name", "aliases", "description", "description_ru"),
        two_script_name=True,
        description_en=lambda spec: spec.description,
        description_ru=lambda spec: spec.description_ru,
    )


def _projects(archive: SampleArchive) -> dict[str, Project]:
    return _by_slug(Project, archive.projects)


def _speakers(archive: SampleArchive, companies: dict[str, Company]) -> dict[str, Speaker]:
    return _by_slug(
        Speaker,
        archive.speakers,
        not_columns=("language", "employers", "name", "aliases"),
        two_script_name=True,
        company=lambda spec: companies.get(spec.company_slug),
    )


def _talks(
    archive: SampleArchive, *, editions, companies, projects, speakers
) -> dict[tuple[str, str], Talk]:
    """The talks with their speakers (and companies then) and projects, by (edition, slug)."""
    talks = {}
    places = _Programme()
    for spec in archive.talks:
        edition = editions[spec.edition_slug]
        talk, _ = Talk.objects.update_or_create(
            edition=edition,
            slug=spec.slug,
            defaults={
                **_columns(spec, ("edition_slug", "speakers", "project_slugs", "track", "room")),
                "track": places.track(edition, spec.track),
                "room": places.room(edition, spec.room),
            },
        )
        _set_speakers(
            talk,
            [(speakers[speaker], companies.get(company)) for speaker, company in spec.speakers],
        )
        talk.projects.set([projects[slug] for slug in spec.project_slugs])
        talks[(spec.edition_slug, spec.slug)] = talk
    return talks


class _Programme:
    """Each edition's tracks and rooms, named in English and Russian (tables.TRACKS_RU,
    ROOMS_RU), rooms in tables.ROOMS' order; made once, found again on a second run."""

    def __init__(self):
        self.rows: dict[tuple, Track | Room] = {}

    def track(self, edition: Edition, name: str) -> Track | None:
        return self._row(Track, edition, name, {"name_ru": tables.TRACKS_RU.get(name, "")})

    def room(self, edition: Edition, name: str) -> Room | None:
        position = tables.ROOMS.index(name) if name in tables.ROOMS else len(tables.ROOMS)
        defaults = {"name_ru": tables.ROOMS_RU.get(name, ""), "position": position}
        return self._row(Room, edition, name, defaults)

    def _row(self, model, edition: Edition, name: str, defaults: dict):
        if not name:
            return None
        key = (model, edition.pk, name)
        if key not in self.rows:
            self.rows[key], _ = model.objects.update_or_create(
                edition=edition, name_en=name, defaults=defaults
            )
        return self.rows[key]


def _set_speakers(talk: Talk, entries: list[tuple[Speaker, Company | None]]) -> None:
    """Make the talk's speakers exactly `entries`, in order, touching only what differs."""
    existing = {row.speaker_id: row for row in talk.talk_speakers.all()}
    wanted = {speaker.pk for speaker, _ in entries}
    stale = [row.pk for speaker_id, row in existing.items() if speaker_id not in wanted]
    if stale:
        TalkSpeaker.objects.filter(pk__in=stale).delete()
    new_rows = []
    for position, (speaker, company) in enumerate(entries):
        row = existing.get(speaker.pk)
        company_id = company.pk if company else None
        if row is None:
            new_rows.append(
                TalkSpeaker(talk=talk, speaker=speaker, position=position, company=company)
            )
        elif (row.position, row.company_id) != (position, company_id):
            row.position, row.company_id = position, company_id
            row.save(update_fields=["position", "company"])
    TalkSpeaker.objects.bulk_create(new_rows)
