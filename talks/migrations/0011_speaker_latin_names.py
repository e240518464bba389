"""Speaker.latin_names: a speaker's name and aliases as the search document spells them,
kept by a trigger, with a trigram index, for suggestions while typing.

Suggestions computed archive_translit(unaccent(name || aliases)) for every speaker on
every keystroke: 35 ms for 8,000 speakers. The stored spelling is matched with LIKE,
which the trigram index serves from three characters on.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

# Also on UPDATE OF latin_names: a Django save() writes the field's old value back, and
# the trigger puts the right one in its place. The UPDATE fills existing rows, with the
# search refresh of their talks off for it (nothing the search document holds changes).
TRIGGER = """
CREATE FUNCTION archive_speaker_latin_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.latin_names := archive_translit(unaccent(
        concat_ws(' ', NEW.name, array_to_string(NEW.aliases, ' '))));
    RETURN NEW;
END
$$;
CREATE TRIGGER speaker_latin_names
    BEFORE INSERT OR UPDATE OF name, aliases, latin_names ON talks_speaker
    FOR EACH ROW EXECUTE FUNCTION archive_speaker_latin_names();
ALTER TABLE talks_speaker DISABLE TRIGGER speaker_update_search;
UPDATE talks_speaker SET latin_names = '';
ALTER TABLE talks_speaker ENABLE TRIGGER speaker_update_search;
"""

DROP_TRIGGER = """
DROP TRIGGER speaker_latin_names ON talks_speaker;
DROP FUNCTION archive_speaker_latin_names();
"""


class Migration(migrations.Migration):
    dependencies = [("talks", "0010_talk_schedule_order")]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="latin_names",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunSQL(TRIGGER, DROP_TRIGGER),
        migrations.AddIndex(
            model_name="speaker",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["latin_names"],
                name="speaker_latin_names_trgm",
                opclasses=("gin_trgm_ops",),
            ),
        ),
    ]
