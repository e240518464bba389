"""Every public page kind's HTML in both languages, saved to files (a refactoring aid, not a test).

    uv run python bench/html_snapshot.py OUT_FOLDER [--talks 300]

Run it on two trees (e.g. an older commit in a git worktree, then this one) and compare
with `diff -r`: a change that should not alter what visitors get shows no difference.
The archive comes from bench/archive.py's builder with its fixed seed, in a fresh database
(Django's test-database machinery), so both trees build the same rows; the page cache is
off, and the values that differ on every run are replaced (CSRF tokens, CSP nonces, the
build's own timestamps: rows created today). Whitespace is normalised (runs of it become
one space, and every tag starts a line), so that a template laid out differently compares
equal and a real change shows as a short diff. Besides the pages: the feeds, an edition's
exports, the sitemap and the API's answers.
"""

import argparse
import datetime
import os
import re
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client

from bench import server
from conference.web.language import is_localized, path_in_language

TODAY = datetime.datetime.now(datetime.UTC).date()
# The days the build's "now" can fall on in any time zone the site shows.
NEAR = [TODAY + datetime.timedelta(days=offset) for offset in (-1, 0, 1)]
ISO_DAYS = "|".join(day.isoformat() for day in NEAR)
BASIC_DAYS = "|".join(day.strftime("%Y%m%d") for day in NEAR)
# Values that change on every run, whatever the code: tokens, and the times the rows were
# created at (about now, in ISO 8601 and in iCalendar's basic format).
VOLATILE = (
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1TOKEN"),
    (re.compile(r'(nonce=")[^"]+'), r"\1NONCE"),
    (re.compile(r'("csrf_token": ")[^"]+'), r"\1TOKEN"),
    (re.compile(rf"({ISO_DAYS})T[0-9:.]+(Z|[+-]\d\d:?\d\d)?"), "BUILD-TIME"),
    (re.compile(rf"({BASIC_DAYS})T\d{{6}}Z?"), "BUILD-TIME"),
    (re.compile(r"\s+"), " "),
    (re.compile(r">\s*<"), ">\n<"),
)


def paths() -> dict[str, str]:
    """One address per page kind, picked in the built archive by fixed rules."""
    edition_model = apps.get_model("conference", "Edition")
    talk_model = apps.get_model("talks", "Talk")
    speaker_model = apps.get_model("talks", "Speaker")
    company_model = apps.get_model("talks", "Company")
    project_model = apps.get_model("talks", "Project")
    edition = edition_model.objects.published().order_by("-start_date").first()
    gallery = server.add_gallery(edition)
    talk = talk_model.objects.published().filter(edition=edition).order_by("pk").first()
    speaker = speaker_model.objects.published().order_by("pk").first()
    company = company_model.objects.published().order_by("pk").first()
    project = project_model.objects.published().order_by("pk").first()
    photo = gallery.photos.order_by("position", "pk").first()
    slug = edition.slug
    return {
        "home": "/",
        "editions": "/editions/",
        "edition": edition.get_absolute_url(),
        "talk": talk.get_absolute_url(),
        "speakers": "/speakers/",
        "speaker": speaker.get_absolute_url(),
        "companies": "/companies/",
        "company": company.get_absolute_url(),
        "projects": "/projects/",
        "project": project.get_absolute_url(),
        "photos": "/photos/",
        "gallery": gallery.get_absolute_url(),
        "photo": photo.get_absolute_url(),
        "search": "/search/?q=replication",
        "search-typo": "/search/?q=replikation",
        "feed-talks": "/feeds/talks/",
        "feed-edition": f"/feeds/editions/{slug}/",
        "feed-speaker": f"/feeds/speakers/{speaker.slug}/",
        "feed-project": f"/feeds/projects/{project.slug}/",
        "feed-galleries": "/feeds/galleries/",
        "schedule-xml": f"/{slug}/schedule.xml",
        "schedule-json": f"/{slug}/schedule.json",
        "schedule-ics": f"/{slug}/schedule.ics",
        "talk-ics": talk.get_absolute_url() + "talk.ics",
        "sitemap": "/sitemap.xml",
        "api-talks": f"/api/v1/talks?edition={slug}&limit=25",
        "api-talk": f"/api/v1/talks/{slug}/{talk.slug}",
        "api-speakers": f"/api/v1/speakers?edition={slug}&limit=25",
        "api-speaker": f"/api/v1/speakers/{speaker.slug}",
        "api-companies": "/api/v1/companies?limit=25",
        "api-company": f"/api/v1/companies/{company.slug}",
        "api-projects": "/api/v1/projects?limit=25",
        "api-project": f"/api/v1/projects/{project.slug}",
        "api-editions": "/api/v1/editions",
        "api-galleries": "/api/v1/galleries",
        "api-search": "/api/v1/search?q=replication&limit=20",
    }


def in_language(address: str, language: str) -> str:
    """`address` (a path, maybe with a query string) at its address in `language`."""
    path, mark, query = address.partition("?")
    if is_localized(path):
        path = path_in_language(path, language)
    return path + mark + query


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--talks", type=int, default=300)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    settings.PAGE_CACHE_SECONDS = 0
    settings.RATE_LIMITS = {}
    with server.archive_database("html_snapshot", talks=args.talks, speakers=args.talks * 2 // 5):
        pages = paths()
        for language in ("en", "ru"):
            client = Client()
            # The API's language is the visitor's; a page's is its address (/ru/...).
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            folder = args.out / language
            folder.mkdir(parents=True, exist_ok=True)
            for name, path in pages.items():
                response = client.get(in_language(path, language))
                text = f"{response.status_code} {response.get('Content-Type')}\n"
                text += response.content.decode()
                for pattern, replacement in VOLATILE:
                    text = pattern.sub(replacement, text)
                (folder / f"{name}.txt").write_text(text)
        connection.close()
    print(f"{len(pages)} addresses in 2 languages written to {args.out}")


if __name__ == "__main__":
    main()
