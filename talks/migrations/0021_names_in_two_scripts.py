"""Speakers' and companies' names in both scripts, explicit: `name` becomes `name_en` (in
Latin letters) and `name_ru` (in Cyrillic), and a company's description `description_en`
and `description_ru` (django-translated-fields' columns; `obj.name` reads the active
language's and falls back to the other).

Existing rows keep their meaning: today's name holds one spelling and the aliases may hold
the other. A name with a Cyrillic letter goes to name_ru, any other to name_en (see
talks.names); the first alias in the other script fills the other field and leaves the
aliases. A description goes to the field of its script likewise.

The constraints and indexes on `name` follow: each non-empty spelling of a company is
unique whatever its case, each row has at least one spelling, and each spelling has a
trigram index for search's typo fallback. The functions that read names (talks/sql/: the
search document's names, the credits every list shows, the speakers' latin_names) are
loaded again from their files, the latin_names trigger is bound to the new columns, and
every talk's search document and credits are refreshed by talks 0022 (credits now carry
"name_en" and "name_ru").

Reversing puts one spelling back in `name` (the Latin one where both exist, the other
moving back to the aliases) and the description of the Latin field, or the Cyrillic one
where only that exists; which spelling was the original cannot be known.
"""

import re

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf

from conference.db.functions import sql_for

# Kept here rather than imported from talks.names: a migration reproduces its own day.
CYRILLIC = re.compile(r"[Ѐ-ӿ]")


# The models' order: the Latin spelling, else the Cyrillic one (conference.bilingual.localized).
NAME_ORDER = Coalesce(NullIf("name_en", Value("")), NullIf("name_ru", Value("")), Value(""))


def _script(text: str) -> str:
    return "ru" if CYRILLIC.search(text) else "en"


def _split(name: str, aliases: list[str]) -> tuple[dict, list[str]]:
    script = _script(name)
    other = "en" if script == "ru" else "ru"
    fields = {f"name_{script}": name, f"name_{other}": ""}
    left = list(aliases)
    for alias in aliases:
        if alias.strip() and _script(alias) == other:
            fields[f"name_{other}"] = alias
            left.remove(alias)
            break
    return fields, left


def split_names(apps, schema_editor):
    """name_en holds today's name (renamed): put each spelling in its field."""
    for model_name, text_fields in (("Speaker", ()), ("Company", ("description",))):
        model = apps.get_model("talks", model_name)
        changed = []
        for row in model.objects.order_by("pk"):
            fields, row.aliases = _split(row.name_en, row.aliases)
            for name, value in fields.items():
                setattr(row, name, value)
            for field in text_fields:
                if _script(getattr(row, f"{field}_en")) == "ru":
                    setattr(row, f"{field}_ru", getattr(row, f"{field}_en"))
                    setattr(row, f"{field}_en", "")
            changed.append(row)
        fields = [
            "name_en",
            "name_ru",
            "aliases",
            *(f"{f}_{c}" for f in text_fields for c in "en ru".split()),
        ]
        model.objects.bulk_update(changed, fields, batch_size=500)


def join_names(apps, schema_editor):
    """Back to one name in name_en (renamed `name` next): the Latin spelling where it
    exists, the Cyrillic one first among the aliases."""
    for model_name, text_fields in (("Speaker", ()), ("Company", ("description",))):
        model = apps.get_model("talks", model_name)
        changed = []
        for row in model.objects.order_by("pk"):
            if row.name_en and row.name_ru:
                row.aliases = [row.name_ru, *row.aliases]
            row.name_en = row.name_en or row.name_ru
            for field in text_fields:
                setattr(
                    row, f"{field}_en", getattr(row, f"{field}_en") or getattr(row, f"{field}_ru")
                )
            changed.append(row)
        fields = ["name_en", "aliases", *(f"{f}_en" for f in text_fields)]
        model.objects.bulk_update(changed, fields, batch_size=500)


# The row triggers that refresh talks after each UPDATE of speakers or companies are off
# while the names move (every talk is refreshed once at the end instead).
TRIGGERS_OFF = """
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE talks_speaker DISABLE TRIGGER speaker_update_search;
ALTER TABLE talks_company DISABLE TRIGGER company_update_search;
"""
# The deferred foreign-key checks of the rows just written run first: PostgreSQL refuses
# to ALTER a table with such checks pending ("pending trigger events"), as it has them
# on any database with speakers (split_names saves each one).
TRIGGERS_ON = """
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE talks_speaker ENABLE TRIGGER speaker_update_search;
ALTER TABLE talks_company ENABLE TRIGGER company_update_search;
"""

DROP_LATIN_NAMES_TRIGGER = "DROP TRIGGER speaker_latin_names ON talks_speaker;"
LATIN_NAMES_TRIGGER = """
CREATE TRIGGER speaker_latin_names
    BEFORE INSERT OR UPDATE OF name_en, name_ru, aliases, latin_names ON talks_speaker
    FOR EACH ROW EXECUTE FUNCTION archive_speaker_latin_names();
"""
PREVIOUS_LATIN_NAMES_TRIGGER = """
CREATE TRIGGER speaker_latin_names
    BEFORE INSERT OR UPDATE OF name, aliases, latin_names ON talks_speaker
    FOR EACH ROW EXECUTE FUNCTION archive_speaker_latin_names();
"""

# What the functions keep, recomputed: latin_names (by its trigger). Every talk's search
# document and credits are refreshed by talks 0022.
LATIN_NAMES_REFRESH = f"""
{TRIGGERS_OFF}
UPDATE talks_speaker SET latin_names = '';
{TRIGGERS_ON}
"""

# The functions as talks 0018 left them (one `name` per speaker and company), to reverse.
# Created before `name` is back (their bodies are checked when they first run).
PREVIOUS_FUNCTIONS = r"""
SET LOCAL check_function_bodies = off;
CREATE OR REPLACE FUNCTION archive_talk_names(talk bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ',
        (SELECT string_agg(concat_ws(' ', s.name, array_to_string(s.aliases, ' '),
                                     c.name, array_to_string(c.aliases, ' ')), ' ')
           FROM talks_talkspeaker ts
           JOIN talks_speaker s ON s.id = ts.speaker_id
           LEFT JOIN talks_company c ON c.id = ts.company_id
          WHERE ts.talk_id = talk),
        (SELECT string_agg(p.name, ' ')
           FROM talks_talk_projects tp
           JOIN talks_project p ON p.id = tp.project_id
          WHERE tp.talk_id = talk)
    )
$$;
CREATE OR REPLACE FUNCTION archive_speaker_latin_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.latin_names := archive_translit(unaccent(
        concat_ws(' ', NEW.name, array_to_string(NEW.aliases, ' '))));
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION archive_refresh_talk_search(talk_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE talks_talk t
       SET search_vector = archive_talk_vector(
               t.id, t.language, t.title, t.subtitle,
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
                              'id', speaker.id, 'name', speaker.name, 'slug', speaker.slug),
                          'company', CASE WHEN company.id IS NOT NULL THEN jsonb_build_object(
                              'id', company.id, 'name', company.name, 'slug', company.slug)
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

FUNCTIONS = ("archive_talk_names", "archive_speaker_latin_names", "archive_refresh_talk_search")


def name_field(verbose_name):
    return models.CharField(blank=True, max_length=200, verbose_name=verbose_name)


def description_field(verbose_name):
    return models.TextField(blank=True, verbose_name=verbose_name)


class Migration(migrations.Migration):
    dependencies = [("talks", "0020_project_description_other_title_and_search")]

    operations = [
        # Reversed last: latin_names as the old function keeps it. The talks are refreshed
        # by talks 0020's reversal, after which the old functions' arguments exist again.
        migrations.RunSQL(migrations.RunSQL.noop, LATIN_NAMES_REFRESH),
        migrations.RemoveConstraint(model_name="company", name="company_name_unique_ci"),
        migrations.RemoveConstraint(model_name="company", name="company_has_name"),
        migrations.RemoveConstraint(model_name="speaker", name="speaker_has_name"),
        migrations.RemoveIndex(model_name="speaker", name="speaker_name_trgm"),
        migrations.RunSQL(DROP_LATIN_NAMES_TRIGGER, PREVIOUS_LATIN_NAMES_TRIGGER),
        migrations.RenameField(model_name="speaker", old_name="name", new_name="name_en"),
        migrations.RenameField(model_name="company", old_name="name", new_name="name_en"),
        migrations.RenameField(
            model_name="company", old_name="description", new_name="description_en"
        ),
        migrations.AlterField(
            model_name="speaker", name="name_en", field=name_field("name in Latin letters")
        ),
        migrations.AlterField(
            model_name="company", name="name_en", field=name_field("name in Latin letters")
        ),
        migrations.AlterField(
            model_name="company",
            name="description_en",
            field=description_field("description in English"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="name_ru",
            field=name_field("name in Cyrillic"),
        ),
        migrations.AddField(
            model_name="company",
            name="name_ru",
            field=name_field("name in Cyrillic"),
        ),
        migrations.AddField(
            model_name="company",
            name="description_ru",
            field=description_field("description in Russian"),
        ),
        migrations.RunSQL(sql_for(*FUNCTIONS), PREVIOUS_FUNCTIONS),
        migrations.RunSQL(TRIGGERS_OFF, TRIGGERS_ON),
        migrations.RunPython(split_names, join_names),
        migrations.RunSQL(TRIGGERS_ON, TRIGGERS_OFF),
        migrations.RunSQL(LATIN_NAMES_TRIGGER, DROP_LATIN_NAMES_TRIGGER),
        # Every talk's search document and credits are refreshed by talks 0022, whose
        # functions also read the tracks and rooms it adds (conference.db.functions).
        migrations.RunSQL(LATIN_NAMES_REFRESH, migrations.RunSQL.noop),
        migrations.AlterModelOptions(
            name="company",
            options={
                "ordering": (NAME_ORDER, "id"),
                "verbose_name": "company",
                "verbose_name_plural": "companies",
            },
        ),
        migrations.AlterModelOptions(
            name="speaker",
            options={
                "ordering": (NAME_ORDER, "id"),
                "verbose_name": "speaker",
                "verbose_name_plural": "speakers",
            },
        ),
        migrations.AddConstraint(
            model_name="company",
            constraint=models.UniqueConstraint(
                Lower("name_en"), condition=~Q(name_en=""), name="company_name_en_unique_ci"
            ),
        ),
        migrations.AddConstraint(
            model_name="company",
            constraint=models.UniqueConstraint(
                Lower("name_ru"), condition=~Q(name_ru=""), name="company_name_ru_unique_ci"
            ),
        ),
        migrations.AddConstraint(
            model_name="company",
            constraint=models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_ru=""), name="company_has_name"
            ),
        ),
        migrations.AddConstraint(
            model_name="speaker",
            constraint=models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_ru=""), name="speaker_has_name"
            ),
        ),
        migrations.AddIndex(
            model_name="speaker",
            index=GinIndex(
                fields=["name_en"], name="speaker_name_en_trgm", opclasses=("gin_trgm_ops",)
            ),
        ),
        migrations.AddIndex(
            model_name="speaker",
            index=GinIndex(
                fields=["name_ru"], name="speaker_name_ru_trgm", opclasses=("gin_trgm_ops",)
            ),
        ),
    ]
