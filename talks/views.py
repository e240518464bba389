"""Talk, speaker, company and project pages."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from conference.views import DraftPreviewMixin
from photos.readers.galleries import galleries_for_talk
from photos.readers.photos import photos_for_talk, photos_of_speaker
from talks.readers import detail, indexes, lists, talk_page
from talks.video import frame_csp, parse_video_url


def _found(obj, message: str):
    """`obj`, or a 404 with `message` when a reader found nothing."""
    if obj is None:
        raise Http404(message)
    return obj


class TalkDetailView(DraftPreviewMixin, DetailView):
    template_name = "talks/talk_detail.html"
    context_object_name = "talk"
    preview_permission = "talks.change_talk"
    extra_context = {"section": "talks"}

    def get_object(self, queryset=None):
        talk = talk_page.find_talk(
            edition_slug=self.kwargs["edition_slug"],
            slug=self.kwargs["slug"],
            include_drafts=self.can_preview,
        )
        return _found(talk, _("No talk found at this address."))

    def is_public(self, talk) -> bool:
        return talk.is_public

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        talk = self.object
        context["previous_talk"], context["next_talk"] = talk.neighbours
        context["other_talks"] = talk_page.other_talks_by_speakers(talk)
        context["galleries"] = galleries_for_talk(talk) if talk.has_photos else []
        context["talk_photos"] = photos_for_talk(talk) if talk.has_photos else []
        context["video"] = parse_video_url(talk.video_url)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # A PeerTube player comes from the instance's own host: allow it on this page only,
        # as django.views.decorators.csp.csp_override would for a whole view.
        if csp := frame_csp(context["video"]):
            response._csp_config = csp
        return response


class SpeakerListView(ListView):
    template_name = "talks/speaker_list.html"
    context_object_name = "groups"
    extra_context = {"section": "speakers"}

    def get_queryset(self):
        return indexes.speakers_index()


class SpeakerDetailView(DetailView):
    template_name = "talks/speaker_detail.html"
    context_object_name = "speaker"
    extra_context = {"section": "speakers"}

    def get_object(self, queryset=None):
        return _found(
            detail.find_speaker(self.kwargs["slug"]), _("No speaker found at this address.")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["talks"] = lists.talks_for_speaker(self.object)
        context["speaker_photos"] = photos_of_speaker(self.object)
        return context


class CompanyListView(ListView):
    template_name = "talks/company_list.html"
    context_object_name = "companies"
    extra_context = {"section": "companies"}

    def get_queryset(self):
        return indexes.company_index()


class CompanyDetailView(DetailView):
    template_name = "talks/company_detail.html"
    context_object_name = "company"
    extra_context = {"section": "companies"}

    def get_object(self, queryset=None):
        return _found(
            detail.find_company(self.kwargs["slug"]), _("No company found at this address.")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        talks = lists.talks_for_company(self.object)
        context["talks"] = talks
        context["people"] = lists.people_at_company(self.object, talks)
        return context


class ProjectListView(ListView):
    template_name = "talks/project_list.html"
    context_object_name = "projects"
    extra_context = {"section": "projects"}

    def get_queryset(self):
        return indexes.project_index()


class ProjectDetailView(DetailView):
    template_name = "talks/project_detail.html"
    context_object_name = "project"
    extra_context = {"section": "projects"}

    def get_object(self, queryset=None):
        return _found(
            detail.find_project(self.kwargs["slug"]), _("No project found at this address.")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["talks"] = lists.talks_for_project(self.object)
        return context
