-- What a talk is found by beside its own text (weight D): its edition's name, city and
-- venue and its projects' descriptions, in English and in Russian. Each language's values
-- are stemmed as that language, so "Санкт-Петербурге" finds the talks of an edition in
-- "Санкт-Петербург" as "Saint Petersburg" does. Kept fresh by archive_edition_changed and
-- archive_project_changed.
CREATE OR REPLACE FUNCTION archive_talk_context_vector(talk bigint, edition bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT coalesce((
        SELECT setweight(
                   to_tsvector('english', concat_ws(' ', e.name_en, e.city_en, e.venue_en, p.en))
                || to_tsvector('russian', concat_ws(' ', e.name_ru, e.city_ru, e.venue_ru, p.ru)),
                   'D')
          FROM conference_edition e,
               LATERAL (SELECT string_agg(project.description_en, ' ') AS en,
                               string_agg(project.description_ru, ' ') AS ru
                          FROM talks_talk_projects tp
                          JOIN talks_project project ON project.id = tp.project_id
                         WHERE tp.talk_id = talk) AS p
         WHERE e.id = edition
    ), ''::tsvector)
$$;
