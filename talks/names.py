"""Names in two scripts: which of a speaker's or company's two spellings (Speaker.name_en,
the name in Latin letters, and Speaker.name_ru, the name in Cyrillic) a written name is.

Schedules, the admin's old single name field and the sample archive give one name and
perhaps other spellings (aliases); importers, the data migration that made the pair
explicit (talks migration 0020) and the sample loader all sort them here, so that one
name always lands in the same field.
"""

import re

# Any Cyrillic letter makes a name the Cyrillic spelling: a Latin spelling has none, and a
# Russian name with a Latin word in it ("ООО Postgres Pro") is still written in Cyrillic.
_CYRILLIC = re.compile(r"[Ѐ-ӿ]")

LATIN = "en"
CYRILLIC = "ru"
# The fields of a name, by the language whose interface shows each first.
NAME_LANGUAGES = (LATIN, CYRILLIC)


def script_of(name: str) -> str:
    """CYRILLIC ("ru") for a name with a Cyrillic letter, else LATIN ("en")."""
    return CYRILLIC if _CYRILLIC.search(name) else LATIN


def name_fields(name: str) -> dict[str, str]:
    """{"name_en": ..., "name_ru": ...} with `name` in the field of its script and the
    other empty: what a model takes for a name written one way."""
    script = script_of(name)
    return {f"name_{language}": name if language == script else "" for language in NAME_LANGUAGES}


def split_spellings(name: str, aliases: list[str]) -> tuple[dict[str, str], list[str]]:
    """(name fields, aliases left) for a name and its other spellings: `name` goes to the
    field of its script; the first alias in the other script fills the other field and
    leaves the aliases. The other aliases stay, in their order."""
    fields = name_fields(name)
    missing = CYRILLIC if script_of(name) == LATIN else LATIN
    left = list(aliases)
    for alias in aliases:
        if alias.strip() and script_of(alias) == missing:
            fields[f"name_{missing}"] = alias
            left.remove(alias)
            break
    return fields, left
