"""The report of one import: what it did, or in a dry run would have done.

The steps of an import (editions, speakers, projects, talks) fill it in; the command line
prints it as text (text()) and the admin page shows it (summary(), sections(), the links),
so the sentences are written once, here. Every row it names links to its admin change
page, except in a dry run, whose rows were rolled back. The import never creates or
changes companies (a schedule names none), so they have no section.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from conference.services import Publication


@dataclass(frozen=True, order=True)
class Row:
    """One row the import wrote or matched: its name, and its key for its admin page."""

    name: str
    pk: int | None = None

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class DroppedLink:
    """A link of the file the import did not keep: the talk's title, the URL, and why."""

    talk: str
    url: str
    reason: str


@dataclass(frozen=True)
class Section:
    """A list of the report: its title, and each row's name with its admin URL (or None)."""

    title: str
    rows: list[tuple[str, str | None]]


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would have done)."""

    dry_run: bool = False
    edition: str = ""
    edition_slug: str = ""
    edition_id: int | None = None
    edition_created: bool = False
    edition_updated: bool = False
    # After the import: whether the public sees the edition, and how many of its talks not.
    edition_published: bool = False
    talks_unpublished: int = 0
    # With `publish`: what publishing the edition published (conference.services).
    publication: Publication | None = None
    talks_new: list[Row] = field(default_factory=list)
    talks_changed: list[Row] = field(default_factory=list)
    talks_unchanged: int = 0
    speakers_new: list[Row] = field(default_factory=list)
    speakers_matched: list[Row] = field(default_factory=list)
    projects_created: list[Row] = field(default_factory=list)
    projects_reused: list[Row] = field(default_factory=list)
    links_dropped: list[DroppedLink] = field(default_factory=list)
    # Slides links queued for fetching (talks.decks), once the import commits.
    slides_queued: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def talks_created(self) -> int:
        return len(self.talks_new)

    @property
    def talks_updated(self) -> int:
        return len(self.talks_changed)

    @property
    def links_not_kept(self) -> int:
        return len(self.links_dropped)

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
                    "%(count)d link of the file was not kept.",
                    "%(count)d links of the file were not kept.",
                    self.links_not_kept,
                )
                % {"count": self.links_not_kept}
            )
        lines.append(
            ngettext("%(count)d warning.", "%(count)d warnings.", len(self.warnings))
            % {"count": len(self.warnings)}
        )
        if self.publication is not None:
            lines.append(self.publication.message())
        if not self.dry_run and not self.edition_published:
            lines.append(
                gettext("The edition is a draft: the public sees neither it nor its talks.")
            )
        elif not self.dry_run and self.talks_unpublished:
            lines.append(
                ngettext(
                    "%(count)d talk of the edition is unpublished.",
                    "%(count)d talks of the edition are unpublished.",
                    self.talks_unpublished,
                )
                % {"count": self.talks_unpublished}
            )
        return lines

    @property
    def offers_publishing(self) -> bool:
        """Whether something the import wrote is still hidden from the public."""
        return not self.dry_run and (not self.edition_published or bool(self.talks_unpublished))

    def _admin_url(self, name: str, pk: int | None) -> str | None:
        if self.dry_run or pk is None:
            return None
        return reverse(f"admin:{name}", args=[pk])

    @property
    def edition_admin_url(self) -> str | None:
        return self._admin_url("conference_edition_change", self.edition_id)

    @property
    def edition_publish_url(self) -> str | None:
        return self._admin_url("conference_edition_publish", self.edition_id)

    @property
    def edition_url(self) -> str | None:
        """The edition's public page (a draft's shows only to organisers, as a preview)."""
        if self.dry_run or not self.edition_slug:
            return None
        return reverse("conference:edition-detail", kwargs={"slug": self.edition_slug})

    def sections(self) -> list[Section]:
        """The lists of the report that have rows, each row with its admin page."""
        lists = (
            (gettext("New talks"), self.talks_new, "talks_talk_change"),
            (gettext("Updated talks"), self.talks_changed, "talks_talk_change"),
            (gettext("New speakers"), self.speakers_new, "talks_speaker_change"),
            (
                gettext("Matched to existing speakers"),
                self.speakers_matched,
                "talks_speaker_change",
            ),
            (gettext("New projects"), self.projects_created, "talks_project_change"),
            (gettext("Matched to existing projects"), self.projects_reused, "talks_project_change"),
        )
        return [
            Section(title, [(row.name, self._admin_url(url_name, row.pk)) for row in rows])
            for title, rows, url_name in lists
            if rows
        ]

    def text(self) -> list[str]:
        """The whole report as lines of text, for the import commands."""
        lines = self.summary()
        if self.edition_admin_url:
            lines.append(
                gettext("Edition: %(admin)s (public page: %(page)s)")
                % {"admin": self.edition_admin_url, "page": self.edition_url}
            )
        if self.offers_publishing:
            lines.append(
                gettext("Publish it with its talks and galleries: %(url)s")
                % {"url": self.edition_publish_url}
            )
        for section in self.sections():
            lines.append(f"{section.title} ({len(section.rows)}):")
            lines += [f"  {name} {url}" if url else f"  {name}" for name, url in section.rows]
        if self.links_dropped:
            lines.append(f"{gettext('Links not kept')} ({len(self.links_dropped)}):")
            lines += [f"  “{link.talk}”: {link.url} ({link.reason})" for link in self.links_dropped]
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
