"""The tracks and rooms an import's events name: the edition's own rows, found by either
name whatever the case, and created when the edition has none of that name (the name in
the field of its language: conference.bilingual.text_language). New rooms go after the
edition's others, in the order the file first names them (a frab or pretalx file lists
its rooms in the venue's order), which is the timetable's order of columns."""

from conference.bilingual import CONTENT_LANGUAGES, text_language
from conference.models import Edition
from talks.programme import Room, Track


class ProgrammeMap:
    """One edition's tracks and rooms by name, read once (two queries) on first use."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self._rows: dict[type, dict[str, Track | Room]] | None = None

    def track_id(self, name: str) -> int | None:
        return self._id(Track, name)

    def room_id(self, name: str) -> int | None:
        return self._id(Room, name)

    def _known(self) -> dict[type, dict[str, Track | Room]]:
        if self._rows is None:
            self._rows = {}
            for model in (Track, Room):
                by_name: dict[str, Track | Room] = {}
                for row in model.objects.filter(edition=self.edition).order_by("pk"):
                    for code in CONTENT_LANGUAGES:
                        name = getattr(row, f"name_{code}")
                        if name:
                            by_name.setdefault(name.casefold(), row)
                self._rows[model] = by_name
        return self._rows

    def _id(self, model: type[Track | Room], name: str) -> int | None:
        name = name.strip()
        if not name:
            return None
        known = self._known()[model]
        if name.casefold() not in known:
            row = model(edition=self.edition, **{f"name_{text_language(name)}": name})
            if model is Room:
                row.position = 1 + max((room.position for room in known.values()), default=-1)
            row.save()  # a track's slug: Track.save(), free in the edition
            known[name.casefold()] = row
        return known[name.casefold()].pk
