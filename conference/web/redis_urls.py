"""Redis URLs derived from one another (settings.py): pure functions, no connection."""

from urllib.parse import parse_qsl, urlencode, urlsplit


def next_database_url(url: str) -> str:
    """The same Redis server as `url`, one database number up.

    redis://h:6379/0 -> redis://h:6379/1; no number means database 0, so redis://h -> /1.
    The scheme (redis, rediss, unix), credentials and query string stay as they are; a
    database given as ?db=N (unix sockets name it so) goes up there. The page cache lives
    in that database by default, so that its evictions under maxmemory, or a FLUSHDB of
    it, never touch the rate-limit counters in `url`'s (conference/settings.py).
    """
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    path = parts.path
    if parts.scheme == "unix" or any(key == "db" for key, _ in query):
        # A unix URL's path is the socket's; its database is only ever in the query.
        number = next((value for key, value in query if key == "db"), "0")
        others = [(key, value) for key, value in query if key != "db"]
        query = [*others, ("db", str(_database_number(number, url) + 1))]
    else:
        number = path.strip("/") or "0"
        path = f"/{_database_number(number, url) + 1}"
    # Not urlunsplit: it writes unix:///run/redis.sock as unix:/run/redis.sock.
    base = url.partition("?")[0].removesuffix(parts.path) + path
    return f"{base}?{urlencode(query)}" if query else base


def _database_number(text: str, url: str) -> int:
    if not text.isdigit():
        raise ValueError(f"{url!r} does not name a Redis database by number.")
    return int(text)
