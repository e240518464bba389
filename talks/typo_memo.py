"""What the typo correction looked up, remembered per process and archive version.

talks/typos.py asks the database, for each search, whether the query's words are known
and which known words are near the others (one statement, plus one to choose among equal
corrections): a statement of its own, planned and run for every search, for answers that
depend on the public archive alone. The archive's version (conference/web/archive_version.py)
changes with every write a public page could show, so answers remembered under it are
never stale: a word is looked up once per process and version, and the first search after
a write forgets them all. A search reads the version anyway when the search cache is on
(talks/search_cache.py); the memo is worth its query without the cache too
(docs/performance.md, "Search API's Python, session 12"). The topics a query names
(talks/search_topics.py named_topics) are kept here too: they depend on the topics alone,
whose writes change the version as well; so are the tsqueries of the API's statement
planned once (talks/search_generic.py), which depend on the text alone.

settings.SEARCH_WORD_MEMO bounds how many answers a process keeps (0: no memo, every search
looks its words up). Past the bound the memo starts again empty: a bounded dict, not an LRU,
since a version rarely lives long enough to fill it.
"""

import threading

from django.conf import settings


class WordMemo:
    """The look-ups of one archive version: words (a word's rows of typos.LOOKUP_SQL),
    name runs (their best name, or None), choices among corrected queries (which one
    finds a talk, or None) and the topics a query names (talks/search_topics.py's
    named_topics: their ids), tsqueries (archive_search_query's text) and estimates (of a
    query's matches; both talks/search_generic.py's), each keyed by the text looked up."""

    def __init__(self, version: int, size: int):
        self.version = version
        self.size = size
        self.words: dict[str, tuple] = {}
        self.runs: dict[str, tuple | None] = {}
        self.choices: dict[tuple[str, ...], int | None] = {}
        self.topics: dict[tuple[str, str], tuple[int, ...]] = {}
        self.tsqueries: dict[str, str] = {}
        self.estimates: dict[str, float] = {}

    def remember(self, kind: str, key, value) -> None:
        """Store one answer in the table `kind` ("words", "runs", "choices", "topics",
        "tsqueries" or "estimates"), emptying the memo first when it holds `size` answers."""
        tables = ("words", "runs", "choices", "topics", "tsqueries", "estimates")
        if sum(len(getattr(self, table)) for table in tables) >= self.size:
            for table in tables:
                setattr(self, table, {})
        getattr(self, kind)[key] = value


_current: WordMemo | None = None
_lock = threading.Lock()


def for_version(version: int | None) -> WordMemo | None:
    """The memo of archive version `version`, or None when the memo is off or the version
    unknown. A version older than the memo's (a request that read it before a write
    another request has seen) gets None: it looks its words up, and keeps the newer memo."""
    size = settings.SEARCH_WORD_MEMO
    if version is None or size <= 0:
        return None
    with _lock:
        global _current
        if _current is None or version > _current.version or _current.size != size:
            _current = WordMemo(version, size)
        return _current if _current.version == version else None


def forget() -> None:
    """Drop every remembered answer (for tests, whose rolled-back writes reuse versions)."""
    global _current
    with _lock:
        _current = None
