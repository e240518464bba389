"""The archive's vocabulary for search's typo correction (issue 19; talks/vocabulary.py,
talks/typos.py).

- fuzzystrmatch, for levenshtein_less_equal in archive_word_candidates.
- SearchWord (a word or multi-word name of the public talks, its Latin spelling and its
  document frequency, trigram-indexed) and TalkWords (what each talk last counted).
- The functions (talks/sql/): archive_talk_words, archive_refresh_talk_words, the trigger
  functions archive_talk_words_changed and archive_edition_words_changed, and
  archive_word_candidates; statement triggers on talks_talk (insert, update, delete) and
  on conference_edition (update) keep the two tables.
- Every talk counted once, here.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

from conference.db.functions import sql_for

FUNCTIONS = (
    "archive_talk_words",
    "archive_refresh_talk_words",
    "archive_talk_words_changed",
    "archive_edition_words_changed",
    "archive_word_candidates",
)

TRIGGERS = """
CREATE TRIGGER talk_words_insert AFTER INSERT ON talks_talk
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_talk_words_changed();
CREATE TRIGGER talk_words_update AFTER UPDATE ON talks_talk
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_talk_words_changed();
CREATE TRIGGER talk_words_delete AFTER DELETE ON talks_talk
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_talk_words_changed();
CREATE TRIGGER edition_words_update AFTER UPDATE ON conference_edition
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_edition_words_changed();
SELECT archive_refresh_talk_words(ARRAY(SELECT id FROM talks_talk ORDER BY id));
"""

DROP = """
DROP TRIGGER talk_words_insert ON talks_talk;
DROP TRIGGER talk_words_update ON talks_talk;
DROP TRIGGER talk_words_delete ON talks_talk;
DROP TRIGGER edition_words_update ON conference_edition;
DROP FUNCTION archive_word_candidates(text, integer);
DROP FUNCTION archive_edition_words_changed();
DROP FUNCTION archive_talk_words_changed();
DROP FUNCTION archive_refresh_talk_words(bigint[]);
DROP FUNCTION archive_talk_words(bigint, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0008_edition_content_in_english_and_russian"),
        ("talks", "0025_slide_text_in_search"),
    ]

    operations = [
        CreateExtension("fuzzystrmatch"),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
                ("latin", models.TextField()),
                ("talks", models.IntegerField()),
            ],
            options={
                "verbose_name": "search word",
                "indexes": [
                    GinIndex(
                        fields=["latin"], name="searchword_latin_trgm", opclasses=("gin_trgm_ops",)
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TalkWords",
            fields=[
                ("talk_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("words", ArrayField(base_field=models.TextField(), default=list, size=None)),
                ("is_public", models.BooleanField(default=False)),
            ],
            options={"verbose_name": "talk's words"},
        ),
        migrations.RunSQL(sql_for(*FUNCTIONS) + TRIGGERS, DROP),
    ]
