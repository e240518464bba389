"""Cross-lingual search evaluation (issue 19): the top-10 hit rate of topic queries whose
answers are in the other language, and whether the query's own best matches stay.

    uv run python bench/search_eval_topics.py

Builds, in a fresh test database (never the site's own data), the sample archive's talks
(conference/sample: its generator knows each talk's subject, whose English and Russian
titles start the talk's title) and imports the real schedules of ../shared/schedules
(frab, pentabarf and pretalx files, published). Then asks /api/v1/search's reader
(talks.search.search_talks) every query below and prints the hit rate per kind:

- sample en->ru: each English term and name of a seed topic the sample talks about; a hit
  when the first 10 results hold a Russian talk whose generator subject is that topic;
- sample ru->en: the same from each Russian term (Cyrillic ones), for English talks;
- schedules ru->en: each Russian term of a topic some imported talk carries (the real
  schedules are English: the automatic pass is the truth there), for those talks;
- own kept: for every query, the first OWN_FIRST results of the query's own words
  (talks.search.ranked_ids_sql, as without topics) are all in the first 10.

tests/talks/topics/test_search_eval_topics.py runs the same evaluation and asserts the
targets (>= 90 % per kind, own matches kept); figures go to docs/performance.md.
"""

import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":
    import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    import django

    django.setup()

from django.db import connection

from conference.bilingual import text_language
from conference.models import Edition
from conference.sample import vocabulary
from conference.sample.generate import build_sample_archive
from talks.importers import run_import
from talks.models import Talk, TalkTopic, Topic
from talks.search import SearchFilters, ranked_ids_sql, search_talks
from talks.search_topics import OWN_FIRST
from talks.topics import CARRIED

TOP = 10
SCHEDULES = Path(__file__).resolve().parents[2] / "shared" / "schedules"

# The seed topic (talks/topic_seed/) of each of the sample's subjects
# (conference/sample/vocabulary.py TOPICS), by the subject's English title, as
# tests/talks/test_topic_seed.py checks each is named in both of the subject's titles.
SAMPLE_TOPICS = {
    "Logical replication in PostgreSQL": "logical-replication",
    "Streaming replication and failover": "streaming-replication",
    "High availability with Patroni": "patroni",
    "Connection pooling with PgBouncer": "pgbouncer",
    "Odyssey, a multi-threaded connection pooler": "odyssey",
    "Backups and point-in-time recovery with WAL-G": "wal-g",
    "Incremental backups with pg_probackup": "pg-probackup",
    "pgBackRest in production": "pgbackrest",
    "Fighting table bloat with pg_repack": "bloat",
    "Partitioning large tables": "partitioning",
    "Spatial data with PostGIS": "spatial-data",
    "Time-series data with TimescaleDB": "timescaledb",
    "Sharding PostgreSQL with Citus": "citus",
    "Query planning and EXPLAIN": "query-planning",
    "B-tree, GIN, GiST and BRIN indexes": "indexes",
    "Full-text search in PostgreSQL": "full-text-search",
    "JSONB in practice": "json",
    "Monitoring PostgreSQL with pg_stat_statements": "pg-stat-statements",
    "Autovacuum tuning": "autovacuum",
    "Migrating from Oracle to PostgreSQL": "oracle-migration",
    "PostgreSQL on Kubernetes": "kubernetes-postgres",
    "MVCC and transaction isolation": "mvcc",
    "Row-level security": "row-level-security",
    "Parallel query execution": "parallel-query",
    "Write-ahead log internals": "wal",
    "Foreign data wrappers": "foreign-data-wrappers",
    "Writing PostgreSQL extensions": "extensions-dev",
}
# Schedule files and their format.
SCHEDULE_FILES = {
    "31c3_frab.xml": "frab",
    "fosdem_2021_pentabarf.xml": "frab",
    "pretalx-rc3-channels-2020.schedule.json": "pretalx",
}


@dataclass
class Kind:
    """One kind of query: how many, how many hit, and the misses to look at."""

    queries: int = 0
    hits: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.hits / self.queries if self.queries else 0.0

    def add(self, query: str, hit: bool) -> None:
        self.queries += 1
        self.hits += hit
        if not hit:
            self.misses.append(query)


def load_sample_talks() -> dict[int, str]:
    """The sample archive's generated talks (published, in published editions): {talk id:
    the seed topic of its generator subject}."""
    archive = build_sample_archive()
    subjects = {}
    for subject in vocabulary.TOPICS:
        slug = SAMPLE_TOPICS[subject.title_en]
        subjects[subject.title_en] = subjects[subject.title_ru] = slug
    editions = {}
    for spec in archive.editions:
        editions[spec.slug] = Edition.objects.create(
            slug=f"eval-{spec.slug}"[:50],
            name_en=spec.name_en,
            name_ru=spec.name_ru,
            start_date=spec.start_date,
            end_date=spec.end_date,
            is_published=True,
        )
    rows, truth = [], []
    for spec in archive.talks:
        slug = subjects.get(spec.title.split(":")[0])
        if slug is None:  # the three real talks of the sample: no generator subject
            continue
        rows.append(
            Talk(
                edition=editions[spec.edition_slug],
                slug=spec.slug,
                title=spec.title,
                abstract=spec.abstract,
                language=spec.language,
                start=spec.start,
                duration=spec.duration,
                is_published=True,
            )
        )
        truth.append(slug)
    created = Talk.objects.bulk_create(rows)  # one statement: the topic triggers run once
    return {talk.pk: slug for talk, slug in zip(created, truth, strict=True)}


def import_schedules() -> dict[int, set[str]]:
    """The real schedules, published: {talk id: the topics it carries}."""
    for name, format in SCHEDULE_FILES.items():
        path = SCHEDULES / name
        if path.exists():
            run_import(path.read_bytes(), format=format, publish=True)
    carried = defaultdict(set)
    links = TalkTopic.objects.filter(source__in=CARRIED, talk__schedule_id__gt="")
    for talk_id, slug in links.values_list("talk_id", "topic__slug"):
        carried[talk_id].add(slug)
    return carried


def queries_of(topic: Topic, language: str) -> list[str]:
    """A topic's name and terms in `language`, written in that language's script."""
    values = [getattr(topic, f"name_{language}"), *getattr(topic, f"terms_{language}")]
    unique = list(dict.fromkeys(value for value in values if value))
    return [value for value in unique if text_language(value) == language]


def own_best(query: str) -> list[int]:
    """The first OWN_FIRST talks of the query's own words, ranked as without topics."""
    ordered = ranked_ids_sql(query, SearchFilters(), every_match=False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM ({ordered.text}) AS ranked ORDER BY place LIMIT {OWN_FIRST}",  # noqa: S608 -- search's own statement; values are parameters
            ordered.params,
        )
        return [row[0] for row in cursor.fetchall()]


def ask(query: str, kind: Kind, own: Kind, wanted) -> None:
    """Search `query`; a hit when wanted(talk) holds for a talk of the first TOP."""
    found = search_talks(query, limit=TOP).talks
    kind.add(query, any(wanted(talk) for talk in found))
    ids = {talk.pk for talk in found}
    own.add(query, set(own_best(query)) <= ids)


def analyze() -> None:
    """Fresh planner statistics for the talks just written, as autovacuum would have long
    before anyone searched (in a test's transaction it never sees them, and the planner
    then plans for empty tables: seconds a query)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def evaluate() -> dict[str, Kind]:
    """Build each archive in turn (the sample's talks, then the real schedules alone: a
    talk of one is no answer the other's truth knows) and ask every query; the Kinds by
    name."""
    kinds = {name: Kind() for name in ("sample en->ru", "sample ru->en", "schedules ru->en")}
    own = Kind()
    sample = load_sample_talks()
    analyze()
    languages = dict(Talk.objects.values_list("pk", "language"))
    # A query can only hit where the other language has a talk on its topic.
    answerable = {(slug, languages[pk]) for pk, slug in sample.items()}
    topics = Topic.objects.filter(slug__in=set(SAMPLE_TOPICS.values())).order_by("slug")
    for topic in topics:
        for language, other in (("en", "ru"), ("ru", "en")):
            if (topic.slug, other) not in answerable:
                continue
            for query in queries_of(topic, language):
                ask(
                    query,
                    kinds[f"sample {language}->{other}"],
                    own,
                    lambda talk, slug=topic.slug, other=other: (
                        sample.get(talk.pk) == slug and languages[talk.pk] == other
                    ),
                )
    Talk.objects.filter(pk__in=sample).delete()
    schedules = import_schedules()
    analyze()
    carried_slugs = set().union(*schedules.values()) if schedules else set()
    for topic in Topic.objects.filter(slug__in=carried_slugs).order_by("slug"):
        for query in queries_of(topic, "ru"):
            ask(
                query,
                kinds["schedules ru->en"],
                own,
                lambda talk, slug=topic.slug: slug in schedules.get(talk.pk, ()),
            )
    kinds["own matches kept"] = own
    return kinds


def report(kinds: dict[str, Kind]) -> str:
    lines = ["| kind | queries | hits in the top 10 | rate |", "|---|---:|---:|---:|"]
    for name, kind in kinds.items():
        lines.append(f"| {name} | {kind.queries} | {kind.hits} | {kind.rate:.1%} |")
    for name, kind in kinds.items():
        if kind.misses:
            lines.append(f"\n{name} missed: " + ", ".join(kind.misses[:30]))
    return "\n".join(lines)


def main() -> None:
    creation = connection.creation
    original = connection.settings_dict["NAME"]
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(report(evaluate()))
    finally:
        creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
