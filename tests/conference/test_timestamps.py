"""conference/db/timestamps.py: Django stamps rows as it saves them, unless told to keep
the times a restore gives (given_timestamps)."""

import datetime

from conference.db.timestamps import given_timestamps
from conference.models import Edition
from tests.factories import EditionFactory

THEN = datetime.datetime(2016, 2, 3, 9, 30, tzinfo=datetime.UTC)
LATER = datetime.datetime(2017, 5, 6, 7, 8, tzinfo=datetime.UTC)


def _edition(slug: str) -> Edition:
    edition = EditionFactory.build(slug=slug)
    edition.created_at, edition.updated_at = THEN, LATER
    return edition


def test_saving_stamps_rows_now_whatever_they_hold(db):
    edition = _edition("stamped")
    edition.save()
    Edition.objects.bulk_create([_edition("stamped-too")])

    for row in Edition.objects.all():
        assert row.created_at > LATER
        assert row.updated_at > LATER


def test_given_timestamps_are_kept_in_the_insert(db):
    with given_timestamps():
        _edition("kept").save()
        Edition.objects.bulk_create([_edition("kept-too")])
        unset = EditionFactory(slug="unset")

    for row in Edition.objects.exclude(pk=unset.pk):
        assert (row.created_at, row.updated_at) == (THEN, LATER)
    assert Edition.objects.get(pk=unset.pk).created_at > LATER


def test_given_timestamps_end_with_their_block(db):
    with given_timestamps():
        pass
    edition = _edition("after")
    edition.save()

    assert edition.created_at > LATER
