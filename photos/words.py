"""Words for photos nobody wrote words for: default alt texts from what is known.

A photo's alt text should say what it shows; when the uploader gave none, "Photo 30" says
nothing. What the site knows is the gallery, and once an organiser confirms it, the talk
on stage with its speakers: "Valentine Gogichashvili speaking at PGConf.Russia 2016". The
texts are written in English and Russian alike (each with names in that language where
they have one), and stored in the photo's alt_text_en and alt_text_ru, so every reader,
the API and the admin see them as any other alt text, and an organiser may rewrite them.
"""

from django.utils import translation
from django.utils.translation import gettext, ngettext

from conference.bilingual import CONTENT_LANGUAGES, in_language


def _names(speakers, language: str) -> str:
    names = [in_language(speaker, "name", language) for speaker in speakers]
    if len(names) < 2:
        return "".join(names)
    # Translators: the last two of the speakers' names in a photo's alt text.
    return gettext("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def gallery_alt_texts(gallery) -> dict[str, str]:
    """{"alt_text_en": ..., "alt_text_ru": ...} for a photo of `gallery` (with .edition)."""
    texts = {}
    for language in CONTENT_LANGUAGES:
        with translation.override(language):
            # Translators: the default alt text of a photo, before anyone says what it shows.
            texts[f"alt_text_{language}"] = gettext("A photo from “%(gallery)s”, %(edition)s") % {
                "gallery": in_language(gallery, "title", language),
                "edition": in_language(gallery.edition, "name", language),
            }
    return texts


def talk_alt_texts(talk, speakers, edition) -> dict[str, str]:
    """{"alt_text_en": ..., "alt_text_ru": ...} for a photo of `talk` given by `speakers`
    (in their order) at `edition`: "Valentine Gogichashvili speaking at PGConf.Russia 2016"."""
    texts = {}
    for language in CONTENT_LANGUAGES:
        with translation.override(language):
            values = {
                "speakers": _names(speakers, language),
                "edition": in_language(edition, "name", language),
                "talk": talk.title,
            }
            if speakers:
                text = ngettext(
                    "%(speakers)s speaking at %(edition)s",
                    "%(speakers)s speaking at %(edition)s",
                    len(speakers),
                )
            else:
                text = gettext("The talk “%(talk)s” at %(edition)s")
            texts[f"alt_text_{language}"] = text % values
    return texts


def is_default(photo, gallery) -> bool:
    """Whether `photo`'s alt texts are empty or still what gallery_alt_texts() wrote,
    so that words of the talk may replace them; an alt text a person wrote stays."""
    written = {name: getattr(photo, name) for name in ("alt_text_en", "alt_text_ru")}
    return not any(written.values()) or written == gallery_alt_texts(gallery)
