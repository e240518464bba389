"""The topics the archive starts with, as TOML files in this folder (one file, many
topics), read in the order of their names, and written into the Topic table by slug.

A file holds `[[topic]]` tables with `slug`, `name_en`, `name_ru`, `terms_en` and
`terms_ru` (lists of words or phrases). A slug met again in a later file updates that
topic: the later names win, the terms of both are kept. The data migrations that seed
topics (talks migration 0027, and any later one for files added since) call upsert():
a topic organisers have since edited keeps their names and terms, with the files' terms
added, so a later seed never takes their work away.
"""

import tomllib
from pathlib import Path

FOLDER = Path(__file__).parent
KEYS = ("slug", "name_en", "name_ru", "terms_en", "terms_ru")


class SeedError(ValueError):
    """A seed file that is not what this module reads, with the file and topic named."""


def _merged(terms: list[str], more: list[str]) -> list[str]:
    """`terms` then those of `more` not in it (whatever their case), in order."""
    seen = {term.casefold() for term in terms}
    return [*terms, *(term for term in more if term.casefold() not in seen)]


def _checked(entry: dict, source: str) -> dict:
    unknown = set(entry) - set(KEYS)
    slug = entry.get("slug")
    if unknown or not isinstance(slug, str) or not slug:
        raise SeedError(f"{source}: a topic needs a slug and only {', '.join(KEYS)}: {entry}")
    if not (entry.get("name_en") or entry.get("name_ru")):
        raise SeedError(f"{source}: topic {slug} has no name")
    topic = {"slug": slug}
    for key in ("name_en", "name_ru"):
        topic[key] = str(entry.get(key, "")).strip()
    for key in ("terms_en", "terms_ru"):
        terms = entry.get(key, [])
        if not isinstance(terms, list) or not all(isinstance(term, str) for term in terms):
            raise SeedError(f"{source}: {key} of topic {slug} must be a list of strings")
        topic[key] = _merged([], [term.strip() for term in terms if term.strip()])
    return topic


def load(folder: Path = FOLDER) -> list[dict]:
    """Every topic of every *.toml file in `folder`, files in name order, one dict per
    slug (KEYS), in the order first met."""
    topics: dict[str, dict] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as file:
            data = tomllib.load(file)
        for entry in data.get("topic", []):
            topic = _checked(entry, path.name)
            known = topics.get(topic["slug"])
            if known is None:
                topics[topic["slug"]] = topic
                continue
            for key in ("name_en", "name_ru"):
                known[key] = topic[key] or known[key]
            for key in ("terms_en", "terms_ru"):
                known[key] = _merged(known[key], topic[key])
    return list(topics.values())


def upsert(topic_model, topics: list[dict]) -> tuple[int, int]:
    """Write `topics` into `topic_model` (a migration's historical Topic) by slug: new
    ones created, known ones given the terms they lack (their names left as they are).
    Two statements at most, so the database's topic triggers run once for all of them.
    Returns (created, updated)."""
    known = {
        topic.slug: topic
        for topic in topic_model.objects.filter(slug__in=[entry["slug"] for entry in topics])
    }
    created, updated = [], []
    for entry in topics:
        topic = known.get(entry["slug"])
        if topic is None:
            created.append(topic_model(**entry))
            continue
        terms_en = _merged(topic.terms_en, entry["terms_en"])
        terms_ru = _merged(topic.terms_ru, entry["terms_ru"])
        if (terms_en, terms_ru) != (topic.terms_en, topic.terms_ru):
            topic.terms_en, topic.terms_ru = terms_en, terms_ru
            updated.append(topic)
    topic_model.objects.bulk_create(created)
    topic_model.objects.bulk_update(updated, ["terms_en", "terms_ru"])
    return len(created), len(updated)
