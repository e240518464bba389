"""The topic pages: every public topic with its counts (/topics/), and a topic's public
talks from every edition, in both languages (/topics/<slug>/)."""

from dataclasses import dataclass

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


class TopicDetailView(FoundDetailView):
    template_name = "talks/topic_detail.html"
    context_object_name = "topic"
    extra_context = {"section": "topics"}
    find = staticmethod(topics.find_topic)
    not_found = _("No topic found at this address.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        talks = topics.talks_for_topic(self.object)
        context["talks"] = talks
        context["language_groups"] = by_language(talks)
        context["other_name"] = other_name(self.object)
        return context


def other_name(topic) -> dict | None:
    """The topic's name in the other content language, under the one shown, when it has
    one that differs: {"language", "value"}."""
    shown = topic.name
    other = other_language(shown_language(topic, "name"))
    value = getattr(topic, f"name_{other}")
    return {"language": other, "value": value} if value and value != shown else None


@dataclass
class LanguageGroup:
    """A topic page's talks in one language."""

    code: str
    label: str
    talks: list


def by_language(talks) -> list[LanguageGroup]:
    """`talks` in groups by language, the reader's own first, then by size, each in the
    talks' order."""
    groups: dict[str, list] = {}
    for talk in talks:
        groups.setdefault(talk.language, []).append(talk)
    own = interface_language()
    order = sorted(groups, key=lambda code: (code != own, -len(groups[code]), code))
    return [
        LanguageGroup(code, str(LANGUAGE_LABELS.get(code, code)), groups[code]) for code in order
    ]
