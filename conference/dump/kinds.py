"""The kinds of rows a dump holds: one entry each, in the order an import loads them.

An entry names its file (<name>.jsonl, and its count in the manifest), the function that
builds its records from the snapshot of the public archive (conference/dump/records.py)
and the one that loads them back (load_talks.py, load_topics.py, load_photos.py). Adding
a kind is one entry here, with those two functions and its section in docs/dump.md; a
kind added to an existing schema version is `optional`, so that older dumps still load.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from conference.dump import load_photos, load_talks, load_topics, records
from conference.dump.fields import Record
from conference.dump.loading import Loading
from conference.dump.snapshot import Snapshot


@dataclass(frozen=True)
class Kind:
    name: str
    records: Callable[[Snapshot], Iterable[dict]]
    load: Callable[[list[Record], Loading], None]
    # A kind added to the schema after its first dumps (docs/dump.md: fields and files
    # are added without a new schema version): a dump without its file holds none.
    optional: bool = False

    @property
    def member(self) -> str:
        """The dump's file holding this kind's records, one JSON object a line."""
        return f"{self.name}.jsonl"


# In loading order: what a row references is loaded before it.
KINDS = (
    Kind("editions", records.edition_records, load_talks.load_editions),
    Kind("companies", records.company_records, load_talks.load_companies),
    Kind("projects", records.project_records, load_talks.load_projects),
    Kind("topics", records.topic_records, load_topics.load_topics, optional=True),
    Kind("speakers", records.speaker_records, load_talks.load_speakers),
    Kind("talks", records.talk_records, load_talks.load_talks),
    Kind("galleries", records.gallery_records, load_photos.load_galleries),
    Kind("photos", records.photo_records, load_photos.load_photos),
)
