"""English sentences the generated abstracts of the sample are made of (abstract_text.py).

TOPIC holds, for each topic of vocabulary.TOPICS (by its English title), sentences about
that topic alone, so that an abstract reads as one subject and search over the sample
finds its terms; ENGINEERING holds sentences that fit any talk about running or building
on PostgreSQL. Placeholders: {company}, {servers}, {years}, {version}.
"""

from conference.sample import vocabulary

TOPIC = {
    "Logical replication in PostgreSQL": (
        "We replaced trigger-based replication with publications and subscriptions and "
        "cut the lag from minutes to seconds.",
        "Tables without a primary key, sequences and DDL are not replicated, and each "
        "needs its own plan.",
        "A replication slot that nobody consumes keeps WAL forever; we show how we watch for "
        "that before the disk fills up.",
        "The same mechanism moved a 3 TB database to PostgreSQL {version} with a switchover "
        "of under a minute.",
    ),
    "Streaming replication and failover": (
        "Synchronous replicas protect every commit but add a network round trip to each of "
        "them; we measured what that costs.",
        "Replication lag is not one number: sent, written, flushed and replayed positions "
        "tell different stories.",
        "After a failover the old primary has to be rewound with pg_rewind before it can "
        "follow the new one.",
        "We walk through a real incident in which a standby was promoted while the old "
        "primary still accepted writes.",
    ),
    "High availability with Patroni": (
        "Patroni keeps its leader key in etcd, so a network partition decides who may stay "
        "primary, not the loudest node.",
        "Switchovers become a routine operation that the on-call engineer can run during "
        "working hours.",
        "We cover the settings that matter most: the loop wait, the TTL and the maximum lag "
        "a replica may have to be promoted.",
        "Fencing, watchdog devices and synchronous mode close the gaps that remain after "
        "the default setup.",
    ),
    "Connection pooling with PgBouncer": (
        "Transaction pooling breaks session state: prepared statements, advisory locks and "
        "SET commands need care.",
        "One PgBouncer process uses a single core, so busy clusters run several of them "
        "behind the same port.",
        "We show how pool sizes follow from the number of CPU cores on the database server, "
        "not from the number of clients.",
        "Timeouts on the pooler side turn a stuck application into an error instead of an "
        "exhausted server.",
    ),
    "Odyssey, a multi-threaded connection pooler": (
        "Odyssey was written when a single-threaded pooler became the bottleneck in front "
        "of a busy cluster.",
        "Routes let one pooler serve many databases and users, each with its own pool size "
        "and limits.",
        "We compare its throughput with PgBouncer on the same hardware and explain where the "
        "difference comes from.",
        "Cancel requests, TLS termination and prepared statements in transaction mode are "
        "covered in detail.",
    ),
    "Backups and point-in-time recovery with WAL-G": (
        "Delta backups read only the pages changed since the previous backup, which keeps "
        "nightly backups of large clusters short.",
        "WAL archiving in parallel keeps up with write-heavy databases that produce "
        "gigabytes of WAL per minute.",
        "A backup nobody has restored is only a hope: we restore every backup automatically "
        "and check the result.",
        "Point-in-time recovery saved us after a migration dropped the wrong column in production.",
    ),
    "Incremental backups with pg_probackup": (
        "Page-level incremental backups track changed blocks through the WAL or a "
        "dedicated extension.",
        "Validation reads every backup and checks page checksums, long before the day it "
        "is needed.",
        "Merging incremental chains into a full backup keeps the catalog small without "
        "taking a new full copy.",
        "We restore a single database from a cluster backup and explain what partial "
        "restore can and cannot do.",
    ),
    "pgBackRest in production": (
        "Parallel compression with zstd made our backups three times faster than with "
        "gzip on the same machines.",
        "A dedicated repository host keeps backups safe even when a database server is lost.",
        "Resumed backups and checksum verification protect against the half-written "
        "archives we used to find.",
        "We show the retention rules we use and how long a restore of a 5 TB cluster really takes.",
    ),
    "Fighting table bloat with pg_repack": (
        "Bloat shows up as tables that grow while the number of rows stays the same, and "
        "as indexes twice their needed size.",
        "pg_repack copies a table in the background and swaps it in with a short exclusive "
        "lock at the end.",
        "Long-running transactions and replication slots keep dead rows alive and make any "
        "cleanup useless.",
        "We estimate bloat from the statistics views before deciding which tables are "
        "worth rebuilding.",
    ),
    "Partitioning large tables": (
        "Declarative partitioning in PostgreSQL {version} removes most of the trigger "
        "code older schemes needed.",
        "Partition pruning at planning and at execution time decides whether a query reads "
        "two partitions or two thousand.",
        "Detaching and dropping a month of data is instant, where a DELETE would have "
        "bloated the table for weeks.",
        "We show how we moved a live table of four billion rows to a partitioned one "
        "without stopping writes.",
    ),
    "Spatial data with PostGIS": (
        "GiST indexes on geometry columns turn a search for nearby objects into a few "
        "index pages read.",
        "Choosing between geometry and geography is a trade-off between speed and "
        "accuracy on a round Earth.",
        "We load OpenStreetMap extracts and show the queries behind a delivery zone service.",
        "Clustering points and simplifying shapes on the server keeps map tiles small.",
    ),
    "Time-series data with TimescaleDB": (
        "Hypertables look like ordinary tables to the application while chunks keep each "
        "day's data apart.",
        "Native compression shrank our metrics tables by a factor of ten and made old "
        "queries faster, not slower.",
        "Continuous aggregates keep hourly and daily rollups up to date as new data arrives.",
        "Retention policies drop whole chunks, so expiring old data costs nothing.",
    ),
    "Sharding PostgreSQL with Citus": (
        "Choosing the distribution column is the decision that everything else depends on.",
        "Reference tables are copied to every node, so joins with them stay local.",
        "We show how a multi-tenant application moved to Citus with few changes to its queries.",
        "Rebalancing shards onto new nodes happens online while the application keeps writing.",
    ),
    "Query planning and EXPLAIN": (
        "Row estimates that are off by a factor of a thousand lead the planner to a "
        "nested loop over a million rows.",
        "Extended statistics teach the planner that columns such as city and postal code "
        "depend on each other.",
        "We read real plans node by node: where the time goes, where buffers are read and "
        "where memory spills to disk.",
        "Generic and custom plans for prepared statements explain why the same query is "
        "sometimes slow.",
    ),
    "B-tree, GIN, GiST and BRIN indexes": (
        "Multicolumn, partial and covering indexes often replace three single-column "
        "indexes nobody uses.",
        "A BRIN index of a few megabytes can serve a time-ordered table of a terabyte.",
        "Unused and duplicate indexes cost every insert and update; we show how to find them.",
        "Index-only scans depend on the visibility map, which ties index design to vacuum.",
    ),
    "Full-text search in PostgreSQL": (
        "A stored tsvector column with weights puts matches in titles ahead of matches in "
        "the body text.",
        "Russian and English need their own dictionaries and stemmers, and a document may "
        "contain both.",
        "ts_headline highlights the matching words in snippets, but it is slow and should "
        "run on the final page only.",
        "Trigram indexes from pg_trgm catch the typos that full-text search alone misses.",
    ),
    "JSONB in practice": (
        "We started with everything in one JSONB column and moved the fields we query "
        "most back into real columns.",
        "GIN indexes with jsonb_path_ops are smaller and faster for containment queries.",
        "Updating one key rewrites the whole document, which matters for large documents "
        "that change often.",
        "SQL/JSON path expressions in PostgreSQL {version} make complex filters readable.",
    ),
    "Monitoring PostgreSQL with pg_stat_statements": (
        "Normalised query statistics show which ten queries use most of the database's time.",
        "Wait events tell whether a slow database is busy on CPU, on disk or on locks.",
        "We keep snapshots of the statistics every minute, because totals since the last "
        "restart hide every incident.",
        "Alerts on replication lag, transaction age and free disk space catch most "
        "outages before users do.",
    ),
    "Autovacuum tuning": (
        "The default scale factor waits until a fifth of a table has changed, far too "
        "late for a table of a billion rows.",
        "Cost limits and delays decide how fast autovacuum may work; on modern disks they "
        "can be raised a lot.",
        "Anti-wraparound vacuum cannot be cancelled, so it should never be the first "
        "vacuum a large table sees.",
        "We show which per-table settings we use for queues, logs and append-only tables.",
    ),
    "Migrating from Oracle to PostgreSQL": (
        "ora2pg converted most of the schema; the packages, autonomous transactions and "
        "global variables needed manual work.",
        "Implicit type conversions and empty strings treated as NULL broke queries in "
        "ways the tests did not show.",
        "We ran both databases side by side for months and compared the results of every report.",
        "The licence savings paid for the project within a year, but the main gain was "
        "freedom to change.",
    ),
    "PostgreSQL on Kubernetes": (
        "Persistent volumes, anti-affinity and resource limits decide whether a database "
        "pod survives a node failure.",
        "The operator creates clusters, backups and users from a few lines of YAML.",
        "We explain how we connect the clusters to existing monitoring and backup systems.",
        "Not every database belongs in Kubernetes, and we explain which ones we keep on "
        "virtual machines.",
    ),
    "MVCC and transaction isolation": (
        "Every update creates a new row version, and old versions stay until no "
        "transaction can see them.",
        "Repeatable read takes one snapshot for the whole transaction; read committed "
        "takes a new one for every statement.",
        "Serializable isolation prevents write skew, at the cost of retrying transactions "
        "that fail.",
        "We demonstrate the anomalies live, with two sessions side by side.",
    ),
    "Row-level security": (
        "Policies are plain SQL expressions added to every query on a table, for every "
        "role they apply to.",
        "Forgetting that table owners bypass policies by default is the most common mistake.",
        "Security-barrier views and leakproof functions keep the planner from revealing "
        "hidden rows.",
        "We measure the overhead of policies on a multi-tenant schema with a thousand tenants.",
    ),
    "Parallel query execution": (
        "Parallel workers are taken from a shared pool, so one large report can starve "
        "the other queries.",
        "Settings such as max_parallel_workers_per_gather and the parallel costs decide "
        "whether a plan goes parallel.",
        "Functions not marked parallel safe silently keep a whole query serial.",
        "We show reports that became eight times faster, and queries that became slower.",
    ),
    "Write-ahead log internals": (
        "Full-page writes after each checkpoint explain why WAL volume jumps when "
        "checkpoints are frequent.",
        "Longer checkpoint intervals reduce WAL but lengthen crash recovery, and we show "
        "how to choose.",
        "WAL compression and larger segments help on write-heavy systems.",
        "pg_waldump lets us see which tables and operations produce the most WAL.",
    ),
    "Foreign data wrappers": (
        "postgres_fdw pushes joins, sorts and aggregates down to the remote server when it can.",
        "We query MySQL, files and an HTTP API as if they were local tables.",
        "Import foreign schema saves writing hundreds of table definitions by hand.",
        "Writing a wrapper of our own in Python with Multicorn took a day, not a month.",
    ),
    "Writing PostgreSQL extensions": (
        "An extension packages types, functions and operators so that they install and "
        "upgrade with one command.",
        "We write a function in C, then the same in PL/pgSQL and in Rust, and compare them.",
        "Hooks let an extension change planning and execution without patching PostgreSQL itself.",
        "Regression tests with pg_regress keep an extension working across PostgreSQL versions.",
    ),
}

ENGINEERING = (
    *vocabulary.CONTEXT_EN,
    "Every recommendation comes with the measurement that made us choose it.",
    "We also cover what we tried first and why it did not work.",
    "The scripts and dashboards shown in the talk are open source.",
    "No prior knowledge of the internals is needed; familiarity with SQL is enough.",
    "The second half of the talk is a list of questions to ask before doing the same at home.",
    "Our setup started on one server {years} years ago and grew to {servers}.",
    "We finish with what we would do differently if we started again.",
)
