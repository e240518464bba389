"""The topic pages: every public topic with its counts (/topics/), and a topic's public
talks from every edition, in both languages (/topics/<slug>/)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from conference.bilingual import interface_language, other_language, shown_language
from conference.views import FoundDetailView, IndexView
from talks.choices import LANGUAGE_LABELS
from talks.readers import topics


class TopicListView(IndexView):
    template_name = "talks/topic_list.html"
    context_object_name = "topics"
    extra_context = {"section": "topics"}
    reader = staticmethod(topics.topic_index)
    heading = _("Topics")
    description = _(
        "What the conference’s talks are about, in English and in Russian, across all editions."
    )


# As a gallery's photos are paged: a popular topic has a thousand talks at 20,000.
TALKS_PER_PAGE = 50


class TopicDetailView(FoundDetailView):
    template_name = "talks/topic_detail.html"
    context_object_name = "topic"
    extra_context = {"section": "topics"}
    find = staticmethod(topics.find_topic)
    not_found = _("No topic found at this address.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = page_number(self.request.GET.get("page"))
        found = topics.topic_talks_page(
            self.object,
            first=interface_language(),
            limit=TALKS_PER_PAGE,
            offset=(number - 1) * TALKS_PER_PAGE,
        )
        paginator = Paginator(range(found.count), TALKS_PER_PAGE)  # a range: no count query
        if number > paginator.num_pages:
            raise Http404(self.not_found)
        context["talks"] = found.talks
        context["talk_count"] = found.count
        context["page_obj"] = Page(found.talks, number, paginator)
        context["language_groups"] = by_language(found.talks, found.counts)
        context["language_counts"] = language_counts(found.counts)
        context["other_name"] = other_name(self.object)
        return context


def page_number(value: str | None) -> int:
    """The page asked for: a positive whole number, else the first."""
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else 1


def other_name(topic) -> dict | None:
    """The topic's name in the other content language, under the one shown, when it has
    one that differs: {"language", "value"}."""
    shown = topic.name
    other = other_language(shown_language(topic, "name"))
    value = getattr(topic, f"name_{other}")
    return {"language": other, "value": value} if value and value != shown else None


@dataclass
class LanguageGroup:
    """A topic page's talks in one language, and how many the topic has in it in all."""

    code: str
    label: str
    talks: list
    count: int


def language_counts(counts: dict[str, int]) -> list[LanguageGroup]:
    """The topic's talks counted per language, for every page's header: the reader's own
    language first, then the most talks first."""
    own = interface_language()
    order = sorted(counts, key=lambda code: (code != own, -counts[code], code))
    return [
        LanguageGroup(code, str(LANGUAGE_LABELS.get(code, code)), [], counts[code])
        for code in order
    ]


def by_language(talks, counts: dict[str, int]) -> list[LanguageGroup]:
    """The page's `talks` in groups by language, in the talks' order (the reader's own
    language first: talks.readers.topics.topic_talks_page), each with its count in all."""
    groups: dict[str, list] = {}
    for talk in talks:
        groups.setdefault(talk.language, []).append(talk)
    return [
        LanguageGroup(code, str(LANGUAGE_LABELS.get(code, code)), talks, counts.get(code, 0))
        for code, talks in groups.items()
    ]
