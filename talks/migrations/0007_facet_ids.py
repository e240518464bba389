"""The companies and projects of each talk, on the talk row, for the search facets.

Counting the companies of 2,000 search hits joined talks_talkspeaker per search, and on
100,000 talks the planner read all 160,000 links to do it (24 ms). Read with the talk
row, the facets cost the same whatever the archive's size. The triggers of
talks.0002_search keep them, as they keep the search document: archive_refresh_talk_search
runs whenever a talk's speakers, their companies at the talk, or its projects change.
"""

import django.contrib.postgres.fields
from django.db import migrations, models

REFRESH_WITH_FACETS = r"""
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

REFRESH_WITHOUT_FACETS = r"""
CREATE OR REPLACE FUNCTION archive_refresh_talk_search(talk_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE talks_talk t
       SET search_vector = archive_talk_vector(t.id, t.language, t.title, t.subtitle, t.abstract)
     WHERE t.id = ANY(talk_ids)
$$;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0006_tsquery_match_cost'),
    ]

    operations = [
        migrations.AddField(
            model_name='talk',
            name='company_ids',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), default=list, editable=False),
        ),
        migrations.AddField(
            model_name='talk',
            name='project_ids',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), default=list, editable=False),
        ),
        migrations.RunSQL(REFRESH_WITH_FACETS, REFRESH_WITHOUT_FACETS),
        migrations.RunSQL(
            "SELECT archive_refresh_talk_search(ARRAY(SELECT id FROM talks_talk))",
            migrations.RunSQL.noop,
        ),
    ]
