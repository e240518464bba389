"""The admin's "Import schedule" page, added to the Talk admin by ScheduleImportMixin.

The page uploads one file, runs the same import as the commands (talks.importers.run_import)
and shows the same report. A dry run is ticked by default: organisers see what would change
before anything is saved.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from talks.importers import run_import
from talks.importers.forms import ScheduleImportForm
from talks.importers.schedule import ScheduleError


class ScheduleImportMixin:
    """Adds <changelist>/import/ and an "Import schedule" button to a ModelAdmin's list."""

    import_template = "admin/talks/import.html"
    change_list_template = "admin/talks/import_changelist.html"
    import_permission = "talks.add_talk"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name=name), *super().get_urls()]

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm(self.import_permission)

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
            form = ScheduleImportForm(request.POST, request.FILES)
            if form.is_valid():
                report = self.run_import(request, form)
        else:
            form = ScheduleImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import a schedule"),
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "report": report,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template, context)

    def run_import(self, request, form):
        """The import's report, or None with the reason added to the form's errors."""
        data = form.cleaned_data
        try:
            report = run_import(
                data["data"],
                format=data["format"],
                publish=data["publish"],
                dry_run=data["dry_run"],
                edition_slug=data["edition"],
            )
        except ScheduleError as error:
            form.add_error(None, gettext("%(error)s Nothing was imported.") % {"error": error})
            return None
        if not report.dry_run:
            message = gettext("Imported “%(name)s”.") % {"name": data["file"].name}
            self.message_user(request, message, messages.SUCCESS)
        return report
