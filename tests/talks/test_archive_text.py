"""The paragraphs filter's shortcut around urlize (talks/templatetags/archive_text.py)."""

import pytest
from django.utils.html import urlize
from hypothesis import given, settings
from hypothesis import strategies as st

from talks.templatetags import archive_text

# Characters that make up links, e-mail addresses, domains and HTML, often enough that
# random lines hit urlize's cases; plus anything at all.
LINKISH = st.sampled_from(list("abc .:/@<>&\"'-_wWmMoOcCnNtTgGrRvVeEiIlLdDuU\u0436\u00e9"))
TEXT = st.text(alphabet=LINKISH | st.characters(), max_size=60)


def urlized(line: str) -> str:
    return urlize(line.strip(), nofollow=True, autoescape=True)


@given(
    st.lists(st.sampled_from(["www", "WWW", ".", ":", "//", "@", "com", "org", "Net", "x"])).map(
        "".join
    )
    | TEXT
)
@settings(max_examples=500, deadline=None)
def test_inline_text_is_what_urlize_gives(text):
    """Whatever the line, skipping urlize where no link can be changes nothing."""
    line = text.replace("\n", " ").replace("\r", " ")
    assert archive_text._inline(line) == urlized(line)


@pytest.mark.parametrize(
    "line",
    [
        "See https://www.postgresql.org/docs/ and the slides.",
        "Write to talks@example.org, or visit www.example.com.",
        "Mail anna@postgrespro.ru for the slides",
        "The code is at github.com/ or example.NET/x",
        "Plain text <b>with</b> HTML & quotes \"'",
        "Логическая репликация в PostgreSQL 17",
    ],
)
def test_inline_known_lines(line):
    assert archive_text._inline(line) == urlized(line)
