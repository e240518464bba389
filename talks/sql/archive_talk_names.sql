-- Names of the people, companies and projects of one talk, as one text: both spellings
-- of a speaker's or company's name, so that either script finds the talk.
CREATE OR REPLACE FUNCTION archive_talk_names(talk bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ',
        (SELECT string_agg(concat_ws(' ', s.name_en, s.name_ru, array_to_string(s.aliases, ' '),
                                     c.name_en, c.name_ru, array_to_string(c.aliases, ' ')),
                           ' ')
           FROM talks_talkspeaker ts
           JOIN talks_speaker s ON s.id = ts.speaker_id
           LEFT JOIN talks_company c ON c.id = ts.company_id
          WHERE ts.talk_id = talk),
        (SELECT string_agg(p.name, ' ')
           FROM talks_talk_projects tp
           JOIN talks_project p ON p.id = tp.project_id
          WHERE tp.talk_id = talk)
    )
$$;
