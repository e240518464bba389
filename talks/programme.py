"""An edition's tracks and rooms: rows of their own, named in English and Russian.

As pretalx keeps them (submission.Track, schedule.Room per event): a track or room belongs
to one edition, and its talks point to it, so that renaming "Main hall" to "Большой зал"
or giving it a Russian name is one change, seen by every talk, page, export and search
document (the database refreshes the talks' search documents when a name changes:
talks/sql/archive_programme_renamed.sql). Names are conference.bilingual fields (name_en,
name_ru), read in the interface's language with a fallback; each non-empty name is unique
in its edition whatever its case, so an import finds a track or room by either name
(find_or_create_track/room). Rooms carry their order in the timetable (position).

The database keeps the rules, not only the admin's forms: a track's slug is unique in its
edition, and a talk's track and room are its edition's. The second is a composite foreign
key, (track_id, edition_id) -> talks_track (id, edition_id) and the same for rooms,
which Django cannot declare: it is added by RunSQL (migration 0023), and its target, the
unique (id, edition) of each table, is declared here (in_its_edition_target).
"""

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _

from conference.bilingual import CONTENT_LANGUAGES, bilingual, text_language
from talks.slugs import slugify_text


def _named_once_per_edition(prefix: str) -> list:
    """Each non-empty name once per edition, whatever its case; at least one name; and
    (id, edition) unique, what talks' composite foreign keys point to."""
    return [
        # Redundant as a rule (the id is unique alone); PostgreSQL needs it as the target of
        # talk_<prefix>_in_its_edition (talks/migrations/0023).
        models.UniqueConstraint(fields=("id", "edition"), name=f"{prefix}_in_its_edition_target"),
        *(
            models.UniqueConstraint(
                "edition",
                Lower(f"name_{code}"),
                condition=~Q(**{f"name_{code}": ""}),
                name=f"{prefix}_name_{code}_per_edition",
            )
            for code in CONTENT_LANGUAGES
        ),
        models.CheckConstraint(
            condition=~Q(name_en="") | ~Q(name_ru=""), name=f"{prefix}_has_name"
        ),
    ]


class ProgrammeQuerySet(models.QuerySet):
    def named(self, name: str):
        """The rows called `name` in either language, whatever its case (one at most per
        edition, by the constraints)."""
        name = name.strip()
        return (
            self.filter(Q(name_en__iexact=name) | Q(name_ru__iexact=name)) if name else self.none()
        )


class Track(models.Model):
    """A track of one edition's programme (a theme its talks are grouped by)."""

    edition = models.ForeignKey(
        "conference.Edition",
        verbose_name=_("edition"),
        related_name="tracks",
        on_delete=models.CASCADE,
    )
    name = bilingual(models.CharField(_("name"), max_length=100, blank=True))
    # What the search facets and the edition page's filter key a track by: ASCII from the
    # English name, or the Russian one transliterated; the same in every edition for the
    # same name, so that one facet value finds "Security" in every year.
    slug = models.SlugField(_("slug"), max_length=100, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ("edition", "name_en", "name_ru", "id")
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            *_named_once_per_edition("track"),
            models.UniqueConstraint(fields=("edition", "slug"), name="track_slug_per_edition"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The row's own key, from its own name, free in its edition (no other row is
        # touched: "Dev Ops" and "Dev-Ops" become dev-ops and dev-ops-2).
        if not self.slug:
            base = track_slug(self.name_en, self.name_ru)
            taken = set(
                Track.objects.filter(edition_id=self.edition_id, slug__startswith=base)
                .exclude(pk=self.pk)
                .values_list("slug", flat=True)
            )
            self.slug = free_slug(base, taken)
        super().save(*args, **kwargs)


def track_slug(name_en: str, name_ru: str) -> str:
    """A track's slug: from its English name, else from its Russian one."""
    return slugify_text(name_en or name_ru, max_length=100) or "track"


def free_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base`-2, -3... the first that is not `taken` (within 100 characters)."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: 100 - len(suffix)] + suffix
    return slug


class Room(models.Model):
    """A room of one edition's venue; the timetable shows rooms in `position` order."""

    edition = models.ForeignKey(
        "conference.Edition",
        verbose_name=_("edition"),
        related_name="rooms",
        on_delete=models.CASCADE,
    )
    name = bilingual(models.CharField(_("name"), max_length=100, blank=True))
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The timetable shows rooms from left to right.")
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ("edition", "position", "id")
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = _named_once_per_edition("room")

    def __str__(self):
        return self.name


# A talk's room in its edition's schedule order (talks.models.SCHEDULE_ORDER): parallel
# talks by room row, 0 for none (a NULL would stop the row comparisons of
# talks.readers.talk_page.NEIGHBOUR).
ROOM_ORDER = Coalesce("room", Value(0), output_field=models.BigIntegerField())


def programme_link(model, verbose_name):
    """Talk.track and Talk.room: optional, chosen among the talk's edition's rows. A track
    or room that talks use cannot be deleted (the admin lists them): move the talks first."""
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        related_name="talks",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )


def find_or_create_track(*, edition, name: str) -> Track | None:
    """The edition's track called `name` in either language, created (name_en or name_ru by
    its script) when there is none; None for a blank name."""
    return _find_or_create(Track, edition=edition, name=name)


def find_or_create_room(*, edition, name: str) -> Room | None:
    """The edition's room called `name` in either language, created after the edition's
    other rooms (last in the timetable) when there is none; None for a blank name."""
    return _find_or_create(Room, edition=edition, name=name)


def _find_or_create(model, *, edition, name: str):
    name = (name or "").strip()
    if not name:
        return None
    found = model.objects.filter(edition=edition).named(name).first()
    if found is not None:
        return found
    row = model(edition=edition, **{f"name_{text_language(name)}": name})
    if model is Room:
        row.position = model.objects.filter(edition=edition).count()
    row.save()
    return row
