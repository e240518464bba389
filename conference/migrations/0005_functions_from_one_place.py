"""(Re)create archive_version_bump from its one place, conference/sql/ (see
conference.db.functions). Its text equals the one conference.0004 made: this changes
nothing in the database, and from now on a change to it is a change to that file."""

from django.db import migrations

from conference.db.functions import sql_for


class Migration(migrations.Migration):
    dependencies = [("conference", "0004_archive_version")]

    operations = [migrations.RunSQL(sql_for("archive_version_bump"), migrations.RunSQL.noop)]
