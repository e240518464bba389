"""Reading a schedule file from disk, an upload or an http(s) URL, never more than the cap.

Every way in refuses a file over MAX_SCHEDULE_BYTES before holding it all in memory: a
path by its size on disk, a URL by its Content-Length and then by counting while it
downloads (a server may not say, or may lie), an upload by the size Django measured.
"""

import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from talks.importers.schedule import MAX_SCHEDULE_BYTES, ScheduleError

DOWNLOAD_TIMEOUT = 20  # seconds without an answer before giving up
_CHUNK = 64 * 1024


def too_large(size: int | None = None, *, limit: int = MAX_SCHEDULE_BYTES) -> ScheduleError:
    megabytes = limit // (1024 * 1024)
    if size is None:
        return ScheduleError(f"The file is larger than {megabytes} MB, the most we import.")
    return ScheduleError(
        f"The file is {size / (1024 * 1024):.1f} MB; the most we import is {megabytes} MB."
    )


def read_source(
    source: str, *, limit: int = MAX_SCHEDULE_BYTES, timeout: float = DOWNLOAD_TIMEOUT
) -> bytes:
    """The bytes of `source`, a file path or an http(s) URL. Raises ScheduleError."""
    if "://" in source:
        return read_url(source, limit=limit, timeout=timeout)
    return read_path(Path(source), limit=limit)


def read_path(path: Path, *, limit: int = MAX_SCHEDULE_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise too_large(size, limit=limit)
        with path.open("rb") as file:
            data = file.read(limit + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise ScheduleError(f"No such file: {path}") from None
    except IsADirectoryError:
        raise ScheduleError(f"{path} is a folder, not a schedule file.") from None
    except OSError as error:
        raise ScheduleError(f"Cannot read {path}: {error.strerror or error}") from None
    if len(data) > limit:
        raise too_large(limit=limit)
    return data


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): never to file:// or ftp:// addresses."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in {"http", "https"}:
            raise ScheduleError(f"The server redirected to {newurl}, which is not http(s).")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def read_url(
    url: str, *, limit: int = MAX_SCHEDULE_BYTES, timeout: float = DOWNLOAD_TIMEOUT
) -> bytes:
    """Download `url` (http or https only) with a timeout and a size cap."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ScheduleError(f"Only http:// and https:// addresses can be imported, not {url}")
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, headers={"User-Agent": "conference-archive schedule import"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise too_large(int(declared), limit=limit)
            chunks, received = [], 0
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > limit:
                    raise too_large(limit=limit)
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as error:
        error.close()  # it holds the response and its socket
        raise ScheduleError(f"{url} answered {error.code} {error.reason}.") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise ScheduleError(f"{url} did not answer within {timeout} seconds.") from None
        if isinstance(reason, ConnectionRefusedError):
            raise ScheduleError(f"{url} refused the connection.") from None
        raise ScheduleError(f"Cannot reach {url}: {str(reason).rstrip('.')}.") from None
    except TimeoutError:
        raise ScheduleError(f"{url} did not answer within {timeout} seconds.") from None
    except (OSError, ValueError) as error:
        raise ScheduleError(f"Cannot download {url}: {str(error).rstrip('.')}.") from None


def read_upload(upload, *, limit: int = MAX_SCHEDULE_BYTES) -> bytes:
    """The bytes of an uploaded file (Django's UploadedFile), refused when over the cap."""
    if upload.size is not None and upload.size > limit:
        raise too_large(upload.size, limit=limit)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large(limit=limit)
    return data


def looks_like(data: bytes) -> str:
    """ "frab" or "pretalx" by the first character that is not a BOM or space; "" if neither."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "frab"
    if head.startswith((b"{", b"[")):
        return "pretalx"
    return ""
