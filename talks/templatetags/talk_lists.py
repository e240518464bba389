"""Lists of talks and their speaker credits, rendered in Python.

The same talk item appears on the edition, speaker, company, project, talk and home
pages, up to a thousand times on one page. As an included template (some forty variable
lookups, translations and two nested includes per talk) it was where an edition of a
thousand talks spent most of its time (docs/performance.md, "Readers, search and
suggestions"). These tags write the same markup in Python, escaping every value exactly
as the template's autoescaping did.

    {% load talk_lists %}
    {% talk_list talks level=3 show_edition=True show_date=True show_room=False %}
    {% talk_credits talk %}

Each talk needs talk.credits and its edition loaded (talks.readers give both).
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from conference.bilingual import fallback_language, other_language
from conference.web.fast_urls import fixed_prefix
from conference.web.html_text import html_text
from conference.zones import local
from talks.choices import KIND_LABELS, LANGUAGE_LABELS, TalkKind
from talks.templatetags.archive_text import minutes

register = template.Library()


def _link(obj, links: dict | None) -> str:
    """<a href="obj's page">obj.name</a>. `links` keeps each one for the rest of a list,
    where the same editions, speakers and companies come back talk after talk. A name
    shown in the other language (it has no value in the page's) says its language, as
    conference.templatetags.bilingual's tags do."""
    if links is None:
        language = fallback_language(obj, "name")
        lang = f' lang="{language}"' if language else ""
        url, name = html_text(obj.get_absolute_url()), html_text(obj.name)
        return f'<a href="{url}"{lang}>{name}</a>'
    key = (type(obj), obj.pk)
    if (markup := links.get(key)) is None:
        markup = links[key] = _link(obj, None)
    return markup


def _name(obj, names: dict) -> str:
    """A track's or room's name, in a <span lang> when it is in another language than the
    page's (the fallback, or Latin letters on a Russian page), once per row of a list."""
    key = (type(obj), obj.pk, "name")
    if (markup := names.get(key)) is None:
        language = fallback_language(obj, "name")
        markup = html_text(obj.name)
        if language:
            markup = f'<span lang="{language}">{markup}</span>'
        names[key] = markup
    return markup


def _credits_html(talk, links: dict | None = None) -> str:
    items = []
    for credit in talk.credits:
        item = _link(credit.speaker, links)
        if company := credit.company:
            item += f' <span class="credit-company">({_link(company, links)})</span>'
        items.append(f"<li>{item}</li>")
    return f'<ul class="credits">{"".join(items)}</ul>' if items else ""


@register.simple_tag
def talk_credits(talk) -> SafeString:
    """A talk's speakers in order, each with the company they had at that talk."""
    return mark_safe(_credits_html(talk))  # noqa: S308 -- every value escaped by html_text


class Labels:
    """What a list repeats, worked out once per list rather than per talk: the translated
    words (a model's get_FOO_display() translates every choice of the field on each call),
    each day's date, and the link to each edition, speaker and company."""

    def __init__(self):
        words = _words(get_language())
        self.kinds, self.languages, self.minutes, self.draft, self.video, self.slides = words
        self.days: dict[date, str] = {}
        # (model, id) -> a link to its page (_link); (model, id, "name") -> a name (_name)
        self.links: dict[tuple, str] = {}

    def when(self, talk) -> tuple[str, str]:
        """A talk's start as the date filter's "c" (ISO 8601) and "DATE_FORMAT" give it, at
        the venue (its edition's zone): the day's words formatted once per day of the list."""
        wall = local(talk.start, talk.edition)
        day = wall.date()
        if day not in self.days:
            self.days[day] = date_format(wall, "DATE_FORMAT")
        return wall.isoformat(), self.days[day]


@cache
def _words(language: str | None) -> tuple[dict, dict, str, str, str, str]:
    """The kinds' and languages' labels and the words of a list, in `language`, which is
    the active one: once per process and language, as translations change only with a
    deployment, which starts new processes. Read only."""
    return (
        {value: str(label) for value, label in KIND_LABELS.items()},
        {value: str(label) for value, label in LANGUAGE_LABELS.items()},
        gettext("%(minutes)s min"),
        gettext("Draft"),
        gettext("video"),
        gettext("slides"),
    )


@dataclass(frozen=True)
class Shown:
    """What a talk item shows besides its title, subtitle and credits: its facts (in the
    order of these fields) and whether a draft is marked. Talk lists and search results
    differ only here and in their heading's level and snippet (talk_item_html)."""

    edition: bool = False
    date: bool = False
    room: bool = False
    details: bool = True  # the track, the kind (unless a plain talk) and the length
    media: bool = False  # "video" and "slides" when the talk has them
    language_class: str = ""  # the language's <abbr> class
    draft: bool = True  # a "Draft" badge on a draft talk or a talk of a draft edition
    css_class: str = "talk-item"  # the <article>'s


def _facts_html(talk, labels: Labels, shown: Shown) -> str:
    facts = []
    if shown.edition:
        facts.append(_link(talk.edition, labels.links))
    if shown.date and talk.start:
        iso, day = labels.when(talk)
        facts.append(f'<time datetime="{html_text(iso)}">{html_text(day)}</time>')
    if shown.room and talk.room:
        facts.append(_name(talk.room, labels.links))
    if shown.details and talk.track:
        facts.append(_name(talk.track, labels.links))
    if shown.details and talk.kind != TalkKind.TALK:
        facts.append(html_text(labels.kinds.get(talk.kind, talk.kind)))
    language = html_text(labels.languages.get(talk.language, talk.language))
    css_class = f' class="{shown.language_class}"' if shown.language_class else ""
    facts.append(f'<abbr{css_class} title="{language}">{html_text(talk.language.upper())}</abbr>')
    if shown.details and talk.duration:
        facts.append(html_text(labels.minutes % {"minutes": minutes(talk.duration)}))
    if shown.media and talk.video_url:
        facts.append(html_text(labels.video))
    if shown.media and (talk.slides_url or talk.slides_file):
        facts.append(html_text(labels.slides))
    return "".join(f"<li>{fact}</li>" for fact in facts)


def talk_item_html(talk, labels: Labels, shown: Shown, *, level: int, snippet="") -> str:
    """One talk, in a talk list or the search results: its title as a heading of `level`,
    subtitle, credits, facts and (search results) the highlighted `snippet` (safe HTML)."""
    language = html_text(talk.language)
    draft = ""
    if shown.draft and not talk.is_public:
        draft = f' <span class="badge badge-draft">{html_text(labels.draft)}</span>'
    subtitle = ""
    if talk.other_title:  # the title in the other language, marked up as that language
        other = other_language(talk.language)
        subtitle = f'<p class="talk-item-subtitle" lang="{other}">{html_text(talk.other_title)}</p>'
    if talk.subtitle:
        subtitle += (
            f'<p class="talk-item-subtitle" lang="{language}">{html_text(talk.subtitle)}</p>'
        )
    if snippet:
        snippet = f'<p class="search-snippet" lang="{language}">{html_text(snippet)}</p>'
    return (
        f'<article class="{shown.css_class}"><h{level} class="talk-item-title">'
        f'<a href="{html_text(talk.get_absolute_url())}" lang="{language}">'
        f"{html_text(talk.title)}</a>"
        f"{draft}</h{level}>{subtitle}{_credits_html(talk, labels.links)}"
        f'<ul class="facts-inline">{_facts_html(talk, labels, shown)}</ul>{snippet}</article>'
    )


@register.simple_tag
def talk_list(
    talks, level=3, show_edition=False, show_date=False, show_room=False, stars=False
) -> SafeString:
    """A list of talks. data-track (the track's slug) and data-language are what
    static/js/edition-filters.js filters on; with `stars`, data-talk-id is where
    static/js/stars.js puts a star button."""
    labels = Labels()
    shown = Shown(edition=show_edition, date=show_date, room=show_room)
    with fixed_prefix():
        items = "".join(
            f'<li data-track="{html_text(talk.track.slug if talk.track else "")}"'
            f' data-language="{html_text(talk.language)}"'
            f"{f' data-talk-id="{talk.pk}"' if stars else ''}>"
            f"{talk_item_html(talk, labels, shown, level=int(level))}</li>"
            for talk in talks
        )
    return mark_safe(f'<ul class="talk-list">{items}</ul>')  # noqa: S308 -- values escaped


@register.simple_tag
def speaker_items(speakers) -> SafeString:
    """The speaker index's entries: each speaker's link and published talk count
    (speaker.talk_count). An index holds thousands; as template tags they were most of
    its rendering time."""
    counts: dict[int, str] = {}  # talk count -> "N talks", translated once
    items = []
    with fixed_prefix():
        for speaker in speakers:
            count = speaker.talk_count
            if count not in counts:
                counts[count] = html_text(
                    ngettext("%(counter)s talk", "%(counter)s talks", count) % {"counter": count}
                )
            link = _link(speaker, None)
            items.append(f'<li>{link} <span class="muted">{counts[count]}</span></li>')
    return mark_safe("".join(items))  # noqa: S308 -- every value escaped by html_text
