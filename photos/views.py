"""The photo archive, gallery pages and photo pages. Published photos only, no previews."""

from django.core.paginator import Paginator
from django.views.generic import DetailView, ListView

from photos import queries


class PhotosMixin:
    extra_context = {"section": "photos"}


class PhotoArchiveView(PhotosMixin, ListView):
    template_name = "photos/gallery_list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return queries.photo_archive()


class GalleryDetailView(PhotosMixin, DetailView):
    template_name = "photos/gallery_detail.html"
    context_object_name = "gallery"
    photos_per_page = 48

    def get_queryset(self):
        return queries.gallery_detail_queryset(edition_slug=self.kwargs["edition_slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(queries.photos_in_gallery(self.object), self.photos_per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        context["page_obj"] = page
        # A list: the <head> (og:image) and the grid both read it, with one query.
        context["photos"] = list(page.object_list)
        return context


class PhotoDetailView(PhotosMixin, DetailView):
    template_name = "photos/photo_detail.html"
    context_object_name = "photo"

    def get_queryset(self):
        return queries.photo_detail_queryset(
            edition_slug=self.kwargs["edition_slug"], gallery_slug=self.kwargs["gallery_slug"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = queries.photo_place(self.object)
        context["place"] = place
        # The gallery page this photo is on, for "back to the gallery".
        context["gallery_page"] = place.index // GalleryDetailView.photos_per_page + 1
        return context
