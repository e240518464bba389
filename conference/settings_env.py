"""Helpers for conference/settings.py: reading the environment and building the nested settings.

Kept apart so that settings.py reads as commented sections of assignments, one per
setting, while the parsing rules (what counts as "no", what a bad number says) and the
shape of the DATABASES, CACHES, STORAGES and TASKS dictionaries live here once. Nothing
here imports Django's apps or the embedded PostgreSQL: settings load before either.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from conference.web.redis_urls import next_database_url


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but an explicit 'no' word counts as yes."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


def env_int(name: str, default: int) -> int:
    """Read a whole number; a variable set to anything else stops the site at start."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list; empty items are dropped, an empty list means `default`."""
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


def env_str(name: str, default: str = "") -> str:
    """Read a string variable, stripped; set but empty means `default`."""
    return os.environ.get(name, "").strip() or default


def require(name: str) -> str:
    """Fail fast in production: a missing variable is an error at start, not at first use."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is off. "
            "See .env.example and docs/deploy.md for the production variables."
        )
    return value


def default_database(
    url: str, *, conn_max_age: int, pool: bool, prepare_threshold: int
) -> dict[str, object]:
    """DATABASES["default"]: the server at `url`, or the embedded one when `url` is empty."""
    if url:
        # Django's PostgreSQL backend with a cheaper health check (conference/db/postgresql).
        database = dj_database_url.parse(
            url,
            engine="conference.db.postgresql",
            conn_max_age=conn_max_age,
            conn_health_checks=True,
        )
    else:
        database = {
            "ENGINE": "conference.db.embedded",
            "NAME": os.environ.get("EMBEDDED_POSTGRES_DB", "conference"),
            "USER": "postgres",
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
        }
    options = database.setdefault("OPTIONS", {})
    if pool:
        options["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
            "timeout": 10,
        }
    if prepare_threshold:
        options.update(server_side_binding=True, prepare_threshold=prepare_threshold)
    return database


def caches(redis_url: str) -> dict[str, dict[str, object]]:
    """CACHES: "default" (rate limits, sessions' neighbours) and "pages" (the page cache).

    The pages get a cache of their own so that they never push the rate-limit counts out:
    in local memory, per process, at most PAGE_CACHE_MAX_ENTRIES pages; with Redis, its own
    database (PAGE_CACHE_REDIS_URL, by default `redis_url`'s database number + 1), which
    evicts and is flushed on its own.
    """
    if not redis_url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "pages",
                # Room for the pages a crawler walks through without pushing out the search
                # results and the heavy list pages (sizes in docs/performance.md).
                "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 10_000)},
            },
        }
    default = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        # redis-py waits 5 s to connect and 5 s for each answer; a cache slower than
        # rendering the page is no help. The page cache and the rate limits go without
        # Redis when it fails (conference/web/cache_guard.py). Options in the URL's query
        # string (?socket_timeout=2) win over these.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    pages = {
        **default,
        "LOCATION": env_str("PAGE_CACHE_REDIS_URL") or next_database_url(redis_url),
        "KEY_PREFIX": "pages",
    }
    return {"default": default, "pages": pages}


def storages(
    bucket: str, *, private_root: Path, staticfiles_backend: str
) -> dict[str, dict[str, object]]:
    """STORAGES: media and private originals on S3 when `bucket` is set, else on disk.

    On S3, public renditions live under media/ (the bucket policy allows anonymous reads
    there); originals under originals/ in the same or a separate bucket
    (AWS_PRIVATE_BUCKET_NAME), reachable only through short-lived signed URLs. Credentials
    come from the usual AWS_* variables or the role.
    """
    staticfiles = {"BACKEND": staticfiles_backend}
    if not bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": private_root, "base_url": None},
            },
            "staticfiles": staticfiles,
        }
    common = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "default_acl": None,
        "file_overwrite": False,
    }
    return {
        "default": {
            # Objects carry their type, and all but pictures a download disposition.
            "BACKEND": "conference.web.media.S3MediaStorage",
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "location": "media",
                "querystring_auth": False,
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": os.environ.get("AWS_PRIVATE_BUCKET_NAME") or bucket,
                # No location: Photo.original's upload_to already puts originals under
                # originals/, outside the public media/ prefix.
                "querystring_auth": True,
                "querystring_expire": 600,
            },
        },
        "staticfiles": staticfiles,
    }


TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}


def tasks(backend: str) -> dict[str, dict[str, str]]:
    """TASKS for TASKS_BACKEND: "immediate" (in the enqueuing process) or "database"."""
    if backend not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be 'immediate' or 'database', not {backend!r}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[backend]}}


def dump_settings() -> dict:
    """The public data dump's settings (conference/dump/, docs/dump.md), from the
    environment: the site's address the dump's URLs start with, whether a write to the
    archive queues a rebuild, how long a rebuild waits for more writes (where the task
    backend can defer), and what an import takes at most (the file as given, and all its
    members unpacked)."""
    return {
        "BASE_URL": env_str("DJANGO_PUBLIC_BASE_URL", "http://localhost:8000"),
        "REBUILD_ON_CHANGE": env_bool("DUMP_REBUILD_ON_CHANGE", default=True),
        "REBUILD_DELAY_SECONDS": env_int("DUMP_REBUILD_DELAY_SECONDS", 60),
        "IMPORT_MAX_BYTES": env_int("DUMP_IMPORT_MAX_BYTES", 1024**3),
        "IMPORT_MAX_UNPACKED_BYTES": env_int("DUMP_IMPORT_MAX_UNPACKED_BYTES", 4 * 1024**3),
    }
