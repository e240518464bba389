"""An edition's tracks and rooms as rows (talks.programme.Track and Room), named in English
and Russian, instead of free text on each talk; and a search document that holds their
names in both languages.

- Track (edition, name_en, name_ru, slug) and Room (edition, name_en, name_ru, position),
  each non-empty name once per edition whatever its case, and at least one name.
- Talk.track and Talk.room become optional foreign keys (PROTECT: a track in use is not
  deleted with its talks' knowledge lost). The data moves: each edition's distinct track
  and room texts (the same text in another case is the same row) become rows, the text in
  name_en, or in name_ru when it has more Cyrillic letters than Latin ones (as
  conference.bilingual.text_language decides); rooms take their position in alphabetical
  order, the timetable's order so far, and are created in it, so that the schedule's order
  of parallel talks (by room row) stays what it was. Reversing writes each talk's track and
  room back as text (the English name where there is one).
- The schedule-order indexes order parallel talks by room row (COALESCE(room_id, 0)).
- The search document (talks/sql/) gains the track's and room's names in both languages
  (weight D, archive_talk_context_vector); archive_talk_vector and the context vector take
  the talk's track and room, so their old forms are dropped. The row trigger also fires
  when a talk's track or room changes; a statement trigger on each new table refreshes the
  talks of a renamed track or room (archive_programme_renamed), and another bumps the
  archive version (conference 0004) as on every table public pages read. Every talk is
  refreshed once, here (talks 0021 no longer refreshes talks).
"""

import re

from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Cast, Coalesce, Lower

from conference.db.functions import sql_for
from talks.slugs import slugify_text

# Kept here rather than imported: a migration reproduces its own day.
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


def _language(text: str) -> str:
    cyrillic = len(CYRILLIC.findall(text))
    return "ru" if cyrillic and cyrillic >= len(LATIN.findall(text)) else "en"


def _rows(model, edition_id: int, names: set[str], extra) -> dict[str, int]:
    """One row per distinct name (by casefold), in alphabetical order: {casefold: id}."""
    ids = {}
    for position, name in enumerate(sorted(names, key=lambda name: (name.casefold(), name))):
        key = name.casefold()
        if key in ids:
            continue
        row = model.objects.create(
            edition_id=edition_id, **{f"name_{_language(name)}": name}, **extra(name, position)
        )
        ids[key] = row.pk
    return ids


# Run the deferred foreign key checks of the rows just written: PostgreSQL refuses to alter
# a table (the next operations) while its trigger events are pending.
CHECK_NOW = "SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED"


def _check_now(schema_editor) -> None:
    schema_editor.execute(CHECK_NOW)


def link(apps, schema_editor):
    """Tracks and rooms from each edition's texts; each talk linked to its own."""
    Talk = apps.get_model("talks", "Talk")
    Track = apps.get_model("talks", "Track")
    Room = apps.get_model("talks", "Room")
    talks = list(Talk.objects.order_by("pk").only("pk", "edition_id", "track_name", "room_name"))
    by_edition: dict[int, list] = {}
    for talk in talks:
        by_edition.setdefault(talk.edition_id, []).append(talk)
    changed = []
    for edition_id, edition_talks in sorted(by_edition.items()):
        tracks = _rows(
            Track,
            edition_id,
            {talk.track_name.strip() for talk in edition_talks if talk.track_name.strip()},
            lambda name, position: {"slug": slugify_text(name, max_length=100) or "track"},
        )
        rooms = _rows(
            Room,
            edition_id,
            {talk.room_name.strip() for talk in edition_talks if talk.room_name.strip()},
            lambda name, position: {"position": position},
        )
        for talk in edition_talks:
            talk.track_id = tracks.get(talk.track_name.strip().casefold())
            talk.room_id = rooms.get(talk.room_name.strip().casefold())
            if talk.track_id or talk.room_id:
                changed.append(talk)
    Talk.objects.bulk_update(changed, ["track", "room"], batch_size=500)
    _check_now(schema_editor)


def unlink(apps, schema_editor):
    """Each talk's track and room back as text: the English name, else the Russian one."""
    Talk = apps.get_model("talks", "Talk")
    changed = []
    for talk in Talk.objects.select_related("track", "room").order_by("pk"):
        talk.track_name = (talk.track.name_en or talk.track.name_ru) if talk.track else ""
        talk.room_name = (talk.room.name_en or talk.room.name_ru) if talk.room else ""
        changed.append(talk)
    Talk.objects.bulk_update(changed, ["track_name", "room_name"], batch_size=500)
    _check_now(schema_editor)


FUNCTIONS = (
    "archive_talk_context_vector",
    "archive_talk_vector",
    "archive_refresh_talk_search",
    "archive_talk_search_before_write",
    "archive_programme_renamed",
)

# The old forms exist in a database migrated before this migration's day; one migrated
# from zero since got today's at talks 0020 (sql_for loads today's files).
DROP_OLD_FUNCTIONS = """
DROP FUNCTION IF EXISTS archive_talk_vector(bigint, bigint, text, text, text, text, text);
DROP FUNCTION IF EXISTS archive_talk_context_vector(bigint, bigint);
"""

TABLES = ("talks_track", "talks_room")

TRIGGERS = """
DROP TRIGGER talk_search_before_write ON talks_talk;
CREATE TRIGGER talk_search_before_write
    BEFORE INSERT OR UPDATE OF
        title, other_title, subtitle, abstract, description, language, edition_id,
        track_id, room_id
    ON talks_talk
    FOR EACH ROW EXECUTE FUNCTION archive_talk_search_before_write();
""" + "".join(
    f"""
CREATE TRIGGER {table}_update_search AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_programme_renamed();
CREATE TRIGGER {table}_archive_version
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION archive_version_bump();
"""
    for table in TABLES
)

PREVIOUS_TRIGGERS = (
    "".join(
        f"""
DROP TRIGGER {table}_update_search ON {table};
DROP TRIGGER {table}_archive_version ON {table};
"""
        for table in TABLES
    )
    + """
DROP FUNCTION archive_programme_renamed();
DROP TRIGGER talk_search_before_write ON talks_talk;
CREATE TRIGGER talk_search_before_write
    BEFORE INSERT OR UPDATE OF
        title, other_title, subtitle, abstract, description, language, edition_id
    ON talks_talk
    FOR EACH ROW EXECUTE FUNCTION archive_talk_search_before_write();
"""
)

# The functions as talks 0020 and 0021 left them, for reversing.
PREVIOUS_FUNCTIONS = r"""
SET LOCAL check_function_bodies = off;
DROP FUNCTION archive_talk_vector(bigint, bigint, bigint, bigint, text, text, text, text, text);
DROP FUNCTION archive_talk_context_vector(bigint, bigint, bigint, bigint);
-- What a talk is found by beside its own text (weight D): its edition's name, city and
-- venue and its projects' descriptions, in English and in Russian. Each language's values
-- are stemmed as that language, so "Санкт-Петербурге" finds the talks of an edition in
-- "Санкт-Петербург" as "Saint Petersburg" does. Kept fresh by archive_edition_changed and
-- archive_project_changed.
CREATE FUNCTION archive_talk_context_vector(talk bigint, edition bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT coalesce((
        SELECT setweight(
                   to_tsvector('english', concat_ws(' ', e.name_en, e.city_en, e.venue_en, p.en))
                || to_tsvector('russian', concat_ws(' ', e.name_ru, e.city_ru, e.venue_ru, p.ru)),
                   'D')
          FROM conference_edition e,
               LATERAL (SELECT string_agg(project.description_en, ' ') AS en,
                               string_agg(project.description_ru, ' ') AS ru
                          FROM talks_talk_projects tp
                          JOIN talks_project project ON project.id = tp.project_id
                         WHERE tp.talk_id = talk) AS p
         WHERE e.id = edition
    ), ''::tsvector)
$$;
-- A talk's search document: title and subtitle (A), and the title in the other language
-- stemmed as that language (A); the names of its speakers, their companies and its
-- projects with their Latin transliteration (B), the text (C); its edition's and its
-- projects' bilingual text, each language stemmed as itself (D,
-- archive_talk_context_vector).
CREATE FUNCTION archive_talk_vector(
    talk bigint, edition bigint, language text, title text, other_title text, subtitle text,
    abstract text
) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    config regconfig := archive_text_search_config(language);
    other_config regconfig := archive_text_search_config(
        CASE WHEN language = 'ru' THEN 'en' ELSE 'ru' END);
    names text := coalesce(archive_talk_names(talk), '');
BEGIN
    RETURN setweight(to_tsvector(config, concat_ws(' ', title, subtitle)), 'A')
        || setweight(to_tsvector(other_config, coalesce(other_title, '')), 'A')
        || setweight(to_tsvector(config, names || ' ' || archive_translit(unaccent(names))), 'B')
        || setweight(to_tsvector(config, coalesce(abstract, '')), 'C')
        || archive_talk_context_vector(talk, edition);
END
$$;
-- The talk row itself: its search documents computed before it is written, so one
-- UPDATE suffices (the trigger talk_search_before_write, talks migration 0008).
CREATE OR REPLACE FUNCTION archive_talk_search_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := archive_talk_vector(
        NEW.id, NEW.edition_id, NEW.language, NEW.title, NEW.other_title, NEW.subtitle,
        concat_ws(E'\n\n', NEW.abstract, NEW.description));
    -- The title in the other language is a title too: search's title candidates and
    -- ranking (talks/search.py) find a talk by it.
    NEW.title_vector := to_tsvector(
        archive_text_search_config(NEW.language), concat_ws(' ', NEW.title, NEW.subtitle))
        || to_tsvector(
            archive_text_search_config(CASE WHEN NEW.language = 'ru' THEN 'en' ELSE 'ru' END),
            NEW.other_title);
    RETURN NEW;
END
$$;
-- Recompute what the database keeps on the rows of the given talks (after a change in a
-- related table): the search document, the facet arrays and the credits.
--
-- credits_json is what talks.readers.rows reads for every list of talks: the credits in
-- TalkSpeaker order, each {"id", "position", "speaker": {"id", "name_en", "name_ru",
-- "slug"}, "company": {"id", "name_en", "name_ru", "slug"} or null}: both spellings of
-- each name, so that a list shows each credit in the reader's script (talks migration
-- 0021). Readers use the keys, so a key added here (a speaker's field shown in credits)
-- changes no reader's unpacking.
CREATE OR REPLACE FUNCTION archive_refresh_talk_search(talk_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE talks_talk t
       SET search_vector = archive_talk_vector(
               t.id, t.edition_id, t.language, t.title, t.other_title, t.subtitle,
               concat_ws(E'\n\n', t.abstract, t.description)),
           company_ids = ARRAY(
               SELECT DISTINCT ts.company_id FROM talks_talkspeaker ts
                WHERE ts.talk_id = t.id AND ts.company_id IS NOT NULL ORDER BY 1),
           project_ids = ARRAY(
               SELECT tp.project_id FROM talks_talk_projects tp
                WHERE tp.talk_id = t.id ORDER BY 1),
           credits_json = COALESCE((
               SELECT jsonb_agg(jsonb_build_object(
                          'id', credit.id,
                          'position', credit.position,
                          'speaker', jsonb_build_object(
                              'id', speaker.id, 'name_en', speaker.name_en,
                              'name_ru', speaker.name_ru, 'slug', speaker.slug),
                          'company', CASE WHEN company.id IS NOT NULL THEN jsonb_build_object(
                              'id', company.id, 'name_en', company.name_en,
                              'name_ru', company.name_ru, 'slug', company.slug)
                          END)
                      ORDER BY credit.position, credit.id)
               FROM talks_talkspeaker AS credit
               JOIN talks_speaker AS speaker ON speaker.id = credit.speaker_id
               LEFT JOIN talks_company AS company ON company.id = credit.company_id
               WHERE credit.talk_id = t.id
           ), '[]')
     WHERE t.id = ANY(talk_ids)
$$;
"""

REFRESH_ALL = "SELECT archive_refresh_talk_search(ARRAY(SELECT id FROM talks_talk))"

INFINITY = Cast(models.Value("infinity"), models.DateTimeField())
ROOM_ORDER = Coalesce("room", models.Value(0), output_field=models.BigIntegerField())
SCHEDULE_ORDER = (models.F("edition"), Coalesce("start", INFINITY), ROOM_ORDER, "title", "id")


def schedule_indexes(order):
    return [
        models.Index(*order, name="talk_schedule_order"),
        models.Index(*order, name="talk_keynote_order", condition=Q(kind="keynote")),
    ]


def name_constraints(prefix: str) -> list:
    return [
        *(
            models.UniqueConstraint(
                models.F("edition"),
                Lower(f"name_{code}"),
                condition=~Q(**{f"name_{code}": ""}),
                name=f"{prefix}_name_{code}_per_edition",
            )
            for code in ("en", "ru")
        ),
        models.CheckConstraint(
            condition=~Q(name_en="") | ~Q(name_ru=""), name=f"{prefix}_has_name"
        ),
    ]


def edition_field(related_name: str):
    return models.ForeignKey(
        on_delete=models.CASCADE,
        related_name=related_name,
        to="conference.edition",
        verbose_name="edition",
    )


def name_field():
    return models.CharField(blank=True, max_length=100, verbose_name="name")


def link_field(to: str, verbose_name: str):
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=models.PROTECT,
        related_name="talks",
        to=to,
        verbose_name=verbose_name,
    )


def text_field(verbose_name: str):
    return models.CharField(blank=True, max_length=100, verbose_name=verbose_name)


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0008_edition_content_in_english_and_russian"),
        ("talks", "0021_names_in_two_scripts"),
    ]

    operations = [
        # Reversed last, when the old functions and the text columns are back.
        migrations.RunSQL(migrations.RunSQL.noop, REFRESH_ALL),
        migrations.CreateModel(
            name="Track",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("edition", edition_field("tracks")),
                ("name_en", name_field()),
                ("name_ru", name_field()),
                ("slug", models.SlugField(blank=True, max_length=100, verbose_name="slug")),
            ],
            options={
                "verbose_name": "track",
                "verbose_name_plural": "tracks",
                "ordering": ("edition", "name_en", "name_ru", "id"),
                "constraints": name_constraints("track"),
            },
        ),
        migrations.CreateModel(
            name="Room",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("edition", edition_field("rooms")),
                ("name_en", name_field()),
                ("name_ru", name_field()),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="The timetable shows rooms from left to right.",
                        verbose_name="position",
                    ),
                ),
            ],
            options={
                "verbose_name": "room",
                "verbose_name_plural": "rooms",
                "ordering": ("edition", "position", "id"),
                "constraints": name_constraints("room"),
            },
        ),
        migrations.RemoveIndex(model_name="talk", name="talk_schedule_order"),
        migrations.RemoveIndex(model_name="talk", name="talk_keynote_order"),
        migrations.RenameField(model_name="talk", old_name="track", new_name="track_name"),
        migrations.RenameField(model_name="talk", old_name="room", new_name="room_name"),
        migrations.AddField(
            model_name="talk", name="track", field=link_field("talks.track", "track")
        ),
        migrations.AddField(model_name="talk", name="room", field=link_field("talks.room", "room")),
        migrations.RunPython(link, unlink),
        migrations.RemoveField(model_name="talk", name="track_name"),
        migrations.RemoveField(model_name="talk", name="room_name"),
        *(
            migrations.AddIndex(model_name="talk", index=i)
            for i in schedule_indexes(SCHEDULE_ORDER)
        ),
        migrations.RunSQL(
            DROP_OLD_FUNCTIONS + sql_for(*FUNCTIONS) + TRIGGERS,
            PREVIOUS_TRIGGERS + PREVIOUS_FUNCTIONS,
        ),
        # The refresh's deferred checks run now: the indexes Django adds for the new
        # columns at the end of the migration cannot be built over pending trigger events.
        migrations.RunSQL(f"{REFRESH_ALL}; {CHECK_NOW}", migrations.RunSQL.noop),
    ]
