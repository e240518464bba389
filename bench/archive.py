"""Build a large, realistic archive quickly, for benchmarks (not used by the site or tests).

English and Russian talks from the sample's PostgreSQL vocabulary plus Faker sentences,
speakers with Faker names in both languages (some with Latin aliases), companies,
projects and editions. Rows go in with bulk_create while the search triggers are off;
then one statement builds every talk's search document, as the triggers would have, and
one its topics (and so its related talks).
"""

import datetime
import random
import time
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from faker import Faker

from conference.models import Edition
from conference.sample import tables, vocabulary
from talks.choices import Language
from talks.models import Company, Project, Room, Speaker, Talk, TalkSpeaker, Track
from talks.names import split_spellings
from talks.programme import track_slug
from talks.slugs import transliterate

MOSCOW = ZoneInfo("Europe/Moscow")
TABLES_WITH_SEARCH_TRIGGERS = (
    "talks_talk",
    "talks_talkspeaker",
    "talks_talk_projects",
    "talks_speaker",
    "talks_company",
    "talks_project",
)
BATCH = 5000


def build_archive(*, talks: int, speakers: int, editions: int = 20, seed: int = 1) -> dict:
    """Create the archive in the current database; return counts and the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(seed)  # reproducible on purpose
    fakers = {Language.ENGLISH: Faker("en_US"), Language.RUSSIAN: Faker("ru_RU")}
    for faker in fakers.values():
        faker.seed_instance(seed)

    with transaction.atomic():
        _set_search_triggers(enabled=False)
        edition_rows = _editions(editions)
        companies = _companies(rng)
        projects = _projects()
        speaker_rows = _speakers(rng, fakers, speakers, companies)
        talk_rows = _talks(rng, fakers, talks, edition_rows)
        _links(rng, talk_rows, speaker_rows, companies, projects)
        with connection.cursor() as cursor:
            # Deferred foreign-key checks are trigger events too; run them now, or
            # ALTER TABLE refuses with "pending trigger events".
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _set_search_triggers(enabled=True)
        with connection.cursor() as cursor:
            # The speakers' row trigger writes latin_names (talks/sql/
            # archive_speaker_latin_names.sql) when the column is written.
            cursor.execute("UPDATE talks_speaker SET latin_names = ''")
            # What the triggers would have done, once per talk: the search document, the
            # title's, and the facet columns.
            cursor.execute("UPDATE talks_talk SET title = title")
            cursor.execute("SELECT archive_refresh_talk_search(ARRAY(SELECT id FROM talks_talk))")
            # The seeded topics found in the talks' text (talks migration 0027), with the
            # topic links' triggers off: search reads no related talks, whose refresh for
            # every talk takes minutes at this size (docs/performance.md, "Topics").
            cursor.execute("ALTER TABLE talks_talktopic DISABLE TRIGGER USER")
            # But not the row trigger that copies each link's talk order onto it (talks/sql/
            # archive_talk_topic_before_write.sql): the links' columns need it.
            cursor.execute("ALTER TABLE talks_talktopic ENABLE TRIGGER talk_topic_before_write")
            cursor.execute("SELECT archive_refresh_topic_talks(ARRAY(SELECT id FROM talks_topic))")
            cursor.execute("ALTER TABLE talks_talktopic ENABLE TRIGGER USER")
    with connection.cursor() as cursor:
        # Statistics for the planner, and the GIN pending lists merged into the indexes, as
        # autovacuum would have done on a live site long before anyone searched.
        cursor.execute("VACUUM ANALYZE")
    return {
        "editions": len(edition_rows),
        "talks": len(talk_rows),
        "speakers": len(speaker_rows),
        "companies": len(companies),
        "projects": len(projects),
        "seconds": time.perf_counter() - started,
    }


def _set_search_triggers(*, enabled: bool) -> None:
    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table in TABLES_WITH_SEARCH_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} {action} TRIGGER USER")


def _editions(count: int) -> list[Edition]:
    first_year = 2026 - count + 1
    return Edition.objects.bulk_create(
        Edition(
            slug=f"pgconf-{year}",
            name_en=f"PGConf {year}",
            name_ru=f"PGConf {year}",
            start_date=datetime.date(year, 2, 3),
            end_date=datetime.date(year, 2, 5),
            city_en="Moscow",
            city_ru="Москва",
            summary_en=f"The {year} edition.",
            summary_ru=f"Конференция {year} года.",
            is_published=True,
        )
        for year in range(first_year, first_year + count)
    )


def _companies(rng: random.Random) -> list[Company]:
    rows = [
        Company(
            **split_spellings(company.name, list(company.aliases))[0],
            slug=company.slug,
            website=company.website,
        )
        for company in tables.COMPANIES
    ]
    rows += [Company(name_en=f"Company {n}", slug=f"company-{n}") for n in range(200 - len(rows))]
    return Company.objects.bulk_create(rows)


def _projects() -> list[Project]:
    rows = [
        Project(name=project.name, slug=project.slug, repository_url=project.repository_url)
        for project in tables.PROJECTS
    ]
    rows += [Project(name=f"pg_tool_{n}", slug=f"pg-tool-{n}") for n in range(50 - len(rows))]
    return Project.objects.bulk_create(rows)


def _speakers(rng, fakers, count: int, companies: list[Company]) -> list[Speaker]:
    rows, languages = [], []
    for number in range(count):
        language = Language.RUSSIAN if rng.random() < 0.45 else Language.ENGLISH
        name = fakers[language].name()
        aliases = (
            [transliterate(name)] if language == Language.RUSSIAN and rng.random() < 0.5 else []
        )
        names, aliases = split_spellings(name, aliases)
        rows.append(
            Speaker(
                **names, slug=f"speaker-{number}", aliases=aliases, company=rng.choice(companies)
            )
        )
        languages.append(language)
    created = []
    for start in range(0, len(rows), BATCH):
        created += Speaker.objects.bulk_create(rows[start : start + BATCH])
    for speaker, language in zip(created, languages, strict=True):
        speaker.language = language  # only to pair speakers with talks of their language
    return created


def _programme(editions: list[Edition]) -> tuple[dict, dict]:
    """Each edition's tracks (the topics') and rooms, named in English and Russian:
    {(edition id, English name): row}."""
    tracks = [
        Track(edition=edition, name_en=name, name_ru=tables.TRACKS_RU.get(name, ""), slug=slug)
        for edition in editions
        for name in sorted({topic.track for topic in vocabulary.TOPICS})
        for slug in [track_slug(name, "")]
    ]
    rooms = [
        Room(edition=edition, name_en=name, name_ru=tables.ROOMS_RU[name], position=position)
        for edition in editions
        for position, name in enumerate(tables.ROOMS)
    ]
    return (
        {(t.edition_id, t.name_en): t for t in Track.objects.bulk_create(tracks)},
        {(r.edition_id, r.name_en): r for r in Room.objects.bulk_create(rooms)},
    )


def _talks(rng, fakers, count: int, editions: list[Edition]) -> list[Talk]:
    tracks, rooms = _programme(editions)
    rows = []
    for number in range(count):
        edition = editions[number % len(editions)]
        language = Language.RUSSIAN if rng.random() < 0.4 else Language.ENGLISH
        russian = language == Language.RUSSIAN
        faker = fakers[language]
        topic = rng.choice(vocabulary.TOPICS)
        angle = rng.choice(vocabulary.ANGLES_RU if russian else vocabulary.ANGLES_EN)
        subject = topic.title_ru if russian else topic.title_en
        title = f"{subject}: {angle.format(company='PostgreSQL', version='16')}"
        context = rng.choice(vocabulary.CONTEXT_RU if russian else vocabulary.CONTEXT_EN)
        abstract = " ".join(
            [
                topic.sentence_ru if russian else topic.sentence_en,
                context.format(company="PostgreSQL", servers=rng.randint(3, 900), years=7),
                faker.paragraph(nb_sentences=4),
            ]
        )
        start = datetime.datetime.combine(
            edition.start_date + datetime.timedelta(days=rng.randint(0, 2)),
            rng.choice(tables.SLOT_TIMES),
            tzinfo=MOSCOW,
        )
        rows.append(
            Talk(
                edition=edition,
                slug=f"talk-{number}",
                title=title,
                abstract=abstract,
                language=language,
                track=tracks[(edition.pk, topic.track)],
                room=rooms[(edition.pk, rng.choice(tables.ROOMS))],
                start=start,
                duration=datetime.timedelta(minutes=rng.choice((20, 30, 45))),
                video_url=f"https://www.youtube.com/watch?v=v{number}"
                if rng.random() < 0.5
                else "",
                slides_url=f"https://slides.example.org/{number}.pdf" if rng.random() < 0.6 else "",
                is_published=True,
            )
        )
    created = []
    for start in range(0, len(rows), BATCH):
        created += Talk.objects.bulk_create(rows[start : start + BATCH])
    return created


def _links(rng, talks, speakers, companies, projects) -> None:
    by_language = {
        language: [s for s in speakers if s.language == language]
        for language in (Language.ENGLISH, Language.RUSSIAN)
    }
    links = []
    project_links = []
    through = Talk.projects.through
    for talk in talks:
        chosen = rng.sample(by_language[talk.language], rng.choice((1, 1, 1, 2, 3)))
        for position, speaker in enumerate(chosen):
            company = speaker.company if rng.random() < 0.8 else rng.choice(companies)
            links.append(
                TalkSpeaker(talk=talk, speaker=speaker, position=position, company=company)
            )
        if rng.random() < 0.3:
            project_links.append(through(talk_id=talk.id, project_id=rng.choice(projects).id))
    for start in range(0, len(links), BATCH):
        TalkSpeaker.objects.bulk_create(links[start : start + BATCH])
    for start in range(0, len(project_links), BATCH):
        through.objects.bulk_create(project_links[start : start + BATCH])
