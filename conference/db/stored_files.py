"""Deleting stored files (photo originals and renditions, slides) whatever the storage.

Rows that own files (photos, renditions, talks' slides) are deleted in a transaction; their
files can only go once that transaction has committed: a rolled-back delete must find its
files where they were. Deleting a file cannot be undone, so it comes last.
"""

import logging
from functools import partial

from botocore.exceptions import BotoCoreError, ClientError
from django.db import transaction

logger = logging.getLogger(__name__)

# What a storage raises when it cannot be reached or refuses a write: the filesystem's
# OSError, and botocore's errors on S3 (they are not OSErrors).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


def delete_quietly(storage, names) -> list[str]:
    """Delete files during a clean-up; return the names that could not be deleted.

    Clean-ups run while another error is being handled, or after a commit that nothing
    can undo: a storage that fails must not replace that error with its own, or fail a
    request whose rows are gone already, so failures are logged, not raised.
    """
    failed = []
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.exception("Could not delete %s from %s", name, storage)
            failed.append(name)
    return failed


def delete_on_commit(storage, names) -> None:
    """Delete `names` from `storage` once the current transaction commits.

    Nothing is deleted if it rolls back. Outside a transaction (autocommit) they are
    deleted at once. Storage failures are logged (see delete_quietly).
    """
    names = [name for name in names if name]
    if names:
        transaction.on_commit(partial(delete_quietly, storage, names), robust=True)
