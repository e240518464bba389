"""What a talk page reads beyond talks.readers.rows: the talk itself with its projects, its
neighbours in the schedule and whether it has photos, and the other talks of its
speakers, each in one statement.

The talk page is the archive's most visited page. Built from querysets (select_related,
two prefetches, an Exists subquery), it spent more Python time per request compiling SQL
than PostgreSQL spent running it (docs/performance.md, "Readers, search and suggestions";
talks/readers/rows.py says how these differ).
tests/talks/readers/test_talk_page.py holds these readers to the querysets they replaced.
"""

from conference.db.raw_rows import instance, json_object
from photos.readers.photos import TALK_HAS_PHOTOS
from talks.models import Talk
from talks.readers.rows import (
    BY_ITS_SPEAKERS,
    NEWEST_FIRST,
    select_talks,
    talks_where,
)
from talks.readers.slides import DECK, public_deck
from talks.readers.topics import TALK_TOPICS, topics_of
from talks.readers.visibility import TALK_IS_PUBLIC, TALK_IS_VISIBLE

OTHER_TALKS_LIMIT = 10

# The talk at its edition's slug and its own, if visible (drafts too with include_drafts).
AT_ADDRESS = f"edition.slug = %(edition)s AND talk.slug = %(slug)s AND {TALK_IS_VISIBLE}"

# What a talk page shows of the talks before and after it.
NEIGHBOUR_FIELDS = ("id", "slug", "title", "language")


# The talk on either side of the talk in its edition's schedule (EDITION_ORDER, whose
# ascending order puts a NULL start last: COALESCE to infinity orders the same way), as
# an object with NEIGHBOUR_FIELDS, or null. Each walks the talk_schedule_order index
# (Talk.Meta.indexes) from the talk's own place to the first visible row, so an edition
# of a thousand talks costs what one of ten does. A neighbour shares the talk's edition,
# which the talk's own TALK_IS_VISIBLE has checked: its own flag is all left to test.
NEIGHBOUR = """(
    SELECT {neighbour}
    FROM talks_talk AS other
    WHERE other.edition_id = talk.edition_id AND (other.is_published OR %(include_drafts)s)
      AND (COALESCE(other.start, 'infinity'), COALESCE(other.room_id, 0), other.title, other.id)
          {comparison} (COALESCE(talk.start, 'infinity'), COALESCE(talk.room_id, 0), talk.title,
                        talk.id)
    ORDER BY COALESCE(other.start, 'infinity') {direction}, COALESCE(other.room_id, 0) {direction},
             other.title {direction}, other.id {direction}
    LIMIT 1
)"""
_NEIGHBOUR_OBJECT = json_object(Talk, "other", NEIGHBOUR_FIELDS)
PREVIOUS = NEIGHBOUR.format(comparison="<", direction="DESC", neighbour=_NEIGHBOUR_OBJECT)
NEXT = NEIGHBOUR.format(comparison=">", direction="ASC", neighbour=_NEIGHBOUR_OBJECT)


def find_talk(
    *, edition_slug: str, slug: str, include_drafts: bool = False, slides: bool = False
) -> Talk | None:
    """The talk at edition_slug/slug, or None; with its edition and credits, and:

    - talk.public_projects, by name;
    - talk.neighbours: the (previous, next) talk in the edition's schedule, each None at
      an end, with the fields a link to it needs (title, slug, language, edition);
    - talk.has_photos: whether photos.readers' galleries_for_talk() or photos_for_talk()
      would find anything (most talks have neither: the page then skips both);
    - with `slides`, talk.public_slides: its public deck with its pages (see
      talks.readers.slides.public_deck), or None. The page's statement carries it, so the
      talk page costs no query more for its slides.
    - talk.topics: the topics it carries (talks.readers.topics), by name.

    Drafts (of the talk, its edition and its neighbours) only with include_drafts, for a
    staff preview.
    """
    found = select_talks(
        AT_ADDRESS,
        {
            "edition": edition_slug,
            "slug": slug,
            "include_drafts": include_drafts,
        },
        extra=f"{PREVIOUS}, {NEXT}, {TALK_HAS_PHOTOS}, {TALK_TOPICS}"
        + (f", {DECK}" if slides else ""),
        whole=True,
        projects=True,
    )
    if not found:
        return None
    ((talk, (previous, following, has_photos, topics, *deck)),) = found
    talk.neighbours = (_neighbour(talk, previous), _neighbour(talk, following))
    talk.has_photos = has_photos
    talk.topics = topics_of(topics)
    if slides:
        talk.public_slides = public_deck(deck[0])
    return talk


def find_talk_for_calendar(*, edition_slug: str, slug: str) -> Talk | None:
    """The public talk at edition_slug/slug with its edition, credits and
    talk.public_projects, or None: what its calendar file shows (talks.exporters), without
    what only its page shows (neighbours, photos, topics, slides), whose subqueries cost
    most of find_talk's statement. The export writes a calendar file per talk and language."""
    found = talks_where(
        AT_ADDRESS,
        {"edition": edition_slug, "slug": slug, "include_drafts": False},
        whole=True,
        projects=True,
    )
    return found[0] if found else None


def _neighbour(talk: Talk, values: dict | None) -> Talk | None:
    if values is None:
        return None
    neighbour = instance(Talk, {**values, "edition_id": talk.edition_id})
    neighbour.edition = talk.edition
    return neighbour


def other_talks_by_speakers(talk: Talk, *, limit: int = OTHER_TALKS_LIMIT) -> list[Talk]:
    """Published talks, other than `talk`, given by any of its speakers: newest edition
    first, then in schedule order."""
    if not talk.credits:
        return []
    return talks_where(
        f"{TALK_IS_PUBLIC} AND talk.id <> %(talk)s AND {BY_ITS_SPEAKERS}",
        {"talk": talk.pk, "limit": limit},
        order=f"{NEWEST_FIRST} LIMIT %(limit)s",
    )
