"""Suggestions while typing: talks.suggestions.suggest and GET /api/v1/suggest."""

from datetime import date

import pytest
from django.db.models import BooleanField, Case, F, Func, Q, Subquery, TextField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse

from conference.bilingual import localized
from talks.choices import Language
from talks.models import Project, Speaker, Talk
from talks.search import clean_query, has_words
from talks.suggestions import (
    CANDIDATES,
    MIN_SUGGEST_LENGTH,
    SUGGEST_KINDS,
    TRIGRAM_LENGTH,
    Suggestion,
    suggest,
)
from tests.factories import EditionFactory, ProjectFactory, SpeakerFactory, TalkFactory
from tests.talks import drafts

pytestmark = pytest.mark.django_db

URL = reverse("api-suggest")


def found(prefix: str, **kwargs) -> list[tuple[str, str]]:
    return [(item.kind, item.label) for item in suggest(prefix, **kwargs)]


@pytest.fixture
def archive():
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    valentine = SpeakerFactory(name="Valentine Gogichashvili", slug="valentine-gogichashvili")
    marat = SpeakerFactory(name="Марат Фаттахов", aliases=["Marat Fattakhov"])
    ronan = SpeakerFactory(name="Ronán Dunklau")
    multicorn = ProjectFactory(name="Multicorn", slug="multicorn")
    talks = {
        "zalando": TalkFactory(
            edition=edition,
            slug="zalando",
            title="Data integration with PostgreSQL logical replication at Zalando",
            speakers=[valentine],
        ),
        "multicorn": TalkFactory(
            edition=edition,
            title="Multicorn: writing foreign data wrappers in Python",
            speakers=[ronan],
            projects=[multicorn],
        ),
        "russian": TalkFactory(
            edition=edition,
            title="Репликация в PostgreSQL: как мы перестали бояться",
            language=Language.RUSSIAN,
            speakers=[marat],
        ),
    }
    return talks


def test_speaker_found_by_the_start_of_any_name(archive):
    assert found("Valent") == [("speaker", "Valentine Gogichashvili")]
    assert found("gogi") == [("speaker", "Valentine Gogichashvili")]


def test_cyrillic_and_latin_prefixes_find_names_in_the_other_alphabet(archive):
    assert found("Гогича") == [("speaker", "Valentine Gogichashvili")]
    assert found("Fatta") == [("speaker", "Марат Фаттахов")]
    assert found("фатт") == [("speaker", "Марат Фаттахов")]


def test_speaker_found_by_alias_and_without_accents(archive):
    SpeakerFactory(name="Иван Петров", aliases=["Ivan Petrov"])
    TalkFactory(edition=archive["zalando"].edition, speakers=[SpeakerFactory(name="Other")])
    assert ("speaker", "Марат Фаттахов") in found("marat fatt")
    assert found("ronan") == [("speaker", "Ronán Dunklau")]
    assert found("Ivan") == []  # his only talk is missing: not public


def test_project_and_talk_titles_found(archive):
    assert found("multic") == [
        ("project", "Multicorn"),
        ("talk", "Multicorn: writing foreign data wrappers in Python"),
    ]
    assert found("wrapp") == [("talk", "Multicorn: writing foreign data wrappers in Python")]


def test_talk_titles_found_in_either_case_and_alphabet(archive):
    assert found("РЕПЛИК") == [("talk", "Репликация в PostgreSQL: как мы перестали бояться")]
    assert found("LOGICAL REPL") == [
        ("talk", "Data integration with PostgreSQL logical replication at Zalando")
    ]


def test_names_starting_with_the_prefix_come_first(archive):
    edition = archive["zalando"].edition
    TalkFactory(
        edition=edition, title="A talk about Zalando", speakers=[SpeakerFactory(name="Ana Zalan")]
    )
    TalkFactory(
        edition=edition, title="Zalando at scale", speakers=[SpeakerFactory(name="Zalan Ana")]
    )

    assert found("zalan") == [
        ("speaker", "Zalan Ana"),
        ("speaker", "Ana Zalan"),
        ("talk", "Zalando at scale"),
        ("talk", "A talk about Zalando"),
        ("talk", "Data integration with PostgreSQL logical replication at Zalando"),
    ]


def test_unpublished_things_never_suggested(archive):
    draft_edition = EditionFactory(name="Draft", slug="draft", is_published=False)
    hidden = SpeakerFactory(name="Hidden Speaker")
    secret = ProjectFactory(name="Hidden project")
    TalkFactory(
        edition=draft_edition, title="Hidden talk one", speakers=[hidden], projects=[secret]
    )
    TalkFactory(
        edition=archive["zalando"].edition,
        title="Hidden talk two",
        speakers=[hidden],
        projects=[secret],
        is_published=False,
    )
    SpeakerFactory(name="Hidden without talks")

    assert found("hidden") == []


def test_at_most_limit_shared_between_kinds(archive):
    edition = archive["zalando"].edition
    for number in range(10):
        TalkFactory(
            edition=edition,
            title=f"Vacuum talk {number}",
            speakers=[SpeakerFactory(name=f"Vacuum Person {number}")],
        )
    ProjectFactory(name="Vacuum tools")  # no talk: not public

    kinds = [kind for kind, _label in found("vacuum")]
    assert kinds == ["speaker"] * 4 + ["talk"] * 4
    assert len(found("vacuum", limit=3)) == 3


@pytest.mark.parametrize("prefix", ["", " ", "a", " a ", "я", "%", "--"])
def test_short_prefix_gives_nothing_without_a_query(archive, prefix, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert suggest(prefix) == []


@pytest.mark.parametrize(
    "prefix",
    ["%_", "a%", "a_", "\\", "'; DROP TABLE talks_talk; --", "a\x00b", "<script>", "ы" * 10_000],
)
def test_odd_prefixes_never_fail_and_wildcards_are_literal(archive, prefix):
    assert suggest(prefix) == []


def test_suggest_runs_one_query(archive, django_assert_num_queries):
    with django_assert_num_queries(1):  # speakers, projects and talks with their editions
        suggest("multic")
    edition = archive["zalando"].edition
    for number in range(12):
        TalkFactory(
            edition=edition,
            title=f"Multicorn in depth {number}",
            speakers=[SpeakerFactory(name=f"Multi Speaker {number}")],
            projects=[ProjectFactory(name=f"Multicorn plugin {number}")],
        )
    with django_assert_num_queries(1):
        assert len(suggest("multic")) == 8
    with django_assert_num_queries(1):  # two letters: the other statement
        assert len(suggest("mu")) == 8


def test_endpoint_answers_the_documented_shape(client, archive):
    response = client.get(URL, {"q": "gogi"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"
    assert response.json() == {
        "suggestions": [
            {
                "label": "Valentine Gogichashvili",
                "kind": "speaker",
                "url": "http://testserver/speakers/valentine-gogichashvili/",
                "detail": "",
            }
        ]
    }


def test_endpoint_talk_suggestions_name_their_edition(client, archive):
    (talk,) = client.get(URL, {"q": "integration"}).json()["suggestions"]
    assert talk == {
        "label": "Data integration with PostgreSQL logical replication at Zalando",
        "kind": "talk",
        "url": "http://testserver/pgconf-russia-2016/talks/zalando/",
        "detail": "PGConf.Russia 2016",
    }


def test_endpoint_opensearch_format(client, archive):
    TalkFactory(
        edition=EditionFactory(), title="Multicorn: writing foreign data wrappers in Python"
    )

    response = client.get(URL, {"q": "Multic", "format": "opensearch"})

    assert response["Content-Type"] == "application/x-suggestions+json"
    assert response.json() == [
        "Multic",
        ["Multicorn", "Multicorn: writing foreign data wrappers in Python"],
    ]


@pytest.mark.parametrize("q", ["", "x", "ы" * 10_000, "%", "\"'<>", "a\x00b"])
def test_endpoint_never_fails_on_odd_input(client, archive, q):
    response = client.get(URL, {"q": q})

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json() == {"suggestions": []}


def test_endpoint_without_q_is_empty(client, archive):
    assert client.get(URL).json() == {"suggestions": []}


def test_endpoint_bad_format_is_400_post_405_head_fine(client, archive):
    response = client.get(URL, {"q": "multi", "format": "xml"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"format": ["format must be opensearch or left out."]}
    assert client.post(URL, {"q": "multi"}).status_code == 405
    assert client.head(URL, {"q": "multi"}).status_code == 200


def test_endpoint_query_count(client, archive, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(URL, {"q": "multi"})
    talk = archive["multicorn"]
    assert response.json() == {
        "suggestions": [
            {
                "label": "Multicorn",
                "kind": "project",
                "url": "http://testserver/projects/multicorn/",
                "detail": "",
            },
            {
                "label": talk.title,
                "kind": "talk",
                "url": f"http://testserver/pgconf-russia-2016/talks/{talk.slug}/",
                "detail": "PGConf.Russia 2016",
            },
        ]
    }
    with django_assert_num_queries(0):
        response = client.get(URL, {"q": "m"})
    assert response.json() == {"suggestions": []}


@pytest.mark.parametrize("case", drafts.CASES, ids=drafts.CASE_IDS)
def test_drafts_never_suggested_while_typing(client, archive, case):
    """Issue 17's drafts: their words, cut short, misspelt or whole, suggest nothing
    they did not suggest before the draft existed, in either format."""
    edition = archive["zalando"].edition
    drafts.public_neighbours(edition)
    asked = [
        {"q": probe, **extra} for probe in case.probes for extra in ({}, {"format": "opensearch"})
    ]
    before = [client.get(URL, params).json() for params in asked]

    drafts.create_draft(case, edition)

    for params, answer in zip(asked, before, strict=True):
        after = client.get(URL, params).json()
        assert after == answer, params
        assert drafts.leaked_words(case, repr(after), echoed=params["q"]) == [], params
        assert drafts.leaked_words(case, repr(suggest(params["q"]))) == [], params


def test_speaker_latin_names_kept_by_the_database():
    """Speaker.latin_names (talks migrations 0011, 0021) follows both spellings of the name
    and the aliases, whatever Django writes into it."""
    speaker = SpeakerFactory(name="Марат Фаттахов", aliases=["Marat F."])
    speaker.refresh_from_db()
    assert speaker.latin_names == "marat fattakhov marat f."

    speaker.name_en, speaker.name_ru = "Émile Zolá", "Эмиль Золя"
    speaker.aliases = []
    speaker.save()
    speaker.refresh_from_db()
    assert speaker.latin_names.strip() == "emile zola emil zolya"

    Speaker.objects.filter(pk=speaker.pk).update(latin_names="tampered")
    speaker.refresh_from_db()
    assert speaker.latin_names.strip() == "emile zola emil zolya"


# suggest() against the querysets it replaced. reference_suggest() is the ORM code the
# suggestions used before they were one statement of SQL (talks/suggestions.py); both
# must give the same suggestions, in the same order, on data chosen to tell the rules
# apart: drafts and draft editions, aliases, accents, both alphabets, LIKE's wildcards
# and backslash in the prefix, two-letter prefixes, ranks and their ties.


class Latin(Func):
    template = "archive_translit(unaccent(%(expressions)s))"
    output_field = TextField()


class LatinOnce(Latin):
    template = "(SELECT archive_translit(unaccent(%(expressions)s)))"


class ILike(Func):
    template = "(%(expressions)s)"
    arg_joiner = " ILIKE "
    output_field = BooleanField()


class TitleWordStarts(Func):
    template = "(title_vector @@ to_tsquery('simple', quote_literal(%(expressions)s) || ':*'))"
    output_field = BooleanField()


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _first_true(*conditions) -> Case:
    whens = [When(condition, then=Value(i)) for i, condition in enumerate(conditions)]
    return Case(*whens, default=Value(len(conditions)))


def _candidates(rows, condition):
    return rows.filter(condition).order_by().values("pk")[:CANDIDATES]


def _by_name(rows, latin_names, latin_prefix, name="name"):
    found = _candidates(rows.alias(haystack=latin_names), Q(haystack__contains=latin_prefix))
    return (
        rows.model.objects.filter(pk__in=Subquery(found))
        .annotate(haystack=latin_names)
        .annotate(
            match=_first_true(
                Q(haystack__startswith=latin_prefix),
                Q(haystack__contains=Concat(Value(" "), latin_prefix)),
            )
        )
        .order_by("match", name, "pk")
    )


def reference_suggest(prefix: str, *, limit: int = 8) -> list[Suggestion]:
    """suggest() as querysets: three queries Django compiled on every keystroke."""
    prefix = clean_query(prefix)
    if len(prefix) < MIN_SUGGEST_LENGTH or not has_words(prefix):
        return []
    latin = LatinOnce(Value(prefix))
    speakers = _by_name(Speaker.objects.published(), F("latin_names"), latin, localized("name"))
    projects = _by_name(Project.objects.published(), Latin(F("name")), latin)
    pattern = _like_escape(prefix)
    if len(prefix) < TRIGRAM_LENGTH and prefix.isalnum():
        title_matches = TitleWordStarts(Value(prefix))
    else:
        title_matches = ILike(F("title"), Value(f"%{pattern}%"))
    talks = (
        Talk.objects.filter(pk__in=Subquery(_candidates(Talk.objects.published(), title_matches)))
        .annotate(
            match=_first_true(
                ILike(F("title"), Value(f"{pattern}%")), ILike(F("title"), Value(f"% {pattern}%"))
            )
        )
        .select_related("edition")
        .order_by("match", "-edition__start_date", "title", "pk")
    )
    found = {
        "speaker": [Suggestion(s.name, "speaker", s.get_absolute_url()) for s in speakers[:limit]],
        "project": [Suggestion(p.name, "project", p.get_absolute_url()) for p in projects[:limit]],
        "talk": [
            Suggestion(t.title, "talk", t.get_absolute_url(), detail=t.edition.name)
            for t in talks[:limit]
        ],
    }
    quota = dict.fromkeys(SUGGEST_KINDS, 0)
    left = max(limit, 0)
    while left and any(quota[kind] < len(found[kind]) for kind in SUGGEST_KINDS):
        for kind in SUGGEST_KINDS:
            if left and quota[kind] < len(found[kind]):
                quota[kind] += 1
                left -= 1
    return [item for kind in SUGGEST_KINDS for item in found[kind][: quota[kind]]]


@pytest.fixture
def rules():
    """An archive in which each rule of the suggestions changes some answer."""
    new = EditionFactory(name="PGConf 2020", slug="pgconf-2020", start_date=date(2020, 2, 3))
    old = EditionFactory(name="PGConf 2015", slug="pgconf-2015", start_date=date(2015, 2, 3))
    draft = EditionFactory(name="PGConf 2021", slug="pgconf-2021", is_published=False)

    def public(title, *people, edition=new, projects=()):
        return TalkFactory(edition=edition, title=title, speakers=people, projects=projects)

    pool, kcache, decoy = (
        ProjectFactory(name=name) for name in ("Pgpool-II", "pg_stat_kcache", "pgXstat")
    )
    hedgehog = ProjectFactory(name="Ёжик", slug="ezhik")
    tempdb = ProjectFactory(name="C:\\tempdb", slug="c-tempdb")
    ivan = SpeakerFactory(name="Ivan Petrov", aliases=["Иван Петров"])
    namesake = SpeakerFactory(name="Ivan Petrov")  # the same name: the older id first
    public("Postgres at scale", ivan, namesake, projects=[pool])
    public("Postgres at scale", SpeakerFactory(name="Пётр Иванов"), edition=old)
    public("Scaling Postgres", SpeakerFactory(name="Anna Ivanova"), projects=[kcache])
    public("Capo: a postgres story", SpeakerFactory(name="Sylvain Divanov"), projects=[decoy])
    public("100% uptime with pg_stat", SpeakerFactory(name="Ronán Dunklau"), edition=old)
    public(
        "1000 uptime with pgXstat",
        SpeakerFactory(name="José Núñez"),
        SpeakerFactory(name="Vasya 1000cores"),
        projects=[hedgehog],
    )
    public(
        "C:\\temp and backslashes",
        SpeakerFactory(name="Bob", aliases=["dba_bob"]),
        projects=[tempdb],
    )
    public("Ctemp, a decoy", SpeakerFactory(name="Ctemp C:temp"))
    public("Постгрес в продакшене", SpeakerFactory(name="Bob Dbaxbob"), edition=old)
    public("Про Постгрес по-русски", SpeakerFactory(name="Ёлка Попова"))
    public("Tempo of vacuum", SpeakerFactory(name="Carl Largo"))  # "po" inside words only
    hidden_pool = ProjectFactory(name="Ivan's pool")
    TalkFactory(
        edition=new,
        title="Postgres draft by Ivanka",
        speakers=[SpeakerFactory(name="Ivanka Draft")],
        projects=[hidden_pool],
        is_published=False,
    )
    TalkFactory(
        edition=draft,
        title="Postgres in a draft edition",
        speakers=[SpeakerFactory(name="Ivana Hidden")],
        projects=[ProjectFactory(name="Poolside draft")],
    )
    SpeakerFactory(name="Ivan Without Talks")
    ProjectFactory(name="Pool without talks")


@pytest.mark.parametrize(
    ("prefix", "limit"),
    [
        ("ivan", 8),  # name start, word start, inside a word; namesakes; drafts hidden
        ("ivan", 3),
        ("иван", 8),  # Cyrillic prefix, Latin names, and Cyrillic names through aliases
        ("petrov", 8),
        ("Пётр", 8),
        ("ronan", 8),  # accents on either side
        ("nunez", 8),
        ("dba_b", 8),  # "_" is no wildcard in names...
        ("pg_s", 8),  # ... nor in project names and titles
        ("100%", 8),  # "%" neither
        ("c:\\te", 8),  # a backslash is no escape
        ("po", 8),  # two letters: words of titles that start with them
        ("po", 2),  # fewer places than kinds: speakers first
        ("по", 8),
        ("pg", 8),
        ("о-", 8),  # two characters, not all letters: anywhere in titles
        ("apo", 8),  # three letters: anywhere in titles
        ("mpo", 8),
        ("post", 8),
        ("post", 1),
        ("post", 20),
        ("постг", 8),
        ("pool", 8),
        ("ezh", 8),
        ("ёж", 8),
        ("scal", 8),
        ("postgres at", 8),
        ("zz", 8),
    ],
)
def test_suggest_gives_what_the_querysets_gave(rules, prefix, limit):
    expected = reference_suggest(prefix, limit=limit)

    assert suggest(prefix, limit=limit) == expected
    assert expected or prefix == "zz"  # each case has something to get wrong


def test_the_rules_are_told_apart(rules):
    """The data above does tell the rules apart (a check of the fixture, on the reference)."""
    assert [s.label for s in reference_suggest("ivan")] == [
        "Ivan Petrov",
        "Ivan Petrov",
        "Anna Ivanova",
        "Пётр Иванов",
        "Sylvain Divanov",
    ]
    assert [s.label for s in reference_suggest("pg_s")] == [
        "pg_stat_kcache",
        "100% uptime with pg_stat",
    ]
    assert [(s.kind, s.label) for s in reference_suggest("po")] == [
        ("speaker", "Ёлка Попова"),
        ("project", "Pgpool-II"),
        ("talk", "Postgres at scale"),
        ("talk", "Postgres at scale"),
        ("talk", "Capo: a postgres story"),
        ("talk", "Scaling Postgres"),
    ]
    assert [s.label for s in reference_suggest("mpo")] == ["Tempo of vacuum"]
    assert [(s.label, s.detail) for s in reference_suggest("postgres at")] == [
        ("Postgres at scale", "PGConf 2020"),
        ("Postgres at scale", "PGConf 2015"),
    ]
