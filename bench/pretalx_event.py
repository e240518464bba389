"""Build the benchmark's pretalx event (runs inside pretalx's own virtualenv, not ours).

    <pretalx venv>/bin/python bench/pretalx_event.py --talks 200 --speakers 150 --out urls.json

bench/pretalx_reference.py runs this with DJANGO_SETTINGS_MODULE pointing at pretalx's
settings; it imports nothing of our project. It creates (or reuses) the organiser
"bench" and its event "bench": public, one track, a few rooms, `--speakers` speakers
with a biography, and `--talks` confirmed talks with an abstract and a description,
each in a slot of a released schedule ("v1"), so that the anonymous talk and speaker
pages answer 200. Every speaker has at least one talk (extra speakers co-present), so
every speaker has a public page. An event of the same size is reused as it is; one of
another size is shredded and built again. Everything is written in one transaction.
The public paths (talk pages, speaker pages, the frab XML export) go to `--out` as JSON.

Only pretalx's own domain functions are used (create_event, create_submission,
move_slot, freeze_schedule), as its create_test_event command does, so the data is
what pretalx itself would have stored.
"""

import argparse
import datetime as dt
import json
import math
import random
from pathlib import Path

import django

django.setup()

from django.db import transaction
from django_scopes import scope, scopes_disabled
from pretalx.event.domain.event import create_event
from pretalx.event.domain.organiser import create_organiser_with_team, shred_organiser
from pretalx.event.models import Event, Organiser
from pretalx.person.models import SpeakerProfile, User
from pretalx.schedule.domain.release import freeze_schedule
from pretalx.schedule.domain.slot import move_slot
from pretalx.schedule.models import Room
from pretalx.submission.domain.submission import add_speaker, create_submission
from pretalx.submission.models import Submission, Track

SLUG = "bench"
ROOMS = 4
TALK_MINUTES = 30
SLOTS_PER_ROOM_AND_DAY = 18  # 09:00 to 18:00 in 30-minute slots
FIRST_DAY = dt.date(2026, 5, 4)  # fixed, so a rebuilt event looks the same
EMAIL_DOMAIN = "@bench.example.org"

VOCABULARY = (
    "postgres replication index vacuum planner query partition logical physical backup restore "
    "wal checkpoint extension json btree gin gist brin trigram sharding pooling latency "
    "throughput cluster failover standby upgrade monitoring statistics autovacuum bloat lock "
    "transaction isolation snapshot tuple page heap toast cache memory storage cloud kubernetes "
    "operator migration schema function trigger procedure cursor join aggregate window parallel"
)
WORDS = VOCABULARY.split()
FIRST_NAMES = ("Anna", "Boris", "Clara", "Dmitri", "Elena", "Felix", "Galina", "Hugo", "Irina")
LAST_NAMES = ("Ivanova", "Petrov", "Schmidt", "Novak", "Fischer", "Sokolov", "Weber", "Orlov")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def event_size(event: Event) -> tuple[int, int]:
    """(talks, speakers) visible in the event's released schedule."""
    schedule = event.current_schedule
    if schedule is None:
        return (0, 0)
    talks = schedule.talks.filter(is_visible=True, submission__isnull=False)
    speakers = SpeakerProfile.objects.filter(submissions__slots__in=talks).distinct()
    return (talks.count(), speakers.count())


def public_paths(event: Event) -> dict:
    """The anonymous pages the benchmark requests, in a stable order."""
    submissions = event.submissions.filter(state="confirmed").order_by("pk")
    speakers = SpeakerProfile.objects.filter(event=event).order_by("pk")
    return {
        "talk_paths": [submission.urls.public for submission in submissions],
        "speaker_paths": [speaker.urls.public for speaker in speakers],
        "frab_path": str(event.urls.frab_xml),
    }


def speaker_profile(event: Event, number: int, rng: random.Random) -> SpeakerProfile:
    """Speaker `number` of the event: a user and their profile with a biography."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {number}"
    user = User(email=f"speaker{number}{EMAIL_DOMAIN}", name=name, locale="en")
    # Hashing a real password costs ~0.3 s per user; nobody logs in here.
    user.set_unusable_password()
    user.save()
    return SpeakerProfile.objects.create(
        user=user, event=event, name=name, biography=paragraph(rng, 4)
    )


def talk_submission(event: Event, track, submission_type, rng: random.Random) -> Submission:
    """A confirmed talk of the event, not saved yet (create_submission saves it)."""
    return Submission(
        event=event,
        title=sentence(rng, rng.randint(4, 9)).rstrip("."),
        submission_type=submission_type,
        track=track,
        abstract=paragraph(rng, 3),
        description=paragraph(rng, 8),
        content_locale="en",
        state="confirmed",
    )


def build_event(talks: int, speakers: int) -> Event:
    """Create the organiser, the event, its speakers and talks, and release the schedule.

    Side effects are pretalx's own: activity log entries, the wip schedule, mail
    templates; no mail is sent (speakers are not notified of the release).
    """
    rng = random.Random(f"{talks}/{speakers}")
    days = max(1, math.ceil(talks / (ROOMS * SLOTS_PER_ROOM_AND_DAY)))
    organiser, _team = create_organiser_with_team(name="Bench Org", slug=SLUG, users=[])
    event = create_event(
        organiser=organiser,
        locales=["en"],
        name="Bench Conf",
        slug=SLUG,
        is_public=True,
        date_from=FIRST_DAY,
        date_to=FIRST_DAY + dt.timedelta(days=days - 1),
        timezone="UTC",
        email="orga@example.org",
        locale="en",
    )
    with scope(event=event):
        track = Track.objects.create(event=event, name="Main track", color="#336699")
        rooms = [
            Room.objects.create(event=event, name=f"Room {number}", position=number)
            for number in range(1, ROOMS + 1)
        ]
        submission_type = event.cfp.default_type

        profiles = [speaker_profile(event, number, rng) for number in range(speakers)]
        submissions = [
            create_submission(
                submission=talk_submission(event, track, submission_type, rng),
                user=profiles[number % speakers].user,
                speakers=[profiles[number % speakers].user],
            )
            for number in range(talks)
        ]
        # Speakers beyond the number of talks co-present, so each has a public page.
        for number in range(talks, speakers):
            add_speaker(submissions[number % talks], speaker=profiles[number])

        for number, submission in enumerate(submissions):
            day, rest = divmod(number, ROOMS * SLOTS_PER_ROOM_AND_DAY)
            slot_index, room_index = divmod(rest, ROOMS)
            start = dt.datetime.combine(
                FIRST_DAY + dt.timedelta(days=day), dt.time(9), tzinfo=dt.UTC
            ) + dt.timedelta(minutes=TALK_MINUTES * slot_index)
            move_slot(submission.slots.get(), start, room=rooms[room_index], duration=TALK_MINUTES)
        freeze_schedule(event.wip_schedule, "v1", notify_speakers=False)
    return event


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, required=True)
    parser.add_argument("--speakers", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    if options.talks < 1 or options.speakers < 1:
        parser.error("--talks and --speakers must be at least 1")

    with scopes_disabled(), transaction.atomic():
        event = Event.objects.filter(slug=SLUG).first()
        if event is not None and event_size(event) != (options.talks, options.speakers):
            for organiser in Organiser.objects.filter(slug=SLUG):
                shred_organiser(organiser)
            # Users outlive events in pretalx; ours would block the new speakers' emails.
            User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
            event = None
        if event is None:
            event = build_event(options.talks, options.speakers)
        built = event_size(event)
        if built != (options.talks, options.speakers):
            raise SystemExit(f"built {built[0]} talks and {built[1]} speakers, not the sizes asked")
        with scope(event=event):
            paths = public_paths(event)
    options.out.write_text(json.dumps(paths))


if __name__ == "__main__":
    main()
