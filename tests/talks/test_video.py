import pytest

from talks.video import frame_csp, parse_video_url
from tests.factories import GalleryFactory, PhotoFactory, RenditionFactory, TalkFactory
from tests.html import assert_csp_clean

NOCOOKIE = "https://www.youtube-nocookie.com/embed/"
PEERTUBE_UUID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
PEERTUBE_SHORT = "kkGMgK9ZtnKfYAgnEtQxbv"


def csp_directives(response) -> dict[str, str]:
    csp = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())


# --- Parsing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ?autoplay=1"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&list=PL123", "dQw4w9WgXcQ?autoplay=1"),
        ("http://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "dQw4w9WgXcQ?autoplay=1"),
        ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ?autoplay=1"),
        ("https://youtu.be/dQw4w9WgXcQ?t=90", "dQw4w9WgXcQ?autoplay=1&start=90"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", "dQw4w9WgXcQ?autoplay=1&start=90"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ?autoplay=1"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ?autoplay=1"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ?autoplay=1"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ/", "dQw4w9WgXcQ?autoplay=1"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "dQw4w9WgXcQ?autoplay=1"),
    ],
)
def test_parse_video_url_youtube_embeds_through_nocookie_domain(url, embed):
    video = parse_video_url(url)

    assert video.provider == "youtube"
    assert video.video_id == "dQw4w9WgXcQ"
    assert video.embed_url == NOCOOKIE + embed
    assert video.embed_origin == "https://www.youtube-nocookie.com"
    assert video.page_url == url
    assert video.provider_name == "YouTube"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://vimeo.com/76979871", "76979871?autoplay=1&dnt=1"),
        ("https://www.vimeo.com/76979871/", "76979871?autoplay=1&dnt=1"),
        ("https://player.vimeo.com/video/76979871", "76979871?autoplay=1&dnt=1"),
        ("https://vimeo.com/channels/staffpicks/76979871", "76979871?autoplay=1&dnt=1"),
        ("https://vimeo.com/groups/pg/videos/76979871", "76979871?autoplay=1&dnt=1"),
        ("https://vimeo.com/76979871/abcdef1234", "76979871?h=abcdef1234&autoplay=1&dnt=1"),
    ],
)
def test_parse_video_url_vimeo(url, embed):
    video = parse_video_url(url)

    assert video.provider == "vimeo"
    assert video.embed_url == "https://player.vimeo.com/video/" + embed
    assert video.embed_origin == "https://player.vimeo.com"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            f"https://peertube.example.org/w/{PEERTUBE_SHORT}",
            f"https://peertube.example.org/videos/embed/{PEERTUBE_SHORT}?autoplay=1",
        ),
        (
            f"https://video.pg.example/videos/watch/{PEERTUBE_UUID}",
            f"https://video.pg.example/videos/embed/{PEERTUBE_UUID}?autoplay=1",
        ),
        (
            f"https://Tube.Example.org:8443/videos/embed/{PEERTUBE_UUID}",
            f"https://tube.example.org:8443/videos/embed/{PEERTUBE_UUID}?autoplay=1",
        ),
    ],
)
def test_parse_video_url_peertube_on_any_host(url, embed):
    video = parse_video_url(url)

    assert video.provider == "peertube"
    assert video.embed_url == embed
    assert video.provider_name == video.embed_origin.split("//")[1].split(":")[0]


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "not a url",
        "https://video.example.org/watch/1",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/channel/UC123",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/about",
        f"http://peertube.example.org/w/{PEERTUBE_SHORT}",  # an embed must be https
        "https://peertube.example.org/w/p/kkGMgK9ZtnKfYAgnEtQxbv",  # a playlist
        "https://[::1]:99999/w/kkGMgK9ZtnKfYAgnEtQxbv",
    ],
)
def test_parse_video_url_unknown_or_unsafe_is_none(url):
    assert parse_video_url(url) is None


def test_frame_csp_only_for_players_the_site_policy_does_not_allow(settings):
    youtube = parse_video_url("https://youtu.be/dQw4w9WgXcQ")
    peertube = parse_video_url(f"https://tube.example.org/w/{PEERTUBE_SHORT}")

    assert frame_csp(None) is None
    assert frame_csp(youtube) is None
    csp = frame_csp(peertube)
    assert csp["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://tube.example.org",
    ]
    assert {key: value for key, value in csp.items() if key != "frame-src"} == {
        key: value for key, value in settings.SECURE_CSP.items() if key != "frame-src"
    }


# --- The talk page's facade ------------------------------------------------------


@pytest.mark.django_db
def test_talk_detail_youtube_video_behind_facade_without_third_party_assets(client):
    talk = TalkFactory(title="Logical replication", video_url="https://youtu.be/dQw4w9WgXcQ")

    response = client.get(talk.get_absolute_url())

    html = response.content.decode()
    assert "<iframe" not in html
    assert (
        '<a class="video-facade" href="https://youtu.be/dQw4w9WgXcQ" rel="external"\n'
        '             aria-label="Play video: Logical replication"\n'
        f'             data-embed-url="{NOCOOKIE}dQw4w9WgXcQ?autoplay=1"\n'
        '             data-embed-title="Video: Logical replication">'
    ) in html
    assert '<a href="https://youtu.be/dQw4w9WgXcQ" rel="external">Watch on YouTube</a>' in html
    assert '<script src="/static/js/video-facade.js" defer></script>' in html
    # No thumbnail or script from the video site: the poster is our own.
    assert "ytimg.com" not in html
    assert "youtube.com/iframe_api" not in html
    assert "Watch the video" not in html
    assert_csp_clean(html)
    assert csp_directives(response)["frame-src"] == (
        "https://www.youtube-nocookie.com https://player.vimeo.com"
    )


@pytest.mark.django_db
def test_talk_detail_video_poster_is_a_photo_of_the_talk(client):
    talk = TalkFactory(video_url="https://vimeo.com/76979871")
    gallery = GalleryFactory(edition=talk.edition, talk=talk)
    rendition = RenditionFactory(photo=PhotoFactory(gallery=gallery), width=960, height=540)

    html = client.get(talk.get_absolute_url()).content.decode()

    poster = html.split('<span class="video-poster">', 1)[1].split("</span>", 1)[0]
    assert f'<img src="{rendition.file.url}"' in poster
    assert 'alt=""' in poster


@pytest.mark.django_db
def test_talk_detail_peertube_video_allows_its_host_on_this_page_only(client):
    talk = TalkFactory(video_url=f"https://tube.example.org/w/{PEERTUBE_SHORT}")
    other = TalkFactory(edition=talk.edition)

    response = client.get(talk.get_absolute_url())

    assert csp_directives(response)["frame-src"] == (
        "https://www.youtube-nocookie.com https://player.vimeo.com https://tube.example.org"
    )
    assert f"https://tube.example.org/videos/embed/{PEERTUBE_SHORT}" in response.content.decode()
    assert "tube.example.org" not in client.get(other.get_absolute_url())["Content-Security-Policy"]


@pytest.mark.django_db
def test_talk_detail_unknown_video_site_is_a_plain_link(client):
    talk = TalkFactory(video_url="https://media.example.org/talk.mp4")

    html = client.get(talk.get_absolute_url()).content.decode()

    assert "video-facade" not in html
    assert "video-facade.js" not in html
    assert '<a href="https://media.example.org/talk.mp4" rel="external">Watch the video</a>' in html
