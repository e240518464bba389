-- Recompute what the database keeps on the rows of the given talks (after a change in a
-- related table): the search document, the facet arrays and the credits.
--
-- credits_json is what talks.readers.rows reads for every list of talks: the credits in
-- TalkSpeaker order, each {"id", "position", "speaker": {"id", "name_en", "name_ru",
-- "slug"}, "company": {"id", "name_en", "name_ru", "slug"} or null}: both spellings of
-- each name, so that a list shows each credit in the reader's script (talks migration
-- 0021). Readers use the keys, so a key added here (a speaker's field shown in credits)
-- changes no reader's unpacking.
CREATE OR REPLACE FUNCTION archive_refresh_talk_search(talk_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE talks_talk t
       SET search_vector = archive_talk_vector(
               t.id, t.edition_id, t.track_id, t.room_id, t.language, t.title,
               t.other_title, t.subtitle,
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
                              'id', speaker.id, 'name_en', speaker.name_en,
                              'name_ru', speaker.name_ru, 'slug', speaker.slug),
                          'company', CASE WHEN company.id IS NOT NULL THEN jsonb_build_object(
                              'id', company.id, 'name_en', company.name_en,
                              'name_ru', company.name_ru, 'slug', company.slug)
                          END)
                      ORDER BY credit.position, credit.id)
               FROM talks_talkspeaker AS credit
               JOIN talks_speaker AS speaker ON speaker.id = credit.speaker_id
               LEFT JOIN talks_company AS company ON company.id = credit.company_id
               WHERE credit.talk_id = t.id
           ), '[]')
     WHERE t.id = ANY(talk_ids)
$$;
