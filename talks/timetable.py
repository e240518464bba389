"""One day of an edition as a timetable grid: rooms as columns, time running down, each
talk a cell spanning its length. No query: it lays out a list talks.readers.lists read.

The grid is a <table> (templates/talks/timetable.html), which places its cells by rowspan
and colspan: no grid placement in inline styles, which the site's CSP forbids. Its rows
run between the consecutive moments at which a talk of the day starts or ends, so a talk
spans the rows from its start to its end; each row carries its length as one of a finite
set of classes (Row.height_class) that the stylesheet turns into a height, so that time
runs down at roughly the same scale everywhere. Talks that overlap in one room get lanes
side by side under the room's heading; a talk with no overlapping neighbour in the lanes
to its right widens into them. Rooms stand in their edition's order (talks.programme.Room
.position), named in the interface's language.

Every time here is read through local_start(), the one place that says in which time zone
the timetable is shown.
"""

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from conference.zones import local
from talks.models import Room as RoomRow
from talks.models import Talk
from talks.readers.schedule import ScheduleSlot

# A talk with no length is shown until the next moment anything starts or ends; at the
# end of a day it gets this much.
NO_LENGTH = datetime.timedelta(minutes=5)
# The row heights the stylesheet knows (static/css/site.css, "Timetable"): tt-m5 to
# tt-m120 in steps of 5 minutes; a longer row gets the tallest.
ROW_STEP_MINUTES = 5
ROW_MAX_MINUTES = 120
# A row in which no talk is on (a lunch break) is drawn at most this tall: a gap of hours
# would otherwise push the afternoon off the screen.
BREAK_MAX_MINUTES = 15


def local_start(talk: Talk) -> datetime.datetime:
    """The talk's start as the timetable shows it: the wall time at its edition's venue
    (conference.zones). Every time of the timetable is read through this function."""
    return local(talk.start, talk.edition)


def local_end(talk: Talk) -> datetime.datetime:
    """The talk's end (its start for a talk with no length), as local_start() shows it.
    Added to the instant, not to the wall time: across a change of the clocks the two
    differ by an hour."""
    return local(talk.start + (talk.duration or datetime.timedelta(0)), talk.edition)


def timetable_days(talks: Iterable[Talk]) -> list[datetime.date]:
    """The days on which `talks` start, in order; talks without a start are on none."""
    return sorted({local_start(talk).date() for talk in talks if talk.start is not None})


def start_days(starts: Iterable[datetime.datetime], edition) -> list[datetime.date]:
    """timetable_days() of an edition's talks from their starts alone (instants)."""
    return sorted({local(start, edition).date() for start in starts})


@dataclass
class Cell:
    """A talk's cell: it spans `rowspan` rows from its start and `colspan` lanes."""

    talk: Talk
    start: datetime.datetime
    end: datetime.datetime
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Row:
    """The time from `start` to the next row's start. `cells` holds, for each column in
    order, the Cell that starts in this row or None for an empty cell; the columns that a
    cell from a row above (or from a column to the left) covers are left out, as a table
    leaves out the cells its rowspans and colspans cover."""

    start: datetime.datetime
    end: datetime.datetime
    cells: list[Cell | None] = field(default_factory=list)
    busy: bool = True  # a talk is on during the row (else a break)

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def starts(self) -> bool:
        """Whether a talk starts when the row does (else only one ends)."""
        return any(self.cells)

    @property
    def height_class(self) -> str:
        steps = -(-self.minutes // ROW_STEP_MINUTES)  # rounded up
        tallest = ROW_MAX_MINUTES if self.busy else BREAK_MAX_MINUTES
        return f"tt-m{min(max(steps, 1) * ROW_STEP_MINUTES, tallest)}"


@dataclass
class RoomHeading:
    """A room's heading over `lanes` columns: the room (None for the talks without one)
    and its name in the interface's language, with the fallback ("" for none)."""

    room: RoomRow | None
    lanes: int

    @property
    def name(self) -> str:
        return str(self.room) if self.room is not None else ""


@dataclass
class Timetable:
    """A day's grid; `talks` are the day's talks in schedule order (the list by time that
    phones show instead of the grid)."""

    date: datetime.date
    rooms: list[RoomHeading]
    rows: list[Row]
    talks: list[Talk]

    @property
    def slots(self) -> list[ScheduleSlot]:
        """The day's talks grouped by start, for the list by time."""
        return [
            ScheduleSlot(start=start, talks=list(talks))
            for start, talks in itertools.groupby(self.talks, key=local_start)
        ]


def _room_key(room: RoomRow | None) -> tuple:
    """Rooms in their edition's order (Room.position, then as created), the talks without
    a room last."""
    return (1, 0, 0) if room is None else (0, room.position, room.pk)


def _moments(cells: list[Cell]) -> list[datetime.datetime]:
    """Every start and end of the day's talks, in order; a talk with no length ends at the
    next of them after its start (or NO_LENGTH after it)."""
    moments = sorted({cell.start for cell in cells} | {c.end for c in cells if c.end > c.start})
    for cell in cells:
        if cell.end <= cell.start:
            later = [moment for moment in moments if moment > cell.start]
            cell.end = later[0] if later else cell.start + NO_LENGTH
    return sorted({cell.start for cell in cells} | {cell.end for cell in cells})


def _lanes(cells: list[Cell]) -> list[list[Cell]]:
    """One room's cells in lanes: each cell goes to the first lane free at its start."""
    lanes: list[list[Cell]] = []
    for cell in sorted(cells, key=lambda c: (c.start, c.end, c.talk.title, c.talk.pk)):
        for lane in lanes:
            if lane[-1].end <= cell.start:
                lane.append(cell)
                break
        else:
            lanes.append([cell])
    return lanes


def _overlaps(lane: list[Cell], cell: Cell) -> bool:
    return any(other.start < cell.end and cell.start < other.end for other in lane)


def _widen(lanes: list[list[Cell]]) -> None:
    """Each cell spans the lanes to its right that are free for all its time."""
    for index, lane in enumerate(lanes):
        for cell in lane:
            for right in lanes[index + 1 :]:
                if _overlaps(right, cell):
                    break
                cell.colspan += 1


def build_timetable(talks: Iterable[Talk], date: datetime.date) -> Timetable:
    """The grid of the talks among `talks` (an edition's, in schedule order) that start
    on `date`, as local_start() shows them."""
    day_talks = [t for t in talks if t.start is not None and local_start(t).date() == date]
    cells = [Cell(talk, local_start(talk), local_end(talk)) for talk in day_talks]
    moments = _moments(cells)
    row_of = {moment: index for index, moment in enumerate(moments)}
    by_room: dict[RoomRow | None, list[Cell]] = {}
    for cell in cells:
        by_room.setdefault(cell.talk.room, []).append(cell)

    rooms, columns = [], []  # columns: each lane's cells, rooms left to right
    for room in sorted(by_room, key=_room_key):
        lanes = _lanes(by_room[room])
        _widen(lanes)
        rooms.append(RoomHeading(room=room, lanes=len(lanes)))
        columns += lanes

    # What each position of the grid holds: a cell starting there, True where a cell
    # covers it, None where it is empty.
    grid: list[list] = [[None] * len(columns) for _ in moments[:-1]]
    for column, lane in enumerate(columns):
        for cell in lane:
            first, last = row_of[cell.start], row_of[cell.end]
            cell.rowspan = last - first
            for row in range(first, last):
                for covered in range(column, column + cell.colspan):
                    grid[row][covered] = True
            grid[first][column] = cell
    rows = [
        Row(
            start,
            end,
            cells=[held for held in grid[index] if held is not True],
            busy=any(held is not None for held in grid[index]),
        )
        for index, (start, end) in enumerate(itertools.pairwise(moments))
    ]
    return Timetable(date=date, rooms=rooms, rows=rows, talks=day_talks)
