"""Talks, the people who gave them, the companies they came from and the projects discussed."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce, Lower, Upper
from django.utils.translation import gettext_lazy as _

from conference.bilingual import bilingual, localized
from conference.db.timestamps import Timestamped
from conference.web.fast_urls import page_url
from talks.choices import KIND_LABELS, LANGUAGE_LABELS, Language, TalkKind

# Registered with the talks app through this import (Django imports only models.py).
from talks.decks.models import SlideDeck, SlideImage, SlidePage  # noqa: F401 -- see above
from talks.names import (
    TwoScriptName,
    alias_field,
    has_a_name,
    two_script_name,
    unique_spellings,
)
from talks.programme import ROOM_ORDER, Room, Track, programme_link
from talks.topics import StaleRelatedTalk, StaleTopic, TalkTopic, Topic  # noqa: F401 -- this app's models, registered here

# Migrations 0009 and 0016 name these talks.models.*: they stay importable from here.
from talks.uploads import slides_upload_to, speaker_photo_upload_to
from talks.vocabulary import SearchWord, TalkWords  # noqa: F401 -- models of this app


def public_talk_q(path: str = "") -> Q:
    """Talk.objects.published() as a condition on the talk at the lookup `path` ("" for the
    talk itself, "talk_speakers__talk" from a speaker): for filtered counts and dates over
    related talks, so that the rule stays written once (its SQL twin:
    talks/readers/visibility.py)."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}is_published": True, f"{prefix}edition__is_published": True})


class TalkQuerySet(models.QuerySet):
    """Talk.objects: the public rule for talks, written once for every ORM reader."""

    def published(self):
        """Talks the public may see: published, in a published edition."""
        return self.filter(public_talk_q())


class HasPublishedTalksQuerySet(models.QuerySet):
    """For rows that are public as soon as one published talk shows them."""

    talk_filter: str

    def published(self):
        """The rows a published talk (in a published edition) shows: talk_filter leads
        from a talk to the row. A speaker or company in drafts only stays hidden."""
        talks = Talk.objects.published().filter(**{self.talk_filter: OuterRef("pk")})
        return self.filter(Exists(talks))


class SpeakerQuerySet(HasPublishedTalksQuerySet):
    """Speaker.objects: public once credited at a published talk."""

    talk_filter = "talk_speakers__speaker"


class CompanyQuerySet(HasPublishedTalksQuerySet):
    """Company.objects: public once someone spoke for it at a published talk (the company
    a credit gives, TalkSpeaker.company, not a speaker's current one)."""

    talk_filter = "talk_speakers__company"


class ProjectQuerySet(HasPublishedTalksQuerySet):
    """Project.objects: public once a published talk is about it."""

    talk_filter = "projects"


class Company(TwoScriptName, Timestamped):
    """An employer or organisation a speaker represented at some talk."""

    name = two_script_name(_("name"))
    slug = models.SlugField(_("slug"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    description = bilingual(
        models.TextField(_("description"), blank=True),
        {"en": _("description in English"), "ru": _("description in Russian")},
    )
    aliases = alias_field()

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = (localized("name", "en"), "id")
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="company_slug_unique"),
            *unique_spellings("company"),
            has_a_name("company"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("talks:company-detail", slug=self.slug)


class Speaker(TwoScriptName, Timestamped):
    """A person who gave at least one talk, across all editions."""

    name = two_script_name(_("name"))
    slug = models.SlugField(_("slug"), max_length=200)
    aliases = alias_field()
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("portrait"), upload_to=speaker_photo_upload_to, blank=True)
    website = models.URLField(_("website"), blank=True)
    company = models.ForeignKey(
        Company,
        verbose_name=_("current company"),
        related_name="current_speakers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Both spellings and the aliases in lower-case Latin without accents, as the search
    # document spells names (archive_translit(unaccent(...))): what suggestions match a
    # prefix against. Kept by a PostgreSQL trigger (talks/sql/archive_speaker_latin_names.sql),
    # never by Django.
    latin_names = models.TextField(editable=False, default="")

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = (localized("name", "en"), "id")
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="speaker_slug_unique"),
            has_a_name("speaker"),
        ]
        indexes = [
            # Word similarity for search's trigram fallback, per spelling.
            GinIndex(fields=("name_en",), name="speaker_name_en_trgm", opclasses=("gin_trgm_ops",)),
            GinIndex(fields=("name_ru",), name="speaker_name_ru_trgm", opclasses=("gin_trgm_ops",)),
            GinIndex(
                fields=("latin_names",),
                name="speaker_latin_names_trgm",
                opclasses=("gin_trgm_ops",),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("talks:speaker-detail", slug=self.slug)


class Project(Timestamped):
    """An open-source project that talks are about (Multicorn, a CDC prototype, ...)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    repository_url = models.URLField(_("repository"), blank=True)
    homepage_url = models.URLField(_("homepage"), blank=True)
    description = bilingual(models.TextField(_("description"), blank=True))

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="project_slug_unique"),
            models.UniqueConstraint(Lower("name"), name="project_name_unique_ci"),
            models.CheckConstraint(condition=~Q(name=""), name="project_has_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("talks:project-detail", slug=self.slug)


# Talk columns PostgreSQL keeps; Talk.save() never writes them back. The search document
# and facet arrays are search's own; every list of talks reads the credits (readers.rows).
SEARCH_FIELDS = frozenset({"search_vector", "title_vector", "company_ids", "project_ids"})
DATABASE_KEPT_FIELDS = SEARCH_FIELDS | {"credits_json", "related_ids"}

# A talk's place in its edition's schedule (talks.readers.rows.EDITION_ORDER, whose ascending
# order puts a talk without a start last, as COALESCE to infinity does), as the
# schedule-order indexes hold it.
INFINITY = Cast(Value("infinity"), models.DateTimeField())
SCHEDULE_ORDER = (F("edition"), Coalesce("start", INFINITY), ROOM_ORDER, F("title"), F("id"))


class Talk(Timestamped):
    """A session given at one edition: its abstract, speakers, slot, slides and video."""

    edition = models.ForeignKey(
        "conference.Edition",
        verbose_name=_("edition"),
        related_name="talks",
        on_delete=models.PROTECT,
    )
    slug = models.SlugField(_("slug"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    # The title in English for a Russian talk, in Russian for any other (other_language).
    other_title = models.CharField(_("title in the other language"), max_length=300, blank=True)
    abstract = models.TextField(
        _("abstract"),
        blank=True,
        help_text=_("Plain text; blank lines part paragraphs, links become clickable."),
    )
    # Schedules carry a short abstract and a longer description; both are kept.
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("The longer description from the schedule. Plain text, like the abstract."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    kind = models.CharField(
        _("type"), max_length=16, choices=TalkKind.choices, default=TalkKind.TALK
    )
    track = programme_link(Track, _("track"))
    room = programme_link(Room, _("room"))
    start = models.DateTimeField(_("starts at"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    slides_file = models.FileField(
        _("slides (file)"),
        upload_to=slides_upload_to,
        blank=True,
        help_text=_("PDF only; visitors download it."),
    )
    slides_url = models.URLField(_("slides (link)"), max_length=500, blank=True)
    video_url = models.URLField(_("video"), max_length=500, blank=True)
    speakers = models.ManyToManyField(
        Speaker, through="TalkSpeaker", related_name="talks", verbose_name=_("speakers")
    )
    projects = models.ManyToManyField(
        Project, related_name="talks", blank=True, verbose_name=_("projects")
    )
    guid = models.UUIDField(
        _("schedule GUID"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The event's id in an imported schedule; re-imports update this talk."),
    )
    schedule_id = models.CharField(
        _("schedule id"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("The event's own id or code in the imported schedule (frab id, pretalx code)."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # The fields below are kept by PostgreSQL's triggers, whose functions are in talks/sql/
    # (archive_talk_search_before_write for the row itself, archive_refresh_talk_search
    # when a related row changes); Talk.save() never writes them back.
    # The search document: title (A), speakers, their aliases, companies and projects (B),
    # abstract and description (C), stemmed with the talk's own language.
    search_vector = SearchVectorField(null=True, editable=False)
    # The title and subtitle alone, GIN-indexed, so that search can fetch the talks whose
    # title matches (its best candidates) without ranking every match of a common word.
    title_vector = SearchVectorField(null=True, editable=False)
    # The companies of the talk's speakers at the talk, and the talk's projects: what the
    # search facets group by, read with the talk row instead of joined per search.
    company_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    project_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    # The credits as every list of talks shows them (talks.readers.rows), as JSON objects
    # with named keys: building them per list cost PostgreSQL more than the list.
    credits_json = models.JSONField(default=list, editable=False)
    # Up to six talks sharing its rarer topics, projects or speakers (talks/related.py).
    related_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)

    objects = TalkQuerySet.as_manager()

    class Meta:
        ordering = ("start", "title")
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        constraints = [
            models.UniqueConstraint(fields=("edition", "slug"), name="talk_slug_per_edition"),
            models.UniqueConstraint(fields=("guid",), name="talk_guid_unique"),
            models.CheckConstraint(condition=~Q(title=""), name="talk_has_title"),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="talk_language_known"
            ),
            models.CheckConstraint(condition=Q(kind__in=TalkKind.values), name="talk_kind_known"),
            models.CheckConstraint(
                condition=Q(duration__isnull=True) | Q(duration__gt="0 seconds"),
                name="talk_duration_positive",
            ),
        ]
        indexes = [
            models.Index(fields=("edition", "start"), name="talk_edition_start"),
            # The Atom feeds' newest talks first (talks/feeds.py).
            models.Index(fields=("-created_at", "-id"), name="talk_newest_first"),
            GinIndex(fields=("search_vector",), name="talk_search_vector"),
            GinIndex(fields=("title_vector",), name="talk_title_vector"),
            GinIndex(fields=("related_ids",), name="talk_related_ids"),  # who lists a talk
            models.Index(Upper("title"), name="talk_title_upper"),  # exact-title matches
            # Trigram similarity for the typo fallback of talks/search.py.
            GinIndex(fields=("title",), name="talk_title_trgm", opclasses=("gin_trgm_ops",)),
            # A talk page's previous and next talk (talks.readers.talk_page.NEIGHBOUR): each is
            # one index step from the talk itself.
            models.Index(*SCHEDULE_ORDER, name="talk_schedule_order"),
            # The home page's keynotes (talks.readers.lists.highlighted_talks), without reading
            # every talk of the edition to find them.
            models.Index(
                *SCHEDULE_ORDER, name="talk_keynote_order", condition=Q(kind=TalkKind.KEYNOTE)
            ),
            # Published talks' ids and editions, read by an index-only scan where the
            # speaker, company and project indexes count them, instead of the table.
            models.Index(
                fields=("id",),
                include=("edition",),
                name="talk_published",
                condition=Q(is_published=True),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The columns the database keeps (above) are never written back by a save of an
        # existing talk: the values this instance read may be older than the database's
        # (a speaker linked or a company renamed since), and writing them would undo that.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in DATABASE_KEPT_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_url("talks:talk-detail", edition_slug=self.edition.slug, slug=self.slug)

    @property
    def is_public(self) -> bool:
        """Whether Talk.objects.published() holds this talk (reads self.edition)."""
        return self.is_published and self.edition.is_published

    @property
    def end(self):
        """When the talk ends, or None for a talk without a start or a duration."""
        if self.start and self.duration:
            return self.start + self.duration
        return None

    # get_kind_display() and get_language_display() without their per-call dict (the talk
    # page shows these three times).
    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def language_label(self) -> str:
        return str(LANGUAGE_LABELS.get(self.language, self.language))


class TalkSpeaker(models.Model):
    """A speaker's place on a talk: their order and the company they had at that talk."""

    talk = models.ForeignKey(Talk, related_name="talk_speakers", on_delete=models.CASCADE)
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), related_name="talk_speakers", on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    company = models.ForeignKey(
        Company,
        verbose_name=_("company at this talk"),
        related_name="talk_speakers",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("talk speaker")
        verbose_name_plural = _("talk speakers")
        constraints = [
            models.UniqueConstraint(fields=("talk", "speaker"), name="talk_speaker_once"),
        ]

    def __str__(self):
        return f"{self.speaker} — {self.talk}"
