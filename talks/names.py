"""Names in two scripts: a speaker's or company's two spellings (`name_en`, the name in
Latin letters, and `name_ru`, the name in Cyrillic), as model fields (two_script_name,
with the TwoScriptName mixin), and which of them a written name is.

Schedules, the admin's old single name field and the sample archive give one name and
perhaps other spellings (aliases); importers, the data migration that made the pair
explicit (talks migration 0021) and the sample loader all sort them here, so that one
name always lands in the same field.
"""

import re

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedField
from translated_fields.utils import fallback_to_any

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


# --- The model side: the two fields, their constraint, their order -------------------


def two_script_name(verbose_name) -> TranslatedField:
    """A name in both scripts, as two columns: `name_en` in Latin letters and `name_ru` in
    Cyrillic, either may be empty (a check constraint wants one). `obj.name` reads the
    spelling of the active language's script and falls back to the other one, so a
    heading is never empty; readers select both columns (talks.readers.names orders by
    the same rule in SQL)."""
    return TranslatedField(
        models.CharField(verbose_name, max_length=200, blank=True),
        {
            "en": {"verbose_name": _("name in Latin letters")},
            "ru": {"verbose_name": _("name in Cyrillic")},
        },
        attrgetter=fallback_to_any,
    )


def has_a_name(prefix: str) -> models.CheckConstraint:
    """At least one spelling of the name: a speaker or company is never nameless."""
    return models.CheckConstraint(
        condition=~Q(name_en="") | ~Q(name_ru=""), name=f"{prefix}_has_name"
    )


def unique_spellings(prefix: str) -> list[models.UniqueConstraint]:
    """Each non-empty spelling names one row, whatever its case; an empty one names none."""
    return [
        models.UniqueConstraint(
            Lower(f"name_{code}"),
            condition=~Q(**{f"name_{code}": ""}),
            name=f"{prefix}_name_{code}_unique_ci",
        )
        for code in NAME_LANGUAGES
    ]


def name_order(language: str | None = None):
    """The name in `language`'s script (the active language's by default), or the other
    spelling when that one is empty: what `obj.name` shows, as an ORM expression to
    order by."""
    first = language if language in NAME_LANGUAGES else NAME_LANGUAGES[0]
    others = [code for code in NAME_LANGUAGES if code != first]
    return Coalesce(*(NullIf(f"name_{code}", Value("")) for code in (first, *others)), Value(""))


class TwoScriptName:
    """What Speaker and Company show of their two spellings besides `name`: the script of
    the one shown (for a `lang` attribute) and the other one (a speaker's page gives it
    beneath the name)."""

    @property
    def name_language(self) -> str:
        """The language code of the spelling `name` shows."""
        active = get_language()
        if active in NAME_LANGUAGES and getattr(self, f"name_{active}"):
            return active
        return next(
            (code for code in NAME_LANGUAGES if getattr(self, f"name_{code}")), NAME_LANGUAGES[0]
        )

    @property
    def other_name(self) -> str:
        """The spelling `name` does not show, or "" (none, or the same letters)."""
        shown = self.name_language
        for code in NAME_LANGUAGES:
            value = getattr(self, f"name_{code}")
            if code != shown and value and value != self.name:
                return value
        return ""

    @property
    def other_name_language(self) -> str:
        """The language code of other_name."""
        shown = self.name_language
        return next(code for code in NAME_LANGUAGES if code != shown)

    @property
    def spellings(self) -> list[str]:
        """Both spellings that exist, Latin first."""
        return [value for code in NAME_LANGUAGES if (value := getattr(self, f"name_{code}"))]


def alias_field():
    """Other spellings of a name: the Latin spelling of a Cyrillic name, an old company name."""
    return ArrayField(
        models.CharField(max_length=200),
        verbose_name=_("also written as"),
        default=list,
        blank=True,
        help_text=_("Other spellings, separated by commas."),
    )
