"""Sorting an event's links and attachments into a video, slides and project repositories.

A schedule lists links with free-form titles ("Video recording (mp4)", "Slides", "Project
git archive"). The talk keeps one video URL and one slides URL, and repositories become
Projects; the others are dropped, each with the reason the import report gives: not a web
address, an address on a private or local network (the public cannot follow it, and slides
are fetched from it later), not a video, slides or repository (feedback forms, homepages),
or a second video or slides link where the talk keeps one.
"""

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from conference.web.outbound import refusal
from talks.importers.schedule import Link
from talks.video import parse_video_url

# Sites that serve recordings we can at least link to (talks/video.py knows the embeddable).
VIDEO_HOSTS = {"media.ccc.de", "youtu.be", "video.fosdem.org", "peertube.tv", "tube.tchncs.de"}
VIDEO_EXTENSIONS = {".mp4", ".webm", ".mkv", ".ogv", ".mov", ".m4v"}
SLIDE_HOSTS = {"slideshare.net", "www.slideshare.net", "speakerdeck.com", "slides.com"}
SLIDE_EXTENSIONS = {".pdf", ".odp", ".ppt", ".pptx", ".key"}
SLIDE_WORDS = re.compile(r"\b(?:slides?|slide deck|presentation|folien)\b", re.IGNORECASE)
# Forges where /owner/name is a repository (sourcehut: git.sr.ht/~owner/name).
FORGE_HOSTS = {"github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "git.sr.ht"}
# Paths on a forge that are not owners: github.com/orgs/x, github.com/sponsors/x...
NOT_OWNERS = {"orgs", "sponsors", "features", "topics", "marketplace", "explore", "users"}
# Host names that never lead to the public internet (RFC 6761, 6762; cloud-internal names).
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")

# Why a link was not kept, as the import report says it.
NOT_WEB = _("not a web address (http or https)")
NOT_PUBLIC = _("a private or local network address, which visitors cannot reach")
NOT_USED = _("not a video, slides or a repository")
OTHER_VIDEO = _("the talk keeps another video link")
OTHER_SLIDES = _("the talk keeps another slides link")


@dataclass
class SortedLinks:
    """What an event's links say: at most one video and slides URL, repositories, the rest."""

    video_url: str = ""
    slides_url: str = ""
    repositories: list[str] = field(default_factory=list)  # normalised https URLs, in order
    dropped: list[tuple[Link, str]] = field(default_factory=list)  # (link, why), in order


def sort_links(links: list[Link]) -> SortedLinks:
    """Pick the best video and slides among `links` and collect repository URLs.

    Video: an embeddable one (YouTube, Vimeo, PeerTube) beats media.ccc.de and the like,
    which beats a bare video file. Slides: an attachment typed "slides" or a link titled
    so beats slide-sharing sites, which beat a PDF (not one typed "paper").
    """
    videos: list[tuple[int, Link]] = []
    slides: list[tuple[int, Link]] = []
    result = SortedLinks()
    for link in links:
        url = link.url.strip()
        host = _hostname(url)
        if not url.lower().startswith(("http://", "https://")) or not host:
            result.dropped.append((link, NOT_WEB))
        elif not is_public_host(host):
            result.dropped.append((link, NOT_PUBLIC))
        elif (rank := _video_rank(url)) is not None:
            videos.append((rank, link))
        elif (rank := _slides_rank(url, link)) is not None:
            slides.append((rank, link))
        elif (repository := repository_url(url)) is not None:
            if repository not in result.repositories:
                result.repositories.append(repository)
        else:
            result.dropped.append((link, NOT_USED))
    result.video_url = _best(videos, result, OTHER_VIDEO)
    result.slides_url = _best(slides, result, OTHER_SLIDES)
    return result


def _best(ranked: list[tuple[int, Link]], result: SortedLinks, why: str) -> str:
    """The URL of the best-ranked link ("" when none); the others, unless they are the same
    URL again, go to `result.dropped` with `why`. min() keeps the first of equal rank: the
    order the schedule lists them in."""
    if not ranked:
        return ""
    best = min(ranked, key=lambda pair: pair[0])[1].url.strip()
    seen = {best}
    for _rank, link in ranked:
        if link.url.strip() not in seen:
            seen.add(link.url.strip())
            result.dropped.append((link, why))
    return best


def _hostname(url: str) -> str:
    """The URL's host, lower case; "" when it has none or is malformed ("http://[x")."""
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def is_public_host(host: str) -> bool:
    """Whether `host` may be on the public internet: not an IP address of a loopback,
    private, link-local or reserved network (conference.web.outbound's rules), nor a
    local name. No DNS query: a name is judged as written."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host != "localhost" and not host.endswith(LOCAL_SUFFIXES)
    return not refusal(host)


def _host_and_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path


def _video_rank(url: str) -> int | None:
    if parse_video_url(url) is not None:
        return 0
    host, path = _host_and_path(url)
    if host in VIDEO_HOSTS or host.endswith(".media.ccc.de"):
        return 1 if PurePosixPath(path).suffix.lower() not in VIDEO_EXTENSIONS else 2
    if PurePosixPath(path).suffix.lower() in VIDEO_EXTENSIONS:
        return 2
    return None


def _slides_rank(url: str, link: Link) -> int | None:
    kind = link.kind.strip().lower()
    if kind in {"slides", "slide", "presentation"} or SLIDE_WORDS.search(link.title or ""):
        return 0
    host, path = _host_and_path(url)
    if host in SLIDE_HOSTS:
        return 1
    # A typed attachment that is not slides (a paper, an article) is no slides even as PDF.
    if not kind and PurePosixPath(path).suffix.lower() in SLIDE_EXTENSIONS:
        return 2
    return None


def repository_url(url: str) -> str | None:
    """The repository a forge URL points into, as https://host/owner/name; else None.

    "https://github.com/Owner/Repo.git", ".../Repo/tree/main/docs" and "http://" all give
    "https://github.com/Owner/Repo", so one repository is one Project whatever was linked.
    Self-hosted GitLab (gitlab.example.org) counts too.
    """
    host, path = _host_and_path(url)
    if host.startswith("www."):
        host = host[4:]
    if host not in FORGE_HOSTS and not host.startswith("gitlab."):
        return None
    segments = [segment for segment in path.split("/") if segment]
    if len(segments) < 2 or segments[0].lower() in NOT_OWNERS:
        return None
    owner, name = segments[0], segments[1]
    name = name.removesuffix(".git")
    if not name or name.startswith("-"):  # gitlab.com/owner/-/... has no repository name
        return None
    return f"https://{host}/{owner}/{name}"


def repository_name(repository: str) -> str:
    """A project name for a repository URL: its last path segment ("pg_hint_plan")."""
    return repository.rstrip("/").rsplit("/", 1)[-1]
