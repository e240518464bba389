"""Drafts that must leave no trace in search, and the words that probe for them.

Issue 17, finding 1: "did you mean" took its words from every speaker and from published
talks of draft editions, and called a word known when any talk held it, so a suggestion
(or its absence) told whether a draft existed. Each case below is one way a thing stays
private: a speaker whose only talk is in a draft edition, a published talk in a draft
edition, an unpublished talk in a published edition. Each draft has a company and a
project credited nowhere else, so they are private too.

The tests search each case's probes (its words spelt right, misspelt and cut short)
before and after the draft exists, and expect the same answers, with none of the draft's
words in them. `public_neighbours` adds public words that look like the drafts' words:
without them, "already known" would have nothing to suggest instead, and a draft word
wrongly counted as known would go unnoticed.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote

from tests.factories import (
    CompanyFactory,
    EditionFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
)


@dataclass(frozen=True)
class DraftCase:
    """How to create one draft, the words only it holds and the queries that probe them."""

    name: str
    private_words: tuple[str, ...]  # lower case; none may appear in any answer
    probes: tuple[str, ...]  # single ASCII words: misspelt, cut short (prefixes), exact


SPEAKER_IN_DRAFT_EDITION = DraftCase(
    name="speaker only in a draft edition",
    private_words=("xylophanes", "quibbleworth", "quuxbridge", "gravlaxdb", "nocturnia"),
    probes=(
        "quibbleworht",
        "quibblew",
        "quibbleworth",
        "xylophanse",
        "xyloph",
        "quuxbrige",
        "quuxb",
        "gravlaxbd",
        "gravl",
        "nocturnai",
    ),
)
TALK_IN_DRAFT_EDITION = DraftCase(
    name="published talk in a draft edition",
    private_words=("zanzibarian", "ossifragous", "umbravale"),
    probes=("zanzibarain", "zanzib", "zanzibarian", "ossifragus", "ossifr", "umbravael"),
)
UNPUBLISHED_TALK = DraftCase(
    name="unpublished talk in a published edition",
    private_words=(
        "brontosaurian",
        "pterodactylic",
        "hieronyma",
        "flumpington",
        "wobblecorp",
        "snorkeldb",
    ),
    probes=(
        "brontosuarian",
        "brontos",
        "brontosaurian",
        "pterodactilic",
        "hieronima",
        "flumpingtom",
        "flump",
        "wobblecrop",
        "wobbl",
        "snorkeldv",
        "snork",
    ),
)
CASES = (SPEAKER_IN_DRAFT_EDITION, TALK_IN_DRAFT_EDITION, UNPUBLISHED_TALK)
CASE_IDS = [case.name for case in CASES]


def public_neighbours(edition) -> None:
    """Public talks whose words look like the drafts' words (see the module docstring)."""
    TalkFactory(
        edition=edition,
        title="Quibble-free xylophone tuning",
        abstract="Gravlax and quux for everyone.",
        speakers=[SpeakerFactory(name="Xylo Quibble")],
    )
    TalkFactory(
        edition=edition,
        title="Zanzibar sharding basics",
        abstract="Ossifrage-sized shards.",
    )
    TalkFactory(
        edition=edition,
        title="Brontosaurus vacuum lore",
        abstract="Pterodactyl-sized tables and a flump of bloat.",
        speakers=[SpeakerFactory(name="Hieronymus Snork")],
    )


def create_draft(case: DraftCase, public_edition) -> None:
    """The draft of `case`; `public_edition` is a published edition of the archive."""
    if case is SPEAKER_IN_DRAFT_EDITION:
        TalkFactory(
            edition=EditionFactory(
                name="Nocturnia 2031", slug="nocturnia-2031", is_published=False
            ),
            title="Logical replication notes",
            abstract="Replication, notes and more replication.",
            track="Development",
            speakers=[
                SpeakerFactory(
                    name="Xylophanes Quibbleworth",
                    company=CompanyFactory(name="Quuxbridge Analytics"),
                )
            ],
            projects=[ProjectFactory(name="Gravlaxdb")],
        )
    elif case is TALK_IN_DRAFT_EDITION:
        TalkFactory(
            edition=EditionFactory(
                name="Umbravale 2032", slug="umbravale-2032", is_published=False
            ),
            title="Zanzibarian sharding secrets",
            abstract="Ossifragous rebalancing of shards.",
            track="Development",
        )
    else:
        TalkFactory(
            edition=public_edition,
            title="Brontosaurian vacuum folklore",
            abstract="Pterodactylic autovacuum tales.",
            track="Development",
            is_published=False,
            speakers=[
                SpeakerFactory(
                    name="Hieronyma Flumpington",
                    company=CompanyFactory(name="Wobblecorp Systems"),
                )
            ],
            projects=[ProjectFactory(name="Snorkeldb")],
        )


def leaked_words(case: DraftCase, text: str, *, echoed: str = "") -> list[str]:
    """The private words of `case` found in `text` (any case), once the query the answer
    echoes (`echoed`, a probe: its own letters are not a leak) is taken out."""
    # Unquoted first: the language switch's links echo the query as "next=...%3Dword".
    text = unquote(text).lower()
    if echoed:
        # As a whole word only: "zanzib" taken out of "zanzibarian" would hide the leak.
        text = re.sub(rf"\b{re.escape(echoed.lower())}\b", "", text)
    return [word for word in case.private_words if word in text]
