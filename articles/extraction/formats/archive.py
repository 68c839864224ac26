"""Reader for ZIP archives of any supported format, with zip-bomb limits.

The limits are checked twice: from the central directory before anything is decompressed (the
declared sizes), and again while reading each member in chunks (the real sizes), because the
declared sizes are written by whoever made the archive. A breach of any limit refuses the whole
archive with one ReadError, before a single member is read.

Members are handed back to the caller's ``read_member`` (``read_records`` without zip support), so
this module does not import the format registry; a zip inside the zip becomes a ReadError there.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import PurePosixPath

from articles.extraction.types import RawArticle, ReadError

__all__ = [
    "MAX_ENTRIES",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "RATIO_MIN_BYTES",
    "read_zip",
]

Record = RawArticle | ReadError

MAX_ENTRIES = 5_000  # entries in the central directory, counting directories and skipped files
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed, over the members we would read
MAX_MEMBER_BYTES = 50 * 1024 * 1024  # uncompressed, one member
MAX_RATIO = 100  # uncompressed : compressed, per member and over the whole archive
# Below this size a high ratio is harmless (a 100 KB run of spaces compresses 1000:1), so the
# ratio limit only applies to members - and archives - whose uncompressed size exceeds it.
RATIO_MIN_BYTES = 1024 * 1024
_CHUNK = 64 * 1024
_EOCD = b"PK\x05\x06"


class _RefusedError(ValueError):
    pass


def read_zip(data: bytes, read_member: Callable[[bytes, str], Iterable[Record]]) -> Iterator[Record]:
    """Yield the records of every readable member, in archive order, each RawArticle with
    ``extra["archive_member"]`` and each ReadError prefixed with the member name."""
    try:
        _check_entry_count(data)
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _RefusedError as exc:
        yield ReadError(error=str(exc))
        return
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        yield ReadError(error=f"the zip archive is damaged and cannot be opened ({exc})")
        return
    with zf:
        infos = zf.infolist()
        try:
            members = _checked_members(infos)
        except _RefusedError as exc:
            yield ReadError(error=str(exc))
            return
        if not members:
            yield ReadError(error="the zip archive contains no files to read (only folders or hidden files)")
            return
        for info in members:
            if _unsafe_path(info.filename):
                # Nothing is ever written to disk, but a name that climbs out of the archive is a
                # path-traversal attempt or a broken tool: say so rather than drop it silently.
                yield ReadError(
                    error=f"{info.filename}: refused: the name leaves the archive's folder (../ or an absolute path)"
                )
                continue
            try:
                content = _read_member(zf, info)
            except _RefusedError as exc:
                # Found only while decompressing: the declared sizes lied. Stop the whole archive.
                yield ReadError(error=str(exc))
                return
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, OSError, EOFError,
                    zlib.error) as exc:  # fmt: skip
                # RuntimeError: encrypted member; NotImplementedError: unsupported compression.
                yield ReadError(error=f"{info.filename}: cannot be unpacked ({exc})")
                continue
            for record in read_member(content, PurePosixPath(info.filename).name):
                yield _tag(record, info.filename)


def _check_entry_count(data: bytes) -> None:
    # zipfile.ZipFile parses the whole central directory into memory; read the entry count from
    # the end-of-central-directory record first, so a million-entry archive is refused cheaply.
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return  # no EOCD: zipfile will report the damage
    (entries,) = struct.unpack_from("<H", data, at + 10)
    if entries != 0xFFFF and entries > MAX_ENTRIES:  # 0xFFFF: Zip64, counted after opening
        raise _RefusedError(f"the zip archive has {entries:,} entries; at most {MAX_ENTRIES:,} are accepted")


def _checked_members(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The members to read, after checking the declared sizes of all of them."""
    if len(infos) > MAX_ENTRIES:
        raise _RefusedError(f"the zip archive has {len(infos):,} entries; at most {MAX_ENTRIES:,} are accepted")
    members = [i for i in infos if not _skipped(i)]
    total = compressed = 0
    for info in members:
        if info.file_size > MAX_MEMBER_BYTES:
            raise _RefusedError(
                f"zip bomb protection: {info.filename} unpacks to {_mb(info.file_size)}; "
                f"a member may be at most {_mb(MAX_MEMBER_BYTES)} - nothing was unpacked"
            )
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _RefusedError(
                f"zip bomb protection: {info.filename} is compressed "
                f"{info.file_size // max(info.compress_size, 1):,}:1 (at most {MAX_RATIO}:1 is accepted) - "
                "nothing was unpacked"
            )
        total += info.file_size
        compressed += info.compress_size
    if total > MAX_TOTAL_BYTES:
        raise _RefusedError(
            f"zip bomb protection: the archive unpacks to {_mb(total)}; at most {_mb(MAX_TOTAL_BYTES)} "
            "is accepted - nothing was unpacked"
        )
    if total > RATIO_MIN_BYTES and total > MAX_RATIO * max(compressed, 1):
        raise _RefusedError(
            f"zip bomb protection: the archive is compressed {total // max(compressed, 1):,}:1 "
            f"(at most {MAX_RATIO}:1 is accepted) - nothing was unpacked"
        )
    return members


def _skipped(info: zipfile.ZipInfo) -> bool:
    # Folders, macOS resource forks (__MACOSX/, ._name), .DS_Store and other hidden files.
    if info.is_dir():
        return True
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    hidden = any(p == "__MACOSX" or (p.startswith(".") and p != "..") for p in parts)
    return hidden or parts[-1:] == ("Thumbs.db",)


def _unsafe_path(name: str) -> bool:
    path = name.replace("\\", "/")
    return path.startswith("/") or re.match(r"[A-Za-z]:", path) is not None or ".." in path.split("/")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Decompress one member in chunks, never past its declared size or the member limit."""
    limit = min(info.file_size, MAX_MEMBER_BYTES)
    chunks: list[bytes] = []
    size = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise _RefusedError(
                    f"zip bomb protection: {info.filename} unpacks to more than its declared "
                    f"{_mb(info.file_size)} - reading stopped"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _tag(record: Record, member: str) -> Record:
    if isinstance(record, ReadError):
        return replace(record, error=f"{member}: {record.error}")
    return replace(record, extra={**record.extra, "archive_member": member})


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"
