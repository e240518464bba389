"""Session 13's talk page changes against main, in one process (not a test).

    git worktree add /tmp/main-wt <main commit>
    uv run python bench/talk_page_ab.py /tmp/main-wt 1000

Alternating call by call, so that a loaded machine disturbs both sides alike: (1) the
layout (a page extending base.html with empty blocks, rendered for a talk page's request
with the export's flag) from the other checkout's templates/ and this one's, checked to
give the same bytes; (2) a talk page's readers (find_talk and other_talks_by_speakers)
with the credits as TalkSpeaker model instances (as before, copied below) and as
talks.readers.rows.Credit objects. Uses bench/export_kinds.py's kept 20,000-talk
database (run that first). Prints CPU ms (time.process_time) per call: medians and means.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import _repo_first

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
import django

django.setup()
from django.conf import settings

settings.DEBUG = False
from django.db import connection

connection.settings_dict.setdefault("TEST", {})["NAME"] = "export_kinds20k"
connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
from django.template.backends.django import DjangoTemplates
from django.test import RequestFactory
from django.test.utils import override_settings
from django.urls import resolve
from django.utils import translation

from conference.db.raw_rows import instance
from conference.static_export import links
from conference.web.export_flag import FLAG
from talks.models import Talk, TalkSpeaker
from talks.readers import rows, talk_page

OTHER = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
base = settings.TEMPLATES[0]


def engine(dirs):
    return DjangoTemplates(
        {"NAME": str(dirs), "DIRS": [dirs], "APP_DIRS": True, "OPTIONS": dict(base["OPTIONS"])}
    )


main_engine, branch_engine = (
    engine(f"{OTHER}/templates"),
    engine(str(_repo_first.REPO / "templates")),
)
source = (
    '{% extends "base.html" %}{% block title %}T{% endblock %}{% block content %}{% endblock %}'
)
page = Talk.objects.filter(is_published=True).select_related("edition").first()
results = {}
with override_settings(ALLOWED_HOSTS=[links.HOST]):
    for language in ("en", "ru"):
        with translation.override(language):
            path = page.get_absolute_url()
            request = RequestFactory().get(path, secure=True, HTTP_HOST=links.HOST, **{FLAG: "1"})
            request.resolver_match = resolve(path)
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
            templates = {
                "main": main_engine.from_string(source),
                "branch": branch_engine.from_string(source),
            }
            context = {"section": "talks"}
            if templates["main"].render(context, request) != templates["branch"].render(
                context, request
            ):
                raise SystemExit(f"the layouts differ in {language}")
            times = {"main": [], "branch": []}
            for round_ in range(N):
                for who in ("main", "branch") if round_ % 2 else ("branch", "main"):
                    started = time.process_time()
                    templates[who].render(context, request)
                    times[who].append(time.process_time() - started)
            results[f"layout {language}"] = times


def old_credits(talk, related):
    import json

    if isinstance(talk.credits_json, str):
        talk.credits_json = json.loads(talk.credits_json)
    credits = []
    for row in talk.credits_json:
        speaker, company = related.speaker(row["speaker"]), related.company(row["company"])
        credit = instance(
            TalkSpeaker,
            {
                "id": row["id"],
                "talk_id": talk.pk,
                "speaker_id": speaker.pk,
                "position": row["position"],
                "company_id": company and company.pk,
            },
        )
        credit.talk, credit.speaker, credit.company = talk, speaker, company
        credits.append(credit)
    return credits


new_credits = rows._credits
talks = list(Talk.objects.filter(is_published=True).select_related("edition").order_by("?")[:400])
times = {"main": [], "branch": []}
for round_, talk in enumerate(talks * max(1, N // 1000)):
    for who in ("main", "branch") if round_ % 2 else ("branch", "main"):
        rows._credits = old_credits if who == "main" else new_credits
        started = time.process_time()
        found = talk_page.find_talk(edition_slug=talk.edition.slug, slug=talk.slug, slides=True)
        others = talk_page.other_talks_by_speakers(found)
        times[who].append(time.process_time() - started)
results["readers (find_talk + other talks)"] = times
rows._credits = new_credits
print(f"N={N} load {Path('/proc/loadavg').read_text().split()[0]}")
for label, t in results.items():
    m, b = statistics.median(t["main"]) * 1000, statistics.median(t["branch"]) * 1000
    mm, bm = statistics.mean(t["main"]) * 1000, statistics.mean(t["branch"]) * 1000
    print(f"| {label} | {m:.3f} / {b:.3f} | {b / m:.2f} | {mm:.3f} / {bm:.3f} | {bm / mm:.2f} |")
