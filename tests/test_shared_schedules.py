"""tests/shared_schedules.py: a missing real schedule skips a test, except in CI."""

from pathlib import Path

import pytest

from tests.shared_schedules import SHARED_SCHEDULES, shared_schedule


def test_shared_schedule_missing_in_ci_fails(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match=r"nope\.xml is not there; in CI"):
        shared_schedule("nope.xml", folder=tmp_path)


@pytest.mark.parametrize("ci", [None, "", "false"])
def test_shared_schedule_missing_outside_ci_skips(monkeypatch, tmp_path, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)

    with pytest.raises(pytest.skip.Exception, match=r"nope\.xml is not there"):
        shared_schedule("nope.xml", folder=tmp_path)


def test_shared_schedule_present_is_returned(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    (tmp_path / "schedule.xml").write_text("<schedule/>")

    assert shared_schedule("schedule.xml", folder=tmp_path) == tmp_path / "schedule.xml"


def test_shared_schedules_folder_is_beside_the_checkout(settings):
    assert Path(settings.BASE_DIR).resolve().parent / "shared" / "schedules" == SHARED_SCHEDULES
