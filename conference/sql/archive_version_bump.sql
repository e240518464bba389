-- The archive version (conference migration 0004 says why): one more, once per
-- transaction that writes a table public pages read. A missing row (a flushed test
-- database) comes back at the clock's microseconds, above any count it had.
CREATE OR REPLACE FUNCTION archive_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The setting is local to the transaction, and undone with a rolled-back savepoint.
    IF current_setting('archive.version_bumped', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO conference_archiveversion AS archive (id, version)
        VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
        ON CONFLICT (id) DO UPDATE SET version = archive.version + 1;
        PERFORM set_config('archive.version_bumped', 'on', true);
    END IF;
    RETURN NULL;
END
$$;
