"""Country tagging: gazetteer matching, disambiguation and salience.

Pure Python (no Django, no Whoosh). The gazetteer (``data/gazetteer.json``, rebuilt by
``scripts/build_gazetteer.py``) holds country names, short and historical names, demonyms,
capitals, big cities and sub-national regions. One Aho-Corasick automaton over the lower-cased
surfaces is built lazily on first use; every hit is then checked for word boundaries and case
(each upper-case letter of the surface must be upper case in the text, so "china" the porcelain
and "turkey" the bird never match, and all-capitals wire text always does).

The ``about`` rule (a country the article is *about*, as opposed to one it merely mentions):

- the dateline resolves to it (the ``dateline`` argument, or an upper-case wire dateline at the
  start of the body such as ``NEW DELHI:`` or ``NEW YORK, March 3 -``); or
- the title names it; or
- its body evidence is strong: a weighted score of at least ``ABOUT_MIN_SCORE`` (e.g. a name
  mention in the lead plus another mention, or three mentions later on) that is also at least
  ``ABOUT_MIN_SHARE`` of the best-scoring country's; or
- there is no dateline or title country and it leads the body with at least ``TOP_MIN_SCORE``
  (one country-name mention in the lead is enough for plain, non-wire text).

Weights: a country name 1.0, demonym/region 0.8, capital 0.7, other city 0.5, times 1.5 in the
lead; "U.S. dollar"-style market phrases count half. Cities are weak evidence and make a
country "about" only by repetition or through the dateline. Salience is the country's weighted score divided by the best
score, so the top country has salience 1.0.

Disambiguation rules, each with a test in tests/test_countries.py:

- Names that are also first names or surnames ("Jordan", "Chad", "Paris") are rejected inside a
  longer capitalised name ("Michael Jordan", "Chad Smith", "Paris Hilton"); once a surface was seen
  as part of a person's name, its later bare uses in the same article are rejected too.
- Cities that are ordinary words ("Nice", "Reading", "Mobile") are rejected at a sentence start and
  in all-capitals text.
- "Georgia" is the US state when the article has US-state cues (Atlanta, "Georgia Senate",
  "Atlanta, Georgia", other US states) and no stronger Caucasus cues (Tbilisi, Georgian, Russia).
- "Turkey" is the bird when followed by a food word ("Turkey prices", "Turkey sales") or when the
  article talks about Thanksgiving/poultry and has no Turkish cues (Ankara, Istanbul, Turkish).
- Longest match wins and blockers map to nothing: "Indian Ocean", "New Mexico", "New South Wales",
  "Papua New Guinea", "Gulf of Mexico"...
- "City, Region" ("Paris, Texas", "Cambridge, Mass.") counts for the region only.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from articles.extraction.types import CountryTag, Evidence

__all__ = ["COUNTRY_NAMES", "country_name", "tag_countries"]

_DATA = Path(__file__).resolve().parent / "data" / "gazetteer.json"

# Evidence weights per entry kind: a country's own name is the strongest body evidence, a city
# the weakest (cities are shared, renamed and often also words or people's names).
KIND_WEIGHT = {
    "name": 1.0,
    "demonym": 0.8,
    "region": 0.8,
    "capital": 0.7,
    "city": 0.5,
    "abbr": 0.6,
}
TITLE_WEIGHT = 2.0
DATELINE_WEIGHT = 2.0
LEAD_BONUS = 0.5  # a mention in the first sentence/lead counts a little more
LEAD_CHARS = 300
ABOUT_MIN_SCORE = 2.5
ABOUT_MIN_SHARE = 0.3
TOP_MIN_SCORE = 1.5
# "U.S. dollar", "U.S. Treasury bonds": the currency or market, not the country's news
MARKET_WEIGHT = 0.5


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that may precede a place without making it part of a longer name.
_STOP_PREV = _words(
    """the a an in on at of for from to by into onto via and or but nor if when while then so both
    neither either also only even since after before under over with without between against like
    unlike last next this that these those said says meanwhile however although though yet as
    including until where why how what whether because north south east west northern southern
    eastern western central greater upper lower new old mr mrs ms dr president king queen prince
    premier minister general gen sen rep gov governor ambassador envoy mid pro anti all across
    throughout within near outside inside around about among amid during per than its his her
    their our my your neighbouring neighboring rival fellow oil-rich communist socialist
    democratic federal republic kingdom state bank downtown suburban rural coastal landlocked
    post pre ex
    """
)
# Person titles: "Mr Jordan" is a person even though "Mr" is in the stop list above.
_PERSON_TITLES = _words("mr mrs ms dr sir lady lord miss mister")
# Capitalised words that may follow a place without making it a person ("Jordan Valley").
_GEO_NEXT = _words(
    """valley river basin delta times government airlines airways air bank central stock exchange
    ministry post state street city province region ltd inc corp co group oil petroleum telecom
    airport port radio television tv news agency press daily herald journal monetary foreign
    defence defense finance trade national army navy embassy consulate council parliament senate
    house supreme high court union federation cup open sea gulf bay lake mountains mountain
    islands island coast county district metropolitan area board chamber institute university
    college school hospital police customs railways railway rail telephone electric power steel
    motor motors international petrochemical mining mines gold development investment fund
    securities trust insurance life capital holdings industries industrial corporation company
    authority commission office treasury economic pacific atlantic bureau federal reserve
    republic kingdom democratic people's peoples prime minister president king crown
    """
)
_FOOD_NEXT = _words(
    """prices price meat farmers farmer growers producers production sales sandwich sandwiches
    breast breasts dinner dinners legs leg burgers burger bacon ham sausage sausages feathers
    hunting hunters farm farms plant plants processing processors eggs feed stuffing roast
    carcass carcasses poults slaughter output supplies stocks"""
)
_MARKET_ADJECTIVES = frozenset({"U.S.", "US", "American", "Japanese", "British", "German", "Swiss"})
_MARKET_NOUNS = _words(
    """dollar dollars dlr dlrs currency treasury treasuries bond bonds yen sterling pound franc
    francs mark marks prime interest money stocks stock equities futures"""
)
_BIRD_CUES = re.compile(r"Thanksgiving|\bturkeys?\b|\bpoultry\b|\bgobble|\bbroilers?\b|\bhens?\b")
_TURKISH_CUES = re.compile(r"Ankara|Istanbul|Izmir|Turkish|Turks\b|Erdogan|Ozal|Bosphorus|lira")
_GEORGIA_US_CUES = re.compile(
    r"Atlanta|Savannah|Augusta|\bGa\.|Georgia\s+(?:Senate|House|Legislature|General Assembly|"
    r"Gov|Governor|Democrat|Republican|State|Tech|Power|Pacific|Gulf|Bulldogs|Supreme|county|"
    r"Department|Public Service)|state of Georgia|Georgia's (?:governor|legislature|Senate)|"
    r"\bU\.S\. (?:state|Senate|Rep)|Gov\. |Democrats?\b|Republicans?\b|\bcounty\b|Alabama|"
    r"Florida|Carolina|Tennessee|peaches|peanut"
)
_GEORGIA_GE_CUES = re.compile(
    r"Tbilisi|Georgians?\b|Abkhaz|Ossetia|Saakashvili|Shevardnadze|Ivanishvili|Caucasus|"
    r"Kremlin|Moscow|Russia|Soviet|Armenia|Azerbaijan|Ukraine|Batumi|Black Sea|NATO|lari\b"
)

_MONTHS = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d|$)",
    re.IGNORECASE,
)
# Wire dateline at the start of a body: "NEW YORK, March 3 -", "NEW DELHI:", "LONDON (Reuters) -"
_BODY_DATELINE = re.compile(
    r"\A\s*([A-Z][A-Z.'\-]*(?:[ ][A-Z][A-Z.'\-]*){0,4})"
    r"(?:,[ ]*([A-Z][A-Za-z.'\- ]{1,30}?))?"
    r"\s*(?=,|:|\s[-\u2013\u2014]|\s?\((?:Reuters|AP|AFP|IANS|PTI|dpa|UPI)\))"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][\w.'\-]*)([ \t]*\n?[ \t]*)$")
_WORD_AFTER = re.compile(r"^([ \t]*\n?[ \t]*)([A-Za-z][\w'\-]*)")


@dataclass(frozen=True, slots=True)
class _Entry:
    surface: str
    code: str | None  # None: a blocker ("Indian Ocean") or a name too ambiguous to use
    kind: str
    flags: str
    upper: tuple[int, ...]  # positions that must be upper case in the text


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    entry: _Entry
    code: str | None


class _Gazetteer:
    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.names: dict[str, str] = data["names"]
        self.dateline: dict[str, str] = data["dateline"]
        auto = ahocorasick.Automaton()
        by_key: dict[str, list[_Entry]] = {}
        for surface, code, kind, flags in data["body"]:
            upper = tuple(i for i, ch in enumerate(surface) if ch.isupper())
            entry = _Entry(surface, code, kind, flags, upper)
            key = surface.lower()
            if len(key) != len(surface):
                continue  # lower() changed the length: offsets would not line up
            by_key.setdefault(key, []).append(entry)
        for key, entries in by_key.items():
            auto.add_word(key, (len(key), tuple(entries)))
        auto.make_automaton()
        self.automaton = auto


_GAZ: _Gazetteer | None = None
_LOCK = threading.Lock()


def _gazetteer() -> _Gazetteer:
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = _Gazetteer(_DATA)
    return _GAZ


def _load_names() -> dict[str, str]:
    return dict(json.loads(_DATA.read_text(encoding="utf-8"))["names"])


COUNTRY_NAMES: dict[str, str] = _load_names()


def country_name(code: str) -> str:
    """English short name for an ISO 3166-1 alpha-2 code ("MA" -> "Morocco"); the code if unknown."""
    return COUNTRY_NAMES.get(code.upper(), code.upper())


# --- matching -------------------------------------------------------------------------------


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # a few characters ("İ") lower-case to two; keep them as they are so offsets line up
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_caps_region(text: str, start: int, end: int) -> bool:
    """True when the text around a match has no lower-case letters (a wire headline or dateline)."""
    window = text[max(0, start - 30) : end + 30]
    return not any(c.islower() for c in window)


def _sentence_start(text: str, start: int) -> bool:
    """True when `start` opens a sentence or paragraph (so its capital letter proves nothing)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\r\n\"'(\u201c\u2018":
        # a newline followed by indentation or a blank line starts a paragraph
        if text[i] == "\n" and i + 1 < start and text[i + 1] in " \t\n":
            return True
        i -= 1
    if i < 0:
        return True
    return text[i] in ".!?:;\u2014" and text[max(0, i - 3) : i + 1] not in ("U.S.", "U.K.")


def _prev_word(text: str, start: int) -> str | None:
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return m.group(1) if m else None


def _next_word(text: str, end: int) -> str | None:
    m = _WORD_AFTER.match(text[end : end + 40])
    return m.group(2) if m else None


# Wire ticker symbols in angle brackets ("Union Carbide Corp <UK>", "<CAN.TO>").
_TICKER = re.compile(r"<[A-Z0-9.]{1,8}>")


def _find(text: str, gaz: _Gazetteer) -> list[_Match]:
    """All gazetteer hits with word boundaries and case checked, longest first, no overlaps."""
    if not text:
        return []
    if "<" in text:
        # blank out ticker symbols without moving offsets: "<UK>" is Union Carbide, not Britain
        text = _TICKER.sub(lambda t: " " * len(t.group()), text)
    low = _lower(text)
    n = len(text)
    hits: list[tuple[int, int, _Entry]] = []
    for last, (length, entries) in gaz.automaton.iter(low):
        start = last - length + 1
        end = last + 1
        if start > 0 and low[start - 1].isalnum():
            continue
        if end < n and low[end].isalnum():
            continue
        for entry in entries:
            if all(text[start + i].isupper() for i in entry.upper):
                hits.append((start, end, entry))
                break
    # longest match first, then leftmost; a blocker hides every shorter overlapping hit
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))
    taken: list[tuple[int, int]] = []
    out: list[_Match] = []
    for start, end, entry in hits:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        out.append(_Match(start, end, entry, entry.code))
    out.sort(key=lambda m: m.start)
    return out


def _part_of_longer_name(text: str, m: _Match, gaz: _Gazetteer) -> bool:
    """True when a capitalised neighbour makes this hit part of a person's or firm's name."""
    prev = _prev_word(text, m.start)
    if prev and prev[0].isupper() and not prev.isupper():
        p = prev.lower()
        if p.rstrip(".") in _PERSON_TITLES:
            return True
        # "Smith. Jordan" is a sentence boundary; "Soviet Georgia" is two places
        if not prev.endswith(".") and p not in _STOP_PREV and p not in gaz.automaton:
            return True
    if "f" in m.entry.flags:
        nxt = _next_word(text, m.end)
        if (
            nxt
            and nxt[0].isupper()
            and not nxt.isupper()
            and nxt.lower() not in _GEO_NEXT
            and nxt.lower() not in _STOP_PREV
            and nxt.lower() not in gaz.automaton
        ):
            return True
    return False


def _filter(text: str, matches: list[_Match], gaz: _Gazetteer, *, headline: bool = False) -> list[_Match]:
    """Apply the disambiguation rules to one text's matches (see the module docstring)."""
    kept: list[_Match] = []
    person_surfaces: set[str] = set()
    for i, m in enumerate(matches):
        e = m.entry
        if e.code is None:
            continue
        caps = headline or _is_caps_region(text, m.start, m.end)
        if caps and "u" in e.flags:
            continue
        # "Tex." / "Calif." count only right after "City, "
        if e.kind == "abbr" and text[max(0, m.start - 2) : m.start] != ", ":
            continue
        if "w" in e.flags and (caps or _sentence_start(text, m.start)):
            continue
        checked = "p" in e.flags or "f" in e.flags or e.kind in ("city", "capital")
        if checked and not caps and _part_of_longer_name(text, m, gaz):
            if "p" in e.flags or "f" in e.flags:
                person_surfaces.add(e.surface)
            continue
        if e.kind in ("city", "capital") and i + 1 < len(matches):
            # "Paris, Texas": the region after the comma decides, the city is dropped
            nxt = matches[i + 1]
            gap = text[m.end : nxt.start]
            if gap.strip() == "," and nxt.entry.kind in ("name", "region", "abbr") and nxt.code:
                continue
        kept.append(m)
    if person_surfaces:
        kept = [m for m in kept if m.entry.surface not in person_surfaces or _geo_cue_before(text, m)]
    return kept


def _geo_cue_before(text: str, m: _Match) -> bool:
    prev = _prev_word(text, m.start)
    return bool(prev) and prev.lower() in {"in", "to", "from", "of", "into", "via", "across"}


def _resolve_ambiguous(full: str, matches: list[_Match], dateline_code: str | None) -> None:
    """Georgia and Turkey: decide from cues anywhere in the article (title + body)."""
    for m in matches:
        if "g" not in m.entry.flags:
            continue
        if m.entry.surface == "Georgia":
            us = len(_GEORGIA_US_CUES.findall(full)) + (dateline_code == "US")
            ge = len(_GEORGIA_GE_CUES.findall(full)) + (dateline_code == "GE")
            m.code = "GE" if ge > us else ("US" if us > ge else None)
            if m.code is None:
                # no cue either way: a US state if the article is otherwise American
                has_us = dateline_code == "US" or any(x.code == "US" for x in matches if x is not m)
                m.code = "US" if has_us else "GE"
        elif m.entry.surface == "Turkey":
            if _TURKISH_CUES.search(full):
                continue
            nxt = _next_word(full, m.end) if full[m.start : m.end] == m.entry.surface else None
            if (nxt and nxt.lower() in _FOOD_NEXT) or _BIRD_CUES.search(full):
                m.code = None


# --- dateline -----------------------------------------------------------------------------


def _resolve_dateline(dateline: str, gaz: _Gazetteer) -> str | None:
    """Country of a dateline such as "SALVADOR, Feb 26 -", "NEW DELHI" or "HAMILTON, Bermuda"."""
    text = re.split(r"\s[-\u2013\u2014]|\(", dateline, maxsplit=1)[0]
    parts = [p.strip(" .:-\u2013\u2014") for p in text.split(",")]
    parts = [p for p in parts if p and not _MONTHS.match(p) and not p[:1].isdigit()]
    if not parts:
        return None
    # the most specific trustworthy piece is the last one naming a country or region
    for part in reversed(parts[1:]):
        code = _lookup_dateline(part, gaz)
        if code:
            return code
    return _lookup_dateline(parts[0], gaz)


def _lookup_dateline(part: str, gaz: _Gazetteer) -> str | None:
    key = " ".join(part.split()).lower().rstrip(".")
    # state abbreviations first: "Pa." is Pennsylvania, not the town of Pa in Burkina Faso
    code = _DATELINE_ABBR.get(key + ".") or gaz.dateline.get(key)
    return code or None


_DATELINE_ABBR = {
    a.lower(): "US"
    for a in _words(
        "Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. "
        "Mich. Minn. Miss. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. "
        "R.I. S.C. S.D. Tenn. Tex. Va. Vt. Wash. Wis. W.Va. Wyo. D.C."
    )
} | {a.lower(): "CA" for a in _words("Ont. Que. B.C. Alta. Man. Sask. N.S.")}


def _body_dateline(body: str, gaz: _Gazetteer) -> tuple[str | None, int, int]:
    """An upper-case wire dateline at the start of the body: (code, start, end) of its place."""
    m = _BODY_DATELINE.match(body[:80])
    if not m:
        return None, 0, 0
    place = m.group(1)
    code = None
    if m.group(2):
        code = _lookup_dateline(m.group(2).strip(), gaz)
    code = code or _lookup_dateline(place, gaz)
    if not code:
        return None, 0, 0
    return code, m.start(1), m.end(2) if m.group(2) else m.end(1)


# --- public API ----------------------------------------------------------------------------


def tag_countries(
    body: str,
    *,
    title: str = "",
    dateline: str = "",
    ignore_spans: tuple[tuple[int, int], ...] = (),
) -> tuple[CountryTag, ...]:
    """Countries an article mentions, most salient first; ``about`` follows the module rule."""
    gaz = _gazetteer()
    scores: dict[str, float] = {}
    mentions: dict[str, int] = {}
    evidence: dict[str, list[Evidence]] = {}
    methods: dict[str, list[str]] = {}
    about: set[str] = set()
    body_scores: dict[str, float] = {}

    def add(code: str, weight: float, method: str) -> None:
        scores[code] = scores.get(code, 0.0) + weight
        mentions[code] = mentions.get(code, 0) + 1
        lst = methods.setdefault(code, [])
        if method not in lst:
            lst.append(method)

    # dateline: the argument, else an upper-case dateline opening the body
    dl_code: str | None = None
    dl_span = (0, 0)
    if dateline.strip():
        dl_code = _resolve_dateline(dateline, gaz)
    else:
        dl_code, s, e = _body_dateline(body, gaz)
        if dl_code:
            dl_span = (s, e)
            evidence.setdefault(dl_code, []).append(Evidence(body[s:e], s, e))
    if dl_code:
        add(dl_code, DATELINE_WEIGHT, "dateline")
        about.add(dl_code)

    # body
    body_matches = _find(body, gaz)
    if ignore_spans or dl_span[1]:
        spans = (*ignore_spans, dl_span) if dl_span[1] else ignore_spans
        body_matches = [m for m in body_matches if not any(m.start < e and s < m.end for s, e in spans)]
    body_matches = _filter(body, body_matches, gaz)
    title_matches = _filter(title, _find(title, gaz), gaz, headline=title.isupper()) if title else []
    if any("g" in m.entry.flags for m in body_matches + title_matches):
        _resolve_ambiguous(f"{title}\n{body}", body_matches + title_matches, dl_code)

    lead_end = _lead_end(body)
    for m in body_matches:
        if m.code is None:
            continue
        weight = KIND_WEIGHT.get(m.entry.kind, 0.5)
        if m.entry.surface in _MARKET_ADJECTIVES and (_next_word(body, m.end) or "").lower() in _MARKET_NOUNS:
            weight *= MARKET_WEIGHT
        if m.start < lead_end:
            weight += LEAD_BONUS * weight
        add(m.code, weight, m.entry.kind)
        body_scores[m.code] = body_scores.get(m.code, 0.0) + weight
        evidence.setdefault(m.code, []).append(Evidence(body[m.start : m.end], m.start, m.end))

    for m in title_matches:
        if m.code is None:
            continue
        # a title city is weaker than a title country ("BAHIA COCOA REVIEW" is about Brazil,
        # but "LONDON GOLD" is mostly about a market)
        add(m.code, TITLE_WEIGHT * (1.0 if m.entry.kind != "city" else 0.5), "title")
        if m.entry.kind != "city":
            about.add(m.code)

    if not scores:
        return ()
    best = max(scores.values())
    best_body = max(body_scores.values(), default=0.0)
    tags = []
    for code, score in scores.items():
        is_about = (
            code in about
            or (score >= ABOUT_MIN_SCORE and score >= ABOUT_MIN_SHARE * best)
            # with no dateline or title to go by, the leader of the body is the subject
            or (not about and body_scores.get(code, 0.0) == best_body and best_body >= TOP_MIN_SCORE)
        )
        tags.append(
            CountryTag(
                code=code,
                name=country_name(code),
                about=is_about,
                salience=round(score / best, 3),
                mentions=mentions[code],
                evidence=tuple(sorted(evidence.get(code, ()), key=lambda ev: ev.start)),
                methods=tuple(methods[code]),
            )
        )
    tags.sort(key=lambda t: (-t.salience, not t.about, t.code))
    return tuple(tags)


def _lead_end(body: str) -> int:
    """End of the lead: the first paragraph or LEAD_CHARS, whichever comes first."""
    para = re.search(r"\n\s*\n|\n[ \t]+", body[40:])
    end = 40 + para.start() if para else len(body)
    return min(end, LEAD_CHARS)
