"""Reading a schedule file from disk, an upload or an http(s) URL, never more than the cap.

A URL is fetched only from public internet addresses (conference.web.outbound), unless the
commands' --allow-private says otherwise.

Every way in refuses a file over MAX_SCHEDULE_BYTES before holding it all in memory: a
path by its size on disk, a URL by its Content-Length and then by counting while it
downloads (a server may not say, or may lie), an upload by the size Django measured.
"""

import http.client
import ssl
from pathlib import Path

from conference.web import outbound
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
    source: str,
    *,
    limit: int = MAX_SCHEDULE_BYTES,
    timeout: float = DOWNLOAD_TIMEOUT,
    allow_private: bool = False,
) -> bytes:
    """The bytes of `source`, a file path or an http(s) URL. Raises ScheduleError."""
    if "://" in source:
        return read_url(source, limit=limit, timeout=timeout, allow_private=allow_private)
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


def read_url(
    url: str,
    *,
    limit: int = MAX_SCHEDULE_BYTES,
    timeout: float = DOWNLOAD_TIMEOUT,
    allow_private: bool = False,
) -> bytes:
    """Download `url` (http or https only) with a timeout and a size cap.

    Only from public internet addresses (conference.web.outbound checks every address and
    every redirect), unless `allow_private` (the commands' --allow-private).
    """
    allow = outbound.ALL_NETWORKS if allow_private else ()
    headers = {"User-Agent": "conference-archive schedule import"}
    try:
        with outbound.open_url(url, timeout=timeout, allow=allow, headers=headers) as response:
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise too_large(int(declared), limit=limit)
            chunks, received = [], 0
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > limit:
                    raise too_large(limit=limit)
                chunks.append(chunk)
            return b"".join(chunks)
    except outbound.AddressRefused as error:
        raise ScheduleError(
            f"{error} (import_frab and import_pretalx fetch from other addresses only with "
            "--allow-private.)"
        ) from None
    except outbound.FetchError as error:
        raise ScheduleError(str(error)) from None
    except TimeoutError:
        raise ScheduleError(f"{url} did not answer within {timeout} seconds.") from None
    except ConnectionRefusedError:
        raise ScheduleError(f"{url} refused the connection.") from None
    except ssl.SSLError as error:
        raise ScheduleError(f"Cannot reach {url} securely: {error.reason or error}.") from None
    except (OSError, http.client.HTTPException) as error:
        raise ScheduleError(f"Cannot reach {url}: {str(error).rstrip('.')}.") from None


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
