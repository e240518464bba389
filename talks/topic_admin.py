"""The organisers' topics: the list with talk counts and search, both languages' names
and terms side by side (one term a line), and a talk's topics on its change page, where
an organiser adds a topic the text does not name or removes one it does (talks/topics.py
says how the automatic pass respects both)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.forms import SimpleArrayField
from django.db.models import Count, F, Func, Q, TextField, Value
from django.utils.translation import gettext_lazy as _

from talks.related import refresh_on_commit
from talks.topic_tagging import defer_tagging, retag_on_commit
from talks.topics import CARRIED, StaleTopic, TalkTopic, Topic

TAGGING_UNDER_WAY = _(
    "The talks of “%(topic)s” are being tagged in the background; "
    "its talk count follows in a moment."
)


class TermsField(SimpleArrayField):
    """Terms one a line; blank lines and spaces around a term are dropped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8, "cols": 36}))
        super().__init__(forms.CharField(max_length=200), delimiter="\n", **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines()]
        return super().to_python("\n".join(line for line in lines if line))


class TopicForm(forms.ModelForm):
    terms_en = TermsField(label=_("terms in English"), required=False)
    terms_ru = TermsField(label=_("terms in Russian"), required=False)

    class Meta:
        model = Topic
        fields = ("name_en", "name_ru", "slug", "terms_en", "terms_ru")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicForm
    list_display = ("name_en", "name_ru", "slug", "talk_count")
    search_fields = ("name_en", "name_ru", "slug", "terms_en_text", "terms_ru_text")
    ordering = ("name_en", "pk")
    prepopulated_fields = {"slug": ("name_en",)}
    fields = (("name_en", "name_ru"), "slug", ("terms_en", "terms_ru"))

    # A topic's new names or terms tag its talks in the background (talks/topic_tagging.py),
    # after the edit commits; the related talks follow (talks/related.py).
    def save_model(self, request, obj, form, change):
        defer_tagging()
        super().save_model(request, obj, form, change)
        if StaleTopic.objects.filter(topic_id=obj.pk).exists():
            retag_on_commit()
            self.message_user(
                request,
                TAGGING_UNDER_WAY % {"topic": obj},
                messages.INFO,
            )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_on_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        refresh_on_commit()

    def get_queryset(self, request):
        carried = Count("talk_topics", filter=Q(talk_topics__source__in=CARRIED))
        return super().get_queryset(request).annotate(talk_count=carried)

    def get_search_results(self, request, queryset, search_term):
        # The admin's icontains search does not look inside an array: the terms are
        # joined into one text while searching.
        if search_term:
            queryset = queryset.annotate(
                terms_en_text=_joined("terms_en"), terms_ru_text=_joined("terms_ru")
            )
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("talks"), ordering="talk_count")
    def talk_count(self, topic):
        return topic.talk_count


def _joined(name: str) -> Func:
    """The array field `name` as one text (PostgreSQL's array_to_string)."""
    return Func(F(name), Value("\n"), function="array_to_string", output_field=TextField())


class TalkTopicInline(admin.TabularInline):
    """A talk's topics: those found in its text ("found in the talk's text"), those an
    organiser added, and those an organiser removed, which the automatic pass then leaves
    off. A row added here is "added by an organiser"; to take a found topic off, set it to
    "removed" (deleting the row would let the automatic pass find it again)."""

    model = TalkTopic
    fields = ("topic", "source")
    autocomplete_fields = ("topic",)
    ordering = ("topic__name_en",)
    extra = 1
    verbose_name_plural = _("topics")
