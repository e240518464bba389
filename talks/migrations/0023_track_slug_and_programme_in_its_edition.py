"""The database keeps two rules of tracks and rooms that only the admin's forms kept:

- a track's slug is unique in its edition (track_slug_per_edition). Rows that share one
  first get free ones: the oldest keeps the slug, the others take "-2", "-3"... (what
  Track.save() gives a new track whose slug is taken);
- a talk's track and room belong to the talk's edition: composite foreign keys
  (track_id, edition_id) -> talks_track (id, edition_id), the same for rooms, added here by
  RunSQL (Django declares no composite foreign key), pointing at the unique (id, edition)
  each table now declares. A talk whose track or room is another edition's first moves
  to its own edition's track or room of that name (either language, any case), made as a
  copy when the edition has none: nothing a page shows changes, and nothing is lost.

Both foreign keys check at once (not deferred), so that a wrong pair fails the statement
that writes it, where the admin and the imports turn it into a message.
"""

from django.db import migrations, models
from django.db.models import Q

# Kept here rather than imported: a migration reproduces its own day.
CHECK_NOW = "SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED"

FOREIGN_KEYS = """
ALTER TABLE talks_talk ADD CONSTRAINT talk_track_in_its_edition
  FOREIGN KEY (track_id, edition_id) REFERENCES talks_track (id, edition_id);
ALTER TABLE talks_talk ADD CONSTRAINT talk_room_in_its_edition
  FOREIGN KEY (room_id, edition_id) REFERENCES talks_room (id, edition_id);
"""
DROP_FOREIGN_KEYS = """
ALTER TABLE talks_talk DROP CONSTRAINT talk_track_in_its_edition;
ALTER TABLE talks_talk DROP CONSTRAINT talk_room_in_its_edition;
"""


def _free(base: str, taken: set[str]) -> str:
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: 100 - len(suffix)] + suffix
    return slug


def free_track_slugs(apps, schema_editor):
    Track = apps.get_model("talks", "Track")
    taken: dict[int, set[str]] = {}
    for track in Track.objects.order_by("edition_id", "pk"):
        slugs = taken.setdefault(track.edition_id, set())
        if track.slug in slugs or not track.slug:
            track.slug = _free(track.slug or "track", slugs)
            track.save(update_fields=["slug"])
        slugs.add(track.slug)


def _same_named(model, edition_id: int, row):
    names = [name for name in (row.name_en, row.name_ru) if name]
    match = Q()
    for name in names:
        match |= Q(name_en__iexact=name) | Q(name_ru__iexact=name)
    return model.objects.filter(match, edition_id=edition_id).order_by("pk").first()


def _copy(model, edition_id: int, row):
    values = {"edition_id": edition_id, "name_en": row.name_en, "name_ru": row.name_ru}
    rows = model.objects.filter(edition_id=edition_id)
    if model.__name__ == "Track":
        values["slug"] = _free(row.slug or "track", set(rows.values_list("slug", flat=True)))
    else:
        values["position"] = 1 + max(rows.values_list("position", flat=True), default=-1)
    return model.objects.create(**values)


def move_to_own_edition(apps, schema_editor):
    Talk = apps.get_model("talks", "Talk")
    for field, model_name in (("track", "Track"), ("room", "Room")):
        model = apps.get_model("talks", model_name)
        astray = Talk.objects.filter(**{f"{field}__isnull": False}).exclude(
            **{f"{field}__edition": models.F("edition")}
        )
        for talk in astray.select_related(field):
            row = getattr(talk, field)
            own = _same_named(model, talk.edition_id, row) or _copy(model, talk.edition_id, row)
            Talk.objects.filter(pk=talk.pk).update(**{f"{field}_id": own.pk})


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0008_edition_content_in_english_and_russian"),
        ("talks", "0022_tracks_and_rooms"),
    ]

    operations = [
        migrations.RunPython(free_track_slugs, migrations.RunPython.noop),
        migrations.RunPython(move_to_own_edition, migrations.RunPython.noop),
        migrations.RunSQL(CHECK_NOW, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="room",
            constraint=models.UniqueConstraint(
                fields=("id", "edition"), name="room_in_its_edition_target"
            ),
        ),
        migrations.AddConstraint(
            model_name="track",
            constraint=models.UniqueConstraint(
                fields=("id", "edition"), name="track_in_its_edition_target"
            ),
        ),
        migrations.AddConstraint(
            model_name="track",
            constraint=models.UniqueConstraint(
                fields=("edition", "slug"), name="track_slug_per_edition"
            ),
        ),
        migrations.RunSQL(FOREIGN_KEYS, DROP_FOREIGN_KEYS),
    ]
