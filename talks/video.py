"""Talk videos: which site a video URL points at, and the player to embed behind a facade.

The talk page never loads a player by itself: it shows a local poster with a play button
and a plain link, and static/js/video-facade.js puts the <iframe> in only when someone
clicks. This module only reads URLs; it never fetches anything (no oEmbed, no thumbnails).

YouTube embeds go through its no-cookie domain; PeerTube instances are any host, so the
talk page allows the embedding host in its own Content-Security-Policy (see `frame_csp`).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.utils.csp import CSP

from conference.web.csp import site_csp

YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/"
VIMEO_EMBED = "https://player.vimeo.com/video/"

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
# /embed/ID, /shorts/ID, /live/ID and the old /v/ID.
YOUTUBE_PATH = re.compile(r"^/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{11})/?$")
# t=90, t=90s, t=1m30s, t=1h2m3s (YouTube's share links).
YOUTUBE_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")

VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
# vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/NAME/ID,
# vimeo.com/groups/NAME/videos/ID, player.vimeo.com/video/ID.
VIMEO_PATH = re.compile(
    r"^/(?:video/|channels/[\w-]+/|groups/[\w-]+/videos/|showcase/\d+/video/)?(\d+)"
    r"(?:/([0-9a-f]{6,}))?/?$"
)

# PeerTube: /w/SHORT_ID (base58, 22 characters), /videos/watch/UUID or /videos/embed/ID.
# /w/p/... is a playlist, which has no single-video embed.
PEERTUBE_PATH = re.compile(
    r"^/(?:w|videos/watch|videos/embed)/"
    r"([1-9A-HJ-NP-Za-km-z]{22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/?$"
)
# A host name (and port) that is safe to put into a CSP source: letters, digits, dots, dashes.
HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$")


@dataclass(frozen=True)
class Video:
    """A video we know how to embed: the player's URL and the origin it is served from."""

    provider: str  # "youtube", "vimeo" or "peertube"
    provider_name: str  # what to call the site in "Watch on ..."
    video_id: str
    embed_url: str
    page_url: str  # the video on its own site, for the plain link

    @property
    def embed_origin(self) -> str:
        parts = urlsplit(self.embed_url)
        return f"{parts.scheme}://{parts.netloc}"


def _youtube_start(query: dict[str, list[str]]) -> int | None:
    value = (query.get("t") or query.get("start") or [""])[0]
    match = YOUTUBE_TIME.match(value) if value else None
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds or None


def _youtube(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    if host == "youtu.be":
        video_id = path.strip("/")
        return video_id if YOUTUBE_ID.match(video_id) else None
    if host not in YOUTUBE_HOSTS:
        return None
    if path.rstrip("/") == "/watch":
        video_id = (query.get("v") or [""])[0]
        return video_id if YOUTUBE_ID.match(video_id) else None
    match = YOUTUBE_PATH.match(path)
    return match[1] if match else None


def parse_video_url(url: str) -> Video | None:
    """The embeddable video at `url`, or None when it is not a video we can embed.

    Only http(s) URLs are read; the embed URL is always https and rebuilt from the parsed
    id, so nothing else from the stored URL reaches the iframe.
    """
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower()
    query = parse_qs(parts.query)

    if youtube_id := _youtube(host, parts.path, query):
        start = _youtube_start(query)
        params = {"autoplay": 1, **({"start": start} if start else {})}
        return Video(
            provider="youtube",
            provider_name="YouTube",
            video_id=youtube_id,
            embed_url=f"{YOUTUBE_EMBED}{youtube_id}?{urlencode(params)}",
            page_url=url,
        )

    if host in VIMEO_HOSTS and (match := VIMEO_PATH.match(parts.path)):
        vimeo_id, unlisted_hash = match[1], match[2] or (query.get("h") or [""])[0]
        params = {**({"h": unlisted_hash} if unlisted_hash else {}), "autoplay": 1, "dnt": 1}
        return Video(
            provider="vimeo",
            provider_name="Vimeo",
            video_id=vimeo_id,
            embed_url=f"{VIMEO_EMBED}{vimeo_id}?{urlencode(params)}",
            page_url=url,
        )

    # PeerTube instances are any host: only https, and only a host name safe in a CSP.
    netloc = host if port is None else f"{host}:{port}"
    if (
        parts.scheme == "https"
        and HOST.match(netloc)
        and (match := PEERTUBE_PATH.match(parts.path))
    ):
        return Video(
            provider="peertube",
            provider_name=host,
            video_id=match[1],
            embed_url=f"https://{netloc}/videos/embed/{match[1]}?autoplay=1",
            page_url=url,
        )
    return None


def frame_csp(video: Video | None) -> dict | None:
    """The CSP a page embedding `video` needs, when the site-wide one does not allow its
    player (a PeerTube instance); None when the site's policy (conference.web.csp) already does.

    The result is meant for `response._csp_config`, the per-response override that
    django.views.decorators.csp.csp_override sets and ContentSecurityPolicyMiddleware reads.
    """
    if video is None:
        return None
    policy = site_csp()
    frame_src = [source for source in policy.get("frame-src", []) if source != CSP.NONE]
    if video.embed_origin in frame_src:
        return None
    return {**policy, "frame-src": [*frame_src, video.embed_origin]}
