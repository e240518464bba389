"""Talk, speaker, company and project pages."""

from django.utils.translation import gettext_lazy as _

from conference.bilingual import other_language
from conference.views import DraftPreviewMixin, FoundDetailView, IndexView
from photos.readers.downloads import download_summary, speaker_download, talk_download
from photos.readers.galleries import galleries_for_talk
from photos.readers.photos import photos_for_talk, photos_of_speaker
from talks.readers import detail, indexes, lists, talk_page, topics
from talks.video import frame_csp, parse_video_url


class TalkDetailView(DraftPreviewMixin, FoundDetailView):
    template_name = "talks/talk_detail.html"
    context_object_name = "talk"
    preview_permission = "talks.change_talk"
    extra_context = {"section": "talks"}
    not_found = _("No talk found at this address.")

    def find(self, slug):
        return talk_page.find_talk(
            edition_slug=self.kwargs["edition_slug"],
            slug=slug,
            include_drafts=self.can_preview,
            slides=True,
        )

    def is_public(self, talk) -> bool:
        return talk.is_public

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        talk = self.object
        context["previous_talk"], context["next_talk"] = talk.neighbours
        context["other_talks"] = talk_page.other_talks_by_speakers(talk)
        context["related_talks"] = topics.related_talks(talk)
        context["galleries"] = galleries_for_talk(talk) if talk.has_photos else []
        context["talk_photos"] = photos_for_talk(talk) if talk.has_photos else []
        # "Download all photos" (photos/download_views.py), only for a public talk: a
        # draft's preview shows no download, which would answer 404.
        context["photo_download"] = (
            download_summary(talk_download(talk)) if talk.has_photos and talk.is_public else None
        )
        context["video"] = parse_video_url(talk.video_url)
        context["slides"] = talk.public_slides
        # Without a viewer, the slides' file or link as before.
        has_links = bool(talk.slides_file or talk.slides_url)
        context["slide_links"] = has_links and not talk.public_slides
        context["other_title_language"] = other_language(talk.language)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # A PeerTube player comes from the instance's own host: allow it on this page only,
        # as django.views.decorators.csp.csp_override would for a whole view.
        if csp := frame_csp(context["video"]):
            response._csp_config = csp
        return response


class SpeakerListView(IndexView):
    template_name = "talks/speaker_list.html"
    context_object_name = "groups"
    extra_context = {"section": "speakers"}
    reader = staticmethod(indexes.speakers_index)
    heading = _("Speakers")
    description = _(
        "Everyone who has spoken at the conference, A to Z, with their talks across all editions."
    )


class SpeakerDetailView(FoundDetailView):
    template_name = "talks/speaker_detail.html"
    context_object_name = "speaker"
    extra_context = {"section": "speakers"}
    not_found = _("No speaker found at this address.")

    def find(self, slug):
        return detail.find_speaker(slug, photos=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["talks"] = lists.talks_for_speaker(self.object)
        # Most speakers appear in no public photo: their page skips the photos' statement.
        has_photos = self.object.has_photos
        context["speaker_photos"] = photos_of_speaker(self.object) if has_photos else []
        context["photo_download"] = (
            download_summary(speaker_download(self.object)) if context["speaker_photos"] else None
        )
        return context


class CompanyListView(IndexView):
    template_name = "talks/company_list.html"
    context_object_name = "companies"
    extra_context = {"section": "companies"}
    reader = staticmethod(indexes.company_index)
    heading = _("Companies")
    description = _("Companies and organisations whose people have spoken at the conference.")


class CompanyDetailView(FoundDetailView):
    template_name = "talks/company_detail.html"
    context_object_name = "company"
    extra_context = {"section": "companies"}
    find = staticmethod(detail.find_company)
    not_found = _("No company found at this address.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        talks = lists.talks_for_company(self.object)
        context["talks"] = talks
        context["people"] = lists.people_at_company(self.object, talks)
        return context


class ProjectListView(IndexView):
    template_name = "talks/project_list.html"
    context_object_name = "projects"
    extra_context = {"section": "projects"}
    reader = staticmethod(indexes.project_index)
    heading = _("Projects")
    description = _("Open-source projects discussed in the conference’s talks.")


class ProjectDetailView(FoundDetailView):
    template_name = "talks/project_detail.html"
    context_object_name = "project"
    extra_context = {"section": "projects"}
    find = staticmethod(detail.find_project)
    not_found = _("No project found at this address.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["talks"] = lists.talks_for_project(self.object)
        return context
