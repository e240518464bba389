"""The archive version: one row PostgreSQL changes whenever a table public pages read is written.

Why triggers and not signals: the admin's actions use queryset.update(), imports write in
bulk, merges and the search triggers (talks 0002, 0007, 0008) UPDATE talks_talk from SQL,
and organisers may fix things in psql. A statement trigger sees every one of them.

How: a BEFORE ... FOR EACH STATEMENT trigger on each public table adds one to the version,
once per transaction (a transaction-local setting remembers it, so an import of thousands
of rows writes the row once, and the search triggers' own UPDATEs of talks_talk do not
write it again; ArchiveVersion.current() forgets it, so that a transaction that reads the
version and writes again, as a test does, gets another). A missing row (a flushed test
database) comes back at the clock's microseconds, above any count it had, so a version
never comes back.

Writers serialise on the row: a transaction that writes the archive holds its lock from its
first public write until it commits, and a second writer waits. Acceptable for an archive
with a handful of writers (organisers, an import, the rendition worker). The trigger runs
BEFORE the statement so that the lock is taken before the statement locks any archive row,
which keeps two writers from deadlocking on it. Readers never wait: they read the
committed row, so a page is never cached under a version whose data is not yet visible.

Sessions, users, axes and the task queue have no trigger: they never change a public page.
A new table that public pages read needs the same trigger (see ARCHIVE_TABLES).
"""

from django.db import migrations, models

ARCHIVE_TABLES = (
    "conference_edition",
    "talks_company",
    "talks_speaker",
    "talks_project",
    "talks_talk",
    "talks_talkspeaker",
    "talks_talk_projects",
    "photos_gallery",
    "photos_photo",
    "photos_photo_speakers",
    "photos_rendition",
)

# The first value: the clock in microseconds (see above).
FIRST_VERSION = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"

FUNCTION = rf"""
CREATE OR REPLACE FUNCTION archive_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The setting is local to the transaction, and undone with a rolled-back savepoint.
    IF current_setting('archive.version_bumped', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO conference_archiveversion AS archive (id, version)
        VALUES (1, {FIRST_VERSION})
        ON CONFLICT (id) DO UPDATE SET version = archive.version + 1;
        PERFORM set_config('archive.version_bumped', 'on', true);
    END IF;
    RETURN NULL;
END
$$;
INSERT INTO conference_archiveversion (id, version) VALUES (1, {FIRST_VERSION});
"""

TRIGGERS = "\n".join(
    f"CREATE TRIGGER {table}_archive_version"
    f" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
    " FOR EACH STATEMENT EXECUTE FUNCTION archive_version_bump();"
    for table in ARCHIVE_TABLES
)

DROP = "\n".join(
    [f"DROP TRIGGER IF EXISTS {table}_archive_version ON {table};" for table in ARCHIVE_TABLES]
    + ["DROP FUNCTION IF EXISTS archive_version_bump();"]
)


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0003_import_fields"),
        ("talks", "0008_search_description"),
        ("photos", "0003_rendition_status"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("version", models.BigIntegerField(default=0, editable=False)),
            ],
            options={
                "verbose_name": "archive version",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="archive_version_single_row"
                    )
                ],
            },
        ),
        migrations.RunSQL(FUNCTION + TRIGGERS, DROP),
    ]
