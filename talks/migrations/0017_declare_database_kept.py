"""Declare on the Talk model what the database already had: the credits_json column
(talks.0013) and the indexes talk_schedule_order (0010), talk_keynote_order (0014) and
talk_published (0015), made by RunSQL and so unknown to Django's migration state.

The indexes: state only. They exist exactly as declared (tests/conference/
test_schema_declared.py compares the database's indexes with the models'), so existing
databases keep them as they are.

The column: declared as Django's JSONField, whose type is jsonb, the column goes from
json to jsonb, keeping every value (a cast), and loses its database default, which
Django does not declare (it writes the field's default itself). json has no equality
operator, so a query with DISTINCT over a talk's columns (the admin's search across
speakers) failed on it.
"""

import django.db.models.functions.comparison
from django.db import migrations, models

SCHEDULE_ORDER = (
    models.F("edition"),
    django.db.models.functions.comparison.Coalesce(
        "start",
        django.db.models.functions.comparison.Cast(
            models.Value("infinity"), models.DateTimeField()
        ),
    ),
    models.F("room"),
    models.F("title"),
    models.F("id"),
)


class Migration(migrations.Migration):
    dependencies = [("talks", "0016_slides_pdf_only")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE talks_talk ALTER COLUMN credits_json DROP DEFAULT,"
                    " ALTER COLUMN credits_json TYPE jsonb USING credits_json::jsonb",
                    "ALTER TABLE talks_talk"
                    " ALTER COLUMN credits_json TYPE json USING credits_json::json,"
                    " ALTER COLUMN credits_json SET DEFAULT '[]'",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="talk",
                    name="credits_json",
                    field=models.JSONField(default=list, editable=False),
                ),
                migrations.AddIndex(
                    model_name="talk",
                    index=models.Index(*SCHEDULE_ORDER, name="talk_schedule_order"),
                ),
                migrations.AddIndex(
                    model_name="talk",
                    index=models.Index(
                        *SCHEDULE_ORDER,
                        condition=models.Q(("kind", "keynote")),
                        name="talk_keynote_order",
                    ),
                ),
                migrations.AddIndex(
                    model_name="talk",
                    index=models.Index(
                        condition=models.Q(("is_published", True)),
                        fields=["id"],
                        include=("edition",),
                        name="talk_published",
                    ),
                ),
            ],
        ),
    ]
