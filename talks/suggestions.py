"""Suggestions while typing: published speakers, projects and talk titles for a prefix.

Names match in either alphabet and without accents, through the same transliteration
as the search document (archive_translit in migration talks.0002_search).
"""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat

from talks.models import Project, Speaker, Talk
from talks.search import clean_query, has_words

MIN_SUGGEST_LENGTH = 2
SUGGEST_KINDS = ("speaker", "project", "talk")


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str  # one of SUGGEST_KINDS
    url: str
    detail: str = ""  # the edition of a talk


class Latin(Func):
    """archive_translit(unaccent(text)): lower-case Latin, as the search document spells names."""

    template = "archive_translit(unaccent(%(expressions)s))"
    output_field = TextField()


class LatinOnce(Latin):
    """Latin() of a constant as a scalar subquery: PostgreSQL computes it once per
    statement (unaccent is only STABLE, so the plain call ran again for every row)."""

    template = "(SELECT archive_translit(unaccent(%(expressions)s)))"


class ILike(Func):
    """text ILIKE pattern; unlike Django's icontains (UPPER(...) LIKE), it can use the
    trigram index on talk titles."""

    template = "(%(expressions)s)"
    arg_joiner = " ILIKE "
    output_field = BooleanField()


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _first_true(*conditions) -> Case:
    """0 when the first condition holds, 1 for the second, ...; len(conditions) otherwise."""
    whens = [When(condition, then=Value(i)) for i, condition in enumerate(conditions)]
    return Case(*whens, default=Value(len(conditions)))


class TitleWordStarts(Func):
    """title_vector @@ 'prefix':* -- a word of the talk's title starts with the prefix; the
    title_vector index answers it."""

    template = "(title_vector @@ to_tsquery('simple', quote_literal(%(expressions)s) || ':*'))"
    output_field = BooleanField()


# Shorter prefixes make no trigram, so LIKE '%..%' could not use the trigram indexes.
TRIGRAM_LENGTH = 3
# Rows of each kind ranked for a prefix: the first this many that match, in no order. A
# common prefix ("post", "да") matches most titles; ranking them all cost 30-40 ms a
# keystroke, and a few more letters narrow any list anyway.
CANDIDATES = 200


def _candidates(rows: QuerySet, condition) -> QuerySet:
    """At most CANDIDATES rows of `rows` that satisfy `condition`, by primary key."""
    return rows.filter(condition).order_by().values("pk")[:CANDIDATES]


def _by_name(rows: QuerySet, latin_names, latin_prefix) -> QuerySet:
    """Rows whose names, in Latin spelling (`latin_names`), contain the prefix: at the
    start of the name first, then at the start of a word, then anywhere."""
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
        .order_by("match", "name", "pk")
        .only("name", "slug")
    )


def suggest(prefix: str, *, limit: int = 8) -> list[Suggestion]:
    """Published speakers, projects and talk titles for a search box, as someone types.

    Names match in any spelling: both sides go through unaccent and the Cyrillic-to-Latin
    transliteration of the search document, so "gogi" finds «Гогичашвили» and «Фатт»
    finds "Fattakhov"; a speaker's aliases count too. Talks match on their titles (ILIKE,
    which the trigram index serves; for two letters, a word of the title must start with
    them). At most `limit`, shared fairly between the kinds and
    grouped by kind. Three queries; none for a prefix shorter than MIN_SUGGEST_LENGTH.
    """
    prefix = clean_query(prefix)
    if len(prefix) < MIN_SUGGEST_LENGTH or not has_words(prefix):
        return []
    latin = LatinOnce(Value(prefix))
    # Speaker.latin_names is the name and aliases spelled as Latin() spells them, kept by
    # a trigger and indexed for trigrams (talks migration 0011).
    speakers = _by_name(Speaker.objects.published(), F("latin_names"), latin)
    projects = _by_name(Project.objects.published(), Latin(F("name")), latin)
    pattern = _like_escape(prefix)
    if len(prefix) < TRIGRAM_LENGTH and prefix.isalnum():
        # Two letters: titles with a word starting with them, from the title_vector index
        # (a scan of every title for "%po%" took 45 ms on 20,000 talks).
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
        .only("title", "slug", "edition__slug", "edition__name")
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
    # One of each kind in turn, so that eight speakers named Ivan cannot hide every talk.
    quota = dict.fromkeys(SUGGEST_KINDS, 0)
    left = max(limit, 0)
    while left and any(quota[kind] < len(found[kind]) for kind in SUGGEST_KINDS):
        for kind in SUGGEST_KINDS:
            if left and quota[kind] < len(found[kind]):
                quota[kind] += 1
                left -= 1
    return [item for kind in SUGGEST_KINDS for item in found[kind][: quota[kind]]]
