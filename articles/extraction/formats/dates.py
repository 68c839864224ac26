"""Date parsing shared by the format readers: unambiguous forms only, always timezone-aware.

The one date rule (issue 10): a date keeps the publisher's own UTC offset (so that its ``.date()``
is the publisher's local day, month and year, which facets and feeds show) and is compared and
stored as an instant (UTC). ``date_rule`` then decides, for every reader alike, whether the date
can be kept: one that does not exist once converted to UTC ("9999-12-31T23:00:00-05:00") or is a
CMS placeholder (0001-01-01, 9999-12-31, 1970-01-01 at midnight) makes the article undated, with a
warning on its report line, instead of failing it.

`parse_date` is strict (the whole string must be a date); `find_date` looks for a date inside a
short page line such as "Published: 3 March 2024 10:15 IST | 3 min read".
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from articles.extraction.types import RawArticle

__all__ = ["DateParseError", "apply_date_rule", "date_rule", "find_date", "parse_date"]


class DateParseError(ValueError):
    pass


_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}

# Abbreviations seen in news page date lines. Ambiguous ones (AST, IST is also Irish/Israel time)
# are resolved the way news sites use them: IST is India's, CST the US Central zone.
_FIXED = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
    "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180, "WET": 0, "WEST": 60,
    "MSK": 180, "IST": 330, "PKT": 300, "NPT": 345, "BDT": 360, "WIB": 420, "ICT": 420,
    "SGT": 480, "HKT": 480, "PHT": 480, "JST": 540, "KST": 540,
    "AEST": 600, "AEDT": 660, "ACST": 570, "AWST": 480, "NZST": 720, "NZDT": 780,
    "SAST": 120, "WAT": 60, "CAT": 120, "EAT": 180, "GST": 240,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
}  # fmt: skip
# "ET"/"PT" mean whichever of standard or daylight time applies on that date.
_REGIONAL = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
             "PT": "America/Los_Angeles", "UK": "Europe/London"}  # fmt: skip

_MONTH_RE = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>\d{4}|'?\d{2})"
_TZ_RE = "|".join(sorted([*_FIXED, *_REGIONAL], key=len, reverse=True))
_TIME_RE = (
    r"(?:(?:,|\s+at|\s*[|•·-])?\s*(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)"
    r"(?::(?P<second>[0-5]\d)(?:\.(?P<frac>\d{1,6}))?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?:\(?(?P<tz>(?-i:" + _TZ_RE + r"))\)?(?![A-Za-z])|(?P<offset>[+-]\d{2}:?\d{2})))?)?"
)
_TEXT_DATES = [
    # 5 March 2024, Tuesday 5th March 2024, 26-FEB-1987 15:01:01.79, 5 Mar. 2024
    re.compile(_WEEKDAY_RE + _DAY_RE + r"[\s-]+" + _MONTH_RE + r",?[\s-]+" + _YEAR_RE + r"\b"
               + _TIME_RE, re.IGNORECASE),
    # March 5, 2024 / Mar 5 2024 10:15 am ET
    re.compile(_WEEKDAY_RE + _MONTH_RE + r"\s+" + _DAY_RE + r",?\s+" + _YEAR_RE + r"\b" + _TIME_RE,
               re.IGNORECASE),
    # 2024-03-05 / 2024/03/05 10:15 (year first is never ambiguous)
    re.compile(r"(?P<year>\d{4})[-/.](?P<mnum>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"
               + _TIME_RE.replace(r"(?:,|\s+at|", r"(?:T|,|\s+at|"), re.IGNORECASE),
    # 13/04/2024 or 04/13/2024 — accepted only when day and month cannot be swapped
    re.compile(r"(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d|[0-3]\d)[/.](?P<year>\d{4})(?!\d)" + _TIME_RE,
               re.IGNORECASE),
]  # fmt: skip
_GLUED_CODE = re.compile(r"^(\d{1,2}-[A-Za-z]{3}-\d{4} \d{1,2}:\d{2}:\d{2}\.\d{1,6})[A-Z]{1,3}(?: [A-Z]{1,3})*$")
_ISO_FULL = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def parse_date(value: str) -> datetime:
    """Parse a whole string as a date or date-time; naive means UTC, an offset is kept (not
    converted). Raises DateParseError."""
    s = value.strip()
    if not s:
        raise DateParseError("empty date")
    # Reuters-21578 stamps sometimes carry a desk code glued to the seconds ("...00:02:59.13RM").
    s = _GLUED_CODE.sub(r"\1", s)
    if _ISO_FULL.fullmatch(s):
        try:
            return _aware(datetime.fromisoformat(s.replace(" ", "T")))
        except ValueError as exc:
            raise DateParseError(f"invalid date {value!r}: {exc}") from None
    if re.fullmatch(r"[A-Za-z]{3},? \d{1,2} [A-Za-z]{3} \d{4} \d{1,2}:\d{2}(?::\d{2})? \S+", s):
        try:
            return _aware(parsedate_to_datetime(s))  # RFC 2822, as in RSS and e-mail
        except (TypeError, ValueError, OverflowError):
            pass
    for pattern in _TEXT_DATES:
        m = pattern.fullmatch(s)
        if m:
            return _from_match(m, value)
    if re.fullmatch(r"[0-3]?\d[/.-][0-3]?\d[/.-]\d{2}", s):
        raise DateParseError(f"ambiguous date {value!r}: use YYYY-MM-DD")
    raise DateParseError(f"unrecognised date {value!r}: use ISO 8601 (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")


def find_date(text: str) -> datetime | None:
    """The first unambiguous date in a short line of text, or None."""
    for pattern in _TEXT_DATES:
        m = pattern.search(text)
        if m:
            try:
                return _from_match(m, text)
            except DateParseError:
                continue
    return None


def _from_match(m: re.Match[str], original: str) -> datetime:
    g = m.groupdict()
    if g.get("mon"):
        month = _MONTHS[g["mon"].lower().rstrip(".")]
    elif g.get("mnum"):
        month = int(g["mnum"])
    else:
        a, b = int(g["a"]), int(g["b"])
        if a <= 12 and b <= 12 and a != b:
            raise DateParseError(f"ambiguous date {original!r} (day/month or month/day?): use YYYY-MM-DD")
        day_first = a > 12 or a == b
        day, month = (a, b) if day_first else (b, a)
        g = {**g, "day": str(day)}
    year_s = g["year"].lstrip("'")
    year = int(year_s)
    if len(year_s) == 2:
        # Two-digit years only come with a month name here ("26-FEB-87"): pivot like strptime.
        year += 1900 if year >= 69 else 2000
    hour = int(g["hour"]) if g.get("hour") else 0
    minute = int(g["minute"]) if g.get("minute") else 0
    second = int(g["second"]) if g.get("second") else 0
    micro = int(g["frac"].ljust(6, "0")) if g.get("frac") else 0
    ampm = (g.get("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise DateParseError(f"invalid time in {original!r}")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        naive = datetime(year, month, int(g["day"]), hour, minute, second, micro)
    except ValueError as exc:
        raise DateParseError(f"invalid date {original!r}: {exc}") from None
    return _localise(naive, g.get("tz"), g.get("offset"), original)


def _localise(naive: datetime, tz: str | None, offset: str | None, original: str) -> datetime:
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        try:
            return naive.replace(tzinfo=timezone(sign * delta))
        except ValueError:  # an offset of 24 hours or more
            raise DateParseError(f"invalid time zone offset {offset!r} in {original!r}") from None
    if not tz:
        return naive.replace(tzinfo=UTC)
    tz = tz.upper()
    if tz in _FIXED:
        return naive.replace(tzinfo=timezone(timedelta(minutes=_FIXED[tz])))
    if tz in _REGIONAL:
        try:
            # A fixed offset (the one in force that day), not the zone: the datetime stays plain data.
            return naive.replace(tzinfo=timezone(ZoneInfo(_REGIONAL[tz]).utcoffset(naive)))
        except (ZoneInfoNotFoundError, OverflowError, ValueError):
            pass
    raise DateParseError(f"unknown time zone {tz!r} in {original!r}")


def _aware(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt


def date_rule(value: datetime | None) -> tuple[datetime | None, str]:
    """The date an article keeps (None: undated) and a warning for the report line ("" when
    none). Naive means UTC; an aware date keeps its offset."""
    if value is None:
        return None, ""
    value = _aware(value)
    shown = value.isoformat()
    try:
        instant = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None, f"the date {shown} does not exist in UTC: the article is imported undated"
    # Years 1 and 9999 are "no date" sentinels of databases and CMSs, and 9999 cannot be shown
    # in a histogram that needs the next year; 1970-01-01 00:00 is a Unix time of 0 (an empty field).
    local = value.replace(tzinfo=None)
    if {local.year, instant.year} & {1, 9999} or (local.date() == _EPOCH_DAY and local.time() == datetime.min.time()):
        return None, f"the date {shown} is a placeholder, not a publication date: the article is imported undated"
    return value, ""


_EPOCH_DAY = datetime(1970, 1, 1).date()


def apply_date_rule(raw: RawArticle) -> RawArticle:
    """``raw`` with the date rule applied: its date kept, or dropped with a warning. A date in
    another offset than UTC is also written to ``extra["published_local"]`` (ISO 8601 with its
    offset), so that the stored article keeps the publisher's local date."""
    published, warning = date_rule(raw.published)
    if published is raw.published and not warning:
        if published is None or not published.utcoffset() or "published_local" in raw.extra:
            return raw
    extra = raw.extra
    if published is not None and published.utcoffset():
        extra = {**extra, "published_local": published.isoformat()}
    warnings = (*raw.warnings, warning) if warning and warning not in raw.warnings else raw.warnings
    return replace(raw, published=published, warnings=warnings, extra=extra)
