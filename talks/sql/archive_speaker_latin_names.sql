-- Speaker.latin_names: both spellings of the name and the aliases as the search document
-- spells them, for suggestions (talks migrations 0011, 0021). An empty spelling is left
-- out, so that the text starts with a name (suggestions rank a match there first). The
-- trigger also fires on UPDATE OF latin_names: a Django save() writes the field's old
-- value back, and this puts the right one in.
CREATE OR REPLACE FUNCTION archive_speaker_latin_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.latin_names := archive_translit(unaccent(
        concat_ws(' ', NULLIF(NEW.name_en, ''), NULLIF(NEW.name_ru, ''),
                  array_to_string(NEW.aliases, ' '))));
    RETURN NEW;
END
$$;
