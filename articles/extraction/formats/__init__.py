"""Format readers: uploaded bytes in, RawArticle (or ReadError) records out.

The format is detected from the content; the file name's extension only breaks ties, because
uploads are often misnamed (a ".txt" holding JSON Lines, a ".json" holding a pasted article).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import PurePath

from articles.extraction.decoding import DecodeError, decode
from articles.extraction.formats.jsonl import read_jsonl
from articles.extraction.formats.text import read_text
from articles.extraction.types import RawArticle, ReadError

__all__ = ["detect_format", "read_records"]

Record = RawArticle | ReadError

# Readers of decoded text, by format name. New text formats (html, feed) register here and get a
# branch in detect_format; binary containers (zip, warc) must be recognised on the raw bytes in
# read_records, before decoding, and feed their members back through read_records.
_TEXT_READERS: dict[str, Callable[[str], Iterator[Record]]] = {
    "jsonl": read_jsonl,
    "text": lambda text: iter([read_text(text)]),
}
_JSON_EXTENSIONS = frozenset({".json", ".jsonl", ".ndjson", ".jsonlines"})
# What only JSON looks like: an object opening with a key, or an array of objects/values.
_JSON_SHAPED = re.compile(r'[{]\s*(?:"|\})|\[\s*(?:[{\["\]]|-?\d|true\b|false\b|null\b)')


def detect_format(text: str, filename: str = "") -> str:
    """Name the reader for `text`: jsonl for JSON Lines or a JSON array, text otherwise."""
    s = text.lstrip("\ufeff \t\r\n")
    if s[:1] not in ("{", "["):
        return "text"
    first_line = s.split("\n", 1)[0]
    if _parses(first_line) or _JSON_SHAPED.match(s):
        return "jsonl"
    # Starts with a brace but is not JSON-shaped ("[Updated] Title ..."): a pasted article,
    # unless the uploader said it was JSON - then report the JSON error rather than guess.
    return "jsonl" if PurePath(filename).suffix.lower() in _JSON_EXTENSIONS else "text"


def read_records(data: bytes, filename: str = "") -> Iterator[Record]:
    """Decode an uploaded file and yield its articles; a file that cannot be decoded yields one
    ReadError. Never raises for bad input."""
    try:
        text = decode(data)
    except DecodeError as exc:
        yield ReadError(error=f"{filename}: {exc}" if filename else str(exc))
        return
    fmt = detect_format(text, filename)
    for record in _TEXT_READERS[fmt](text):
        if isinstance(record, RawArticle) and not record.body.strip() and not record.title.strip():
            yield ReadError(error="no article text found (no title and no paragraphs)", position=1)
            continue
        yield record


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True
