"""Atom feeds: the newest talks, those of an edition, a speaker or a project, and new
photo galleries. Published data only.

django.contrib.syndication escapes every title and summary (text in an XML document; the
summary is typed "html" and its markup arrives escaped), so nothing in a talk's title or
abstract can become markup in a feed reader.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from conference.readers import visible_editions
from photos.readers.galleries import newest_galleries
from talks.readers import detail, lists

FEED_SIZE = 30


def _found(found):
    """The speaker or project a reader found, or a 404 (a draft's is None too)."""
    if found is None:
        raise Http404
    return found


class TalkFeed(Feed):
    """The newest talks of the whole archive. Every talk feed lists the FEED_SIZE talks
    added last, whole (abstract and dates), through talks.readers.lists: one statement."""

    feed_type = Atom1Feed
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
        return [talk.track] if talk.track else []


class EditionTalkFeed(TalkFeed):
    def get_object(self, request, slug):
        return get_object_or_404(visible_editions(), slug=slug)

    def title(self, edition):
        return _("Talks of %(name)s") % {"name": edition.name}

    def subtitle(self, edition):
        return edition.summary or None

    def link(self, edition):
        return edition.get_absolute_url()

    def items(self, edition):
        return lists.talks_for_edition(edition, whole=True, latest=FEED_SIZE)


class SpeakerTalkFeed(TalkFeed):
    def get_object(self, request, slug):
        return _found(detail.find_speaker(slug))

    def title(self, speaker):
        return _("Talks by %(name)s") % {"name": speaker.name}

    subtitle = None

    def link(self, speaker):
        return speaker.get_absolute_url()

    def items(self, speaker):
        return lists.talks_for_speaker(speaker, whole=True, latest=FEED_SIZE)


class ProjectTalkFeed(TalkFeed):
    def get_object(self, request, slug):
        return _found(detail.find_project(slug))

    def title(self, project):
        return _("Talks about %(name)s") % {"name": project.name}

    def subtitle(self, project):
        return project.description or None

    def link(self, project):
        return project.get_absolute_url()

    def items(self, project):
        return lists.talks_for_project(project, whole=True, latest=FEED_SIZE)


class GalleryFeed(Feed):
    """Photo galleries as they are published, newest first."""

    feed_type = Atom1Feed
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
