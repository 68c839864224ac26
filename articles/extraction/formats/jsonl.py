"""Reader for JSON Lines (one article object per line) or a JSON array of the same objects.

A bad record becomes a ReadError in its place (with its line number or array position and id);
only a file that cannot be read at all (a truncated array) gives a single ReadError.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from articles.extraction.formats.dates import DateParseError, parse_date
from articles.extraction.formats.text import parse_dateline, unwrap_text
from articles.extraction.types import RawArticle, ReadError

__all__ = ["read_jsonl"]

_STRING_FIELDS = ("title", "url", "source", "section", "language", "standfirst", "caption", "caption_credit")
_BODY_KEYS = ("body", "text")
# Reuters-21578 calls the publication time "date"; other exports use these names.
_DATE_KEYS = ("published", "date", "published_at", "pub_date", "pubdate")
_KNOWN = {"id", "authors", "dateline", *_STRING_FIELDS, *_BODY_KEYS, *_DATE_KEYS}
_ID_IN_BROKEN_LINE = re.compile(r'"id"\s*:\s*(?:"((?:[^"\\]|\\.){1,200})"|(-?\d{1,30}))')
# Wrappers some exports put around the list: {"articles": [...]}
_LIST_KEYS = ("articles", "items", "records", "data", "results", "entries")


# Per-record limits (issue 10): what no article needs and what breaks a reader or a database.
# Python refuses integers of more than 4,300 digits with a ValueError, and its JSON parser
# recurses once per nesting level (RecursionError past ~1,000), so both are checked here with
# a clear message instead; a float like 1e999 becomes infinity, which PostgreSQL's jsonb refuses.
MAX_NUMBER_CHARS = 100
MAX_DEPTH = 32
MAX_STRING_CHARS = 5_000_000  # one field; the text reader reads articles of this size
MAX_RECORD_CHARS = 20_000_000  # one line or array item


class _RecordError(ValueError):
    pass


class _UndatedError(ValueError):
    pass


def _parse_int(value: str) -> int:
    if len(value) > MAX_NUMBER_CHARS:
        raise _RecordError(f"a number has {len(value):,} digits; at most {MAX_NUMBER_CHARS} are accepted")
    return int(value)


def _parse_float(value: str) -> float:
    if len(value) > MAX_NUMBER_CHARS:
        raise _RecordError(f"a number has {len(value):,} characters; at most {MAX_NUMBER_CHARS} are accepted")
    number = float(value)
    if number in (float("inf"), float("-inf")):
        raise _RecordError(f"the number {value} is too large")
    return number


def _parse_constant(value: str) -> float:
    raise _RecordError(f"{value} is not valid JSON")


def loads(text: str) -> Any:
    """json.loads with the per-record limits. Raises json.JSONDecodeError for bad JSON and
    _RecordError for JSON that breaks a limit."""
    if len(text) > MAX_RECORD_CHARS:
        raise _RecordError(f"the record is {len(text):,} characters long; at most {MAX_RECORD_CHARS:,} are accepted")
    try:
        value = json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except RecursionError:
        raise _RecordError(f"the record is nested too deeply (at most {MAX_DEPTH} levels are accepted)") from None
    return value


def _check_shape(value: Any) -> None:
    # Iterative: a recursive walk would fail on exactly the records it must refuse.
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if len(item) > MAX_STRING_CHARS:
                raise _RecordError(
                    f"a text field has {len(item):,} characters; at most {MAX_STRING_CHARS:,} are accepted"
                )
            continue
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise _RecordError(f"the record is nested too deeply (at most {MAX_DEPTH} levels are accepted)")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, str | dict | list))


def read_jsonl(text: str) -> Iterator[RawArticle | ReadError]:
    """Yield one RawArticle or ReadError per record, in file order."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        yield from _read_array(stripped)
        return
    lines = text.split("\n")
    non_blank = [ln for ln in lines if ln.strip()]
    first = non_blank[0] if non_blank else ""
    if first.strip().startswith("{") and (len(non_blank) == 1 or not _parses(first)):
        # A single (perhaps pretty-printed) object or {"articles": [...]} wrapper, not JSON Lines.
        try:
            whole = loads(stripped)
        except (json.JSONDecodeError, _RecordError):
            pass
        else:
            yield from _read_whole_object(whole, stripped)
            return
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except _RecordError as exc:
            ext = _id_from_broken(line)
            yield ReadError(
                error=f"line {lineno}{_id_note(ext)}: {exc}",
                external_id=ext,
                position=lineno,
                original=line.strip()[:10_000],
            )
            continue
        except json.JSONDecodeError as exc:
            ext = _id_from_broken(line)
            yield ReadError(
                error=f"line {lineno}{_id_note(ext)}: invalid JSON: {exc.msg} (column {exc.colno})",
                external_id=ext,
                position=lineno,
                original=line.strip(),
            )
            continue
        yield _record(obj, line.strip(), f"line {lineno}", lineno)


def _read_array(text: str) -> Iterator[RawArticle | ReadError]:
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        yield ReadError(
            error=f"the file is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "nothing was imported from it",
        )
        return
    except (_RecordError, RecursionError) as exc:
        # One item breaks a limit: read the array item by item, so that the others still import.
        items = _array_items(text)
        if items is None:
            reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            yield ReadError(error=f"the JSON array cannot be read ({reason}); nothing was imported from it")
            return
        for index, item in enumerate(items, start=1):
            try:
                obj = loads(item)
            except (_RecordError, json.JSONDecodeError) as item_exc:
                reason = item_exc.msg if isinstance(item_exc, json.JSONDecodeError) else str(item_exc)
                ext = _id_from_broken(item[:10_000])
                yield ReadError(
                    error=f"item {index}{_id_note(ext)}: {reason}",
                    external_id=ext,
                    position=index,
                    original=item[:10_000],
                )
                continue
            yield _record(obj, item, f"item {index}", index)
        return
    if not isinstance(data, list):
        yield ReadError(error="expected a JSON array of article objects")
        return
    for index, obj in enumerate(data, start=1):
        yield _record(obj, _dump(obj), f"item {index}", index)


_ARRAY_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]')


def _array_items(text: str) -> list[str] | None:
    """The source text of each item of a JSON array (scanned, not parsed: an item nested too deeply
    for the parser still has an end), or None when the brackets do not balance."""
    items: list[str] = []
    depth = 0
    start = 1
    for token in _ARRAY_TOKEN.finditer(text):
        t = token.group()
        if t in "[{":
            depth += 1
        elif t in "]}":
            depth -= 1
            if depth == 0:
                item = text[start : token.start()].strip()
                if item:
                    items.append(item)
                return items if not text[token.end() :].strip() else None
            if depth < 0:
                return None
        elif t == "," and depth == 1:
            items.append(text[start : token.start()].strip())
            start = token.end()
    return None


def _read_whole_object(obj: Any, text: str) -> Iterator[RawArticle | ReadError]:
    if isinstance(obj, dict):
        for key in _LIST_KEYS:
            items = obj.get(key)
            if isinstance(items, list) and not any(k in obj for k in _BODY_KEYS):
                for index, item in enumerate(items, start=1):
                    yield _record(item, _dump(item), f"item {index}", index)
                return
    yield _record(obj, text, "record 1", 1)


def _record(obj: Any, original: str, where: str, position: int) -> RawArticle | ReadError:
    ext: str | None = None
    try:
        _check_shape(obj)
        if not isinstance(obj, dict):
            raise _RecordError(f"expected a JSON object, got {_type_name(obj)}")
        ext = _external_id(obj.get("id"))
        return _article(obj, original, ext)
    except _RecordError as exc:
        return ReadError(error=f"{where}{_id_note(ext)}: {exc}", external_id=ext, position=position, original=original)


def _article(obj: dict[str, Any], original: str, ext: str | None) -> RawArticle:
    fields = {name: _string(obj, name) for name in _STRING_FIELDS}
    body = ""
    for key in _BODY_KEYS:
        if obj.get(key) is not None:
            body = _string(obj, key)
            break
    if not body.strip() and not fields["title"].strip():
        raise _RecordError("no title and no body")
    published = None
    warnings: tuple[str, ...] = ()
    for key in _DATE_KEYS:
        if obj.get(key) not in (None, ""):
            try:
                published = _date(obj[key], key)
            except _UndatedError as exc:
                warnings = (str(exc),)
            break
    dateline_raw = _string(obj, "dateline").strip()
    dateline = dateline_raw
    if dateline_raw:
        # Keep the place only ("SALVADOR, Feb 26 -" -> "SALVADOR"), as the text reader does.
        parsed = parse_dateline(dateline_raw + " x")
        dateline = parsed[0] if parsed else dateline_raw.rstrip(" -–—:")
    extra = {k: v for k, v in obj.items() if k not in _KNOWN}
    if dateline_raw and dateline != dateline_raw:
        extra["dateline_raw"] = dateline_raw
    return RawArticle(
        body=unwrap_text(body).strip(),
        title=fields["title"].strip(),
        standfirst=fields["standfirst"].strip(),
        section=fields["section"].strip(),
        authors=_authors(obj.get("authors")),
        dateline=dateline,
        published=published,
        url=fields["url"].strip(),
        source=fields["source"].strip(),
        caption=fields["caption"].strip(),
        caption_credit=fields["caption_credit"].strip(),
        language=fields["language"].strip().lower(),
        external_id=ext,
        extra=extra,
        original=original,
        format="jsonl",
        warnings=warnings,
    )


def _external_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _RecordError(f"id must be a string or a number, got {_type_name(value)}")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip() or None


def _string(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _RecordError(f"{key} must be a string, got {_type_name(value)}")
    # JSON escapes can spell decomposed accents; the decoder normalised only the raw file.
    return unicodedata.normalize("NFC", value)


def _date(value: Any, key: str) -> datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Unix time; values this large are milliseconds (JavaScript exports).
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            # The one date rule: a date that cannot exist leaves the article undated, not failed.
            raise _UndatedError(
                f"{key}: the timestamp {value!r} is out of range: the article is imported undated"
            ) from None
    if not isinstance(value, str):
        raise _RecordError(f"{key} must be a date string, got {_type_name(value)}")
    try:
        return parse_date(value)
    except DateParseError as exc:
        raise _RecordError(f"{key}: {exc}") from None


def _authors(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return _split_authors(value)
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise _RecordError(f"authors must be a list of strings or a string, got {_type_name(value)}")
    out: list[str] = []
    for a in value:
        for name in _split_authors(a):
            if name not in out:
                out.append(name)
    return tuple(out)


def _split_authors(value: str) -> tuple[str, ...]:
    s = re.sub(r"^\s*(?:by|written by)\s*:?\s+", "", unicodedata.normalize("NFC", value), flags=re.IGNORECASE)
    parts = re.split(r"\s*(?:;|\band\b|&|\|)\s*|,\s*(?:and\s+)?", s)
    # "Doe, Jane" (surname first) would be split in two: keep a single comma pair whole
    if (
        "," in s
        and ";" not in s
        and " and " not in s
        and len(s.split(",")) == 2
        and all(len(p.split()) == 1 for p in s.split(","))
    ):
        parts = [s]
    return tuple(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def _parses(line: str) -> bool:
    try:
        loads(line)
    except _RecordError:
        return True  # JSON, only too big: the reader reports which limit it breaks
    except ValueError:  # JSONDecodeError
        return False
    return True


def _id_from_broken(line: str) -> str | None:
    m = _ID_IN_BROKEN_LINE.search(line)
    if not m:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2)


def _id_note(ext: str | None) -> str:
    return f" (id {ext!r})" if ext else ""


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
