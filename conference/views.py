"""The home page and the editions archive, the language switch, robots.txt."""

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from conference import readers
from conference.web.language import is_localized, path_in_language
from photos.readers.galleries import galleries_for_edition
from talks.readers.lists import highlighted_talks, talks_for_edition
from talks.readers.schedule import schedule_days, schedule_filters


def may_preview(request, permission: str) -> bool:
    """Whether this visitor may see drafts that need `permission`.

    Only a signed-in user can, and signing in sets the session cookie: without it the
    visitor is anonymous, and the session and user are not even looked at (for an
    anonymous visitor that is no query, and no Vary: Cookie to split a page cache).
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.has_perm(permission)


class DraftPreviewMixin:
    """Lets staff who may change a model see its drafts on the public page, marked as such.

    Views use `can_preview` to widen their queryset and `is_public(obj)` to say whether
    what they show is public; a preview is never cached and never indexed.
    """

    preview_permission: str

    @cached_property
    def can_preview(self) -> bool:
        return may_preview(self.request, self.preview_permission)

    def is_public(self, obj) -> bool:
        return obj.is_published

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.is_public(self.object)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_preview"):
            add_never_cache_headers(response)
        return response


class IndexView(ListView):
    """An index page: what `reader()` gives (an index reader, no arguments), in its order,
    under `heading` and `description` (index_base.html shows them in the head, the
    breadcrumbs and the first heading). `reader` is set with staticmethod(), being a plain
    function."""

    reader: Callable[[], Iterable]
    heading: str
    description: str

    def get_queryset(self):
        return self.reader()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        context["description"] = self.description
        return context


class FoundDetailView(DetailView):
    """A page about what a reader finds at the address: `find(slug)` gives it, or None
    when nothing public is there, which is a 404 saying `not_found`.

    `find` is set with staticmethod() when it is a reader itself, or written as a method
    when it needs more of the request (the talk page).
    """

    find: Callable[[str], object]
    not_found: str

    def get_object(self, queryset=None):
        found = self.find(self.kwargs["slug"])
        if found is None:
            raise Http404(str(self.not_found))
        return found


class HomeView(TemplateView):
    template_name = "conference/home.html"
    extra_context = {"section": "home"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = readers.latest_edition()
        context["edition"] = edition
        if edition:
            context["talks"] = highlighted_talks(edition)
            context["galleries"] = galleries_for_edition(edition, limit=4)
        context["editions"] = readers.visible_editions().only(
            "slug", "name_en", "name_ru", "start_date"
        )
        return context


class EditionListView(IndexView):
    template_name = "conference/edition_list.html"
    context_object_name = "editions"
    extra_context = {"section": "talks"}
    reader = staticmethod(readers.editions_with_counts)
    heading = _("Talks archive")
    description = _("Every edition of the conference, by year, with its talks and photos.")


class EditionDetailView(DraftPreviewMixin, DetailView):
    template_name = "conference/edition_detail.html"
    context_object_name = "edition"
    preview_permission = "conference.change_edition"
    extra_context = {"section": "talks"}

    def get_queryset(self):
        return readers.visible_editions(include_drafts=self.can_preview)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        talks = talks_for_edition(
            self.object, include_drafts=may_preview(self.request, "talks.change_talk")
        )
        context["talks"] = talks
        context["talk_count"] = len(talks)
        context["days"] = schedule_days(talks)
        context["track_choices"], context["language_choices"] = schedule_filters(talks)
        context["speaker_count"] = len({c.speaker_id for talk in talks for c in talk.credits})
        context["galleries"] = galleries = galleries_for_edition(self.object)
        context["photo_count"] = sum(gallery.photo_count for gallery in galleries)
        return context


@require_safe
def switch_language(request, code: str):
    """Sets the visitor's language cookie to `code` and sends them to the page `next` in
    that language (/speakers/ with "ru" is /ru/speakers/).

    The site's own switch links each page's address in the other language directly; this
    view stays for the links the old switch left in bookmarks and for the pages with one
    address (the staff's upload page), whose language the cookie chooses. A GET, though it
    sets a cookie: the only state it changes is the visitor's own display preference, which
    a forged link could at worst flip to another language, as Accept-Language does. The
    answer is never cached (page_cache.EXCLUDED_PREFIXES and no-store); robots.txt keeps
    crawlers off it. Django's POST /i18n/setlang/ still works for anyone posting to it.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_in_language(next_url, code))
    # The cookie exactly as django.views.i18n.set_language sets it.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    response["Cache-Control"] = "no-store"
    return response


def next_in_language(next_url: str, code: str) -> str:
    """`next_url` (a local path, maybe with a query string) at its address in `code` when it
    is a public page with one per language; else as it is (the admin, the upload page)."""
    parts = urlsplit(next_url)
    if not is_localized(parts.path.removeprefix(get_script_prefix()[:-1])):
        return next_url
    return urlunsplit(parts._replace(path=path_in_language(parts.path or "/", code)))


@require_safe
def robots_txt(request):
    """Everything public may be crawled; the admin, the API and the language switch not."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /api/",
        # The API's page for people (talks/api_v1/index.py), not its JSON.
        "Allow: /api/v1/$",
        "Disallow: /i18n/",
        "Disallow: /language/",
        "",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
