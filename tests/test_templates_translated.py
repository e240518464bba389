"""Every word a visitor reads in the public templates goes through the translation catalogue.

Read from the template files, so that a new page or a new sentence written outside
{% translate %} / {% blocktranslate %} fails here before a visitor with the interface in
Russian meets English in it. Text that is not the interface's (values from the archive,
{{ ... }}) and machine words (og:type, meta content that is not prose) are left out.
The admin's templates are the organisers' and are left out too.
"""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Removed before looking for words, in this order: comments, translated text, other tags.
REMOVED = [
    re.compile(r"{% comment %}.*?{% endcomment %}", re.DOTALL),
    re.compile(r"{% blocktranslate\b.*?{% endblocktranslate %}", re.DOTALL),
    re.compile(r"{% translate\b.*?%}"),
    re.compile(r"{#.*?#}", re.DOTALL),
    re.compile(r"{%.*?%}", re.DOTALL),
    re.compile(r"{{.*?}}", re.DOTALL),
    # Data blocks (JSON-LD) and the opensearch description are not read as prose.
    re.compile(r"<script\b.*?</script>", re.DOTALL),
]
# Attributes a person reads or hears.
READ_ATTRIBUTES = re.compile(r'\b(alt|title|aria-label|placeholder)="([^"]*)"')
TAG = re.compile(r"<[^>]*>", re.DOTALL)
WORD = re.compile(r"[A-Za-zА-Яа-яЁё]{2,}")
# Words that are the same in every language of the site: og:type values, brand names.
NOT_PROSE = {"profile", "article", "website", "summary", "PostgreSQL"}


def public_templates() -> list[Path]:
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "admin" not in path.relative_to(TEMPLATES).parts
    )


def untranslated(source: str) -> list[str]:
    """The words of `source` a visitor would read that are outside the translation tags."""
    for pattern in REMOVED:
        source = pattern.sub(" ", source)
    found = [value for _, value in READ_ATTRIBUTES.findall(source)]
    found += TAG.sub(" ", source).split("\n")
    return [
        text.strip() for text in found if any(word not in NOT_PROSE for word in WORD.findall(text))
    ]


@pytest.mark.parametrize(
    "path", public_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_template_text_is_translated(path):
    assert untranslated(path.read_text()) == []


def test_untranslated_text_is_found():
    source = (
        '{% load i18n %}<p>{% translate "Fine" %} Add to calendar</p>'
        '<img alt="A photo" src="{{ photo.url }}"><meta property="og:type" content="profile">'
        "{% blocktranslate %}Fine too{% endblocktranslate %}<span>{{ talk.title }}</span>"
    )

    assert untranslated(source) == ["A photo", "Add to calendar"]
