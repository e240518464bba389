"""A speaker's or company's name in the reader's script, in SQL: what `obj.name` shows
(talks.models.two_script_name: the spelling of the active language, or the other one
where that is empty), for the statements that order or label rows by name (the indexes,
search facets, suggestions).

Each statement is built once per language (there are two), so it stays constant text
that psycopg can prepare; the language is never request input.
"""

from django.utils.translation import get_language

from talks.names import NAME_LANGUAGES


def reader_language() -> str:
    """The active language if names have a spelling for it, else the first ("en")."""
    active = get_language()
    return active if active in NAME_LANGUAGES else NAME_LANGUAGES[0]


def name_sql(alias: str, language: str) -> str:
    """SQL for `alias`'s name as `obj.name` gives it in `language`."""
    first = language if language in NAME_LANGUAGES else NAME_LANGUAGES[0]
    order = [first, *(code for code in NAME_LANGUAGES if code != first)]
    spellings = ", ".join(f"NULLIF({alias}.name_{code}, '')" for code in order)
    return f"COALESCE({spellings}, '')"
