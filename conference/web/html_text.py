"""Escaping for the template tags that write markup in Python (talk lists, search results,
pictures, the gallery grid): what the templates' autoescaping did, for less."""

import re
from html import escape

_TO_ESCAPE = re.compile("[&<>\"']")


def html_text(value) -> str:
    """A value as HTML text: escaped, unless it is HTML already (conditional_escape's rule,
    without its lazy-string wrapper, which cost more than the escaping itself). Most
    titles and names hold nothing to escape: one search finds out, instead of the five
    replacements html.escape() makes."""
    if hasattr(value, "__html__"):
        return value.__html__()
    text = str(value)
    return escape(text) if _TO_ESCAPE.search(text) else text
