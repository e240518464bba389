"""Filters that turn the archive's plain text (abstracts, summaries, bios) into safe HTML."""

import re

from django import template
from django.utils.html import escape, format_html_join, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BLANK_LINES = re.compile(r"\n\s*\n")
# Abstracts pasted from CfP forms mark list items with "-", "*" or "•".
LIST_ITEM = re.compile(r"^\s*[-*•]\s+")


# What urlize() can turn into a link: a scheme, "www.", an e-mail address, or a bare
# domain under one of the top-level domains it knows (django.utils.html.Urlizer).
MAYBE_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


def _inline(text: str) -> SafeString:
    """Escape one line and make its URLs clickable; links to other sites get rel=nofollow.

    Most lines hold no link, and for them urlize() (a dozen regular expressions per
    word, the costliest part of a talk page's template) gives the escaped text: so
    only lines that may hold one go through it.
    """
    text = text.strip()
    if not MAYBE_LINK.search(text):
        return escape(text)
    return mark_safe(urlize(text, nofollow=True, autoescape=True))  # noqa: S308 -- urlize escaped it


def _block_html(block: str) -> str:
    """One blank-line-separated block: runs of list-item lines become a <ul>, the rest <p>."""
    html = []
    lines: list[str] = []
    items: list[str] = []

    def flush_lines():
        if lines:
            html.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
            lines.clear()

    def flush_items():
        if items:
            html.append(
                "<ul>"
                + format_html_join("", "<li>{}</li>", ((_inline(item),) for item in items))
                + "</ul>"
            )
            items.clear()

    for line in block.splitlines():
        if not line.strip():
            continue
        if LIST_ITEM.match(line):
            flush_lines()
            items.append(LIST_ITEM.sub("", line, count=1))
        else:
            flush_items()
            lines.append(line)
    flush_lines()
    flush_items()
    return "".join(html)


@register.filter(is_safe=True)
def paragraphs(value) -> SafeString:
    """Plain text as HTML paragraphs: escaped, blank lines part paragraphs, single newlines
    become <br>, lines starting with "- " become a list, and URLs become links.

    The input is never trusted as HTML: everything is escaped before any tag is added.
    """
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return mark_safe("")
    blocks = (_block_html(block) for block in BLANK_LINES.split(text))
    return mark_safe("\n".join(block for block in blocks if block))  # noqa: S308 -- built from escaped parts


@register.filter
def minutes(duration) -> int | str:
    """A timedelta as whole minutes, for "45 min"; empty when there is no duration."""
    if not duration:
        return ""
    return int(duration.total_seconds() // 60)
