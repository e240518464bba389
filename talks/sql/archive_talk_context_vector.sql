-- What a talk is found by beside its own text (weight D): its edition's name, city and
-- venue, its track's and room's names and its projects' descriptions, in English and in
-- Russian. Each language's values are stemmed as that language, so "Санкт-Петербурге"
-- finds the talks of an edition in "Санкт-Петербург" as "Saint Petersburg" does, and
-- "Безопасность" the talks of the "Security" track that has that Russian name. The track
-- and room come as arguments, like the edition: a row trigger's talk is not in the table
-- yet. Kept fresh by archive_edition_changed, archive_programme_renamed and
-- archive_project_changed.
CREATE OR REPLACE FUNCTION archive_talk_context_vector(
    talk bigint, edition bigint, track bigint, room bigint
) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT coalesce((
        SELECT setweight(
                   to_tsvector('english', concat_ws(' ', e.name_en, e.city_en, e.venue_en,
                                                    tr.name_en, r.name_en, p.en))
                || to_tsvector('russian', concat_ws(' ', e.name_ru, e.city_ru, e.venue_ru,
                                                    tr.name_ru, r.name_ru, p.ru)),
                   'D')
          FROM conference_edition e
          LEFT JOIN talks_track tr ON tr.id = track
          LEFT JOIN talks_room r ON r.id = room,
               LATERAL (SELECT string_agg(project.description_en, ' ') AS en,
                               string_agg(project.description_ru, ' ') AS ru
                          FROM talks_talk_projects tp
                          JOIN talks_project project ON project.id = tp.project_id
                         WHERE tp.talk_id = talk) AS p
         WHERE e.id = edition
    ), ''::tsvector)
$$;
