"""The photo archive, gallery pages and photo pages. Published photos only, no previews."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from conference.web.ratelimit import rate_limited
from photos.readers import downloads, galleries, photo_page, photos
from photos.takedown import request_takedown
from photos.takedown_forms import TakedownRequestForm


class PhotosMixin:
    extra_context = {"section": "photos"}


class PhotoArchiveView(PhotosMixin, ListView):
    template_name = "photos/gallery_list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return galleries.photo_archive()


class GalleryDetailView(PhotosMixin, DetailView):
    template_name = "photos/gallery_detail.html"
    context_object_name = "gallery"
    photos_per_page = 48

    def get_object(self, queryset=None):
        gallery = galleries.find_gallery(
            edition_slug=self.kwargs["edition_slug"], slug=self.kwargs["slug"]
        )
        if gallery is None:
            raise Http404
        return gallery

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(photos.photos_in_gallery(self.object), self.photos_per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        context["page_obj"] = page
        # A list: the <head> (og:image) and the grid both read it, with one query.
        context["photos"] = list(page.object_list)
        # "Download all photos": one more query, only when the gallery has published photos.
        context["photo_download"] = (
            downloads.download_summary(downloads.gallery_download(self.object))
            if self.object.photo_count
            else None
        )
        return context


class PhotoDetailView(PhotosMixin, DetailView):
    template_name = "photos/photo_detail.html"
    context_object_name = "photo"

    def get_object(self, queryset=None):
        photo = photo_page.find_photo(
            edition_slug=self.kwargs["edition_slug"],
            gallery_slug=self.kwargs["gallery_slug"],
            pk=self.kwargs["pk"],
        )
        if photo is None:
            raise Http404
        return photo

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object.place
        context["place"] = place
        # The gallery page this photo is on, for "back to the gallery".
        context["gallery_page"] = place.index // GalleryDetailView.photos_per_page + 1
        context.setdefault("takedown_form", TakedownRequestForm())
        return context


# Every request stores a row for an organiser to read: a few a minute per client
# (settings.RATE_LIMITS["takedown"]), then RateLimitMiddleware answers 429 before the view.
@method_decorator(rate_limited("takedown"), name="dispatch")
class PhotoTakedownView(PhotoDetailView):
    """POST only: the takedown form of a photo page. Invalid input shows the photo page
    again with the errors (400); a sent request goes back to it with a thank-you."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()  # 404 unless the photo is public
        form = TakedownRequestForm(request.POST)
        if not form.is_valid():
            context = self.get_context_data(object=self.object, takedown_form=form)
            return self.render_to_response(context, status=400)
        # A bot filled the honeypot: it gets the same answer as a person, and nothing is kept.
        if not form.is_spam():
            request_takedown(
                photo=self.object,
                reason=form.cleaned_data["reason"],
                contact=form.cleaned_data["contact"],
            )
        messages.success(
            request,
            _("Thank you. The organisers will look at your request and hide the photo if needed."),
        )
        return HttpResponseRedirect(self.object.get_absolute_url())
