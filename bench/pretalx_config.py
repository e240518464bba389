"""pretalx's configuration for the benchmark reference (bench/pretalx_reference.py): its
config file, a settings module of ours on top of its own, and the environment it runs in.
"""

import dataclasses
import os
from pathlib import Path

SETTINGS_MODULE = "pretalx_bench_settings"
SETTINGS_SOURCE = '''"""pretalx's settings for the benchmark (see bench/pretalx_reference.py)."""

from pretalx.settings import *  # noqa: F403 -- pretalx's own settings, a few overridden below

# No Redis here: a per-worker local-memory cache (pretalx.cfg keeps sessions off Redis).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
'''


@dataclasses.dataclass(frozen=True)
class Database:
    """Connection settings pretalx gets in its config file."""

    host: str
    port: str
    user: str
    password: str
    name: str
    description: str


def configure(cache_dir: Path, db: Database, port: int) -> dict:
    """Write pretalx.cfg and the settings module; return the environment pretalx runs in."""
    (cache_dir / "data").mkdir(parents=True, exist_ok=True)
    # [filesystem] base stays at its default, site-packages: pretalx finds its own
    # static files through it.
    config = f"""[filesystem]
data = {cache_dir / "data"}
media = {cache_dir / "data" / "media"}
logs = {cache_dir / "data" / "logs"}
static = {cache_dir / "static"}

[site]
debug = False
url = http://127.0.0.1:{port}

[database]
backend = postgresql
name = {db.name}
user = {db.user}
password = {db.password}
host = {db.host}
port = {db.port}

[mail]
from = orga@example.org

[redis]
session = False

[celery]
broker =
"""
    (cache_dir / "pretalx.cfg").write_text(config)
    (cache_dir / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_SOURCE)
    env = {
        key: value
        for key, value in os.environ.items()
        # Ours, not pretalx's: our settings module, our virtualenv, our database.
        if key not in {"DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV", "PYTHONPATH", "DATABASE_URL"}
    }
    env.update(
        PRETALX_CONFIG_FILE=str(cache_dir / "pretalx.cfg"),
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        PYTHONPATH=str(cache_dir),
        PYTHONUNBUFFERED="1",
    )
    return env
