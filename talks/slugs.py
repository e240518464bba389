"""ASCII slugs for English and Russian names and titles.

Django's slugify drops every letter outside ASCII, so "Марат Фаттахов" would become "".
Cyrillic is transliterated first with BGN/PCGN-style English spellings, simplified to plain
ASCII (х -> kh, ц -> ts, щ -> shch, ю -> yu; ъ and ь dropped) plus the usual "-ий" -> "-y"
ending (Дмитрий -> Dmitry), then Latin accents are removed. Importers, the admin and the
sample archive all make slugs here, so one name always gets one slug.
"""

import re
import unicodedata

from django.db import models
from django.utils.text import slugify

# Lower-case Cyrillic (Russian, plus the Ukrainian and Belarusian extras) to Latin.
CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
}

# Latin letters that Unicode does not decompose into a base letter and an accent.
LATIN_SPECIALS = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
}

# "-ий"/"-ый" at the end of a word read as "-y" in English spellings: Дмитрий -> Dmitry,
# Юрий -> Yury, not Dmitriy or Yuriy.
_WORD_ENDING_IY = re.compile(r"([ИиЫы])[Йй](?![^\W\d_])")
_CYRILLIC = re.compile(r"[Ѐ-ӿ]")

# unique_slug asks the database about this many numbered candidates at once.
_CANDIDATES_PER_QUERY = 50


def _transliterate_letter(match: re.Match) -> str:
    letter = match.group()
    latin = CYRILLIC_TO_LATIN.get(letter.lower())
    if latin is None:
        return letter
    if letter.isupper():
        # Capitalise only the first letter: Щукин -> Shchukin, not SHCHukin.
        return latin[:1].upper() + latin[1:]
    return latin


def transliterate(text: str) -> str:
    """Write Cyrillic letters in Latin, keeping capitals: "Марат Фаттахов" -> "Marat Fattakhov".

    Other characters are left as they are, so mixed text ("Доклад о PostgreSQL") works.
    """
    text = _WORD_ENDING_IY.sub(lambda match: "y" if match.group(1).islower() else "Y", text)
    return _CYRILLIC.sub(_transliterate_letter, text)


def unaccent(text: str) -> str:
    """Drop accents from Latin letters: "Ronán" -> "Ronan", "Łukasz" -> "Lukasz"."""
    text = "".join(LATIN_SPECIALS.get(char, char) for char in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def truncate_slug(slug: str, max_length: int) -> str:
    """Shorten a slug to max_length, cutting at a hyphen where one is close enough."""
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    # Prefer a whole last word, unless that would throw away more than a third of the slug.
    hyphen = cut.rfind("-")
    if hyphen >= max_length * 2 // 3:
        cut = cut[:hyphen]
    return cut.strip("-")


def slugify_text(text: str, *, max_length: int | None = None) -> str:
    """An ASCII slug for English or Russian text: "Марат Фаттахов" -> "marat-fattakhov".

    Returns "" when nothing usable is left (only punctuation, or a script without a table).
    """
    slug = slugify(unaccent(transliterate(str(text))))
    if max_length is not None:
        slug = truncate_slug(slug, max_length)
    return slug


def unique_slug(
    queryset: models.QuerySet,
    text: str,
    *,
    max_length: int | None = None,
    slug_field: str = "slug",
) -> str:
    """A slug for `text` not yet used in `queryset`, with -2, -3... appended when taken.

    Uniqueness is checked only within the queryset, so scoping is the caller's: pass
    `Talk.objects.filter(edition=edition)` for per-edition talk slugs, and exclude the row
    being edited. max_length defaults to the slug field's own. This is a check before the
    insert, not a lock: the database's unique constraint stays the final word under races.
    """
    if max_length is None:
        max_length = queryset.model._meta.get_field(slug_field).max_length
    base = slugify_text(text, max_length=max_length) or queryset.model._meta.model_name
    batch_start = 1
    while True:
        # One query per batch of candidates: base, base-2 ... base-50, then base-51 ...
        candidates = [
            _numbered(base, number, max_length)
            for number in range(batch_start, batch_start + _CANDIDATES_PER_QUERY)
        ]
        taken = set(
            queryset.filter(**{f"{slug_field}__in": candidates}).values_list(slug_field, flat=True)
        )
        for candidate in candidates:
            if candidate not in taken:
                return candidate
        batch_start += _CANDIDATES_PER_QUERY


def _numbered(base: str, number: int, max_length: int) -> str:
    if number == 1:
        return base
    suffix = f"-{number}"
    return truncate_slug(base, max_length - len(suffix)) + suffix
