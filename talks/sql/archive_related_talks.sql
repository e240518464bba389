-- Up to six public talks related to `talk`, best first: those sharing its topics (the
-- "auto" and "added" ones), speakers and projects, each shared thing weighing what it
-- says, ln(talks / talks having it): a topic most talks carry says little, a speaker
-- with two talks or a project with three says much. Ties go to the newer talk. Drafts
-- are never candidates (the talk page's reader checks again when it reads them).
CREATE OR REPLACE FUNCTION archive_related_talks(talk bigint) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
    WITH total AS (SELECT count(*)::float8 + 1 AS talks FROM talks_talk),
    shared AS (
        SELECT other.talk_id, weight.value
          FROM talks_talktopic mine
         CROSS JOIN LATERAL (
               SELECT ln((SELECT talks FROM total) / count(*)) AS value
                 FROM talks_talktopic holder
                WHERE holder.topic_id = mine.topic_id AND holder.source IN ('auto', 'added')
               ) AS weight
          JOIN talks_talktopic other
            ON other.topic_id = mine.topic_id AND other.talk_id <> talk
           AND other.source IN ('auto', 'added')
         WHERE mine.talk_id = talk AND mine.source IN ('auto', 'added')
        UNION ALL
        SELECT other.talk_id, weight.value
          FROM talks_talkspeaker mine
         CROSS JOIN LATERAL (
               SELECT ln((SELECT talks FROM total) / count(*)) AS value
                 FROM talks_talkspeaker holder WHERE holder.speaker_id = mine.speaker_id
               ) AS weight
          JOIN talks_talkspeaker other
            ON other.speaker_id = mine.speaker_id AND other.talk_id <> talk
         WHERE mine.talk_id = talk
        UNION ALL
        SELECT other.talk_id, weight.value
          FROM talks_talk_projects mine
         CROSS JOIN LATERAL (
               SELECT ln((SELECT talks FROM total) / count(*)) AS value
                 FROM talks_talk_projects holder WHERE holder.project_id = mine.project_id
               ) AS weight
          JOIN talks_talk_projects other
            ON other.project_id = mine.project_id AND other.talk_id <> talk
         WHERE mine.talk_id = talk
    )
    SELECT ARRAY(
        SELECT shared.talk_id
          FROM shared
          JOIN talks_talk candidate ON candidate.id = shared.talk_id
          JOIN conference_edition edition ON edition.id = candidate.edition_id
         WHERE candidate.is_published AND edition.is_published
         GROUP BY shared.talk_id
         ORDER BY sum(shared.value) DESC, max(candidate.start) DESC NULLS LAST, shared.talk_id DESC
         LIMIT 6)
$$;
