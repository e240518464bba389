"""Database plumbing: the PostgreSQL backends and what sits right on top of them.

The embedded server and the backend that starts it lazily (embedded_db, embedded/), the
PostgreSQL backend for a server of one's own (postgresql/), the database functions kept
one per SQL file (functions), model instances from hand-written SQL rows (raw_rows), and
deleting stored files once the transaction that deleted their rows has committed
(stored_files), and the created/updated columns of the archive's models (timestamps).

The apps use these; nothing here imports talks or photos
(tests/test_import_direction.py holds it so).
"""
