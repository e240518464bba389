"""The admin's "Import schedule" page, added to the Talk admin by ScheduleImportMixin.

The page uploads one file, runs the same import as the commands (talks.importers.run_import)
and shows the same report. A dry run is ticked by default: organisers see what would change
before anything is saved.

An import writes editions, talks, speakers and projects, and may publish: the page asks for
the permissions those effects need, not only "add talk". Adding and changing talks opens
the page; "Publish" needs what the admin's publish actions need (change of editions and
talks); whether the file creates or changes an edition, or adds speakers or projects, is
known only once it is read, so those are checked against the import's report before its
transaction ends, and a refusal rolls everything back.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from talks.importers import ImportReport, run_import
from talks.importers.forms import ScheduleImportForm
from talks.importers.schedule import ScheduleError

# Every import adds or updates talks.
IMPORT_PERMISSIONS = ("talks.add_talk", "talks.change_talk")
# As the admin's "Publish selected" actions (conference.admin.publish_selected): who may
# change editions and talks may publish them.
# Publishing an import publishes the edition with its talks and galleries
# (conference.services.publish_editions), so it takes the right to change all three.
PUBLISH_PERMISSIONS = ("conference.change_edition", "talks.change_talk", "photos.change_gallery")


def refused_effects(user, report: ImportReport) -> list[str]:
    """Why `user` may not do what `report` says the import did; empty when they may."""
    name = {"name": report.edition}
    effects = (
        (
            report.edition_created,
            "conference.add_edition",
            gettext("It would create the edition “%(name)s”; you may not add editions.") % name,
        ),
        (
            report.edition_updated,
            "conference.change_edition",
            gettext("It would change the edition “%(name)s”; you may not change editions.") % name,
        ),
        (
            report.speakers_new,
            "talks.add_speaker",
            gettext("It would add new speakers; you may not add speakers."),
        ),
        (
            report.projects_created,
            "talks.add_project",
            gettext("It would add new projects; you may not add projects."),
        ),
    )
    return [reason for happened, perm, reason in effects if happened and not user.has_perm(perm)]


class ScheduleImportMixin:
    """Adds <changelist>/import/ and an "Import schedule" button to a ModelAdmin's list."""

    import_template = "admin/talks/import.html"
    change_list_template = "admin/talks/import_changelist.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name=name), *super().get_urls()]

    def has_import_permission(self, request) -> bool:
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perms(PUBLISH_PERMISSIONS)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = ScheduleImportForm(
                request.POST, request.FILES, can_publish=self.has_publish_permission(request)
            )
            if form.is_valid():
                report = self.run_import(request, form)
        else:
            form = ScheduleImportForm(can_publish=self.has_publish_permission(request))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import a schedule"),
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "report": report,
            # The report offers to publish the edition (conference.publish_admin).
            "can_publish_edition": request.user.has_perm("conference.change_edition"),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template, context)

    def run_import(self, request, form):
        """The import's report, or None with the reason added to the form's errors."""
        data = form.cleaned_data

        def authorize(report: ImportReport) -> None:
            if reasons := refused_effects(request.user, report):
                raise ScheduleError(" ".join([gettext("You may not run this import."), *reasons]))

        try:
            report = run_import(
                data["data"],
                format=data["format"],
                publish=data["publish"],
                dry_run=data["dry_run"],
                edition_slug=data["edition"],
                authorize=authorize,
            )
        except ScheduleError as error:
            form.add_error(None, gettext("%(error)s Nothing was imported.") % {"error": error})
            return None
        if not report.dry_run:
            message = gettext("Imported “%(name)s”.") % {"name": data["file"].name}
            self.message_user(request, message, messages.SUCCESS)
        return report
