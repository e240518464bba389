"""Suggestions while typing: published speakers, projects and talk titles for a prefix.

Names match in either alphabet and without accents, through the same transliteration
as the search document (archive_translit in migration talks.0002_search).

Suggestions follow every keystroke. Built from querysets (three of them, with Subquery,
Case/When and Func expressions), most of a call's time was Django compiling the same SQL
again, not PostgreSQL running it (docs/performance.md, "Readers, search and
suggestions"). So the three kinds are read by one
statement of constant SQL, prepared on the connection (conference.db.raw_rows.fetch_all),
with every request value a parameter; tests/talks/test_suggest.py holds it to the
querysets it replaced (its reference_suggest).
"""

from dataclasses import dataclass

from conference.bilingual import CONTENT_LANGUAGES, interface_language, localized_sql
from conference.db.raw_rows import fetch_all
from conference.web.fast_urls import page_url
from talks.readers.visibility import TALK_IS_PUBLIC, project_is_public, speaker_is_public
from talks.search import clean_query, has_words

MIN_SUGGEST_LENGTH = 2
SUGGEST_KINDS = ("speaker", "project", "talk")


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str  # one of SUGGEST_KINDS
    url: str
    detail: str = ""  # the edition of a talk


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# Shorter prefixes make no trigram, so LIKE '%..%' could not use the trigram indexes.
TRIGRAM_LENGTH = 3
# Rows of each kind ranked for a prefix: the first this many that match, in no order. A
# common prefix ("post", "да") matches most titles; ranking them all made those
# keystrokes the slowest (docs/performance.md), and a few more letters narrow any list.
CANDIDATES = 200

# The prefix as the search document spells names: archive_translit(unaccent(...)), lower
# case Latin, with LIKE's wildcards escaped so that "%" and "_" match themselves. Each
# pattern is a scalar subquery, which PostgreSQL computes once per statement: unaccent is
# only STABLE, so a plain call ran again for every row. As a subquery's result (a
# parameter of the plan) it still serves as the trigram index's condition.
# (%% is a literal %, the parameters being passed separately.)
_LATIN = r"""replace(replace(replace(
    archive_translit(unaccent(%(prefix)s::text)), E'\\', E'\\\\'), '%%', E'\\%%'), '_', E'\\_')"""
LATIN_ANYWHERE = f"(SELECT '%%' || {_LATIN} || '%%')"
LATIN_START = f"(SELECT {_LATIN} || '%%')"
LATIN_WORD_START = f"(SELECT '%% ' || {_LATIN} || '%%')"


def _by_name(*, haystack: str, table: str, published: str, name: str = "named.name") -> str:
    """The rows of `table` (as `named`) whose names in Latin spelling (`haystack`) contain
    the prefix, as (match, name, slug, id): `match` is 0 when the name starts with the
    prefix, 1 when one of its words does, 2 otherwise; `name` is the SQL of the name shown.
    At most CANDIDATES of them, those that are `published`."""
    return f"""
    SELECT CASE WHEN {haystack} LIKE {LATIN_START} THEN 0
                WHEN {haystack} LIKE {LATIN_WORD_START} THEN 1
                ELSE 2 END AS match,
           {name} AS name, named.slug, named.id
    FROM {table} AS named
    WHERE {haystack} LIKE {LATIN_ANYWHERE} AND {published}
    LIMIT {CANDIDATES}"""  # noqa: S608 -- this module's constants; the prefix is a parameter


# Speaker.latin_names is both spellings of the name and the aliases spelled as the prefix
# is, kept by a trigger and indexed for trigrams (talks migration 0011): LIKE '%..%' on it
# uses that index. A speaker is shown by the name in the reader's script, so there is one
# statement per language (conference.bilingual.localized_sql).
def _speakers(language: str) -> str:
    return _by_name(
        haystack="named.latin_names",
        table="talks_speaker",
        published=speaker_is_public("named"),
        name=localized_sql("named.name", language),
    )


# Projects are few: their names are transliterated row by row, without an index.
PROJECTS = _by_name(
    haystack="archive_translit(unaccent(named.name))",
    table="talks_project",
    published=project_is_public("named"),
)

# A talk's title matches with ILIKE: unlike Django's icontains (UPPER(...) LIKE), it can
# use the trigram index on titles.
TITLE_CONTAINS = "talk.title ILIKE %(contains)s"
# Two letters make no trigram: a word of the title must start with them, which the
# title_vector index answers, instead of a scan of every title for "%po%"
# (docs/performance.md). Only for letters and digits, which need no quoting in a tsquery.
TITLE_WORD_STARTS = (
    "talk.title_vector @@ to_tsquery('simple', quote_literal(%(prefix)s::text) || ':*')"
)

# Talk.objects.published() whose titles match (`title_matches`), as (match, title, slug,
# id, edition slug, edition name in {language}, start date): match ranks them as
# _by_name() does.
TALKS = f"""
    SELECT CASE WHEN talk.title ILIKE %(starts)s THEN 0
                WHEN talk.title ILIKE %(word_starts)s THEN 1
                ELSE 2 END AS match,
           talk.title, talk.slug, talk.id,
           edition.slug AS edition_slug,
           {{edition_name}} AS edition_name, edition.start_date
    FROM talks_talk AS talk
    JOIN conference_edition AS edition ON edition.id = talk.edition_id
    WHERE {TALK_IS_PUBLIC} AND {{title_matches}}
    LIMIT {CANDIDATES}"""  # noqa: S608 -- this module's constants; the prefix is a parameter

# The best `limit` of each kind, in order: the kind's rank in SUGGEST_KINDS, then its
# position among its own kind. Names rank by where the prefix starts, then name and id;
# titles by where it starts, then the newest edition first, then title and id.
STATEMENT = """
SELECT kind, label, slug, edition_slug, edition_name FROM (
    (SELECT 0 AS kind_order, 'speaker' AS kind,
            row_number() OVER (ORDER BY match, name, id) AS position,
            name AS label, slug, NULL AS edition_slug, NULL AS edition_name
     FROM ({speakers}) AS speaker
     ORDER BY match, name, id
     LIMIT %(limit)s)
    UNION ALL
    (SELECT 1, 'project', row_number() OVER (ORDER BY match, name, id),
            name, slug, NULL, NULL
     FROM ({projects}) AS project
     ORDER BY match, name, id
     LIMIT %(limit)s)
    UNION ALL
    (SELECT 2, 'talk', row_number() OVER (ORDER BY match, start_date DESC, title, id),
            title, slug, edition_slug, edition_name
     FROM ({talks}) AS talk
     ORDER BY match, start_date DESC, title, id
     LIMIT %(limit)s)
) AS found
ORDER BY kind_order, position
"""
# Two constant statements per language (speakers and editions are named in the reader's
# language):
# which one a prefix takes is decided before it is sent, so each has a plan that uses its
# index. On 20,000 talks (EXPLAIN ANALYZE), both the plans
# for known values and the generic plan a prepared statement may settle on read
# speaker_latin_names_trgm, talk_title_trgm or talk_title_vector; only for a prefix most
# titles contain does the plan for known values scan talks, stopping at CANDIDATES.
STATEMENTS = {
    (language, short): STATEMENT.format(
        speakers=_speakers(language),
        projects=PROJECTS,
        talks=TALKS.replace(
            "{title_matches}", TITLE_WORD_STARTS if short else TITLE_CONTAINS
        ).replace("{edition_name}", localized_sql("edition.name", language)),
    )
    for language in CONTENT_LANGUAGES
    for short in (False, True)
}


def _suggestion(kind: str, label: str, slug: str, edition_slug, edition_name) -> Suggestion:
    if kind == "talk":
        url = page_url("talks:talk-detail", edition_slug=edition_slug, slug=slug)
        return Suggestion(label, kind, url, detail=edition_name)
    return Suggestion(label, kind, page_url(f"talks:{kind}-detail", slug=slug))


def suggest(prefix: str, *, limit: int = 8) -> list[Suggestion]:
    """Published speakers, projects and talk titles for a search box, as someone types.

    Names match in any spelling: both sides go through unaccent and the Cyrillic-to-Latin
    transliteration of the search document, so "gogi" finds «Гогичашвили» and «Фатт»
    finds "Fattakhov"; a speaker's aliases count too. Talks match on their titles (ILIKE,
    which the trigram index serves; for two letters, a word of the title must start with
    them). At most `limit`, shared fairly between the kinds and grouped by kind. One
    query; none for a prefix shorter than MIN_SUGGEST_LENGTH.
    """
    prefix = clean_query(prefix)
    if len(prefix) < MIN_SUGGEST_LENGTH or not has_words(prefix) or limit <= 0:
        return []
    pattern = _like_escape(prefix)
    short = len(prefix) < TRIGRAM_LENGTH and prefix.isalnum()
    rows = fetch_all(
        STATEMENTS[(interface_language(), short)],
        {
            "prefix": prefix,
            "contains": f"%{pattern}%",
            "starts": f"{pattern}%",
            "word_starts": f"% {pattern}%",
            "limit": limit,
        },
    )
    found = {kind: [] for kind in SUGGEST_KINDS}
    for row in rows:
        found[row[0]].append(_suggestion(*row))
    # One of each kind in turn, so that eight speakers named Ivan cannot hide every talk.
    quota = dict.fromkeys(SUGGEST_KINDS, 0)
    left = limit
    while left and any(quota[kind] < len(found[kind]) for kind in SUGGEST_KINDS):
        for kind in SUGGEST_KINDS:
            if left and quota[kind] < len(found[kind]):
                quota[kind] += 1
                left -= 1
    return [item for kind in SUGGEST_KINDS for item in found[kind][: quota[kind]]]
