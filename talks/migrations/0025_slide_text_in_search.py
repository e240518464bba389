"""Slide text in the talks' search document, at the lowest weight (D), in the talk's
language; slide pages refresh their talk's document when they change, and bump the
archive version (cached pages showing slides go stale).

archive_talk_vector now reads talks_slidepage through archive_talk_slides_text, where
that table exists: earlier migrations run today's archive_talk_vector (see
conference/db/functions.py) before talks 0024 creates it. Only talks with a deck can
have slide text, so only they are refreshed here.
"""

from django.db import migrations

from conference.db.functions import sql_for

FUNCTIONS = ("archive_talk_slides_text", "archive_talk_vector", "archive_slides_changed")

TRIGGERS = """
CREATE TRIGGER slidepage_insert_search AFTER INSERT ON talks_slidepage
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_slides_changed();
CREATE TRIGGER slidepage_delete_search AFTER DELETE ON talks_slidepage
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION archive_slides_changed();
CREATE TRIGGER talks_slidepage_archive_version
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON talks_slidepage
    FOR EACH STATEMENT EXECUTE FUNCTION archive_version_bump();
CREATE TRIGGER talks_slideimage_archive_version
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON talks_slideimage
    FOR EACH STATEMENT EXECUTE FUNCTION archive_version_bump();
"""

DROP_TRIGGERS = """
DROP TRIGGER slidepage_insert_search ON talks_slidepage;
DROP TRIGGER slidepage_delete_search ON talks_slidepage;
DROP TRIGGER talks_slidepage_archive_version ON talks_slidepage;
DROP TRIGGER talks_slideimage_archive_version ON talks_slideimage;
"""

# archive_talk_vector as talks 0022 left it, for the way back.
PREVIOUS_VECTOR = """
-- A talk's search document: title and subtitle (A), and the title in the other language
-- stemmed as that language (A); the names of its speakers, their companies and its
-- projects with their Latin transliteration (B), the text (C); its edition's and its
-- track's, room's and projects' bilingual text, each language stemmed as itself (D,
-- archive_talk_context_vector).
CREATE OR REPLACE FUNCTION archive_talk_vector(
    talk bigint, edition bigint, track bigint, room bigint, language text, title text,
    other_title text, subtitle text,
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
        || archive_talk_context_vector(talk, edition, track, room);
END
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION archive_slides_changed();
DROP FUNCTION archive_talk_slides_text(bigint);
"""

REFRESH_WITH_SLIDES = (
    "SELECT archive_refresh_talk_search(ARRAY(SELECT talk_id FROM talks_slidedeck))"
)


class Migration(migrations.Migration):
    dependencies = [("talks", "0024_slide_decks")]

    operations = [
        migrations.RunSQL(
            sql_for(*FUNCTIONS) + TRIGGERS + REFRESH_WITH_SLIDES,
            DROP_TRIGGERS + PREVIOUS_VECTOR + DROP_FUNCTIONS + REFRESH_WITH_SLIDES,
        ),
    ]
