"""Editions of the conference: one row per year (or per event of the series)."""

from django.core.exceptions import ValidationError
from django.db import connection, connections, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.db.timestamps import Timestamped
from conference.web.fast_urls import page_url

# Edition pages live at the root (/<slug>/), so a slug must not shadow a top-level path.
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
    "search",
    "sitemap.xml",
    "speakers",
    "static",
    "upload",
)


def validate_edition_slug_not_reserved(value: str) -> None:
    if value in RESERVED_EDITION_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved for a section of the site; choose another slug."),
            params={"slug": value},
            code="reserved",
        )


class EditionQuerySet(models.QuerySet):
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
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(
        _("acronym"),
        max_length=64,
        blank=True,
        help_text=_("The short name schedules use (31c3, pgconf-2016); imports match by it."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    summary = models.TextField(
        _("post-release summary"),
        blank=True,
        help_text=_(
            "What happened: numbers, highlights, thanks. Plain text, blank lines part paragraphs."
        ),
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
            models.CheckConstraint(condition=~Q(name=""), name="edition_has_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("conference:edition-detail", slug=self.slug)

    @property
    def year(self) -> int:
        return self.start_date.year


class ArchiveVersion(models.Model):
    """The archive's version: one row that changes with every write public pages could show.

    Only PostgreSQL writes it, from the statement triggers of migration 0004_archive_version
    on every table a public page or the API reads, so an edit in the admin, a bulk update,
    an import or psql all change it. The page cache (conference/web/page_cache.py) keys pages
    by it: a new version makes every cached page unreachable at once.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    # A count of the transactions that wrote the archive, which started at the clock's
    # microseconds (so that a lost row, coming back the same way, never reuses a value).
    version = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("archive version")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="archive_version_single_row"),
        ]

    def __str__(self):
        return str(self.version)

    @classmethod
    def lock_for_write(cls) -> None:
        """Take the version row's lock now, before the row locks of the transaction.

        Call it inside transaction.atomic() before SELECT ... FOR UPDATE on archive rows.
        The triggers take this lock at a transaction's first write; a transaction that locks
        archive rows before writing would otherwise hold them while another writer holds the
        version row and waits for one of them: a deadlock. The version itself changes only
        if the transaction then writes (an unchanged re-import keeps every cached page).
        """
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM conference_archiveversion WHERE id = 1 FOR UPDATE")

    @classmethod
    def move_past_clock(cls, using: str = "default") -> None:
        """Set the version above both its value and the clock in microseconds, the way the
        triggers start it: for a database whose row came back from elsewhere (a restore),
        where a value once used by the pages cached before must not come back."""
        with connections[using].cursor() as cursor:
            cursor.execute(
                "UPDATE conference_archiveversion SET version = greatest(version + 1,"
                " (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)"
            )

    @classmethod
    def current(cls) -> int:
        """The version now, in one query; 0 while the row is missing (a flushed test
        database), until the next write puts it back.

        It also clears the trigger's "already counted" mark of this transaction, so that a
        write after this read counts again: only a transaction that reads the version and
        then writes more (a test, whose requests share one transaction) can tell.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version, set_config('archive.version_bumped', '', true)"
                " FROM conference_archiveversion WHERE id = 1"
            )
            row = cursor.fetchone()
        return row[0] if row else 0
