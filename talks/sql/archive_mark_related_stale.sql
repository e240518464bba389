-- The talks whose stored related talks (talks_talk.related_ids) may now be out of date,
-- written down for the refresh task (talks/related.py): the triggers that see topics,
-- speakers, projects or publication change only note the talks, once each, and return
-- at once; the costly recomputation (archive_refresh_related) runs in the background.
CREATE OR REPLACE FUNCTION archive_mark_related_stale(talk_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO talks_stalerelatedtalk (talk_id)
    SELECT DISTINCT id FROM unnest(talk_ids) AS id WHERE id IS NOT NULL
    ON CONFLICT DO NOTHING
$$;
