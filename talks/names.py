"""Names in two scripts: a speaker's or company's two spellings (`name_en`, the name in
Latin letters, and `name_ru`, the name in Cyrillic), as model fields (two_script_name,
with the TwoScriptName mixin), and which of them a written name is.

Schedules, the admin's old single name field and the sample archive give one name and
perhaps other spellings (aliases); importers, the data migration that made the pair
explicit (talks migration 0021) and the sample loader all sort them here, so that one
name always lands in the same field.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedField

from conference.bilingual import (
    CONTENT_LANGUAGES,
    bilingual,
    other_language,
    shown_language,
    text_language,
)


def name_fields(name: str) -> dict[str, str]:
    """{"name_en": ..., "name_ru": ...} with `name` in the field of its script
    (conference.bilingual.text_language: Cyrillic if it has a Cyrillic letter) and the
    other empty: what a model takes for a name written one way."""
    script = text_language(name)
    return {f"name_{code}": name if code == script else "" for code in CONTENT_LANGUAGES}


def split_spellings(name: str, aliases: list[str]) -> tuple[dict[str, str], list[str]]:
    """(name fields, aliases left) for a name and its other spellings: `name` goes to the
    field of its script; the first alias in the other script fills the other field and
    leaves the aliases. The other aliases stay, in their order."""
    fields = name_fields(name)
    missing = other_language(text_language(name))
    left = list(aliases)
    for alias in aliases:
        if alias.strip() and text_language(alias) == missing:
            fields[f"name_{missing}"] = alias
            left.remove(alias)
            break
    return fields, left


# --- The model side: the two fields, their constraint, their order -------------------


def two_script_name(verbose_name) -> TranslatedField:
    """A name in both scripts, as two columns: `name_en` in Latin letters and `name_ru` in
    Cyrillic, either may be empty (a check constraint wants one). Like every bilingual
    field (conference.bilingual), `obj.name` reads the spelling of the active language's
    script and falls back to the other one, so a heading is never empty; readers select
    both columns and order by the same rule in SQL (localized_sql)."""
    return bilingual(
        models.CharField(verbose_name, max_length=200, blank=True),
        {"en": _("name in Latin letters"), "ru": _("name in Cyrillic")},
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
        for code in CONTENT_LANGUAGES
    ]


class TwoScriptName:
    """What Speaker and Company show of their two spellings besides `name`: the language
    of the one shown (for a `lang` attribute; conference.bilingual.shown_language, as for
    every bilingual value) and the other one (a speaker's page gives it beneath the name)."""

    @property
    def name_language(self) -> str:
        """The language code of the spelling `name` shows."""
        return shown_language(self, "name")

    @property
    def other_name(self) -> str:
        """The spelling `name` does not show, or "" (none, or the same letters)."""
        value = getattr(self, f"name_{self.other_name_language}")
        return value if value != self.name else ""

    @property
    def other_name_language(self) -> str:
        """The language code of other_name."""
        return other_language(self.name_language)

    @property
    def spellings(self) -> list[str]:
        """Both spellings that exist, Latin first."""
        return [value for code in CONTENT_LANGUAGES if (value := getattr(self, f"name_{code}"))]


def alias_field():
    """Other spellings of a name: the Latin spelling of a Cyrillic name, an old company name."""
    return ArrayField(
        models.CharField(max_length=200),
        verbose_name=_("also written as"),
        default=list,
        blank=True,
        help_text=_("Other spellings, separated by commas."),
    )
