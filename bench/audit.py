"""The site audit (not a test): every public page kind, in English and in Russian, through
the shared audit tool (Lighthouse, axe-core at 1280 and 390 px, the Nu HTML checker,
screenshots), then one table of the figures. docs/accessibility.md holds its last table.

    uv run manage.py demo --addr 127.0.0.1:8140      # in another shell: the sample archive
    uv run python bench/audit.py /tmp/audit          # about 25 minutes on 2 cores

The pages are picked from the database the demo serves (the checkout's): an edition with
a talk gallery, its timetable and second day, "My talks", an English and a Russian talk
with video and slides, a talk with photos, a speaker and a company with names in both
scripts, a project, the photo archive, a gallery, a photo, search with results, with none
and with a typo, the API's page and the 404 page. Each runs as /... and as /ru/....

Two pages need a stand-in between the browser and the site, started here on loopback:
Lighthouse refuses to score an error document, so the 404 pages are also audited through
a proxy that answers their 404 with 200 (same HTML, same headers); and the API's page has
one address in every language (its language is the visitor's), so its Russian one is
audited through a proxy that asks for Russian (Accept-Language: ru). The proxies forward
GET only, to the site given, and stop with this script.

The search pages and the 404 page say noindex on purpose: their SEO score stops at 66
and 63 (Lighthouse's is-crawlable), the only audit they fail.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import _repo_first  # noqa: F401 -- first: see bench/_repo_first.py

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")

import django

django.setup()

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation

from conference.models import Edition
from photos.models import Gallery, Photo
from talks.models import Company, Project, Speaker, Talk

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TOOL = REPO.parent / "shared" / "tools" / "audit" / "audit.sh"
SEARCHES = {
    "search": "replication",
    "search, nothing found": "zzqxjv",
    "search, a typo": "replicaton",
}
NOT_FOUND = "/no-such-page/"
CATEGORIES = ("accessibility", "best-practices", "seo")
RETRIES = 2
LH = ("lh", "fails", "error")  # a row's Lighthouse keys, each "<key> <form factor>"


def pages() -> dict[str, str]:
    """Page kind: its English path, from the database the demo serves."""
    with translation.override("en"):
        gallery = Gallery.objects.published().filter(talk__isnull=False).order_by("pk").first()
        edition = gallery.edition if gallery else Edition.objects.published().first()
        talks = Talk.objects.published().filter(edition=edition).order_by("pk")
        with_media = talks.exclude(video_url="").filter(~Q(slides_url="") | ~Q(slides_file=""))
        second_day = edition.start_date + datetime.timedelta(days=1)
        speaker = (
            Speaker.objects.published().exclude(name_en="").exclude(name_ru="").order_by("pk")
        ).first()
        company = Company.objects.published().exclude(name_ru="").order_by("pk").first()
        project = (
            Project.objects.published()
            .annotate(talk_count=Count("talks"))
            .filter(talk_count__gt=0)
            .order_by("-talk_count", "pk")
            .first()
        )
        photo = Photo.objects.published().filter(gallery__talk__isnull=True).order_by("pk").first()
        found = {
            "home": reverse("conference:home"),
            "edition list": reverse("conference:edition-list"),
            "edition": edition.get_absolute_url(),
            "timetable": reverse("talks:timetable", args=[edition.slug]),
            "timetable, a day": reverse(
                "talks:timetable-day", args=[edition.slug, second_day.isoformat()]
            ),
            "my talks": reverse("talks:my-talks"),
            "talk in English, video and slides": with_media.filter(language="en").first(),
            "talk in Russian, video and slides": with_media.filter(language="ru").first(),
            "talk with photos": gallery.talk if gallery else None,
            "speaker index": reverse("talks:speaker-list"),
            "speaker": speaker,
            "company index": reverse("talks:company-list"),
            "company": company,
            "project index": reverse("talks:project-list"),
            "project": project,
            "gallery list": reverse("photos:gallery-list"),
            "gallery": photo.gallery if photo else None,
            "photo": photo,
            **{kind: f"{reverse('talks:search')}?q={q}" for kind, q in SEARCHES.items()},
            "404": NOT_FOUND,
            "API page": reverse("api-index"),
        }
    missing = [kind for kind, page in found.items() if page is None]
    if missing:
        sys.exit(f"no page for {', '.join(missing)}: run `uv run manage.py demo` first")
    return {k: v if isinstance(v, str) else v.get_absolute_url() for k, v in found.items()}


def proxy(upstream: str, *, not_found_as_ok: bool = False, language: str = "") -> str:
    """Starts a loopback proxy to `upstream` (a daemon thread) and returns its base URL."""
    # Imported here, after _repo_first: bench/http.py would shadow the http package.
    import http.server
    import urllib.error
    import urllib.request

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            headers = {
                name: value
                for name, value in self.headers.items()
                if name.lower() not in {"host", "accept-encoding", "accept-language"}
            }
            headers["Accept-Language"] = language or self.headers.get("Accept-Language", "")
            request = urllib.request.Request(  # noqa: S310 - main() checks --base is http(s)
                upstream + self.path, headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - as above
                    status, answer, body = response.status, response.headers, response.read()
            except urllib.error.HTTPError as error:
                status, answer, body = error.code, error.headers, error.read()
            self.send_response(200 if status == 404 and not_found_as_ok else status)
            for name, value in answer.items():
                if name.lower() not in {"connection", "transfer-encoding", "content-length",
                                        "date", "server"}:  # fmt: skip
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def run_tool(tool: Path, base: str, out: Path, paths: list[str], skip: str = "") -> None:
    print(f"audit of {len(paths)} page(s) at {base} into {out}", flush=True)
    env = {**os.environ, "AUDIT_SKIP": skip} if skip else None
    # The tool and its arguments are ours (--tool, the pages picked above).
    subprocess.run([str(tool), base, str(out), *paths], check=False, env=env)  # noqa: S603 - ours


def audited(tool: Path, base: str, out: Path, paths: list[str]) -> dict[str, dict]:
    """The tool's figures for `paths`. A Lighthouse run that ended in a runtime error other
    than an error document's (NO_NAVSTART now and then, on this loaded machine) is run
    again, Lighthouse only, up to RETRIES times; its row then says "retried"."""
    run_tool(tool, base, out, paths)
    result = figures(out)
    for attempt in range(1, RETRIES + 1):
        again = [path for path, row in result.items() if transient(row)]
        if not again:
            break
        retry = out / f"retry-{attempt}"
        run_tool(tool, base, retry, again, skip="browser vnu")
        for path, report in lighthouse_figures(retry).items():
            for form in ("desktop", "mobile"):
                if result[path][f"error {form}"] and not report[f"error {form}"]:
                    result[path].update({f"{key} {form}": report[f"{key} {form}"] for key in LH})
                    result[path]["retried"] = True
    return result


def transient(row: dict) -> bool:
    return any(
        row[f"error {form}"] not in (None, "ERRORED_DOCUMENT_REQUEST")
        for form in ("desktop", "mobile")
    )


def load(out: Path, name: str) -> dict[str, dict]:
    return {page["path"]: page for page in json.loads((out / name).read_text())["pages"]}


def lighthouse_figures(out: Path) -> dict[str, dict]:
    """Per path and form factor: Lighthouse's scores, failing audits and runtime error."""
    result = {}
    for path, page in load(out, "lighthouse.json").items():
        row = {}
        for form in ("desktop", "mobile"):
            report = page.get(form) or {}
            scores = report.get("scores") or {}
            row[f"lh {form}"] = [scores.get(category) for category in CATEGORIES]
            row[f"fails {form}"] = sorted(
                audit["id"]
                for category in CATEGORIES
                for audit in (report.get("failing") or {}).get(category, [])
            )
            row[f"error {form}"] = report.get("runtimeError")
        result[path] = row
    return result


def figures(out: Path) -> dict[str, dict]:
    """Per path: Lighthouse's figures at each form factor, axe's rules at each width and
    the checker's errors, from the tool's raw files in `out`."""
    lighthouse = lighthouse_figures(out)
    checker = load(out, "vnu.json")
    result = {}
    for path, page in load(out, "browser.json").items():
        row = {"status": page["desktop"].get("status"), "vnu": len(checker[path]["errors"])}
        row.update(lighthouse[path])
        for form in ("desktop", "mobile"):
            violations = (page.get(form) or {}).get("axe", {}).get("violations", [])
            row[f"axe {form}"] = sorted(violation["id"] for violation in violations)
        result[path] = row
    return result


def table(kinds: dict[str, str], runs: dict[str, dict[str, dict]]) -> str:
    """One Markdown row per page kind and language: Lighthouse A/BP/SEO at each form
    factor, axe at 1280 and 390 px, the checker's errors, and what failed."""

    def scores(row, form):
        if row[f"error {form}"]:
            return f"({row[f'error {form}']})"
        return "/".join("–" if score is None else str(score) for score in row[f"lh {form}"])

    lines = [
        "| page kind | lang | LH desktop A/BP/SEO | LH mobile A/BP/SEO | axe 1280 | axe 390 "
        "| vnu errors | failing |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, path in kinds.items():
        for language in ("en", "ru"):
            for label, run in runs.items():
                if not label.startswith(language):
                    continue
                key = path if language == "en" or kind == "API page" else f"/ru{path}"
                row = run.get(key)
                if row is None:
                    continue
                notes = [label.split(" ", 1)[1]] if " " in label else []
                notes += ["Lighthouse retried"] if row.get("retried") else []
                note = f" ({', '.join(notes)})" if notes else ""
                fails = sorted(set(row["fails desktop"] + row["fails mobile"]))
                axe = [", ".join(row[f"axe {form}"]) or "0" for form in ("desktop", "mobile")]
                lines.append(
                    f"| {kind}{note} | {language} | {scores(row, 'desktop')} | "
                    f"{scores(row, 'mobile')} | {axe[0]} | {axe[1]} | {row['vnu']} | "
                    f"{', '.join(fails) or '–'} |"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the tool's reports and screenshots")
    parser.add_argument("--base", default="http://127.0.0.1:8140", help="the running site")
    parser.add_argument("--tool", type=Path, default=DEFAULT_TOOL, help="the tool's audit.sh")
    args = parser.parse_args()
    if not args.base.startswith(("http://", "https://")):
        parser.error("--base takes an http:// or https:// URL")
    kinds = pages()
    paths = [path for kind, path in kinds.items() if kind != "API page"]
    runs = {}
    plan = {
        "en": (args.base, [*paths, kinds["API page"]]),
        "ru": (args.base, [f"/ru{path}" for path in paths]),
        "en 404 answered 200": (proxy(args.base, not_found_as_ok=True), [NOT_FOUND]),
        "ru 404 answered 200": (proxy(args.base, not_found_as_ok=True), [f"/ru{NOT_FOUND}"]),
        "ru Accept-Language": (proxy(args.base, language="ru"), [kinds["API page"]]),
    }
    for label, (base, run_paths) in plan.items():
        out = args.out / label.replace(" ", "-")
        runs[label] = audited(args.tool, base, out, run_paths)
    report = table(kinds, runs)
    (args.out / "table.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
