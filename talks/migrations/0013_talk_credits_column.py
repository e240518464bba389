"""talks_talk.credits_json: each talk's credits as the talk lists read them, kept by the
triggers that keep its search document.

Every list of talks shows each talk's speakers and their companies. Built per row with
json_agg over the links, speakers and companies, an edition of a thousand talks spent
40 ms in PostgreSQL on it; stored on the row, it is read as it is. The column belongs to
the database alone (Django's model does not declare it, so a save never writes back an
old value): archive_refresh_talk_search() writes it whenever a talk's links, speakers or
companies change, as it does the search document and the facet arrays.
"""

from django.db import migrations

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
                WHERE tp.talk_id = t.id ORDER BY 1),
           -- talks.talk_rows reads this: [[credit id, position, speaker id, name, slug,
           -- company id, name, slug], ...] in TalkSpeaker order.
           credits_json = COALESCE((
               SELECT json_agg(json_build_array(
                          credit.id, credit.position, speaker.id, speaker.name, speaker.slug,
                          company.id, company.name, company.slug)
                      ORDER BY credit.position, credit.id)
               FROM talks_talkspeaker AS credit
               JOIN talks_speaker AS speaker ON speaker.id = credit.speaker_id
               LEFT JOIN talks_company AS company ON company.id = credit.company_id
               WHERE credit.talk_id = t.id
           ), '[]')
     WHERE t.id = ANY(talk_ids)
$$;
"""

PREVIOUS_REFRESH = r"""
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


class Migration(migrations.Migration):
    dependencies = [("talks", "0012_talk_newest_first")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE talks_talk ADD COLUMN credits_json json NOT NULL DEFAULT '[]'",
            "ALTER TABLE talks_talk DROP COLUMN credits_json",
        ),
        migrations.RunSQL(REFRESH, PREVIOUS_REFRESH),
        migrations.RunSQL(
            "SELECT archive_refresh_talk_search(ARRAY(SELECT id FROM talks_talk))",
            migrations.RunSQL.noop,
        ),
    ]
