"""The API's search statement planned once: its tsqueries as values, on a generic plan.

Planning the search statement (talks/search_statement.py) costs a few milliseconds on every
call, most of a small query's time: psycopg prepares it, but PostgreSQL plans it for each
call's values (a custom plan), since archive_search_query(%s) must be folded for its text
(its COST keeps PostgreSQL's own choice on custom plans). The API's statement without
filters plans as well without the values (docs/performance.md, "The search API's per-call
cost, session 14"), so for it, and only it, on a connection that `prepares` statements,
search_statement asks `planned_once`:

- every archive_search_query(%s) of the statement becomes %s::tsquery, the tsquery's text
  computed beforehand (`tsqueries`: one statement for those the memo does not hold; the
  function is IMMUTABLE, so its text is the value the statement would have folded, and a
  tsquery's text reads back as the same tsquery);
- unless the query is broad: a word most talks hold, whose custom plan reads the talks in
  id order and stops at the count's cap where the generic plan, made for a few matches,
  reads every match (4x slower for "postgresql"). PostgreSQL's own estimate of its
  matches says which (`estimated_matches`: one EXPLAIN for a text the memo does not hold);
  a broad query keeps its custom plan, planned each time, a small part of its time;
- the statement runs under plan_cache_mode = force_generic_plan (`generic_plan`): planned
  once per connection by PostgreSQL's default selectivities, then reused.

A filtered statement keeps its custom plans: its generic plan was twice as slow ("Search's
fixed cost per call, session 13"), as are the search page's with facets, untried.
"""

from contextlib import contextmanager

from django.db import connection

from talks import search as base
from talks.typo_memo import WordMemo

# What search.TSQUERY, a tsquery of a text, becomes.
AS_VALUE = "%s::tsquery"
# Each distinct text's tsquery, as text, in one statement.
TSQUERIES_SQL = "SELECT q, archive_search_query(q)::text FROM unnest(%s::text[]) AS q"
# A query PostgreSQL expects this many talks or more to match keeps its custom plan. Past
# the count's cap the custom plan may read the talks in id order and stop at the cap, and
# the generic plan reads every match: about even at a few thousand matches of 20,000 talks
# (where reading in id order, checking each document, reaches the cap as late), so twice
# the cap; estimates of OR queries run high ("replication OR репликация": 3,555 for 1,490).
BROAD = 4_000  # twice search.COUNT_CAP (a literal: talks.search imports this module)
# PostgreSQL's estimate of the talks matching a text, from the search documents' statistics.
ESTIMATE_SQL = "EXPLAIN (FORMAT JSON) SELECT FROM talks_talk t WHERE t.search_vector @@ " + (
    "archive_search_query(%s)"
)
SET_GENERIC = "SET plan_cache_mode = force_generic_plan"
RESET = "RESET plan_cache_mode"


def prepares() -> bool:
    """Whether the connection prepares statements (DATABASE_PREPARE_THRESHOLD > 0): only
    then is a generic plan kept, and only then is the session's SET safe (behind a
    transaction-mode pooler, which cannot keep prepared statements, the SET and the
    statement could run on different server connections)."""
    return bool(connection.settings_dict["OPTIONS"].get("prepare_threshold"))


def planned_once(statement: "base.Sql", query: str, memo: WordMemo | None) -> "base.Sql | None":
    """`statement` with each archive_search_query(%s) as its tsquery's value (%s::tsquery):
    one text for every query, whose generic plan PostgreSQL keeps; None for a broad `query`
    (its statement as it is, on a custom plan)."""
    if estimated_matches(query, memo) >= BROAD:
        return None
    prefix, suffix = base.TSQUERY.split("%s")  # read here: talks.search imports this module
    parts = statement.text.split("%s")
    # Between two "%s" of the text, one parameter: the fragments never hold a literal "%".
    if len(parts) != len(statement.params) + 1 or "%%" in statement.text:
        raise ValueError("a search statement's placeholders do not match its parameters")
    folded = [
        parts[index].endswith(prefix) and parts[index + 1].startswith(suffix)
        for index in range(len(statement.params))
    ]
    values = tsqueries(
        {param for param, fold in zip(statement.params, folded, strict=True) if fold}, memo
    )
    text, params = [parts[0]], []
    for index, param in enumerate(statement.params):
        if folded[index]:
            text[-1] = text[-1].removesuffix(prefix)
            text.append(AS_VALUE + parts[index + 1].removeprefix(suffix))
            params.append(values[param])
        else:
            text.append("%s" + parts[index + 1])
            params.append(param)
    return base.Sql("".join(text), tuple(params))


def tsqueries(texts: set[str], memo: WordMemo | None) -> dict[str, str]:
    """archive_search_query of each text, as text: from `memo` where it holds them, the
    others in one statement (and remembered)."""
    held = memo.tsqueries if memo is not None else {}
    found = {text: held[text] for text in texts if text in held}
    asked = sorted(texts - found.keys())
    if asked:
        with connection.cursor() as cursor:
            cursor.execute(TSQUERIES_SQL, (asked,))
            for text, tsquery in cursor.fetchall():
                found[text] = tsquery
                if memo is not None:
                    memo.remember("tsqueries", text, tsquery)
    return found


def estimated_matches(query: str, memo: WordMemo | None) -> float:
    """How many talks PostgreSQL expects to match `query` (from `memo` where it holds it)."""
    held = memo.estimates if memo is not None else {}
    if (estimate := held.get(query)) is None:
        with connection.cursor() as cursor:
            cursor.execute(ESTIMATE_SQL, (query,))
            (plan,) = cursor.fetchone()
        estimate = plan[0]["Plan"]["Plan Rows"]
        if memo is not None:
            memo.remember("estimates", query, estimate)
    return estimate


@contextmanager
def generic_plan(cursor):
    """Statements run on `cursor` inside get PostgreSQL's generic plan; the session's own
    setting is back after them."""
    cursor.execute(SET_GENERIC)
    try:
        yield
    except Exception:
        # In a transaction its rollback undoes the SET (and a RESET there would fail);
        # without one the SET outlives the failed statement.
        if not connection.in_atomic_block:
            cursor.execute(RESET)
        raise
    cursor.execute(RESET)
