"""The timetable grid (talks/timetable.py): rows between the moments talks start and end,
talks spanning their rows, overlapping talks of one room side by side, and what is left
out (other days, talks without a start). Pure layout: unsaved talks, no database."""

import datetime
import itertools

from django.utils import timezone

from conference.models import Edition
from talks.models import Room, Talk
from talks.timetable import build_timetable, local_start, timetable_days

DAY = datetime.date(2016, 2, 3)
# The timetable shows its edition's venue clock; this one's is the site's.
AT_SITE = Edition(slug="pgconf-2016", time_zone="Europe/Moscow")
_ids = itertools.count(1)
# The rooms by name, each made once (unsaved), in the order the tests first name them.
ROOMS: dict[str, Room] = {}


def named_room(name: str, position: int | None = None) -> Room | None:
    if not name:
        return None
    if name not in ROOMS:
        position = len(ROOMS) if position is None else position
        ROOMS[name] = Room(pk=next(_ids), edition=AT_SITE, name_en=name, position=position)
    return ROOMS[name]


def at(hour: int, minute: int = 0, *, day: datetime.date = DAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def talk(
    title: str,
    room: str | Room,
    start: datetime.datetime | None,
    minutes: int | None,
    edition: Edition = AT_SITE,
) -> Talk:
    duration = datetime.timedelta(minutes=minutes) if minutes is not None else None
    return Talk(
        pk=next(_ids),
        edition=edition,
        title=title,
        room=room if isinstance(room, Room) else named_room(room),
        start=start,
        duration=duration,
    )


def layout(timetable) -> list[list[tuple[str, int, int] | None]]:
    """Each row's cells as (title, rowspan, colspan), None for an empty cell."""
    return [
        [(cell.talk.title, cell.rowspan, cell.colspan) if cell else None for cell in row.cells]
        for row in timetable.rows
    ]


def test_rows_run_between_starts_and_ends_and_talks_span_their_rows():
    talks = [
        talk("Keynote", "Hall 1", at(10), 45),
        talk("Short", "Hall 2", at(10), 30),
        talk("After", "Hall 2", at(10, 30), 30),
    ]

    timetable = build_timetable(talks, DAY)

    assert [(room.name, room.lanes) for room in timetable.rooms] == [("Hall 1", 1), ("Hall 2", 1)]
    assert [row.start for row in timetable.rows] == [at(10), at(10, 30), at(10, 45)]
    assert [row.minutes for row in timetable.rows] == [30, 15, 15]
    assert layout(timetable) == [
        [("Keynote", 2, 1), ("Short", 1, 1)],
        [("After", 2, 1)],  # Hall 1's cell is covered by the keynote
        [None],  # the keynote is over; Hall 2's cell is covered by "After"
    ]


def test_overlapping_talks_of_one_room_are_side_by_side():
    talks = [
        talk("Long workshop", "Hall 1", at(10), 90),
        talk("Talk A", "Hall 1", at(10), 30),
        talk("Talk B", "Hall 1", at(10, 30), 30),
        talk("Next door", "Hall 2", at(10), 60),
    ]

    timetable = build_timetable(talks, DAY)

    assert [(room.name, room.lanes) for room in timetable.rooms] == [("Hall 1", 2), ("Hall 2", 1)]
    # Hall 1's first lane takes the talk that ends first, its second the workshop.
    assert layout(timetable) == [
        [("Talk A", 1, 1), ("Long workshop", 3, 1), ("Next door", 2, 1)],
        [("Talk B", 1, 1)],
        [None, None],
    ]


def test_a_talk_widens_into_lanes_free_for_all_its_time():
    talks = [
        talk("Parallel 1", "Hall 1", at(10), 30),
        talk("Parallel 2", "Hall 1", at(10), 30),
        talk("Alone", "Hall 1", at(11), 30),
    ]

    timetable = build_timetable(talks, DAY)

    assert timetable.rooms[0].lanes == 2
    assert layout(timetable) == [
        [("Parallel 1", 1, 1), ("Parallel 2", 1, 1)],
        [None, None],  # 10:30 to 11:00, nothing on
        [("Alone", 1, 2)],
    ]


def test_talks_of_other_days_and_without_a_start_are_left_out():
    next_day = DAY + datetime.timedelta(days=1)
    talks = [
        talk("Today", "Hall 1", at(10), 30),
        talk("Tomorrow", "Hall 1", at(10, day=next_day), 30),
        talk("Some time", "Hall 1", None, 30),
    ]

    assert timetable_days(talks) == [DAY, next_day]
    timetable = build_timetable(talks, DAY)
    assert [t.title for t in timetable.talks] == ["Today"]
    assert layout(timetable) == [[("Today", 1, 1)]]


def test_day_follows_the_local_time_of_the_start():
    # 23:30 in Moscow is 20:30 UTC: the talk is on the local day, not on UTC's.
    late = talk("Late", "Hall 1", at(23, 30), 60)

    assert local_start(late).date() == DAY
    timetable = build_timetable([late], DAY)
    assert [row.start for row in timetable.rows] == [at(23, 30)]
    assert timetable.rows[0].minutes == 60  # it runs past midnight, in one row


def test_a_talk_without_a_length_lasts_until_the_next_moment():
    talks = [
        talk("Opening", "Hall 1", at(10), None),
        talk("First", "Hall 2", at(10, 15), 30),
        talk("Closing", "Hall 1", at(12), 0),
    ]

    timetable = build_timetable(talks, DAY)

    assert [row.start for row in timetable.rows] == [at(10), at(10, 15), at(10, 45), at(12)]
    assert timetable.rows[-1].minutes == 5  # the day's last moment: NO_LENGTH
    assert layout(timetable) == [
        [("Opening", 1, 1), None],
        [None, ("First", 1, 1)],
        [None, None],
        [("Closing", 1, 1), None],
    ]


def test_rooms_in_their_editions_order_with_the_talks_without_a_room_last():
    talks = [
        talk("No room", "", at(10), 30),
        talk("Small", named_room("Hall B", position=8), at(10), 30),
        talk("Big", named_room("Hall A", position=9), at(10), 30),
        talk("Russian", Room(pk=next(_ids), name_ru="Зал В", position=7), at(10), 30),
    ]

    timetable = build_timetable(talks, DAY)

    # Named in the interface's language, falling back to the other one.
    assert [room.name for room in timetable.rooms] == ["Зал В", "Hall B", "Hall A", ""]
    assert layout(timetable) == [
        [("Russian", 1, 1), ("Small", 1, 1), ("Big", 1, 1), ("No room", 1, 1)]
    ]


def test_row_heights_are_classes_in_five_minute_steps_up_to_two_hours():
    talks = [
        talk("Three minutes", "Hall 1", at(9, 57), 3),
        talk("Forty", "Hall 1", at(10), 40),
        talk("Three hours", "Hall 1", at(10, 40), 180),
    ]

    timetable = build_timetable(talks, DAY)

    assert [row.height_class for row in timetable.rows] == ["tt-m5", "tt-m40", "tt-m120"]


def test_slots_group_the_days_talks_by_start_for_the_list():
    talks = [
        talk("A", "Hall 1", at(10), 30),
        talk("B", "Hall 2", at(10), 30),
        talk("C", "Hall 1", at(11), 30),
    ]

    slots = build_timetable(talks, DAY).slots

    assert [(slot.start, [t.title for t in slot.talks]) for slot in slots] == [
        (at(10), ["A", "B"]),
        (at(11), ["C"]),
    ]


def test_a_day_without_talks_has_no_rows():
    timetable = build_timetable([talk("Elsewhere", "Hall 1", at(10), 30)], DAY.replace(day=4))

    assert (timetable.rooms, timetable.rows, timetable.talks) == ([], [], [])


def test_a_break_is_drawn_short_and_rows_say_whether_a_talk_starts():
    talks = [
        talk("Morning", "Hall 1", at(10), 45),
        talk("Other room", "Hall 2", at(10), 60),
        talk("Afternoon", "Hall 1", at(14), 45),
    ]

    rows = build_timetable(talks, DAY).rows

    assert [(row.start, row.busy, row.starts, row.height_class) for row in rows] == [
        (at(10), True, True, "tt-m45"),
        (at(10, 45), True, False, "tt-m15"),  # "Other room" is still on
        (at(11), False, False, "tt-m15"),  # three hours of lunch
        (at(14), True, True, "tt-m45"),
    ]


def test_times_are_the_venues_clock_across_midnight_and_a_change_of_the_clocks():
    hamburg = Edition(slug="31c3", time_zone="Europe/Berlin")
    plus_one = datetime.timezone(datetime.timedelta(hours=1))
    opening = talk(
        "Opening", "Saal 1", datetime.datetime(2014, 12, 27, 11, 30, tzinfo=plus_one), 30, hamburg
    )
    late = talk(
        "Late", "Saal 1", datetime.datetime(2014, 12, 27, 23, 30, tzinfo=plus_one), 60, hamburg
    )
    # 2014-10-26 in Berlin: 03:00 summer time became 02:00; 01:30+02:00 plus 2 h is 02:30+01:00.
    summer = datetime.timezone(datetime.timedelta(hours=2))
    change = talk(
        "Change", "Saal 2", datetime.datetime(2014, 10, 26, 1, 30, tzinfo=summer), 120, hamburg
    )

    assert local_start(opening).strftime("%H:%M") == "11:30"
    assert timetable_days([opening, late]) == [datetime.date(2014, 12, 27)]
    late_day = build_timetable([opening, late], datetime.date(2014, 12, 27))
    assert [row.start.strftime("%d %H:%M") for row in late_day.rows][-1] == "27 23:30"
    assert late_day.rows[-1].end.strftime("%d %H:%M") == "28 00:30"
    change_day = build_timetable([change], datetime.date(2014, 10, 26))
    assert change_day.rows[-1].end.strftime("%H:%M") == "02:30"
