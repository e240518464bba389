"""When a row was created and last changed: the two columns most archive models carry."""

from django.db import models


class Timestamped(models.Model):
    """An abstract base adding created_at and updated_at (set by Django on save; bulk
    updates set updated_at themselves). It adds no table: each model keeps its columns."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
