"""tests/redis_server.py: without redis-server the Redis tests skip, except in CI."""

import pytest

from tests.redis_server import redis_server_binary

MISSING = "/nonexistent/redis-server"


def test_missing_redis_server_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match="apt-get install redis-server"):
        redis_server_binary(MISSING)


@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_missing_redis_server_fails_in_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)

    with pytest.raises(pytest.fail.Exception, match="CI runs the Redis tests"):
        redis_server_binary(MISSING)


def test_present_redis_server_found(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    binary = tmp_path / "redis-server"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)

    assert redis_server_binary(str(binary)) == str(binary)
