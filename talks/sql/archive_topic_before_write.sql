-- A topic row itself (the trigger topic_before_write, talks migration 0027): its name
-- and terms of each language as that language's tsquery (the name is a term too), and
-- every lexeme of them, which search checks a query against (archive_query_topics). The
-- columns are never Django's to write: whatever a save() sends is replaced here.
CREATE OR REPLACE FUNCTION archive_topic_before_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.query_en := archive_topic_query(array_append(NEW.terms_en, NEW.name_en), 'english');
    NEW.query_ru := archive_topic_query(array_append(NEW.terms_ru, NEW.name_ru), 'russian');
    NEW.lexemes := ARRAY(
        SELECT DISTINCT lexeme
          FROM unnest(tsvector_to_array(
                   to_tsvector('english', concat_ws(' ', NEW.name_en,
                                                    array_to_string(NEW.terms_en, ' ')))
                || to_tsvector('russian', concat_ws(' ', NEW.name_ru,
                                                    array_to_string(NEW.terms_ru, ' ')))))
               AS lexeme
         ORDER BY 1);
    RETURN NEW;
END
$$;
