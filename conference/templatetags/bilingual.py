"""A bilingual value (conference.bilingual) in a page, marked with the language it is
written in when that is not the page's: an English-only edition name on a Russian page is
`lang="en"`, so that a screen reader pronounces it as English. Speakers' and companies'
names, edition names, cities, venues and summaries, project and company descriptions,
gallery titles and photo captions all go through these two tags (and the talk lists'
links, written in Python, through the same conference.bilingual.fallback_language).

    {% load bilingual %}
    <h1{% lang_attr edition "name" %}>{{ edition.name }}</h1>
    <div class="prose"{% lang_attr edition "summary" %}>{{ edition.summary|paragraphs }}</div>
    {% bilingual_text edition "city" %}
    {% bilingual_text edition "name" as name %}
    {% blocktranslate %}From {{ name }}{% endblocktranslate %}

lang_attr goes on an element that holds the value alone; bilingual_text, where the value
stands among other words (a sentence, a heading with a badge). A value that is no field of
an object (an alias of a name, a search facet's label) goes through text_lang_attr, which
knows its language by its letters:

    <span{% text_lang_attr alias %}>{{ alias }}</span>
 Neither belongs in an
attribute or the <title>, which can carry no markup.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from conference.bilingual import fallback_language, marked_language

register = template.Library()


@register.simple_tag
def lang_attr(obj, name: str, attribute: str = "lang") -> SafeString:
    """` lang="xx"` when `obj.<name>` is shown in language xx by the fallback, else "".
    Another `attribute` ("data-title-lang") carries the language to a script that shows
    the value elsewhere (the gallery's lightbox shows each photo's caption)."""
    language = fallback_language(obj, name)
    return format_html(' {}="{}"', attribute, language) if language else mark_safe("")


@register.simple_tag
def bilingual_text(obj, name: str) -> SafeString:
    """`obj.<name>`, escaped, in a <span lang="xx"> when it is shown in language xx by the
    fallback."""
    value = getattr(obj, name)
    language = fallback_language(obj, name)
    if language and value:
        return format_html('<span lang="{}">{}</span>', language, value)
    return conditional_escape(value)


@register.simple_tag
def text_lang_attr(text: str) -> SafeString:
    """` lang="xx"` when `text` is written in language xx (by its letters) and the page is
    not, else ""."""
    language = marked_language(text)
    return format_html(' lang="{}"', language) if language else mark_safe("")
