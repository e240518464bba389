"""Editions of the conference: one row per year (or per event of the series)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.bilingual import bilingual
from conference.db.timestamps import Timestamped
from conference.dump.models import DumpState  # noqa: F401 -- registers the dump's state with this app
from conference.web.archive_version import ArchiveVersion  # noqa: F401 -- registers the page cache's model with this app
from conference.web.fast_urls import page_url
from conference.zones import default_zone_name, validate_zone_name, zone_choices

# Edition pages live at the root (/<slug>/), so a slug must not shadow a top-level path,
# nor a language prefix of i18n_patterns (/ru/ is the Russian home page; conference/urls.py).
RESERVED_EDITION_SLUGS = (
    "admin",
    "api",
    "companies",
    "editions",
    "feeds",
    "i18n",
    "media",
    "photos",
    "projects",
    "robots.txt",
    "ru",
    "search",
    "sitemap.xml",
    "speakers",
    "static",
    "topics",
    "upload",
)


def validate_edition_slug_not_reserved(value: str) -> None:
    """Refuse an edition slug that a top-level section of the site's URLs already takes:
    /<edition>/ sits beside them, so such an edition could never be reached."""
    if value in RESERVED_EDITION_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved for a section of the site; choose another slug."),
            params={"slug": value},
            code="reserved",
        )


class EditionQuerySet(models.QuerySet):
    """Edition.objects: the public rule for editions, which every other app's rule
    includes (a published talk or gallery of a draft edition stays hidden)."""

    def published(self):
        """Editions the public may see."""
        return self.filter(is_published=True)


class Edition(Timestamped):
    """One edition of the conference series (for example PGConf.Russia 2016)."""

    slug = models.SlugField(
        _("slug"),
        max_length=64,
        unique=True,
        validators=[validate_edition_slug_not_reserved],
        help_text=_("The edition's address: /<slug>/. Lower-case letters, digits and hyphens."),
    )
    # Each of name, city, venue and summary is a column per language (name_en, name_ru):
    # conference.bilingual. At least one name is required (Meta, clean()).
    name = bilingual(models.CharField(_("name"), max_length=200, blank=True))
    acronym = models.CharField(
        _("acronym"),
        max_length=64,
        blank=True,
        help_text=_("The short name schedules use (31c3, pgconf-2016); imports match by it."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    city = bilingual(models.CharField(_("city"), max_length=100, blank=True))
    venue = bilingual(models.CharField(_("venue"), max_length=200, blank=True))
    website = models.URLField(_("website"), blank=True)
    # Callables, so that the site's TIME_ZONE and the system's tzdata stay out of migrations.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=zone_choices,
        default=default_zone_name,
        validators=[validate_zone_name],
        help_text=_(
            "The venue's time zone (IANA name, e.g. Europe/Berlin): talk times are entered "
            "and shown in it."
        ),
    )
    summary = bilingual(
        models.TextField(
            _("post-release summary"),
            blank=True,
            help_text=_(
                "What happened: numbers, highlights, thanks. Plain text, blank lines part "
                "paragraphs."
            ),
        )
    )
    is_published = models.BooleanField(_("published"), default=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ("-start_date",)
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="edition_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_EDITION_SLUGS)
                & Q(slug__regex=r"^[a-z0-9][a-z0-9-]*$"),
                name="edition_slug_usable_in_urls",
            ),
            # A name in English, in Russian or in both.
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_ru=""), name="edition_has_name"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not (self.name_en or self.name_ru):
            raise ValidationError(
                {"name_en": _("Give the edition a name in English, in Russian or in both.")}
            )

    def get_absolute_url(self):
        return page_url("conference:edition-detail", slug=self.slug)

    @property
    def year(self) -> int:
        """The year the edition starts in, as the archive's lists name it."""
        return self.start_date.year
