"""The stress run's workload (bench/stress.py): what simulated visitors ask for, and how often.

A Plan holds the addresses picked in the built archive; WORKLOAD maps each request kind
to its weight and a function that makes one request of that kind, seeded, so that two
runs send the same requests.
"""

import random
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from conference.models import Edition
from conference.sample import vocabulary
from photos.models import Photo
from talks.models import Company, Project, Speaker, Talk

# What visitors search for: topics in both languages, a few phrases, exclusions and typos
# (the trigram fallback), plus speaker surnames added from the archive.
SEARCH_TERMS = [
    "replication",
    "logical replication",
    "partitioning",
    "vacuum",
    "autovacuum",
    "indexes",
    "backup",
    "pgbouncer",
    "patroni",
    "jsonb",
    "postgis",
    "kubernetes",
    "monitoring",
    "full-text search",
    "query planner",
    "explain analyze",
    "oracle migration",
    "sharding citus",
    '"streaming replication"',
    "replication -logical",
    "репликация",
    "логическая репликация",
    "секционирование",
    "индексы",
    "резервное копирование",
    "мониторинг",
    "автовакуум",
    "производительность",
    "шардирование",
    "миграция с oracle",
    "высокая нагрузка",
    # typos
    "replicaton",
    "partitoning",
    "postgre vacum",
    "monitorng",
    "репликацыя",
    "секцианирование",
    "pgbouncr",
]
TRACKS = sorted({topic.track for topic in vocabulary.TOPICS})


@dataclass
class Plan:
    """The archive's URLs and words the workload picks from."""

    editions: list[str]
    talks: list[str]
    talk_ics: list[str]
    speakers: list[str]
    companies: list[str]
    projects: list[str]
    photos: list[str]
    gallery: str
    edition_slugs: list[str]
    company_slugs: list[str]
    project_slugs: list[str]
    speaker_feeds: list[str]
    edition_feeds: list[str]
    search_terms: list[str]
    suggest_words: list[str]


def build_plan(gallery) -> Plan:
    """Every URL the mix needs, read once before the load starts (the clients do no queries)."""
    editions = list(Edition.objects.published().order_by("start_date"))
    talk_rows = Talk.objects.published().values_list("edition__slug", "slug").order_by("pk")
    talks = [
        reverse("talks:talk-detail", kwargs={"edition_slug": e, "slug": s}) for e, s in talk_rows
    ]
    speakers = list(Speaker.objects.published().order_by("pk").only("slug", "name_en", "name_ru"))
    surnames = [speaker.name.split()[-1] for speaker in speakers[:: max(1, len(speakers) // 40)]]
    companies = list(Company.objects.published().order_by("pk").only("slug", "name_en", "name_ru"))
    projects = list(Project.objects.published().order_by("pk").only("slug", "name"))
    return Plan(
        editions=[edition.get_absolute_url() for edition in editions],
        talks=talks,
        talk_ics=[path + "talk.ics" for path in talks],
        speakers=[speaker.get_absolute_url() for speaker in speakers],
        companies=[company.get_absolute_url() for company in companies],
        projects=[project.get_absolute_url() for project in projects],
        photos=[
            photo.get_absolute_url()
            for photo in Photo.objects.filter(gallery=gallery).select_related("gallery__edition")
        ],
        gallery=gallery.get_absolute_url(),
        edition_slugs=[edition.slug for edition in editions],
        company_slugs=[company.slug for company in companies],
        project_slugs=[project.slug for project in projects],
        speaker_feeds=[
            reverse("talks:feed-speaker", kwargs={"slug": speaker.slug})
            for speaker in speakers[:: max(1, len(speakers) // 500)]
        ],
        edition_feeds=[
            reverse("talks:feed-edition", kwargs={"slug": edition.slug}) for edition in editions
        ],
        search_terms=SEARCH_TERMS + surnames,
        suggest_words=[
            word for term in SEARCH_TERMS for word in term.strip('"-').split() if len(word) > 2
        ]
        + [speaker.name for speaker in speakers[:: max(1, len(speakers) // 200)]]
        + [project.name for project in projects],
    )


def search_parameters(plan: Plan, rng: random.Random) -> dict[str, str]:
    """A query, with a facet filter one time in three and a later page one time in ten."""
    params = {"q": rng.choice(plan.search_terms)}
    if rng.random() < 1 / 3:
        name, value = rng.choice(
            [
                ("language", rng.choice(("en", "ru"))),
                ("has_video", "true"),
                ("has_slides", rng.choice(("true", "false"))),
                ("edition", rng.choice(plan.edition_slugs)),
                ("track", rng.choice(TRACKS)),
                ("company", rng.choice(plan.company_slugs)),
                ("project", rng.choice(plan.project_slugs)),
            ]
        )
        params[name] = value
    if rng.random() < 0.1:
        params["page"] = str(rng.randint(2, 5))
    return params


def suggest_parameters(plan: Plan, rng: random.Random) -> dict[str, str]:
    """What a search box sends while someone types: a prefix of two or more characters."""
    word = rng.choice(plan.suggest_words)
    params = {"q": word[: rng.randint(2, max(2, len(word)))]}
    if rng.random() < 0.1:
        params["format"] = "opensearch"  # the browser's own search box
    return params


# Request kind -> (weight, path for a plan and a random generator). Talk pages dominate, as
# in any archive's logs; search and suggestions are a third, feeds and exports a few percent.
WORKLOAD = {
    "home": (6, lambda plan, rng: reverse("conference:home")),
    "edition list": (2, lambda plan, rng: reverse("conference:edition-list")),
    "edition": (7, lambda plan, rng: rng.choice(plan.editions)),
    "talk": (24, lambda plan, rng: rng.choice(plan.talks)),
    "talk .ics": (2, lambda plan, rng: rng.choice(plan.talk_ics)),
    "speaker": (10, lambda plan, rng: rng.choice(plan.speakers)),
    "speaker list": (1, lambda plan, rng: reverse("talks:speaker-list")),
    "company": (4, lambda plan, rng: rng.choice(plan.companies)),
    "company list": (1, lambda plan, rng: reverse("talks:company-list")),
    "project": (3, lambda plan, rng: rng.choice(plan.projects)),
    "project list": (1, lambda plan, rng: reverse("talks:project-list")),
    "search page": (
        10,
        lambda plan, rng: reverse("talks:search") + "?" + urlencode(search_parameters(plan, rng)),
    ),
    "search API": (
        8,
        lambda plan, rng: reverse("api-search") + "?" + urlencode(search_parameters(plan, rng)),
    ),
    "suggest API": (
        12,
        lambda plan, rng: reverse("api-suggest") + "?" + urlencode(suggest_parameters(plan, rng)),
    ),
    "gallery": (3, lambda plan, rng: plan.gallery),
    "photo": (2, lambda plan, rng: rng.choice(plan.photos)),
    "photo archive": (1, lambda plan, rng: reverse("photos:gallery-list")),
    "feed": (
        3,
        lambda plan, rng: rng.choice(
            (
                reverse("talks:feed-talks"),
                rng.choice(plan.edition_feeds),
                rng.choice(plan.speaker_feeds),
            )
        ),
    ),
}
