"""Topics: curated concepts (replication, partitioning, testing, ...) named in English and
Russian, with the terms that mean each of them in either language, and which talks carry
which topic.

PostgreSQL keeps it all current (talks/sql/archive_topic_*.sql, talks migration 0027):
a topic's terms become two tsqueries (query_en, query_ru: each term a phrase, stemmed as
its language) and the lexemes they are made of; a talk carries a topic when its title or
abstract (its own language, stemmed as the talk's search document has them) matches one
of those tsqueries, recomputed whenever a talk's text or a topic's terms change (after
an organiser's edit in the admin, by a background task: talks/topic_tagging.py). An
organiser overrides the automatic pass on a talk (TalkTopic.source): "added" keeps a topic
the text does not name, "removed" drops one it does; the automatic pass writes and deletes
only its own "auto" rows, so an organiser's choice stays.

Topics drive cross-lingual search (talks/search_topics.py), the topic pages
(talks/topic_views.py) and related talks (talks/sql/archive_related_talks.sql).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.bilingual import bilingual
from conference.db.timestamps import Timestamped
from conference.web.fast_urls import page_url


class TsQueryField(models.Field):
    """A PostgreSQL tsquery column, read as its text. Only the database writes one (a
    trigger): Django reads it for the admin at most."""

    description = "A PostgreSQL text-search query"

    def db_type(self, connection):
        return "tsquery"


class TopicSource(models.TextChoices):
    """Where a talk's topic comes from."""

    AUTO = "auto", _("found in the talk's text")
    ADDED = "added", _("added by an organiser")
    REMOVED = "removed", _("removed by an organiser")


# The sources that give a talk its topic: "removed" rows only stop the automatic pass.
CARRIED = (TopicSource.AUTO.value, TopicSource.ADDED.value)
# The same as an SQL list, for the readers' statements.
CARRIED_SQL = "('auto', 'added')"


def term_list(verbose_name):
    return ArrayField(
        models.CharField(max_length=200),
        verbose_name=verbose_name,
        blank=True,
        default=list,
        help_text=_("One term a line: a word or a phrase, in any grammatical form."),
    )


class Topic(Timestamped):
    """A curated concept talks are about, named and described by terms in English and
    Russian: what cross-lingual search, the topic pages and related talks go by."""

    slug = models.SlugField(_("slug"), max_length=100)
    name = bilingual(
        models.CharField(_("name"), max_length=200),
        {"en": _("name in English"), "ru": _("name in Russian")},
    )
    terms = bilingual(
        term_list(_("terms")),
        {"en": _("terms in English"), "ru": _("terms in Russian")},
    )
    # Kept by PostgreSQL (talks/sql/archive_topic_before_write.sql), never by Django: the
    # name and terms of each language as one tsquery, each a phrase stemmed as that
    # language, and every lexeme of them (what search checks a query is made of).
    query_en = TsQueryField(null=True, editable=False)
    query_ru = TsQueryField(null=True, editable=False)
    lexemes = ArrayField(models.TextField(), default=list, editable=False)

    class Meta:
        ordering = ("name_en", "id")
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="topic_slug_unique"),
            models.CheckConstraint(condition=~models.Q(slug=""), name="topic_has_slug"),
            models.CheckConstraint(
                condition=~models.Q(name_en="") | ~models.Q(name_ru=""), name="topic_has_name"
            ),
        ]
        # The topics sharing a lexeme with a search query (talks/sql/archive_query_topics.sql).
        indexes = [GinIndex(fields=("lexemes",), name="topic_lexemes")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("talks:topic-detail", slug=self.slug)


class TalkTopic(models.Model):
    """A topic a talk carries (source "auto" or "added"), or one an organiser took off it
    ("removed", which the automatic pass then leaves alone)."""

    talk = models.ForeignKey(
        "talks.Talk",
        verbose_name=_("talk"),
        related_name="talk_topics",
        on_delete=models.CASCADE,
        db_index=False,  # the unique constraint's index starts with the talk
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        related_name="talk_topics",
        on_delete=models.CASCADE,
        db_index=False,  # talk_topic_by_topic starts with the topic
    )
    source = models.CharField(
        _("source"), max_length=8, choices=TopicSource.choices, default=TopicSource.ADDED
    )
    # Kept by PostgreSQL (talks/sql/archive_talk_topic_before_write.sql), never by Django:
    # what cross-lingual search orders a topic's talks by (talks/search_topics.py), so that
    # it picks the best of thousands from the links' index without reading their rows.
    talk_is_public = models.BooleanField(default=False, editable=False)
    talk_language = models.CharField(max_length=8, default="", editable=False)
    talk_start = models.DateTimeField(null=True, editable=False)
    in_title = models.BooleanField(default=False, editable=False)  # the title names the topic
    # And what a topic's page orders its talks by (talks.readers.topics.topic_talks_page:
    # language, then rows.NEWEST_FIRST), so that a page of a topic of a thousand talks is
    # read in order from talk_topic_page, its counts beside it, without their rows.
    talk_edition_start = models.DateField(null=True, editable=False)
    talk_room = models.BigIntegerField(default=0, editable=False)  # the room's id, 0: none
    talk_title = models.CharField(max_length=300, default="", editable=False)

    class Meta:
        ordering = ("talk", "topic")
        verbose_name = _("talk topic")
        verbose_name_plural = _("talk topics")
        constraints = [
            models.UniqueConstraint(fields=("talk", "topic"), name="talk_topic_once"),
            models.CheckConstraint(
                condition=models.Q(source__in=TopicSource.values), name="talk_topic_source_known"
            ),
        ]
        indexes = [
            # A topic's talks (topic pages, search, related talks) without the talk column
            # first: the unique constraint's index serves a talk's topics. It holds what
            # search orders by, for index-only scans.
            models.Index(
                fields=("topic", "talk"),
                include=("source", "talk_is_public", "talk_language", "talk_start", "in_title"),
                name="talk_topic_by_topic",
            ),
            # A topic's page: its public talks per language in the page's order (the
            # reader's own language first is a top-N sort over these entries alone),
            # and its counts per language, by index-only scans.
            models.Index(
                fields=(
                    "topic",
                    "talk_language",
                    "-talk_edition_start",
                    "talk_start",
                    "talk_room",
                    "talk_title",
                    "talk",
                ),
                condition=models.Q(talk_is_public=True, source__in=CARRIED),
                name="talk_topic_page",
            ),
            # A topic's best talks for cross-lingual search, in search's order
            # (talks.search_topics.LINK_BEST), for each language read in order: the best
            # hundred of a popular topic are its first hundred entries, not a sort of
            # thousands.
            models.Index(
                models.F("topic"),
                models.F("in_title").desc(),
                models.F("talk_start").desc(nulls_last=True),
                models.F("talk"),
                include=("talk_language",),
                condition=models.Q(talk_is_public=True, source__in=CARRIED),
                name="talk_topic_best",
            ),
        ]

    def __str__(self):
        return f"{self.topic} — {self.talk}"


class StaleRelatedTalk(models.Model):
    """A talk whose stored related talks (Talk.related_ids) may be out of date: noted by
    the database's triggers when talks' topics, speakers, projects or publication change
    (talks/sql/archive_mark_related_stale.sql), taken and refreshed by the background
    task of talks/related.py. One row per talk however often it changes: the refreshes
    coalesce. No foreign key: a deleted talk's id still says its neighbours are stale."""

    talk_id = models.BigIntegerField(primary_key=True)

    class Meta:
        verbose_name = _("talk with stale related talks")
        verbose_name_plural = _("talks with stale related talks")

    def __str__(self):
        return str(self.talk_id)


class StaleTopic(models.Model):
    """A topic whose talks wait to be tagged afresh: noted by the database when an
    organiser's save changed its names or terms (talks/sql/archive_topic_changed.sql),
    taken and tagged by the background task of talks/topic_tagging.py. One row per topic
    however often it is edited. No foreign key: a topic deleted meanwhile leaves nothing
    to tag, and its note is taken like any other."""

    topic_id = models.BigIntegerField(primary_key=True)

    class Meta:
        verbose_name = _("topic waiting for tagging")
        verbose_name_plural = _("topics waiting for tagging")

    def __str__(self):
        return str(self.topic_id)
