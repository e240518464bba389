"""The report of one import: what it did, or in a dry run would have done.

The steps of an import (editions, speakers, projects, talks) fill it in; the command line
prints its summary and the admin page shows it, so the sentences are written once, here.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would have done)."""

    dry_run: bool = False
    edition: str = ""
    edition_slug: str = ""
    edition_created: bool = False
    edition_updated: bool = False
    talks_created: int = 0
    talks_updated: int = 0
    talks_unchanged: int = 0
    speakers_new: list[str] = field(default_factory=list)
    speakers_matched: list[str] = field(default_factory=list)
    projects_created: list[str] = field(default_factory=list)
    projects_reused: list[str] = field(default_factory=list)
    links_not_kept: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        """The report as sentences, for the terminal and the admin page."""
        lines = []
        if self.dry_run:
            lines.append(gettext("Dry run: nothing was saved. This is what the import would do."))
        if self.edition_created:
            state = gettext("created")
        elif self.edition_updated:
            state = gettext("updated")
        else:
            state = gettext("unchanged")
        lines.append(
            gettext("Edition “%(name)s” (/%(slug)s/): %(state)s.")
            % {"name": self.edition, "slug": self.edition_slug, "state": state}
        )
        lines.append(
            gettext("Talks: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {
                "created": self.talks_created,
                "updated": self.talks_updated,
                "unchanged": self.talks_unchanged,
            }
        )
        lines.append(
            gettext("Speakers: %(new)d new, %(matched)d matched to existing speakers.")
            % {"new": len(self.speakers_new), "matched": len(self.speakers_matched)}
        )
        lines.append(
            gettext("Projects: %(created)d created, %(reused)d matched to existing projects.")
            % {"created": len(self.projects_created), "reused": len(self.projects_reused)}
        )
        if self.links_not_kept:
            lines.append(
                ngettext(
                    "%(count)d other link (not a video, slides or repository) was not kept.",
                    "%(count)d other links (not videos, slides or repositories) were not kept.",
                    self.links_not_kept,
                )
                % {"count": self.links_not_kept}
            )
        lines.append(
            ngettext("%(count)d warning.", "%(count)d warnings.", len(self.warnings))
            % {"count": len(self.warnings)}
        )
        return lines

    @property
    def changed(self) -> bool:
        return bool(
            self.edition_created
            or self.edition_updated
            or self.talks_created
            or self.talks_updated
            or self.speakers_new
            or self.projects_created
        )
