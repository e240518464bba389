"""Shared by the import tests: fixture paths, row counts and a check that nothing was written."""

from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conference.models import Edition
from talks.models import Project, Speaker, Talk, TalkSpeaker

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schedules"

WRITES = ("INSERT", "UPDATE", "DELETE")


def row_counts() -> dict[str, int]:
    return {
        "editions": Edition.objects.count(),
        "talks": Talk.objects.count(),
        "speakers": Speaker.objects.count(),
        "links": TalkSpeaker.objects.count(),
        "projects": Project.objects.count(),
        "talk projects": Talk.projects.through.objects.count(),
    }


def updated_ats() -> dict:
    """Every row's updated_at, by model and primary key."""
    return {
        model.__name__: dict(model.objects.values_list("pk", "updated_at"))
        for model in (Edition, Talk, Speaker, Project)
    }


class CapturedWrites(CaptureQueriesContext):
    """The INSERT, UPDATE and DELETE statements run inside the block."""

    def __init__(self):
        super().__init__(connection)

    @property
    def writes(self) -> list[str]:
        return [query["sql"] for query in self.captured_queries if query["sql"].startswith(WRITES)]
