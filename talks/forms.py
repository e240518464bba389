"""Forms of the public site: the search parameters shared by the search page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from talks.choices import Language
from talks.search import DATE, MAX_PAGE_SIZE, RELEVANCE, SearchFilters

YES_NO = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class YesNoField(forms.Field):
    """An optional true/false filter: empty means "any"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return YES_NO[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(_("Use true or false."), code="invalid_choice") from None


class SearchForm(forms.Form):
    """What a search may ask for. Unknown slugs simply match nothing."""

    q = forms.CharField(required=False, strip=True, label=_("Search talks"))
    limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages={"invalid": _("limit must be a whole number from 1 to 100.")},
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    edition = forms.SlugField(required=False)
    language = forms.ChoiceField(required=False, choices=[("", ""), *Language.choices])
    track = forms.CharField(required=False, max_length=100)
    company = forms.SlugField(required=False, max_length=200)
    project = forms.SlugField(required=False, max_length=200)
    has_video = YesNoField(required=False)
    has_slides = YesNoField(required=False)
    sort = forms.ChoiceField(
        required=False,
        choices=[("", ""), (RELEVANCE, _("Relevance")), (DATE, _("Date"))],
        error_messages={"invalid_choice": _("sort must be relevance or date.")},
    )
    # The query as typed, its misspelt words not corrected ("search instead for ...").
    verbatim = YesNoField(required=False)

    def __init__(self, *args, default_limit=20, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_limit = default_limit
        self.fields["limit"].error_messages.update(
            min_value=_("limit must be a whole number from 1 to 100."),
            max_value=_("limit must be a whole number from 1 to 100."),
        )

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            edition=data.get("edition") or None,
            language=data.get("language") or None,
            track=data.get("track") or None,
            company=data.get("company") or None,
            project=data.get("project") or None,
            has_video=data.get("has_video"),
            has_slides=data.get("has_slides"),
        )

    def search_options(self) -> dict:
        """The order and whether to correct typos, as search_talks takes them."""
        return {
            "sort": self.cleaned_data.get("sort") or RELEVANCE,
            "verbatim": bool(self.cleaned_data.get("verbatim")),
        }

    def limit_and_offset(self) -> tuple[int, int]:
        limit = self.cleaned_data.get("limit") or self.default_limit
        page = self.cleaned_data.get("page") or 1
        return limit, (page - 1) * limit


class SuggestForm(forms.Form):
    """The suggestions endpoint's parameters: any text is fine (talks.suggestions.suggest copes)."""

    q = forms.CharField(required=False, strip=True)
    format = forms.ChoiceField(
        required=False,
        choices=[("", "json"), ("opensearch", "opensearch")],
        error_messages={"invalid_choice": _("format must be opensearch or left out.")},
    )
