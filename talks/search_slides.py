"""Search results that matched inside a talk's slides: which page, and its snippet.

A talk's slide text is part of its search document at the lowest weight (talks/sql/
archive_talk_vector.sql), so a word only on a slide finds the talk. For the page of
results, talks.search_statement.page_sql joins SLIDE_MATCH: the first page of the talk's slides
whose text matches the query, and its highlighted headline: the result's slides_page
(the page number, or None), which the search page links to as ".../#slide-N" and the API
gives as `slides_page`, and its snippet when the abstract has no match to show
(headline_to_show).
"""

# The page's number and text, for the talk joined as `t`; {tsquery} is the query's SQL.
SLIDE_MATCH = (
    " LEFT JOIN LATERAL (SELECT page.number, page.text FROM talks_slidedeck deck"
    " JOIN talks_slidepage page ON page.deck_id = deck.id"
    " WHERE deck.talk_id = t.id"
    " AND to_tsvector(archive_text_search_config(t.language), page.text) @@ {tsquery}"
    " ORDER BY page.number LIMIT 1) AS slide ON true"
)
# The select list's part: the page number and the headline of its text ({tsquery} and the
# headline options as parameters, as the abstract's headline takes them).
SLIDE_COLUMNS = (
    ", slide.number, ts_headline(archive_text_search_config(t.language), slide.text, {tsquery}, %s)"
)


def headline_to_show(abstract: str | None, slide: str | None, *, marker: str) -> str | None:
    """The abstract's headline, unless it shows no match (no highlight `marker`) and the
    slide's does: a result found by its slides shows the words it was found by."""
    if slide and marker in slide and not (abstract and marker in abstract):
        return slide
    return abstract
