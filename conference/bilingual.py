"""Values in English and Russian: the one place that says how a field with a value per
language is stored, shown, written in SQL and told apart.

The content (edition name, city, venue and summary; project and company descriptions;
gallery titles and photo captions) and the names of speakers and companies (a spelling in
Latin letters and one in Cyrillic, talks.names) are all such fields.
django-translated-fields makes each of them two real columns, `<field>_en` and
`<field>_ru`, which the raw-SQL readers and the search triggers name like any other
column; `obj.<field>` reads the interface language's value and falls back to the other
one (fallback_to_any), so a page never shows an empty heading where one value exists.
A value shown by that fallback is in the other language: fallback_language() says which,
so that pages mark it with a `lang` attribute (the tags of
conference.templatetags.bilingual, and the talk lists' links written in Python).

SQL gets the same value from localized_sql(), written for one language at a time: see
its docstring for why the language is part of the statement's text, not a parameter.
"""

import re

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from translated_fields import TranslatedField
from translated_fields.utils import fallback_to_any

# The content languages, in the order a fallback tries them (settings.LANGUAGES' order).
CONTENT_LANGUAGES = ("en", "ru")

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")


def bilingual(field, verbose_names: dict | None = None) -> TranslatedField:
    """`field` once per content language, read in the interface's language with a fallback.
    `verbose_names` ({"en": ..., "ru": ...}) labels the two columns where "[en]" and "[ru]"
    would say too little (a name "in Latin letters")."""
    specific = {code: {"verbose_name": label} for code, label in (verbose_names or {}).items()}
    return TranslatedField(field, specific, languages=CONTENT_LANGUAGES, attrgetter=fallback_to_any)


def column_names(name: str) -> tuple[str, ...]:
    """The columns of the bilingual field `name`: ("name_en", "name_ru")."""
    return tuple(f"{name}_{language}" for language in CONTENT_LANGUAGES)


def text_language(text: str) -> str:
    """The content language `text` is written in: Russian ("ru") when it has a Cyrillic
    letter, else English ("en"). Russian text often holds Latin words ("ООО Postgres Pro",
    "Доклад о PostgreSQL"); English text has no reason to hold Cyrillic letters."""
    return "ru" if _CYRILLIC.search(text or "") else "en"


def other_language(language: str | None) -> str:
    """The content language that is not `language`: a Russian talk's other title is in
    English, any other talk's in Russian."""
    return "en" if language == "ru" else "ru"


def interface_language() -> str:
    """The content language of the request (the active translation), English by default."""
    language = (get_language() or "en").split("-")[0]
    return language if language in CONTENT_LANGUAGES else CONTENT_LANGUAGES[0]


def fallback_order(language: str | None) -> tuple[str, ...]:
    """The content languages in the order `obj.<field>` tries them in `language`: that
    one first (the first content language for any other), then the rest."""
    first = language if language in CONTENT_LANGUAGES else CONTENT_LANGUAGES[0]
    return (first, *(code for code in CONTENT_LANGUAGES if code != first))


def shown_language(obj, name: str) -> str:
    """The language of the value `obj.<name>` shows now: the interface's when that column
    has a value, else the first other one that has (the fallback), else the interface's."""
    order = fallback_order(interface_language())
    return next((code for code in order if getattr(obj, f"{name}_{code}")), order[0])


def fallback_language(obj, name: str) -> str | None:
    """The language `obj.<name>` is shown in when that is not the interface's, else None:
    what a page marks with a `lang` attribute so that a screen reader pronounces the value
    in its own language. A value with letters is in the language of its letters
    (marked_language): a Latin-letter name on a Russian page is English, whether it is a
    bilingual field's fallback, its Russian column's value or a field that is not
    bilingual (a project's name); a Cyrillic one on an English page is Russian. A value
    without letters ("101") is in the other language only when the fallback shows it."""
    value = getattr(obj, name, None)
    if isinstance(value, str) and _LETTER.search(value):
        return marked_language(value)
    if not hasattr(obj, f"{name}_{CONTENT_LANGUAGES[0]}"):
        return None
    language = shown_language(obj, name)
    return None if language == interface_language() else language


def marked_language(text: str) -> str | None:
    """The language of `text` by its letters (text_language) when that is not the
    interface's, else None; None too for text without a letter ("101", "2016")."""
    if not _LETTER.search(text or ""):
        return None
    language = text_language(text)
    return None if language == interface_language() else language


def localized_sql(column: str, language: str) -> str:
    """SQL for the bilingual `column` ("edition.name": its _en and _ru columns) as
    `obj.<field>` shows it in `language`: that language's value, else the other's, else ''.

    The language is written into the statement, not passed as a parameter: a reader
    builds one constant statement per content language (there are two, so each stays
    prepared on the connection). A parameter would have to travel with every statement
    that names a value this way, besides the request's own parameters, and its CASE would
    hide the expression from the planner: ORDER BY or WHERE on a constant expression can
    use an index on that expression, a CASE over a parameter never can. `language` is
    one of CONTENT_LANGUAGES (anything else reads as the first), never request input."""
    values = ", ".join(f"NULLIF({column}_{code}, '')" for code in fallback_order(language))
    return f"COALESCE({values}, '')"


def localized(name: str, language: str | None = None):
    """localized_sql() as an ORM expression, to order by: the bilingual field `name` as
    `obj.<name>` shows it in `language` (the interface's by default)."""
    order = fallback_order(language or interface_language())
    return Coalesce(*(NullIf(f"{name}_{code}", Value("")) for code in order), Value(""))


def values_of(obj, *names: str) -> dict[str, str]:
    """The bilingual fields `names` of `obj` as the JSON API gives every such field: "<name>"
    in the request's language with the fallback, "<name>_en" and "<name>_ru" as stored."""
    values = {}
    for name in names:
        values[name] = getattr(obj, name)
        values.update({column: getattr(obj, column) for column in column_names(name)})
    return values


def in_language(obj, name: str, language: str) -> str:
    """The bilingual field `name` of `obj` in `language`, else in the other: for what must
    not change with the request's language (the schedule exports are the same bytes for
    the same data, so they name editions in English where they can)."""
    other = other_language(language)
    return getattr(obj, f"{name}_{language}") or getattr(obj, f"{name}_{other}")
