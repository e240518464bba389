"""The projects of an import: each event's links sorted (links.py) and every repository
link mapped to a Project, made when missing.

A repository (GitHub, GitLab, Codeberg, Bitbucket, sourcehut) reuses the Project with
that repository URL, or with that name, or makes one. Talks only ever gain projects
(talks.py): an organiser may have added some the file does not know.
"""

from dataclasses import dataclass, field

from talks.importers.apply.report import DroppedLink, ImportReport, Row
from talks.importers.apply.values import BATCH, unique_slug
from talks.importers.links import SortedLinks, repository_name, repository_url, sort_links
from talks.importers.schedule import Event
from talks.models import Project
from talks.slugs import slugify_text


@dataclass
class EventLinks:
    """Each event's sorted links (by guid), and the Project of each repository URL."""

    links: dict[str, SortedLinks] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)

    def project_ids(self, event: Event) -> list[int]:
        """The ids of the projects the event's repository links name, in the file's order."""
        return [self.projects[url].pk for url in self.links[event.guid].repositories]


def resolve_projects(events: list[Event], report: ImportReport) -> EventLinks:
    """Sort each event's links and map its repositories to Projects (made when missing)."""
    result = EventLinks(links={event.guid: sort_links(event.links) for event in events})
    by_url: dict[str, Project] = {}
    by_name: dict[str, Project] = {}
    slugs = set()
    for project in Project.objects.only("id", "name", "slug", "repository_url"):
        if project.repository_url:
            by_url.setdefault(repository_url(project.repository_url) or "", project)
            by_url.setdefault(project.repository_url.rstrip("/"), project)
        by_name[project.name.casefold()] = project
        slugs.add(project.slug)

    created: list[Project] = []
    reused: dict[int, Project] = {}
    for event in events:
        sorted_links = result.links[event.guid]
        report.links_dropped += [
            DroppedLink(talk=event.title, url=link.url, reason=why)
            for link, why in sorted_links.dropped
        ]
        for url in sorted_links.repositories:
            if url in result.projects:
                continue
            name = repository_name(url)
            project = by_url.get(url) or by_name.get(name.casefold())
            if project is None:
                # Another repository of that name (another owner's "utils") keeps its
                # owner in the name, as project names are unique.
                name = name if name.casefold() not in by_name else url.split("/", 3)[3]
                name = name[:200]
                slug = unique_slug(slugify_text(name, max_length=200) or "project", slugs)
                project = Project(name=name, slug=slug, repository_url=url)
                by_name[name.casefold()] = project
                created.append(project)
            elif project.pk is not None:
                reused.setdefault(project.pk, project)
            result.projects[url] = project
    Project.objects.bulk_create(created, batch_size=BATCH)
    report.projects_created = [Row(project.name, project.pk) for project in created]
    report.projects_reused = [Row(project.name, project.pk) for project in reused.values()]
    return result
