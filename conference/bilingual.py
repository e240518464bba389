"""Content in English and Russian: the archive's fields that hold a value per language.

django-translated-fields makes each such field two real columns, `<field>_en` and
`<field>_ru`, which the raw-SQL readers and the search triggers name like any other
column; `obj.<field>` reads the interface language's value and falls back to the other
one (fallback_to_any), so a page never shows an empty heading where one value exists.
"""

import re

from django.utils.translation import get_language
from translated_fields import TranslatedField
from translated_fields.utils import fallback_to_any

# The content languages, in the order a fallback tries them (settings.LANGUAGES' order).
CONTENT_LANGUAGES = ("en", "ru")

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def bilingual(field) -> TranslatedField:
    """`field` once per content language, read in the interface's language with a fallback."""
    return TranslatedField(field, languages=CONTENT_LANGUAGES, attrgetter=fallback_to_any)


def column_names(name: str) -> tuple[str, ...]:
    """The columns of the bilingual field `name`: ("name_en", "name_ru")."""
    return tuple(f"{name}_{language}" for language in CONTENT_LANGUAGES)


def text_language(text: str) -> str:
    """The content language `text` is written in: Russian when it has more Cyrillic letters
    than Latin ones (a Russian venue name with "PGConf" in it stays Russian), else English."""
    cyrillic = len(_CYRILLIC.findall(text or ""))
    return "ru" if cyrillic and cyrillic >= len(_LATIN.findall(text)) else "en"


def other_language(language: str | None) -> str:
    """The content language that is not `language`: a Russian talk's other title is in
    English, any other talk's in Russian."""
    return "en" if language == "ru" else "ru"


def interface_language() -> str:
    """The content language of the request (the active translation), English by default."""
    language = (get_language() or "en").split("-")[0]
    return language if language in CONTENT_LANGUAGES else CONTENT_LANGUAGES[0]


def localized_sql(column: str, language: str = "%(language)s") -> str:
    """SQL for the bilingual `column` ("edition.name": its _en and _ru columns) in the
    content language that the SQL `language` gives (a parameter's placeholder), falling
    back to the other language's value as the models' attribute does: for the constant
    statements of the readers, whose text must not depend on the request's language."""
    en, ru = f"{column}_en", f"{column}_ru"
    return (
        f"CASE WHEN {language} = 'ru' THEN coalesce(nullif({ru}, ''), {en})"
        f" ELSE coalesce(nullif({en}, ''), {ru}) END"
    )


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
