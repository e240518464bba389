"""A schedule import queues a fetch for each link it sorted as slides, once it commits."""

import pytest
from django.core.management import call_command

from talks.decks.models import DeckStatus, SlideDeck
from talks.models import Talk
from tests.talks.import_helpers import FIXTURES

pytestmark = pytest.mark.django_db


def test_import_frab_queues_a_fetch_per_slides_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:  # captured, not run: no network
        call_command("import_frab", str(FIXTURES / "frab.xml"), verbosity=0)

    with_slides = set(Talk.objects.exclude(slides_url="").values_list("pk", flat=True))
    assert with_slides
    decks = SlideDeck.objects.all()
    assert set(decks.values_list("talk_id", flat=True)) == with_slides
    assert set(decks.values_list("status", flat=True)) == {DeckStatus.PENDING}
    fetches = [callback for callback in queued if "enqueue_fetch" in repr(callback)]
    assert len(fetches) == len(with_slides)


def test_dry_run_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        call_command("import_frab", str(FIXTURES / "frab.xml"), "--dry-run", verbosity=0)

    assert not SlideDeck.objects.exists()
    assert not [callback for callback in queued if "enqueue_fetch" in repr(callback)]
