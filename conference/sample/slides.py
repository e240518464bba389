"""Slides for the seed's three talks: real PDFs written by conference.sample.slide_pdf,
with a few pages each about what the talk covered, kept and read like an upload.

Each deck has one word that appears in no abstract, only on one of its pages (Nakadi,
SQLAlchemy, orafce), so the demo shows a search finding a talk by its slides. The PDFs
are the same bytes on every run (slide_pdf fixes the date): loading the sample again
keeps the decks as they are (talks.decks.storing.store_pdf).
"""

from django.core.files.base import ContentFile

from conference.sample.slide_pdf import Slide, deck_pdf
from talks.decks.models import SlideDeck
from talks.decks.services import upload_slides
from talks.models import Talk

DECKS = {
    "data-integration-with-postgresql-logical-replication-at-zalando": (
        Slide(
            "Why integrate data at Zalando",
            (
                "Hundreds of services, each with its own PostgreSQL database",
                "Analytics and search need their changes, in order, within seconds",
            ),
        ),
        Slide(
            "Events out of the database",
            (
                "Every change leaves through Nakadi, our event bus",
                "Consumers read typed events instead of querying each other's tables",
            ),
        ),
        Slide(
            "Logical replication as the source",
            (
                "A replication slot per database; logical decoding turns WAL into rows",
                "The output plugin writes JSON; a small sender publishes it",
                "The slot keeps WAL until the consumer confirms: watch its lag",
            ),
        ),
        Slide(
            "What we learned",
            (
                "Schema changes must be announced before they reach decoding",
                "Large transactions arrive at commit: size the sender's memory for them",
            ),
        ),
    ),
    "multicorn-writing-foreign-data-wrappers-in-python": (
        Slide(
            "Foreign data wrappers",
            (
                "SQL/MED lets PostgreSQL query data it does not store",
                "Writing one in C means planner callbacks, memory contexts, tuples",
            ),
        ),
        Slide(
            "Multicorn: the C part once, the rest in Python",
            (
                "A ForeignDataWrapper class with execute(quals, columns)",
                "Qualifiers are pushed down; the wrapper returns dictionaries",
            ),
        ),
        Slide(
            "Wrappers that ship with it",
            (
                "SQLAlchemy: any database SQLAlchemy can reach, as foreign tables",
                "IMAP, LDAP, RSS, CSV files and the file system",
            ),
        ),
        Slide(
            "Writing your own",
            (
                "get_rel_size and get_path_keys tell the planner what a scan costs",
                "insert, update and delete make a wrapper writable",
            ),
        ),
    ),
    "migrating-a-large-medical-system-from-oracle-to-postgresql": (
        Slide(
            "The system",
            (
                "A regional medical information system: clinics, labs, prescriptions",
                "Thousands of tables and millions of lines of PL/SQL",
            ),
        ),
        Slide(
            "Our code converter",
            (
                "Parses PL/SQL packages and writes PL/pgSQL",
                "Package state becomes session variables; cursors become loops",
            ),
        ),
        Slide(
            "Filling the gaps",
            (
                "orafce supplies Oracle's functions: nvl, decode, add_months, dbms_output",
                "Autonomous transactions through dblink, where they were truly needed",
            ),
        ),
        Slide(
            "Patches we wrote",
            (
                "Planner fixes for queries the converter generates",
                "Everything was tested against a copy of production data",
            ),
        ),
    ),
}


def load_slides(*, talks: dict[str, Talk], written_files: list) -> list[SlideDeck]:
    """Give each seed talk in `talks` (by slug) its deck; return the decks.

    Side effects: see talks.decks.services.upload_slides (a deck that holds the same PDF
    already is left alone; a new PDF is read once the load commits). The PDFs written are
    added to `written_files`, for the loader to delete if its transaction rolls back.
    """
    decks = []
    for slug, slides in DECKS.items():
        talk = talks.get(slug)
        if talk is None:
            continue
        data = deck_pdf(talk.title, slides, seed=len(slug))
        previous = SlideDeck.objects.filter(talk=talk).values_list("pdf", flat=True).first()
        deck = upload_slides(talk=talk, file=ContentFile(data, name="slides.pdf"))
        if deck.pdf.name != previous:
            written_files.append((deck._meta.get_field("pdf").storage, deck.pdf.name))
        decks.append(deck)
    return decks
