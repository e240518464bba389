"""Operations: what an operator runs beside the site, not what visitors or organisers see.

- backup/: the whole archive (database and both media storages) into one file, and back
  (`manage.py backup`, `manage.py restore`);
- worker_recovery: tasks of a worker that died put back in the queue
  (`manage.py requeue_stale_tasks`).

The management commands in conference/management/commands/ are thin wrappers around these;
docs/operations.md is the procedure.
"""
