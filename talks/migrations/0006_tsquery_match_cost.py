"""Tell the planner that matching a document against a query is costly.

PostgreSQL rates `tsvector @@ tsquery` (ts_match_vq) like an integer comparison, so for a
LIMIT it prefers reading the table in order and testing every row's document over a
bitmap scan of the GIN index, which needs no test at all. On 20,000 talks the sequential
plan took 12 ms where the bitmap took 3 ms (bench/search.py). A cost of 100 makes the
planner weigh that test as what it is.

ts_match_vq belongs to the system catalog, so only a superuser may change its cost: the
embedded server's role is one. Elsewhere this step does nothing, and a database owner can
run the ALTER FUNCTION below once (docs/deploy.md); search stays correct either way.
"""

from django.db import migrations

RAISE_COST = r"""
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) COST 100;
    END IF;
END
$$;
"""

DEFAULT_COST = r"""
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) COST 1;
    END IF;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("talks", "0005_import_fields")]

    operations = [migrations.RunSQL(RAISE_COST, DEFAULT_COST)]
