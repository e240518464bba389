"""A project's description in English and Russian, a talk's title in the other language,
and a search document that holds both, with its edition's name, city and venue.

- Project.description becomes description_en (values kept: the archive's content so far
  is English) beside an empty description_ru (conference.bilingual).
- Talk.other_title: an optional title in the other language (English for a Russian
  talk, Russian for any other), searched with weight A.
- The search document (talks/sql/archive_talk_vector.sql) gains the title in the other
  language and, with weight D, the edition's and the projects' text in both languages
  (archive_talk_context_vector); archive_talk_vector takes the edition and the other
  title, so its old five-argument form is dropped. The row trigger also fires when the
  other title or the edition changes, and a new statement trigger on editions refreshes
  the talks of an edition whose name, city or venue changed (archive_edition_changed).
  Every talk is refreshed once, by talks 0021 (its functions also read the names that
  migration adds; talks 0018 no longer refreshes either).
"""

from django.db import migrations, models

from conference.db.functions import sql_for

FUNCTIONS = (
    "archive_talk_context_vector",
    "archive_talk_vector",
    "archive_refresh_talk_search",
    "archive_talk_search_before_write",
    "archive_edition_changed",
)

TRIGGERS = """
DROP TRIGGER talk_search_before_write ON talks_talk;
CREATE TRIGGER talk_search_before_write
    BEFORE INSERT OR UPDATE OF
        title, other_title, subtitle, abstract, description, language, edition_id
    ON talks_talk
    FOR EACH ROW EXECUTE FUNCTION archive_talk_search_before_write();
CREATE TRIGGER edition_update_search AFTER UPDATE ON conference_edition
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_edition_changed();
"""

PREVIOUS_TRIGGERS = """
DROP TRIGGER edition_update_search ON conference_edition;
DROP FUNCTION archive_edition_changed();
DROP TRIGGER talk_search_before_write ON talks_talk;
CREATE TRIGGER talk_search_before_write
    BEFORE INSERT OR UPDATE OF title, subtitle, abstract, description, language ON talks_talk
    FOR EACH ROW EXECUTE FUNCTION archive_talk_search_before_write();
"""

# The functions as talks 0018 left them, for reversing: the five-argument document.
PREVIOUS_FUNCTIONS = r"""
DROP FUNCTION archive_talk_vector(bigint, bigint, text, text, text, text, text) CASCADE;
DROP FUNCTION archive_talk_context_vector(bigint, bigint);
CREATE FUNCTION archive_talk_vector(
    talk bigint, language text, title text, subtitle text, abstract text
) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    config regconfig := archive_text_search_config(language);
    names text := coalesce(archive_talk_names(talk), '');
BEGIN
    RETURN setweight(to_tsvector(config, concat_ws(' ', title, subtitle)), 'A')
        || setweight(to_tsvector(config, names || ' ' || archive_translit(unaccent(names))), 'B')
        || setweight(to_tsvector(config, coalesce(abstract, '')), 'C');
END
$$;
CREATE OR REPLACE FUNCTION archive_talk_search_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := archive_talk_vector(
        NEW.id, NEW.language, NEW.title, NEW.subtitle,
        concat_ws(E'\n\n', NEW.abstract, NEW.description));
    NEW.title_vector := to_tsvector(
        archive_text_search_config(NEW.language), concat_ws(' ', NEW.title, NEW.subtitle));
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

REFRESH_ALL = "SELECT archive_refresh_talk_search(ARRAY(SELECT id FROM talks_talk))"


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0019_search_query_cost"),
        ("conference", "0008_edition_content_in_english_and_russian"),
    ]

    operations = [
        # Reversed last, when the old functions and their columns are back. Forward, every
        # talk is refreshed by talks 0021, whose functions read the names it adds.
        migrations.RunSQL(migrations.RunSQL.noop, REFRESH_ALL),
        migrations.RenameField(
            model_name="project", old_name="description", new_name="description_en"
        ),
        migrations.AddField(
            model_name="project",
            name="description_ru",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="talk",
            name="other_title",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="title in the other language"
            ),
        ),
        migrations.RunSQL(
            "DROP FUNCTION archive_talk_vector(bigint, text, text, text, text);"
            + sql_for(*FUNCTIONS)
            + TRIGGERS,
            PREVIOUS_TRIGGERS + PREVIOUS_FUNCTIONS,
        ),
    ]
