"""What the dump reads of the archive, through the readers every page uses, once per build.

Each property reads one concept through its public reader (conference.readers,
talks.readers, photos.readers), so that the dump shows exactly what the public pages show
and nothing a page hides: drafts, pending photos, private originals, a speaker known only
from drafts. The records (conference/dump/records.py) are built from these instances.

Addresses are absolute, from `base_url`, and given in both languages where the page has
two (English unprefixed, Russian under /ru/: conference.web.language).
"""

from functools import cached_property
from urllib.parse import urljoin

from django.urls import reverse

from conference.readers import editions_with_counts
from conference.web.language import path_in_language
from photos.readers.archive import public_photos
from photos.readers.galleries import photo_archive
from talks.readers import indexes, lists, topics
from talks.readers.slides import public_decks

LANGUAGES = ("en", "ru")


class Snapshot:
    """The public archive as the readers give it. Build it with the interface language
    active that orders the indexes (the dump uses English: the same bytes whoever runs it)."""

    def __init__(self, *, base_url: str):
        self.base_url = base_url.rstrip("/") + "/"

    # --- Addresses -----------------------------------------------------------------

    def absolute(self, path_or_url: str) -> str:
        """A path of the site (or a media URL, which may be absolute already) as a URL: the
        path below the base URL's own (a site served from a folder keeps its folder)."""
        if path_or_url.startswith("/") and not path_or_url.startswith("//"):
            return self.base_url + path_or_url[1:]
        return urljoin(self.base_url, path_or_url)

    def pages(self, obj) -> dict[str, str]:
        """The page of `obj` in each language, by language code."""
        path = obj.get_absolute_url()
        return {code: self.absolute(path_in_language(path, code)) for code in LANGUAGES}

    def file(self, field_file) -> dict | None:
        """A public file by its storage name and URL, or None for no file."""
        if not field_file:
            return None
        return {"name": field_file.name, "url": self.absolute(field_file.url)}

    def url(self, viewname: str, *args) -> str:
        """An address with one form for every language (exports, feeds), absolute."""
        return self.absolute(reverse(viewname, args=args))

    # --- The concepts, each through its reader --------------------------------------

    @cached_property
    def editions(self) -> list:
        """Published editions, newest first, with .talk_count and .photo_count."""
        return list(editions_with_counts())

    @cached_property
    def talks_by_edition(self) -> dict[int, list]:
        """Each published edition's published talks in schedule order, whole, with
        credits, track, room and projects (talk.public_projects)."""
        return {
            edition.pk: lists.talks_for_edition(edition, whole=True, projects=True)
            for edition in self.editions
        }

    @cached_property
    def decks(self) -> dict[int, object]:
        """The slide decks the public talk pages show, by talk id (talks.readers.slides)."""
        return public_decks()

    @cached_property
    def speakers(self) -> list:
        """Public speakers by name, whole, with .company, .company_is_public, .talk_count."""
        return indexes.index_rows(indexes.SPEAKERS, whole=True).rows

    @cached_property
    def companies(self) -> list:
        """Public companies by name, whole, with .talk_count and .speaker_count."""
        return indexes.index_rows(indexes.COMPANIES, whole=True).rows

    @cached_property
    def projects(self) -> list:
        """Public projects by name, whole, with .talk_count."""
        return indexes.index_rows(indexes.PROJECTS, whole=True).rows

    @cached_property
    def topics(self) -> list:
        """Public topics (a published talk carries them), whole, with .talk_count, by
        slug: what identifies a topic in every installation (its id is each one's own)."""
        return sorted(indexes.index_rows(topics.TOPICS, whole=True).rows, key=lambda t: t.slug)

    @cached_property
    def topics_by_talk(self) -> dict[int, list[str]]:
        """The slugs of each public talk's topics, by talk id, in code-point order."""
        return topics.topic_slugs_by_talk()

    @cached_property
    def galleries(self) -> list:
        """Published galleries as cards (cover, photo count, talk while public), newest
        edition first, in gallery order."""
        return [gallery for edition in photo_archive() for gallery in edition.public_galleries]

    @cached_property
    def photos(self) -> list:
        """Public photos in gallery order with renditions, public speakers and talk."""
        photos = public_photos()
        galleries = {gallery.pk: gallery for gallery in self.galleries}
        for photo in photos:
            # get_absolute_url needs the gallery's and edition's slugs: no query per photo.
            photo.gallery = galleries[photo.gallery_id]
        return photos
