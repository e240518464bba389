"""The talk admin in the venue's time zone (talks/admin_forms.py): a start typed as the
venue's clock is stored as that instant, shown back the same, listed with its zone."""

import datetime

import pytest
from django.urls import reverse

from talks.models import Talk
from tests.factories import EditionFactory, TalkFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def form_data(talk: Talk, *, edition=None, day: str, time: str) -> dict:
    """The talk's change form as a browser posts it, with the start typed as `day` `time`."""
    return {
        "edition": (edition or talk.edition).pk,
        "title": talk.title,
        "subtitle": "",
        "slug": talk.slug,
        "abstract": talk.abstract,
        "language": talk.language,
        "kind": talk.kind,
        "track": "",
        "room": "",
        "start_0": day,
        "start_1": time,
        "duration": "01:00:00",
        "slides_url": "",
        "video_url": "",
        "is_published": "on",
        "talk_speakers-TOTAL_FORMS": 0,
        "talk_speakers-INITIAL_FORMS": 0,
        "talk_speakers-MIN_NUM_FORMS": 0,
        "talk_speakers-MAX_NUM_FORMS": 1000,
        # The topics inline (talks/topic_admin.py), left as it is.
        "talk_topics-TOTAL_FORMS": 0,
        "talk_topics-INITIAL_FORMS": 0,
        "talk_topics-MIN_NUM_FORMS": 0,
        "talk_topics-MAX_NUM_FORMS": 1000,
    }


@pytest.fixture
def hamburg_talk():
    edition = EditionFactory(slug="31c3", time_zone="Europe/Berlin")
    return TalkFactory(
        edition=edition,
        title="31C3 Keynote",
        start=datetime.datetime(2014, 12, 27, 10, 30, tzinfo=UTC),
        duration=datetime.timedelta(hours=1),
    )


def change_url(talk: Talk) -> str:
    return reverse("admin:talks_talk_change", args=[talk.pk])


def test_change_form_shows_the_start_in_the_editions_zone(admin_client, hamburg_talk):
    form = admin_client.get(change_url(hamburg_talk)).context["adminform"].form

    assert form["start"].value() == datetime.datetime(2014, 12, 27, 11, 30)
    assert "Europe/Berlin" in str(form.fields["start"].help_text)
    page = admin_client.get(change_url(hamburg_talk)).text
    assert 'name="start_0" value="2014-12-27"' in page
    assert 'name="start_1" value="11:30:00"' in page


def test_change_form_round_trip_keeps_the_instant(admin_client, hamburg_talk):
    data = form_data(hamburg_talk, day="2014-12-27", time="11:30:00")

    response = admin_client.post(change_url(hamburg_talk), data)

    assert response.status_code == 302
    hamburg_talk.refresh_from_db()
    assert hamburg_talk.start == datetime.datetime(2014, 12, 27, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "time", "expected"),
    [
        # Read in the edition's zone (Hamburg's), not the site's.
        (None, "2014-12-27", "14:00", datetime.datetime(2014, 12, 27, 13, 0, tzinfo=UTC)),
        # In the zone of the edition chosen on the form, not the one the talk had.
        (
            "Europe/Moscow",
            "2014-12-27",
            "11:30",
            datetime.datetime(2014, 12, 27, 8, 30, tzinfo=UTC),
        ),
        # 02:30 happens twice in Berlin on 2014-10-26: its first occurrence, in summer time.
        (None, "2014-10-26", "02:30", datetime.datetime(2014, 10, 26, 0, 30, tzinfo=UTC)),
    ],
)
def test_typed_time_is_read_in_the_editions_zone(
    admin_client, hamburg_talk, zone, day, time, expected
):
    edition = EditionFactory(time_zone=zone) if zone else hamburg_talk.edition
    data = form_data(hamburg_talk, edition=edition, day=day, time=time)

    admin_client.post(change_url(hamburg_talk), data)

    hamburg_talk.refresh_from_db()
    assert hamburg_talk.start == expected


def test_skipped_wall_time_is_refused(admin_client, hamburg_talk):
    # Berlin's clocks jump from 02:00 to 03:00 on 2014-03-30: 02:30 never happens.
    data = form_data(hamburg_talk, day="2014-03-30", time="02:30")

    response = admin_client.post(change_url(hamburg_talk), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["start"]
    assert errors == [
        "2014-03-30 02:30 does not exist in Europe/Berlin: the clocks skip that hour."
    ]
    hamburg_talk.refresh_from_db()
    assert hamburg_talk.start == datetime.datetime(2014, 12, 27, 10, 30, tzinfo=UTC)


def test_add_form_reads_the_start_in_the_chosen_editions_zone(admin_client, hamburg_talk):
    data = form_data(hamburg_talk, day="2014-12-28", time="09:00")
    data |= {"title": "Second day", "slug": "second-day"}

    response = admin_client.post(reverse("admin:talks_talk_add"), data)

    assert response.status_code == 302
    added = Talk.objects.get(slug="second-day")
    assert added.start == datetime.datetime(2014, 12, 28, 8, 0, tzinfo=UTC)


def test_changelist_shows_the_start_at_the_venue_with_its_zone(admin_client, hamburg_talk):
    TalkFactory(
        edition=EditionFactory(time_zone="Europe/Moscow"),
        title="In Moscow",
        start=datetime.datetime(2016, 2, 3, 7, 0, tzinfo=UTC),
    )

    page = admin_client.get(reverse("admin:talks_talk_changelist")).text

    assert "Dec. 27, 2014, 11:30 (Europe/Berlin, UTC+01:00)" in page
    assert "Feb. 3, 2016, 10:00<" in page
