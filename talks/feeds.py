"""Atom feeds: the newest talks, those of an edition, a speaker or a project, and new
photo galleries. Published data only.

django.contrib.syndication escapes every title and summary (text in an XML document; the
summary is typed "html" and its markup arrives escaped), so nothing in a talk's title or
abstract can become markup in a feed reader.
"""

from collections.abc import Callable

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from conference.readers import visible_editions
from conference.web.xml_text import xml_text
from photos.readers.galleries import newest_galleries
from talks.readers import detail, lists, topics

FEED_SIZE = 30


class ArchiveAtomFeed(Atom1Feed):
    """Atom, with every text of the feed and its entries cleaned of the characters XML
    cannot carry (conference.web.xml_text): Django's feed writer refuses them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})


class TalkFeed(Feed):
    """The newest talks of the whole archive. Every talk feed lists the FEED_SIZE talks
    added last, whole (abstract and dates), through talks.readers.lists: one statement."""

    feed_type = ArchiveAtomFeed
    title = _("New talks · PostgreSQL conference archive")
    subtitle = _("Talks as they are added to the archive.")

    def link(self, obj=None):
        return reverse("conference:edition-list")

    def items(self, obj=None):
        return lists.latest_talks(FEED_SIZE)

    def item_title(self, talk):
        return f"{talk.title} — {talk.edition.name}"

    def item_description(self, talk):
        return talk.abstract

    def item_author_name(self, talk):
        return ", ".join(credit.speaker.name for credit in talk.credits) or None

    def item_pubdate(self, talk):
        return talk.created_at

    def item_updateddate(self, talk):
        return talk.updated_at

    def item_categories(self, talk):
        return [str(talk.track)] if talk.track else []  # in the feed's language


class TalksOfFeed(TalkFeed):
    """The newest talks of one edition, speaker or project: `find(slug)` reads it (None
    for one the public may not see: a 404), `talks(it, whole=True, latest=FEED_SIZE)` its
    talks; the feed is titled `title_format` % its name and links to its page."""

    find: Callable
    talks: Callable
    title_format: str

    def get_object(self, request, slug):
        found = self.find(slug)
        if found is None:
            raise Http404
        return found

    def title(self, obj):
        return self.title_format % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.talks(obj, whole=True, latest=FEED_SIZE)


def _edition(slug):
    return visible_editions().filter(slug=slug).first()


class EditionTalkFeed(TalksOfFeed):
    find = staticmethod(_edition)
    talks = staticmethod(lists.talks_for_edition)
    title_format = _("Talks of %(name)s")

    def subtitle(self, edition):
        return edition.summary or None


class SpeakerTalkFeed(TalksOfFeed):
    """A speaker's talks: the speaker and the talks in one statement (lists.speaker_feed),
    as there is a feed per speaker."""

    title_format = _("Talks by %(name)s")
    subtitle = None

    def get_object(self, request, slug):
        speaker, talks = lists.speaker_feed(slug, latest=FEED_SIZE)
        if speaker is None:
            raise Http404
        speaker.feed_talks = talks
        return speaker

    def items(self, speaker):
        return speaker.feed_talks


class ProjectTalkFeed(TalksOfFeed):
    find = staticmethod(detail.find_project)
    talks = staticmethod(lists.talks_for_project)
    title_format = _("Talks about %(name)s")

    def subtitle(self, project):
        return project.description or None


class TopicTalkFeed(TalksOfFeed):
    find = staticmethod(topics.find_topic)
    talks = staticmethod(topics.talks_for_topic)
    title_format = _("Talks on %(name)s")
    subtitle = None


class GalleryFeed(Feed):
    """Photo galleries as they are published, newest first."""

    feed_type = ArchiveAtomFeed
    title = _("New photos · PostgreSQL conference archive")
    subtitle = _("Photo galleries as they are published.")

    def link(self):
        return reverse("photos:gallery-list")

    def items(self):
        return newest_galleries(FEED_SIZE)

    def item_title(self, gallery):
        return f"{gallery.title} — {gallery.edition.name}"

    def item_description(self, gallery):
        return gallery.description

    def item_pubdate(self, gallery):
        return gallery.created_at

    def item_updateddate(self, gallery):
        return gallery.updated_at
