-- The stored related talks (talks_talk.related_ids) around the given talks, after their
-- topics, speakers, projects or publication changed: their own, those of the talks they
-- listed and of the talks listing them, then those of the talks they list now (a score
-- is symmetric, so a talk that now ranks high for them may rank them high in turn). A
-- row is written only when its list changes.
CREATE OR REPLACE FUNCTION archive_refresh_related(talk_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    around bigint[];
    listed bigint[];
BEGIN
    IF coalesce(cardinality(talk_ids), 0) = 0 THEN
        RETURN;
    END IF;
    around := ARRAY(
        SELECT unnest(talk_ids)
        UNION SELECT unnest(t.related_ids) FROM talks_talk t WHERE t.id = ANY(talk_ids)
        UNION SELECT t.id FROM talks_talk t WHERE t.related_ids && talk_ids);
    UPDATE talks_talk t SET related_ids = fresh.ids
      FROM (SELECT id, archive_related_talks(id) AS ids FROM unnest(around) AS id) AS fresh
     WHERE t.id = fresh.id AND t.related_ids IS DISTINCT FROM fresh.ids;
    listed := ARRAY(
        SELECT unnest(t.related_ids) FROM talks_talk t WHERE t.id = ANY(talk_ids)
        EXCEPT SELECT unnest(around));
    UPDATE talks_talk t SET related_ids = fresh.ids
      FROM (SELECT id, archive_related_talks(id) AS ids FROM unnest(listed) AS id) AS fresh
     WHERE t.id = fresh.id AND t.related_ids IS DISTINCT FROM fresh.ids;
END
$$;
