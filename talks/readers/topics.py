"""Topics for the public: the index of topics with their counts, a topic's page and feed
(its public talks from every edition, in both languages), the topics a talk page shows
(and every public talk's, for the data dump), and a talk's related talks. A topic is
public once a published talk carries it (TalkTopic source "auto" or "added"), as a
project is once a published talk is about it: the index reads the same statement as the
other indexes (talks.readers.indexes), over the topic links a talk carries.
"""

from typing import NamedTuple

from conference.db.raw_rows import column_list, fetch_all, instance, json_object, split_row
from talks.models import Talk, Topic
from talks.readers import rows
from talks.readers.indexes import OF_PUBLISHED_TALKS, Index, index_rows
from talks.readers.lists import LATEST_ADDED
from talks.readers.visibility import TALK_IS_PUBLIC
from talks.topics import CARRIED_SQL

# The links of talks to the topics they carry, as a table of the indexes' statements.
CARRIED_LINKS = f"(SELECT talk_id, topic_id FROM talks_talktopic WHERE source IN {CARRIED_SQL})"  # noqa: S608 -- constant fragments

# Each public topic with its published talks, in all and per language.
TOPICS = Index(
    model=Topic,
    alias="topic",
    shown=frozenset({"id", "slug", "name_en", "name_ru"}),
    links=CARRIED_LINKS,
    link="link",
    column="topic_id",
    counts=(
        ("talk_count", "count(*)"),
        ("english_count", "count(*) FILTER (WHERE talk.language = 'en')"),
        ("russian_count", "count(*) FILTER (WHERE talk.language = 'ru')"),
    ),
    order="lower({name}), topic.id",
)

# A talk carrying topic %(topic)s.
CARRIES_TOPIC = f"""talk.id IN (SELECT link.talk_id FROM talks_talktopic AS link
    WHERE link.topic_id = %(topic)s AND link.source IN {CARRIED_SQL})"""  # noqa: S608 -- constant fragments

# Topic %(topic)s's links to its public talks, each with what a topic's page orders them by
# (the talk's language, its edition's start date, its start, room and title), kept on the
# link by the database as the talk and its edition change (talks/sql/
# archive_talk_topic_before_write.sql: whether the talk is public is TALK_IS_PUBLIC's rule,
# copied) and held in the partial index talk_topic_page: a page of a topic's talks and its
# counts are read from that index, not from the rows of its up to thousands of talks
# (docs/performance.md, "The topic page and a topic's search, session 14").
PUBLIC_LINKS = f"""talks_talktopic AS link WHERE link.topic_id = %(topic)s
    AND link.source IN {CARRIED_SQL} AND link.talk_is_public"""
# Those of language %(first)s first, then by language, each newest edition first: the
# order of rows.NEWEST_FIRST, in the link's copies, the talk's id last.
PAGE_ORDER = """link.talk_language <> %(first)s, link.talk_language, link.talk_edition_start DESC,
    link.talk_start, link.talk_room, link.talk_title, link.talk_id"""
PAGE_IDS = f"""talk.id IN (SELECT link.talk_id FROM {PUBLIC_LINKS}
    ORDER BY {PAGE_ORDER} {rows.PAGE})"""  # noqa: S608 -- constant fragments
# The page's talks in the same order, read from their rows (the same values).
TALK_ORDER = f"talk.language <> %(first)s, talk.language, {rows.NEWEST_FIRST}"

# How many public talks carry topic %(topic)s, per language, as a JSON object: computed
# once per statement (it reads nothing of the outer row).
LANGUAGE_COUNTS = f"""(SELECT coalesce(json_object_agg(counted.language, counted.n), '{{}}')
    FROM (SELECT link.talk_language AS language, count(*) AS n FROM {PUBLIC_LINKS}
          GROUP BY link.talk_language) AS counted)"""  # noqa: S608 -- constant fragments

# The public topic at %(slug)s: a published talk carries it.
FIND_TOPIC = """SELECT {columns} FROM talks_topic AS topic
WHERE topic.slug = %(slug)s AND EXISTS (SELECT 1 FROM {links} AS link
    {of_published_talks} AND link.topic_id = topic.id)"""

# The topics a talk carries, as a JSON array of objects with TOPIC_FIELDS, for the talk
# page's reader (talks.readers.talk_page.find_talk) to read with the talk.
TOPIC_FIELDS = ("id", "slug", "name_en", "name_ru")
TALK_TOPICS = f"""COALESCE((
    SELECT json_agg({json_object(Topic, "topic", TOPIC_FIELDS)} ORDER BY topic.name_en, topic.id)
    FROM talks_talktopic AS link JOIN talks_topic AS topic ON topic.id = link.topic_id
    WHERE link.talk_id = talk.id AND link.source IN {CARRIED_SQL}
), '[]')"""  # noqa: S608 -- constant fragments

# A talk's related talks (Talk.related_ids, kept by the database: talks/sql/
# archive_related_talks.sql) in their order, read from the talk's row by id rather than
# passed as an array, which PostgreSQL could not estimate (talks.readers.rows.BY_ITS_SPEAKERS).
RELATED = "(SELECT own.related_ids FROM talks_talk AS own WHERE own.id = %(talk)s)"
RELATED_TALKS = f"""talk.id IN (SELECT unnest(own.related_ids) FROM talks_talk AS own
    WHERE own.id = %(talk)s) AND {TALK_IS_PUBLIC}"""  # noqa: S608 -- constant fragments
RELATED_ORDER = f"array_position({RELATED}, talk.id)"


def topic_index() -> list[Topic]:
    """Every public topic, by name, with .talk_count, .english_count and .russian_count."""
    return index_rows(TOPICS).rows


# The topics each public talk carries, by slug in code-point order (the same bytes in
# every installation, whatever its collation: the data dump lists them so).
TOPIC_SLUGS_BY_TALK = f"""SELECT link.talk_id, array_agg(topic.slug ORDER BY topic.slug COLLATE "C")
FROM {CARRIED_LINKS} AS link JOIN talks_topic AS topic ON topic.id = link.topic_id
{OF_PUBLISHED_TALKS.format(link="link")}
GROUP BY link.talk_id"""  # noqa: S608 -- constant fragments


def topic_slugs_by_talk() -> dict[int, list[str]]:
    """The slugs of the topics every public talk carries, by talk id (a talk carrying
    none is not there), each list in code-point order: one statement."""
    return dict(fetch_all(TOPIC_SLUGS_BY_TALK, {}))


def find_topic(slug: str) -> Topic | None:
    """The public topic at `slug`, or None."""
    columns = column_list(Topic, "topic", frozenset({"query_en", "query_ru", "lexemes"}))
    sql = FIND_TOPIC.format(
        columns=columns[1],
        links=CARRIED_LINKS,
        of_published_talks=OF_PUBLISHED_TALKS.format(link="link"),
    )
    found = fetch_all(sql, {"slug": slug})
    if not found:
        return None
    (values,), _ = split_row(found[0], columns)
    return instance(Topic, values)


class TopicTalks(NamedTuple):
    """One page of a topic's public talks, and how many it has per language."""

    talks: list[Talk]
    counts: dict[str, int]  # language code -> talks, every page's

    @property
    def count(self) -> int:
        return sum(self.counts.values())


def topic_talks_page(topic: Topic, *, first: str, limit: int, offset: int = 0) -> TopicTalks:
    """The `limit` public talks of a topic from `offset`, those in language `first` first,
    then by language, each language newest edition first, with its counts per language:
    one statement, which chooses the page and counts from the topic links' index alone
    (PUBLIC_LINKS) and reads the rows of the page's talks only."""
    found = rows.select_talks(
        f"{TALK_IS_PUBLIC} AND {PAGE_IDS}",
        {"topic": topic.pk, "first": first, "limit": limit, "offset": offset},
        order=TALK_ORDER,
        extra=LANGUAGE_COUNTS,
    )
    if not found:
        counts = {} if not offset else topic_talks_page(topic, first=first, limit=1).counts
        return TopicTalks([], counts)
    return TopicTalks([talk for talk, _ in found], found[0][1][-1])


def talks_for_topic(topic: Topic, *, whole: bool = False, latest: int | None = None) -> list[Talk]:
    """Every published talk carrying a topic, newest edition first; with `latest`, the
    `latest` talks added last (the topic's feed), `whole`."""
    order, params = rows.NEWEST_FIRST, {"topic": topic.pk}
    if latest is not None:
        order, params = LATEST_ADDED, {**params, "limit": latest}
    return rows.talks_where(
        f"{TALK_IS_PUBLIC} AND {CARRIES_TOPIC}", params, order=order, whole=whole
    )


def topics_of(values) -> list[Topic]:
    """Topic instances from a TALK_TOPICS column's value."""
    return [instance(Topic, topic) for topic in values]


def related_talks(talk: Talk) -> list[Talk]:
    """The public talks related to `talk` (Talk.related_ids), best first, with edition and
    credits; none and no query when it has none."""
    if not talk.related_ids:
        return []
    return rows.talks_where(RELATED_TALKS, {"talk": talk.pk}, order=RELATED_ORDER)
