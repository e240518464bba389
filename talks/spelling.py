"""Did you mean: the query with each word the archive does not know replaced by the
closest word it does, offered by search (talks/search.py) when full-text search finds
little. Kept apart from search.py, whose statements find talks, because this one reads
the archive's own vocabulary: the public titles and speaker names.
"""

import re

from django.db import connection

from talks.readers.visibility import PUBLIC_TALKS_T

# A word of a query, as search.py splits queries too.
WORD = re.compile(r"\w+", re.UNICODE)
# At most this many distinct words of a query are looked up.
MAX_WORDS = 8

# "Did you mean" draws only on what the public may see, so that neither a suggestion nor
# its absence tells that a draft holds a word (issue 17): candidates come from the titles
# of published talks in published editions (PUBLIC_TALKS_T) and the names of speakers
# credited at one, and a word is "known" only when such a talk's document holds it (the
# document's speaker, company and project names are then public too). A speaker's public
# credit is a LATERAL ... LIMIT 1 rather than EXISTS: PostgreSQL turned EXISTS into a
# semi-join that hashed every credit of every public talk as soon as one name looked
# alike, where probing the few look-alike speakers' credits by index reads only those
# (docs/performance.md, "Readers, search and suggestions").
SUGGESTION_SQL = f"""
SELECT query_word.word,
       (SELECT candidate FROM (
            SELECT DISTINCT regexp_split_to_table(lower(source.text), '[^[:alnum:]]+') AS candidate
              FROM (SELECT t.title AS text FROM {PUBLIC_TALKS_T}
                     WHERE query_word.word <%% t.title
                     UNION ALL
                    SELECT concat_ws(' ', s.name_en, s.name_ru) FROM talks_speaker s
                           CROSS JOIN LATERAL (
                               SELECT 1 FROM {PUBLIC_TALKS_T}
                                 JOIN talks_talkspeaker ts ON ts.talk_id = t.id
                                WHERE ts.speaker_id = s.id LIMIT 1
                           ) AS public_credit
                     WHERE query_word.word <%% s.name_en OR query_word.word <%% s.name_ru
                    LIMIT 200) AS source
        ) AS words
         WHERE candidate <> ''
         ORDER BY similarity(candidate, query_word.word) DESC, candidate
         LIMIT 1) AS best,
       EXISTS (SELECT 1 FROM {PUBLIC_TALKS_T} WHERE t.search_vector @@ parsed.tsquery) AS known
  FROM unnest(%s::text[]) WITH ORDINALITY AS query_word(word, position)
       -- Parsed once per word (OFFSET 0 keeps the planner from inlining the call into
       -- EXISTS), so that EXISTS probes the GIN index instead of parsing the word again
       -- for every talk it scans.
       CROSS JOIN LATERAL (
           SELECT archive_search_query(query_word.word) AS tsquery OFFSET 0
       ) AS parsed
 ORDER BY query_word.position
"""  # noqa: S608 -- built from this module's constant fragments; the words are a parameter


def did_you_mean(query: str) -> str:
    """The query with each word the archive does not know replaced by its closest word.

    "" when every word is known or nothing close exists. Quotes, minus signs and OR stay.
    """
    words = list(dict.fromkeys(word.lower() for word in WORD.findall(query)))[:8]
    if not words:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(SUGGESTION_SQL, [words])
        corrections = {word: best for word, best, known in cursor.fetchall() if not known and best}
    if not corrections:
        return ""
    return WORD.sub(lambda match: corrections.get(match.group().lower(), match.group()), query)
