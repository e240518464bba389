"""Search the description an imported schedule brings, with the abstract (weight C).

Talk.description (talks.0005_import_fields) holds the longer text of frab and pretalx
events; an archive that shows it must find it. The row trigger now also fires when the
description changes.
"""

from django.db import migrations

TITLE_VECTOR = """
    NEW.title_vector := to_tsvector(
        archive_text_search_config(NEW.language), concat_ws(' ', NEW.title, NEW.subtitle));"""

ROW_TRIGGER = r"""
CREATE OR REPLACE FUNCTION archive_talk_search_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := archive_talk_vector(
        NEW.id, NEW.language, NEW.title, NEW.subtitle,
        concat_ws(E'\n\n', NEW.abstract, NEW.description));""" + TITLE_VECTOR + r"""
    RETURN NEW;
END
$$;
DROP TRIGGER talk_search_before_write ON talks_talk;
CREATE TRIGGER talk_search_before_write
    BEFORE INSERT OR UPDATE OF title, subtitle, abstract, description, language ON talks_talk
    FOR EACH ROW EXECUTE FUNCTION archive_talk_search_before_write();
"""

PREVIOUS_ROW_TRIGGER = r"""
CREATE OR REPLACE FUNCTION archive_talk_search_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := archive_talk_vector(
        NEW.id, NEW.language, NEW.title, NEW.subtitle, NEW.abstract);""" + TITLE_VECTOR + r"""
    RETURN NEW;
END
$$;
DROP TRIGGER talk_search_before_write ON talks_talk;
CREATE TRIGGER talk_search_before_write
    BEFORE INSERT OR UPDATE OF title, subtitle, abstract, language ON talks_talk
    FOR EACH ROW EXECUTE FUNCTION archive_talk_search_before_write();
"""

REFRESH = r"""
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
                WHERE tp.talk_id = t.id ORDER BY 1)
     WHERE t.id = ANY(talk_ids)
$$;
"""

PREVIOUS_REFRESH = r"""
CREATE OR REPLACE FUNCTION archive_refresh_talk_search(talk_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE talks_talk t
       SET search_vector = archive_talk_vector(t.id, t.language, t.title, t.subtitle, t.abstract),
           company_ids = ARRAY(
               SELECT DISTINCT ts.company_id FROM talks_talkspeaker ts
                WHERE ts.talk_id = t.id AND ts.company_id IS NOT NULL ORDER BY 1),
           project_ids = ARRAY(
               SELECT tp.project_id FROM talks_talk_projects tp
                WHERE tp.talk_id = t.id ORDER BY 1)
     WHERE t.id = ANY(talk_ids)
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("talks", "0007_facet_ids")]

    operations = [
        migrations.RunSQL(ROW_TRIGGER + REFRESH, PREVIOUS_ROW_TRIGGER + PREVIOUS_REFRESH),
        migrations.RunSQL(
            "SELECT archive_refresh_talk_search("
            "ARRAY(SELECT id FROM talks_talk WHERE description <> ''))",
            migrations.RunSQL.noop,
        ),
    ]
