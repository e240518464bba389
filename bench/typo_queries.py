"""The misspelt multi-word queries of the typo evaluation (issue 19), shared by
bench/search_eval.py (which prints hit rates) and tests/talks/test_search_eval.py (which
holds them to the targets).

Each query is a run of three to five consecutive words of a public talk's title with one
or two of its words of five letters or more misspelt once, deterministically (a seeded
random.Random): two neighbouring letters swapped, a letter dropped or a letter doubled,
never the first letter. A query is a hit when its talk is among the first ten results.
"""

import random
import re
from dataclasses import dataclass

WORD = re.compile(r"\w+", re.UNICODE)
TOP = 10
MIN_WORDS, MAX_WORDS = 3, 5


@dataclass(frozen=True)
class EvalQuery:
    talk_id: int
    language: str
    title: str
    query: str


def misspell(word: str, rng: random.Random) -> str:
    """`word` with one typo: a swap of neighbours, a drop or a doubled letter (never the
    first letter, as people rarely mistype it)."""
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        places = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
        if places:
            i = rng.choice(places)
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        i = rng.randrange(1, len(word))
        return word[:i] + word[i + 1 :]
    i = rng.randrange(1, len(word))
    return word[:i] + word[i] + word[i:]


def _window(words: list[str], rng: random.Random) -> list[str]:
    size = min(len(words), rng.randint(MIN_WORDS, MAX_WORDS))
    start = rng.randrange(0, len(words) - size + 1)
    return words[start : start + size]


def eval_queries(
    talks: list[tuple[int, str, str]], *, count: int, seed: int = 19
) -> list[EvalQuery]:
    """Up to `count` queries from (id, title, language) of public talks, one per talk,
    talks taken in a seeded random order."""
    rng = random.Random(seed)
    chosen = sorted(talks)
    rng.shuffle(chosen)
    queries = []
    for talk_id, title, language in chosen:
        words = [word for word in WORD.findall(title) if not word.isdigit()]
        if len(words) < MIN_WORDS:
            continue
        window = _window(words, rng)
        long_words = [i for i, word in enumerate(window) if len(word) >= 5 and word.isalpha()]
        if not long_words:
            continue
        for i in rng.sample(long_words, min(len(long_words), rng.choice((1, 2)))):
            window[i] = misspell(window[i], rng)
        queries.append(EvalQuery(talk_id, language, title, " ".join(window)))
        if len(queries) == count:
            break
    return queries


def hit_rates(queries: list[EvalQuery], search) -> dict[str, tuple[int, int]]:
    """(hits, queries) in all and per language of the talk; `search(query)` returns the
    ids of the first TOP results."""
    rates: dict[str, list[int]] = {}
    for query in queries:
        hit = query.talk_id in search(query.query)
        for key in ("all", query.language):
            rates.setdefault(key, [0, 0])
            rates[key][0] += hit
            rates[key][1] += 1
    return {key: (hits, total) for key, (hits, total) in rates.items()}


def misses(queries: list[EvalQuery], search) -> list[EvalQuery]:
    return [query for query in queries if query.talk_id not in search(query.query)]
