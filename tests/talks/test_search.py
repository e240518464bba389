"""talks/search.py on real PostgreSQL: stemming in both languages, ranking, snippets,
typos, transliteration, facets, the index kept up to date, and odd input."""

from collections import Counter

import pytest
from django.db import connection
from django.utils import translation

from talks.choices import Language
from talks.models import Talk
from talks.search import SearchFilters, search_talks
from talks.services import merge_companies, merge_speakers
from talks.suggestions import suggest
from talks.typos import correct
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.talks import drafts

pytestmark = pytest.mark.django_db


def titles(results):
    return [talk.title for talk in results.talks]


@pytest.fixture
def archive():
    """The seed page's three real talks, one Russian talk, and noise."""
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    zalando = CompanyFactory(name="Zalando", slug="zalando")
    bars = CompanyFactory(name="BARS group", slug="bars-group")
    multicorn = ProjectFactory(name="Multicorn", slug="multicorn")
    valentine = SpeakerFactory(name="Valentine Gogichashvili", company=zalando)
    marat = SpeakerFactory(name="Марат Фаттахов", company=bars)
    ronan = SpeakerFactory(name="Ronán Dunklau")
    talks = {
        "zalando": TalkFactory(
            edition=edition,
            title="Data integration with PostgreSQL logical replication at Zalando",
            abstract="PostgreSQL's new logical replication features make it possible to stream "
            "all the data changes from the isolated databases to the data integration system.",
            speakers=[valentine],
            video_url="https://www.youtube.com/watch?v=abc",
        ),
        "multicorn": TalkFactory(
            edition=edition,
            title="Multicorn: writing foreign data wrappers in Python",
            abstract="Multicorn is a generic Foreign Data Wrapper which goal is to simplify "
            "development of FDWs by writing them in Python.",
            speakers=[ronan],
            projects=[multicorn],
        ),
        "bars": TalkFactory(
            edition=edition,
            title="Migrating a large medical system from Oracle to PostgreSQL",
            abstract="First working on Oracle, we could not ignore appearance and growth of "
            "PostgreSQL. Developing a code converter; packages migration.",
            speakers=[marat],
            slides_url="https://example.org/slides.pdf",
            track="Migration",
        ),
        "russian": TalkFactory(
            edition=edition,
            title="Репликация в PostgreSQL: как мы перестали бояться",
            abstract="Расскажем о логической репликации и о том, как реплицировать данные "
            "между кластерами.",
            language=Language.RUSSIAN,
            speakers=[SpeakerFactory(name="Иван Петров")],
            track="Migration",
        ),
        "abstract_only": TalkFactory(
            edition=edition,
            title="Operating many clusters",
            abstract="We replicate, replicating everything; replication is everywhere: "
            "replication, replication, replication.",
        ),
    }
    return talks


def test_english_query_stems_english_talks(archive):
    results = search_talks("replicating")
    assert archive["zalando"].title in titles(results)
    assert archive["abstract_only"].title in titles(results)


def test_russian_query_stems_russian_talks(archive):
    results = search_talks("репликации")
    # The Russian talk by its words; the others on replication by their topic after it
    # (talks/search_topics.py).
    assert titles(results)[0] == archive["russian"].title
    assert all(title.isascii() for title in titles(results)[1:])


def test_one_query_finds_talks_in_both_languages(archive):
    results = search_talks("PostgreSQL репликация OR replication")
    found = titles(results)
    assert archive["russian"].title in found
    assert archive["zalando"].title in found


def test_title_match_ranks_above_abstract_match(archive):
    results = search_talks("replication")
    found = titles(results)
    assert found.index(archive["zalando"].title) < found.index(archive["abstract_only"].title)


def test_exact_title_ranks_first(archive):
    TalkFactory(
        edition=archive["multicorn"].edition,
        title="Python",
        abstract="Python Python Python in PostgreSQL.",
    )
    TalkFactory(
        edition=archive["multicorn"].edition,
        title="Python and Python: Python for Python people",
    )
    assert titles(search_talks("python"))[0] == "Python"


def test_websearch_syntax_phrase_and_exclusion(archive):
    assert titles(search_talks('"logical replication" -zalando')) == []
    assert titles(search_talks('"data wrappers"')) == [archive["multicorn"].title]
    assert archive["bars"].title in titles(search_talks("oracle OR multicorn"))


def test_snippet_highlights_with_mark_and_escapes_everything_else(archive):
    TalkFactory(
        edition=archive["multicorn"].edition,
        title="Escaping",
        abstract='A sharding story: <script>alert("x")</script> & more sharding',
    )
    (talk,) = search_talks("sharding").talks
    assert "<mark>sharding</mark>" in talk.snippet
    assert "<script" not in talk.snippet
    assert "&quot;x&quot;" in talk.snippet
    assert "&amp;" in talk.snippet


def test_results_carry_their_speakers_in_order_with_companies(archive, django_assert_num_queries):
    zoe = SpeakerFactory(name="Zoe Last", company=CompanyFactory(name="Acme"))
    marat = archive["bars"].speakers.get()
    ivan = archive["russian"].speakers.get()
    TalkFactory(edition=archive["bars"].edition, title="Sharding", speakers=[zoe, marat, ivan])

    # The correction's look-up, the topics the query names, then count, facets and the
    # page with its speakers in one.
    with django_assert_num_queries(3):
        (found,) = search_talks("sharding").talks
        credits = [
            (credit.speaker.name, credit.speaker.slug, credit.company and credit.company.name)
            for credit in found.credits
        ]
        edition = found.edition.name
    assert credits == [
        ("Zoe Last", zoe.slug, "Acme"),
        ("Марат Фаттахов", marat.slug, "BARS group"),
        ("Иван Петров", ivan.slug, None),
    ]
    assert edition == "PGConf.Russia 2016"


def test_speaker_company_and_project_names_are_searchable(archive):
    assert titles(search_talks("Gogichashvili")) == [archive["zalando"].title]
    assert titles(search_talks("BARS group")) == [archive["bars"].title]
    assert titles(search_talks("multicorn")) == [archive["multicorn"].title]


def test_cyrillic_and_latin_spellings_of_names_find_each_other(archive):
    assert titles(search_talks("Гогичашвили")) == [archive["zalando"].title]
    assert titles(search_talks("Fattakhov")) == [archive["bars"].title]


def test_accented_latin_name_found_without_accent(archive):
    assert titles(search_talks("Ronan Dunklau")) == [archive["multicorn"].title]


def test_misspelt_word_is_corrected_and_the_corrected_query_searched(archive):
    results = search_talks("Logcial replicaton Zalando")
    assert titles(results) == [archive["zalando"].title]
    assert results.corrected == "logical replication Zalando"
    assert results.typo_matches is False


def test_verbatim_searches_the_query_as_typed(archive):
    assert search_talks("Logcial replicaton Zalando", verbatim=True).count == 0
    results = search_talks("Gogichasvili", verbatim=True)
    assert results.corrected == ""
    # Nothing matches the word as typed: the trigram fallback finds names alike.
    assert titles(results) == [archive["zalando"].title]
    assert results.typo_matches is True


def test_a_word_nothing_is_near_is_left_out(archive):
    # "postgre" is 3 typos from "postgresql", more than a 7-letter word may have.
    results = search_talks("postgre replicaton")
    assert archive["zalando"].title in titles(results)
    assert results.corrected == "replication"
    assert results.typo_matches is False


def test_typo_fallback_without_suggestion_uses_trigram_similarity(archive):
    results = search_talks("Multicorm wrapers")
    assert titles(results) == [archive["multicorn"].title]


def test_misspelt_speaker_name_is_corrected(archive):
    results = search_talks("Gogichasvili")
    assert titles(results) == [archive["zalando"].title]
    assert results.corrected == "gogichashvili"


def test_correction_built_from_archive_words(archive):
    assert correct("replicaton") == "replication"
    assert correct("Migartion Oracle PostgreSQL") == "migration Oracle PostgreSQL"
    assert correct("multicorn") == ""


def test_facets_counted_in_sql(archive):
    results = search_talks("postgresql")
    facets = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
    assert results.count == 3
    assert facets["language"] == {"en": 2, "ru": 1}
    assert facets["track"] == {"migration": 2, "development": 1}  # by slug
    assert facets["company"] == {"zalando": 1, "bars-group": 1}
    assert facets["has_video"] == {"true": 1, "false": 2}
    assert facets["has_slides"] == {"true": 1, "false": 2}


def test_without_facets_only_the_matches_are_counted(archive):
    """The API shows no facets: its search counts the same matches and the same page of
    talks, and groups nothing per facet."""
    with_facets = search_talks("postgresql")
    counted = search_talks("postgresql", facets=False)
    assert counted.count == with_facets.count == 3
    assert titles(counted) == titles(with_facets)
    assert not any(counted.facets.values())
    assert with_facets.facets["language"]
    assert with_facets.facets["edition"]


def test_facets_are_made_when_read_in_the_language_searched(archive):
    """The facets are made on first reading (talks.facets.Facets), the same as made at
    once, their labels in the search's language whatever is active by then."""
    with translation.override("ru"):
        results = search_talks("postgresql")
    labels = {value.value: value.label for value in results.facets["language"]}
    assert labels == {"en": "Английский", "ru": "Русский"}
    made_at_once = search_talks("postgresql").facets  # English this time
    assert {name: len(values) for name, values in results.facets.items()} == {
        name: len(values) for name, values in made_at_once.items()
    }


def test_filters_combine_with_query(archive):
    assert titles(search_talks("postgresql", filters=SearchFilters(language="ru"))) == [
        archive["russian"].title
    ]
    assert titles(search_talks("postgresql", filters=SearchFilters(has_slides=True))) == [
        archive["bars"].title
    ]
    assert titles(search_talks("python", filters=SearchFilters(project="multicorn"))) == [
        archive["multicorn"].title
    ]
    assert titles(search_talks("postgresql", filters=SearchFilters(company="zalando"))) == [
        archive["zalando"].title
    ]


def test_pagination_is_stable_and_counts_all(archive):
    for number in range(5):
        TalkFactory(edition=archive["bars"].edition, title=f"Vacuum tuning part {number}")
    first = search_talks("vacuum", limit=2)
    second = search_talks("vacuum", limit=2, offset=2)
    assert first.count == second.count == 5
    assert set(titles(first)).isdisjoint(titles(second))


def answer(results) -> tuple:
    """Everything a search tells: count, results with snippets and speakers, facets and
    their counts, the suggestion and whether the typo fallback answered."""
    return (
        results.count,
        results.count_is_capped,
        [
            (
                talk.title,
                talk.edition.name,
                str(talk.snippet),
                [c.speaker.name for c in talk.credits],
            )
            for talk in results.talks
        ],
        {
            name: [(value.value, value.label, value.count) for value in values]
            for name, values in results.facets.items()
        },
        results.corrected,
        results.typo_matches,
    )


@pytest.mark.parametrize("case", drafts.CASES, ids=drafts.CASE_IDS)
def test_unpublished_talks_and_editions_never_found(archive, case):
    TalkFactory(title="Secret vacuum draft", is_published=False)
    TalkFactory(title="Vacuum in a draft edition", edition=EditionFactory(is_published=False))
    assert search_talks("vacuum").count == 0
    assert search_talks("secret vacuum draft").count == 0

    # The words of a draft, misspelt, cut short or exact: the same answers (results,
    # counts, facets, "did you mean", suggestions while typing) as before it existed.
    edition = archive["bars"].edition
    drafts.public_neighbours(edition)
    probes = [*case.probes, "vacuum", "replication"]
    before = {probe: answer(search_talks(probe)) for probe in probes}
    corrections_before = {probe: correct(probe) for probe in probes}
    typed_before = {probe: suggest(probe) for probe in probes}

    drafts.create_draft(case, edition)

    for probe in probes:
        after = answer(search_talks(probe))
        # Nothing of the draft, nor a sign that it exists: the same answer as without it.
        assert after == before[probe], probe
        assert correct(probe) == corrections_before[probe], probe
        assert suggest(probe) == typed_before[probe], probe
        assert drafts.leaked_words(case, repr(after), echoed=probe) == [], probe
    assert "Brontosaurian vacuum folklore" not in titles(search_talks("vacuum folklore"))


@pytest.mark.parametrize(
    ("case", "query"),
    [
        (drafts.SPEAKER_IN_DRAFT_EDITION, "quibbleworht"),
        (drafts.TALK_IN_DRAFT_EDITION, "zanzibarain"),
        (drafts.UNPUBLISHED_TALK, "brontosuarian"),
        (drafts.UNPUBLISHED_TALK, "flumpingtom"),
    ],
    ids=["speaker in draft edition", "talk in draft edition", "unpublished title", "its speaker"],
)
def test_correction_offers_no_word_of_a_draft(archive, case, query):
    """The examples of issue 17: each misspelling was corrected to a word of a draft."""
    drafts.create_draft(case, archive["bars"].edition)

    assert correct(query) == ""
    assert search_talks(query).corrected == ""


def test_index_follows_changes_to_talk_speaker_company_and_project(archive):
    talk = archive["multicorn"]
    talk.title = "Foreign tables from Python"
    talk.save()
    assert titles(search_talks("foreign tables")) == [talk.title]

    speaker = talk.speakers.get()
    speaker.aliases = ["Ронан Дюнкло"]
    speaker.save()
    assert titles(search_talks("Дюнкло")) == [talk.title]

    project = talk.projects.get()
    project.name = "Unicorn wrappers"
    project.save()
    assert titles(search_talks("unicorn")) == [talk.title]

    company = CompanyFactory(name="Dalibo", slug="dalibo")
    talk.talk_speakers.update(company=company)
    assert titles(search_talks("dalibo")) == [talk.title]
    company.name = "Dalibo SCOP"
    company.save()
    assert titles(search_talks("scop")) == [talk.title]

    talk.talk_speakers.all().delete()
    assert search_talks("Дюнкло").count == 0

    talk.description = "A longer text an imported schedule brings: hstore columns."
    talk.save()
    assert titles(search_talks("hstore")) == [talk.title]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!! ??? ...",
        '"unbalanced quote',
        "'; DROP TABLE talks_talk; --",
        "x" * 10_000,
        "replication " * 2000,
        "a & b | c ! ( ) :* <-> <2>",
        "\x00\x01 null bytes",
        "-",
        "OR",
    ],
)
def test_odd_queries_never_fail(archive, query):
    results = search_talks(query)
    assert results.count >= 0
    assert Talk.objects.count() == 5


def test_facet_counts_equal_counts_computed_in_python(archive):
    for number in range(6):
        TalkFactory(
            edition=EditionFactory() if number % 2 else archive["bars"].edition,
            title=f"PostgreSQL statistics {number}",
            language=Language.RUSSIAN if number % 3 == 0 else Language.ENGLISH,
            track="Internals" if number % 2 else "Development",
            video_url="https://vimeo.com/1" if number % 3 else "",
            speakers=[SpeakerFactory(company=CompanyFactory())],
        )
    results = search_talks("postgresql", limit=100)
    talks = results.talks
    expected = {
        "edition": Counter(talk.edition.slug for talk in talks),
        "language": Counter(talk.language for talk in talks),
        "track": Counter(talk.track.slug for talk in talks if talk.track),
        "company": Counter(
            slug
            for talk in talks
            for slug in {credit.company.slug for credit in talk.credits if credit.company}
        ),
        "project": Counter(project.slug for talk in talks for project in talk.projects.all()),
        "has_video": Counter(str(bool(talk.video_url)).lower() for talk in talks),
        "has_slides": Counter(
            str(bool(talk.slides_url or talk.slides_file)).lower() for talk in talks
        ),
    }
    assert results.count == len(talks) == 9
    for name, counter in expected.items():
        assert {value.value: value.count for value in results.facets[name]} == dict(counter)


def test_index_follows_speaker_merge(archive):
    talk = archive["bars"]
    duplicate = talk.speakers.get()
    keep = SpeakerFactory(name="Marat Fattakhov")
    merge_speakers(keep=keep, duplicate=duplicate)
    # The duplicate's spelling lives on as an alias of the kept speaker.
    assert titles(search_talks("Фаттахов")) == [talk.title]
    assert titles(search_talks('"Marat Fattakhov"')) == [talk.title]


def test_index_follows_company_merge(archive):
    talk = archive["zalando"]
    keep = CompanyFactory(name="Zalando SE", slug="zalando-se")
    merge_companies(keep=keep, duplicate=talk.talk_speakers.get().company)
    assert titles(search_talks('"Zalando SE"')) == [talk.title]
    assert facet_values(search_talks("zalando"), "company") == {"zalando-se": 1}


def facet_values(results, name):
    return {value.value: value.count for value in results.facets.get(name, [])}


def test_company_and_project_facets_follow_link_changes(archive):
    talk = archive["multicorn"]
    assert facet_values(search_talks("multicorn"), "project") == {"multicorn": 1}
    assert facet_values(search_talks("multicorn"), "company") == {}

    dalibo = CompanyFactory(name="Dalibo", slug="dalibo")
    talk.talk_speakers.update(company=dalibo)
    talk.projects.add(ProjectFactory(name="pg_partman", slug="pg-partman"))
    results = search_talks("multicorn")
    assert facet_values(results, "company") == {"dalibo": 1}
    assert facet_values(results, "project") == {"multicorn": 1, "pg-partman": 1}

    talk.projects.clear()
    talk.talk_speakers.all().delete()
    results = search_talks("foreign data wrappers")
    assert facet_values(results, "company") == facet_values(results, "project") == {}


def test_count_and_facets_stop_at_the_cap(archive, monkeypatch):
    monkeypatch.setattr("talks.search.COUNT_CAP", 2)
    results = search_talks("postgresql OR replication")
    assert (results.count, results.count_is_capped) == (2, True)
    assert sum(value.count for value in results.facets["language"]) == 2
    assert len(results.talks) > 2  # the page is not capped: only the counting is


def test_pages_past_the_candidates_rank_every_match_in_the_same_order(archive, monkeypatch):
    everything = titles(search_talks("replication OR data", limit=10))
    # Two candidates: both talks whose title matches, of which the first page ranks the
    # best (one would be whichever PostgreSQL reads first, LIMIT without ORDER BY).
    monkeypatch.setattr("talks.search.CANDIDATES", 2)
    first = titles(search_talks("replication OR data", limit=1))
    rest = titles(search_talks("replication OR data", limit=10, offset=1))
    assert first + rest == everything


def test_planner_knows_document_matching_is_costly():
    """Migration talks.0006: the embedded server's role may set a catalog function's cost."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE oid = 'ts_match_vq'::regproc")
        assert cursor.fetchone() == (100,)


def test_search_statements_keep_plans_made_for_their_values(archive):
    """psycopg prepares a statement it has run twice (DATABASE_PREPARE_THRESHOLD), and
    PostgreSQL may then switch a prepared statement to a generic plan, made without the
    query's value, where the query's tsquery is no longer folded while planning: search
    then took twice as long. archive_search_query's COST keeps every search statement
    on plans made for its value (talks/sql/archive_search_query.sql)."""

    def prepared() -> dict[str, tuple[int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
                " WHERE statement LIKE '%archive_search_query%'"
            )
            return {statement: (generic, custom) for statement, generic, custom in cursor}

    # The connection may carry statements that earlier tests prepared: only what this
    # loop plans counts.
    before = prepared()
    for _ in range(12):  # past psycopg's threshold and PostgreSQL's five custom plans
        for query in ("replication", "Multicorm wrapers", "xyzzy", "replicaton -oracle"):
            search_talks(query)
    planned = {
        statement: (
            generic - before.get(statement, (0, 0))[0],
            custom - before.get(statement, (0, 0))[1],
        )
        for statement, (generic, custom) in prepared().items()
        if (generic, custom) != before.get(statement)
    }
    assert len(planned) >= 3  # the correction's look-up, the count, the page, the fallback
    assert [statement for statement, (generic, _) in planned.items() if generic] == []
    assert all(custom >= 10 for _, custom in planned.values())
