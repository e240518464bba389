"""Typo tolerance per word: the query rewritten with the archive's own words before search
runs it (talks/search.py calls correct() once per search).

Each bare word the archive does not know, neither as a word of a public talk (the
vocabulary PostgreSQL keeps, talks/vocabulary.py) nor through full-text search's stemming
and transliteration, is replaced by its nearest known word: at most 0 typos under five
letters, 1 from five to eight, 2 from nine, as Meilisearch scales them
(https://www.meilisearch.com/docs/learn/relevancy/typo_tolerance_settings), a typo being
one insertion, deletion, substitution or swap of neighbours (optimal string alignment).
Among the nearest, the word more public talks hold wins, then one in the query word's
own script. Words compare in their Latin spelling too, so "мультикорн" finds Multicorn.
A known word is never replaced; "quoted phrases", -exclusions and OR stay as typed. An
unknown word nothing is near is left out while other words remain (as Meilisearch drops
words that match nothing), so that one stray word does not sink the query.

Names: when the query ends with words that begin a public company's or project's name of
several words, their last one cut short ("постгрес про"), those words become the name
("postgres professional"), in either script.

Everything is read in one statement; a query with nothing to look up reads nothing.
"""

import itertools
import re
from dataclasses import dataclass

from django.db import connection

from talks.readers.visibility import PUBLIC_TALKS_T
from talks.typo_memo import WordMemo

# A word of a query, as search.py splits queries too.
WORD = re.compile(r"\w+", re.UNICODE)
# A websearch term: an optional minus, then a "quoted phrase" or a bare word.
TERM = re.compile(r'(?P<minus>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# At most this many words of a query are looked up (a query is at most 200 characters).
MAX_WORDS = 8
# Equally near words tried per misspelt word, and corrected queries tried at most.
MAX_CHOICES = 3
MAX_COMBINATIONS = 9
# Shorter words are never looked up: nothing could correct them, and "pg" or "и" may
# well match nothing yet mean something.
MIN_LOOKED_UP = 3
# Runs of trailing words tried as the start of a name: the last two to this many.
MAX_NAME_WORDS = 4
# What a memo's get() gives for an answer it does not hold (None is an answer: no name).
_NOT_HELD = object()


def split_terms(query: str) -> tuple[list[str], list[str]]:
    """The words a query asks for and the words it excludes (after a "-")."""
    wanted: list[str] = []
    excluded: list[str] = []
    for match in TERM.finditer(query):
        words = WORD.findall(match.group("phrase") or match.group("word") or "")
        if match.group("minus"):
            excluded.extend(words)
        else:
            wanted.extend(word for word in words if word != "OR")
    return wanted, excluded


def max_typos(word: str) -> int:
    """Typos allowed in a word of this length (Meilisearch's defaults)."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def typo_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one typo), or limit + 1
    when it is over limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


@dataclass(frozen=True)
class _Word:
    """A bare word of the query where it stands."""

    text: str
    start: int
    end: int
    whole_term: bool  # the term is this word alone (no punctuation around it)


def _bare_words(query: str) -> tuple[list[_Word], list[_Word]]:
    """The words of bare terms (not phrases, exclusions or OR), and the trailing run of
    whole-word terms that may begin a name."""
    words: list[_Word] = []
    run: list[_Word] = []
    for term in TERM.finditer(query):
        bare = term.group("word")
        if term.group("minus") or bare is None or bare == "OR":
            run = []
            continue
        found = list(WORD.finditer(bare))
        start = term.start("word")
        for match in found:
            whole = len(found) == 1 and match.group() == bare
            words.append(_Word(match.group(), start + match.start(), start + match.end(), whole))
        run = [*run, words[-1]] if len(found) == 1 and words[-1].whole_term else []
    return words, run[-MAX_NAME_WORDS:]


# One row per candidate: ("word", position, the word lower-cased and unaccented, in Latin,
# whether the archive knows it, a candidate, its Latin spelling, its talks) and per name
# ("name", position, ..., the name). A word is known when the vocabulary holds it or
# full-text search finds a public talk by it (stemmed: "replicating"); only an unknown
# word reads candidates (the LATERAL's NOT known is checked once per word). The
# vocabulary is asked by a scalar subquery, a probe of its primary key, and `known` kept
# a subquery of its own (OFFSET 0): as EXISTS, evaluated in two places, the planner
# hashed the whole vocabulary twice a search (docs/performance.md, "Search SQL,
# session 12").
LOOKUP_SQL = f"""
SELECT 'word', q.position, n.plain, parsed.latin, known.yes, c.word, c.latin, c.talks
  FROM unnest(%s::text[], %s::int[]) WITH ORDINALITY AS q(word, max_edits, position)
 CROSS JOIN LATERAL (SELECT lower(unaccent(q.word)) AS plain OFFSET 0) AS n
 CROSS JOIN LATERAL (
       SELECT archive_translit(n.plain) AS latin, archive_search_query(q.word) AS tsquery
       OFFSET 0) AS parsed
 CROSS JOIN LATERAL (
       SELECT (SELECT TRUE FROM talks_searchword v WHERE v.word = n.plain) IS NOT NULL
           OR EXISTS (SELECT 1 FROM {PUBLIC_TALKS_T} WHERE t.search_vector @@ parsed.tsquery)
           AS yes OFFSET 0) AS known
  LEFT JOIN LATERAL (
       SELECT * FROM archive_word_candidates(parsed.latin, q.max_edits)
        WHERE NOT known.yes AND q.max_edits > 0
  ) AS c ON TRUE
UNION ALL
SELECT 'name', r.position, NULL, NULL, NULL, best.word, best.latin, best.talks
  FROM unnest(%s::text[]) WITH ORDINALITY AS r(run, position)
 CROSS JOIN LATERAL (
       SELECT replace(archive_translit(unaccent(r.run)), '_', '\\_') AS pattern OFFSET 0) AS p
 CROSS JOIN LATERAL (
       SELECT v.word, v.latin, v.talks FROM talks_searchword v
        WHERE v.latin LIKE p.pattern || '_%%' AND v.latin NOT LIKE p.pattern || ' %%'
          AND v.word ~ ' '
        ORDER BY v.talks DESC, v.word LIMIT 1) AS best
"""  # noqa: S608 -- this module's constant fragments; the words are parameters


def _nearest(plain: str, latin: str, allowed: int, candidates: list[tuple]) -> list[str]:
    """The candidates at the fewest typos (within `allowed`), best first: most talks, then
    the query word's own script, then alphabetical; at most MAX_CHOICES."""
    cyrillic = bool(CYRILLIC.search(plain))
    ranked = []
    for word, word_latin, talks in candidates:
        distance = min(
            typo_distance(plain, word, allowed), typo_distance(latin, word_latin, allowed)
        )
        if distance <= allowed:
            other_script = bool(CYRILLIC.search(word)) != cyrillic
            ranked.append((distance, -talks, other_script, word))
    ranked.sort()
    return [word for distance, *_, word in ranked if distance == ranked[0][0]][:MAX_CHOICES]


# The first of the corrected queries (best first) that finds a public talk: equally near
# words are told apart by the query's other words ("nesed fielsd in Writer" wants
# "nested", not the commoner "need"), as engines that OR a word's corrections let the
# other words choose. Each query is parsed once (OFFSET 0), so EXISTS probes the GIN index.
CHOICE_SQL = f"""
SELECT c.position FROM unnest(%s::text[]) WITH ORDINALITY AS c(query, position)
 CROSS JOIN LATERAL (SELECT archive_search_query(c.query) AS tsquery OFFSET 0) AS parsed
 WHERE EXISTS (SELECT 1 FROM {PUBLIC_TALKS_T} WHERE t.search_vector @@ parsed.tsquery)
 ORDER BY c.position LIMIT 1
"""  # noqa: S608 -- this module's constant fragments; the queries are parameters


def _choose(
    query: str, fixed: dict, choices: dict[tuple[int, int], list[str]], memo: WordMemo | None
) -> str:
    """The query corrected with the first combination of choices (fewest second choices
    first) that finds a talk; the best choices when none does (or there is no choice)."""
    spans = list(choices)
    combinations = sorted(
        itertools.product(*(range(len(choices[span])) for span in spans)), key=lambda c: sum(c)
    )[:MAX_COMBINATIONS]
    texts = [
        _rewrite(
            query, {**fixed, **{span: choices[span][i] for span, i in zip(spans, c, strict=True)}}
        )
        for c in combinations
    ]
    if len(texts) > 1 and (found := _first_finding(texts, memo)) is not None:
        return texts[found]
    return texts[0]


def _first_finding(texts: list[str], memo: WordMemo | None) -> int | None:
    """The index of the first query of `texts` that finds a public talk (CHOICE_SQL), or
    None; from `memo` when it has the answer."""
    key = tuple(texts)
    if memo is not None and (held := memo.choices.get(key, _NOT_HELD)) is not _NOT_HELD:
        return held
    with connection.cursor() as cursor:
        cursor.execute(CHOICE_SQL, [texts])
        found = cursor.fetchone()
    index = found[0] - 1 if found else None
    if memo is not None:
        memo.remember("choices", key, index)
    return index


def _query_lookup(words: list[str], runs: list[str]) -> list[tuple]:
    """LOOKUP_SQL's rows for these words and name runs."""
    with connection.cursor() as cursor:
        cursor.execute(LOOKUP_SQL, [words, [max_typos(word) for word in words], runs])
        return cursor.fetchall()


def _lookup(words: list[str], runs: list[str], memo: WordMemo | None) -> list[tuple]:
    """LOOKUP_SQL's rows for these words and name runs, as one statement would give them;
    with a memo, only what it does not hold yet is read (nothing, when it holds all)."""
    if memo is None:
        return _query_lookup(words, runs)
    # Read with get(): another thread may empty the memo meanwhile (typo_memo.remember).
    known_words = {
        w: found for w in words if (found := memo.words.get(w, _NOT_HELD)) is not _NOT_HELD
    }
    known_runs = {r: found for r in runs if (found := memo.runs.get(r, _NOT_HELD)) is not _NOT_HELD}
    new_words = [word for word in dict.fromkeys(words) if word not in known_words]
    new_runs = [run for run in dict.fromkeys(runs) if run not in known_runs]
    if new_words or new_runs:
        found_words: dict[str, list] = {word: [] for word in new_words}
        found_runs: dict[str, tuple | None] = dict.fromkeys(new_runs)
        for kind, position, *values in _query_lookup(new_words, new_runs):
            if kind == "word":
                found_words[new_words[position - 1]].append(tuple(values))
            else:
                found_runs[new_runs[position - 1]] = tuple(values)
        for word, values in found_words.items():
            known_words[word] = tuple(values)
            memo.remember("words", word, known_words[word])
        for run, best in found_runs.items():
            known_runs[run] = best
            memo.remember("runs", run, best)
    rows = [
        ("word", position, *values)
        for position, word in enumerate(words, 1)
        for values in known_words[word]
    ]
    rows += [
        ("name", position, *known_runs[run])
        for position, run in enumerate(runs, 1)
        if known_runs[run] is not None
    ]
    return rows


def correct(query: str, memo: WordMemo | None = None) -> str:
    """The query with its unknown words corrected and a name's cut-short start completed;
    "" when nothing changes. With `memo` (talks/typo_memo.py), what this archive version's
    searches looked up already is not read again."""
    words, run = _bare_words(query)
    looked_up = [word for word in words if len(word.text) >= MIN_LOOKED_UP][:MAX_WORDS]
    runs = [" ".join(w.text for w in run[start:]) for start in range(len(run) - 1)]
    if not looked_up and not runs:
        return ""
    rows = _lookup([w.text for w in looked_up], runs, memo)
    replacements: dict[tuple[int, int], str] = {}
    names = {row[1]: row[5] for row in rows if row[0] == "name"}
    if names:
        first = run[min(names) - 1]  # the longest run that begins a name
        replacements[first.start, run[-1].end] = names[min(names)]
    forms: dict[int, tuple[str, str]] = {}
    candidates: dict[int, list[tuple]] = {}
    for kind, position, plain, latin, known, word, word_latin, talks in rows:
        if kind == "word" and not known:
            forms[position] = (plain, latin)
            candidates.setdefault(position, [])
            if word is not None:
                candidates[position].append((word, word_latin, talks))
    unknown = []
    choices: dict[tuple[int, int], list[str]] = {}
    for position, found in candidates.items():
        query_word = looked_up[position - 1]
        if any(start <= query_word.start < end for start, end in replacements):
            continue  # part of a name
        nearest = _nearest(*forms[position], max_typos(query_word.text), found)
        if nearest:
            choices[query_word.start, query_word.end] = nearest
        else:
            unknown.append(query_word)
    # A word nothing is near would sink the whole query (websearch ANDs its words): left
    # out, as Meilisearch leaves out words that match nothing, while others remain.
    if unknown and len(unknown) < len(words) and " OR " not in query:
        for word in unknown:
            replacements[word.start, word.end] = ""
    return _choose(query, replacements, choices, memo)


def _rewrite(query: str, replacements: dict[tuple[int, int], str]) -> str:
    """The query with each (start, end) span replaced; "" when that changes nothing."""
    pieces = []
    end = 0
    for (start, stop), text in sorted(replacements.items()):
        pieces += [query[end:start], text]
        end = stop
    corrected = " ".join("".join([*pieces, query[end:]]).split())
    return "" if corrected.lower() == query.lower() else corrected


def relax(query: str, memo: WordMemo | None = None) -> str:
    """For a query that finds nothing: the query without one of its bare words, the last
    first, that finds a public talk (Meilisearch's "last" matching strategy, one word
    deep), so that a real word typed for another ("stat" for "state") does not sink the
    rest; "" when no such query exists. Phrases and exclusions are never left out."""
    words, _ = _bare_words(query)
    if len(words) < 2 or " OR " in query:
        return ""
    texts = [_rewrite(query, {(word.start, word.end): ""}) for word in reversed(words)]
    found = _first_finding(texts, memo)
    return texts[found] if found is not None else ""
