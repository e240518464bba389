"""When a row was created and last changed: the two columns most archive models carry.

Django sets both as it saves (auto_now_add, auto_now). A restore of the archive's own
rows (conference/dump/, import_dump) must insert them with the times they had instead,
in the one INSERT that creates them: a second UPDATE to put the times back would write
every row twice and run its triggers again. Inside given_timestamps(), a value already
on an instance is kept.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

_keep_given = ContextVar("keep_given_timestamps", default=False)


@contextmanager
def given_timestamps():
    """Inside, saving or bulk-creating a Timestamped row keeps the created_at and
    updated_at set on it (one left None is still set to now). Per thread and task."""
    token = _keep_given.set(True)
    try:
        yield
    finally:
        _keep_given.reset(token)


class StampField(models.DateTimeField):
    """A DateTimeField with auto_now or auto_now_add that keeps a given value inside
    given_timestamps(). Migrations see a plain DateTimeField (deconstruct): the column
    and its options are the same, only the value Python sends differs."""

    def pre_save(self, model_instance, add):
        given = getattr(model_instance, self.attname)
        if _keep_given.get() and given is not None:
            return given
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class Timestamped(models.Model):
    """An abstract base adding created_at and updated_at (set by Django on save; bulk
    updates set updated_at themselves). It adds no table: each model keeps its columns."""

    created_at = StampField(auto_now_add=True)
    updated_at = StampField(auto_now=True)

    class Meta:
        abstract = True
