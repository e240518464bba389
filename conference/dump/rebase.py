"""A built dump's addresses moved to another base URL, without building the dump again.

The static export ships the data dump beside its pages (conference.static_export.dump),
and there its addresses must start where the folder is served (export_static's
--base-url), never at the live site the published dump names (settings.DUMP["BASE_URL"]).
Building a dump reads the whole archive (about 16 s at 20,000 talks, performance.md);
moving the published one's addresses costs one unpacking and packing of its bytes.

What moves is every address the dump itself made: a JSON string that starts with the
dump's base URL or its media URL (Snapshot.absolute, Snapshot.file), and a frab XML
element's text or attribute that starts with one (talks.exporters.schedule). A URL
inside running text (an abstract that quotes the site's address) is content, kept as
written. The manifest is made anew for the new bytes (sizes, SHA-256, base_url); each
member keeps its modification time, so the same dump moved to the same place is the same
bytes, whenever and however often it is moved.
"""

import io
import json
import os.path
import re
import tarfile
from html import escape

from django.conf import settings

from conference.dump import archive
from conference.dump.snapshot import Snapshot


def rebased(data: bytes, *, base_url: str, media_url: str) -> bytes:
    """The dump `data` (a gzipped tar written by archive.write) with its addresses at
    `base_url`, and its media files' at `media_url`. No side effects."""
    members, mtimes = _unpack(data)
    manifest = json.loads(members.pop(archive.MANIFEST))
    old_base = manifest["base_url"]
    # Where the dump's media URLs start: the storage's URL of a name made absolute at the
    # dump's base (Snapshot.file), MEDIA_URL as a whole for a local storage or a bucket's.
    old_media = Snapshot(base_url=old_base).absolute(settings.MEDIA_URL)
    moves = {old_media: media_url, old_base: base_url}
    moves = {old: new for old, new in moves.items() if old != new}
    for name, member in members.items() if moves else ():
        if name.endswith((".jsonl", ".xml")):  # not the README, the schema's own text
            members[name] = _moved(member, moves, xml=name.endswith(".xml"))
    fields = {key: value for key, value in manifest.items() if key not in _MADE}
    fields["base_url"] = base_url
    moved = archive.manifest_for(members, **fields)
    buffer = io.BytesIO()
    # gzip's level 6, not tarfile's 9: the export moves a dump each run, and 9 took several
    # times longer for a few per cent less (docs/performance.md).
    archive.write(buffer, moved, members, mtimes=mtimes, compresslevel=6)
    return buffer.getvalue()


# What archive.manifest_for writes itself, from the members.
_MADE = ("format", "schema_version", "files")


def _unpack(data: bytes) -> tuple[dict[str, bytes], dict[str, int]]:
    members, mtimes = {}, {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as source:
        for info in source:
            members[info.name] = source.extractfile(info).read()
            mtimes[info.name] = info.mtime
    return members, mtimes


def _moved(member: bytes, moves: dict[str, str], *, xml: bool) -> bytes:
    """`member` with each address that starts with an old prefix at its new one, in one
    pass (a new prefix may start with an old one: the live host, a folder below it)."""
    if xml:
        # Element text (>URL) or an attribute's value (="URL), escaped as XML writes it.
        encoded = {
            escape(old, quote=False).encode(): escape(new, quote=False).encode()
            for old, new in moves.items()
        }
    else:
        # A JSON string's first characters (json.dumps escapes no "/": a URL is as written).
        encoded = {
            old.encode(): json.dumps(new, ensure_ascii=False)[1:-1].encode()
            for old, new in moves.items()
        }
    # The prefixes' common start as plain text first, which the regex engine looks for as
    # a string (six times faster over a 20,000-talk dump than a pattern led by a group);
    # what comes before it is checked per match. The longest prefix first: the media URL
    # starts with the base URL when media are local.
    common = os.path.commonprefix(list(encoded))  # noqa: RUF071 -- a string prefix is meant, not a path
    rests = sorted((old[len(common) :] for old in encoded), key=len, reverse=True)
    pattern = re.compile(re.escape(common) + b"(" + b"|".join(map(re.escape, rests)) + b")")

    def move(match: re.Match) -> bytes:
        start = match.start()
        if xml:
            starts = member[start - 1 : start] == b">" or member[start - 2 : start] == b'="'
        else:
            # Opened by a quote no backslash escapes: a string's start, not running text.
            starts = member[start - 1 : start] == b'"' and member[start - 2 : start - 1] != b"\\"
        return encoded[common + match.group(1)] if starts else match.group(0)

    return pattern.sub(move, member)
