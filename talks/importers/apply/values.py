"""Our values for what a schedule writes freely: languages, talk kinds, names and slugs.

Every step of an import (apply/) compares names and makes slugs the same way through
these, so that a re-import finds what the last one made.
"""

import re

from talks.choices import Language, TalkKind
from talks.slugs import truncate_slug, unaccent

# Rows a bulk_create or bulk_update sends in one statement.
BATCH = 500

# What schedules write for a language (lower-cased), onto our choices. Anything else that is
# not empty becomes Language.OTHER, which search stems with the "simple" configuration.
LANGUAGE_NAMES = {
    Language.ENGLISH: ("en", "eng", "english", "englisch", "anglais", "английский"),
    Language.RUSSIAN: ("ru", "rus", "russian", "russisch", "русский", "russe"),
    Language.GERMAN: ("de", "deu", "ger", "german", "deutsch", "allemand", "немецкий"),
    Language.FRENCH: ("fr", "fra", "fre", "french", "français", "francais", "französisch"),
    Language.SPANISH: ("es", "spa", "spanish", "español", "espanol", "spanisch"),
    Language.ITALIAN: ("it", "ita", "italian", "italiano", "italienisch"),
    Language.PORTUGUESE: ("pt", "por", "portuguese", "português", "portugues"),
    Language.UKRAINIAN: ("uk", "ukr", "ukrainian", "українська", "украинский"),
    Language.CHINESE: ("zh", "zho", "chi", "chinese", "中文"),
    Language.JAPANESE: ("ja", "jpn", "japanese", "日本語"),
    Language.OTHER: ("other",),
}
_LANGUAGES = {name: code for code, names in LANGUAGE_NAMES.items() for name in names}
# "en-US", "de_DE", "English / German": the first word decides.
_LANGUAGE_WORD = re.compile(r"[\s,;/_-]+")

# Words in a schedule's event type, checked in this order ("LightningTalk" is lightning).
KIND_WORDS = (
    ("keynote", TalkKind.KEYNOTE),
    ("lightning", TalkKind.LIGHTNING),
    ("workshop", TalkKind.WORKSHOP),
    ("panel", TalkKind.PANEL),
    ("podium", TalkKind.PANEL),
    ("discussion", TalkKind.PANEL),
    ("talk", TalkKind.TALK),
    ("lecture", TalkKind.TALK),
    ("presentation", TalkKind.TALK),
    ("maintrack", TalkKind.TALK),
    ("devroom", TalkKind.TALK),
)


def language_for(raw: str, *, default: str = Language.ENGLISH) -> tuple[str, bool]:
    """(our language code, whether `raw` was understood); empty means `default`."""
    text = raw.strip().casefold()
    if not text:
        return default, True
    if text in _LANGUAGES:
        return _LANGUAGES[text], True
    first = _LANGUAGE_WORD.split(text, maxsplit=1)[0]
    if first in _LANGUAGES:
        return _LANGUAGES[first], True
    return Language.OTHER, False


def kind_for(raw: str) -> str:
    """Our TalkKind for a schedule's event type ("lecture", "Workshop 60 Min", "bof")."""
    text = raw.strip().casefold()
    if not text:
        return TalkKind.TALK
    for word, kind in KIND_WORDS:
        if word in text:
            return kind
    return TalkKind.OTHER


def name_key(name: str) -> str:
    """How names are compared: case, accents and spacing ignored ("Ronán  X" == "ronan x")."""
    return " ".join(unaccent(name).casefold().split())


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not in `taken`; adds it to `taken`."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = truncate_slug(base, 200 - len(suffix)) + suffix
    taken.add(candidate)
    return candidate
