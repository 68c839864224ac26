"""Country tagging: gazetteer matching, disambiguation and salience.

Pure Python (no Django, no search engine). The gazetteer (``data/gazetteer.json``, rebuilt by
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
  ``ABOUT_MIN_SHARE`` of the best-scoring country's (or at least ``ABOUT_STRONG_SCORE``); or
- there is no dateline or title country and it leads the body with at least ``TOP_MIN_SCORE``
  (one country, region or demonym mention in the lead is enough for plain, non-wire text).
- local news (no dateline or title country): it leads the body with at least ``LOCAL_MIN_SCORE``
  (one town) and ``LOCAL_LEAD`` times the runner-up's score, named in the lead or by a town or
  region twice (a lone late aside stays a mention). Council names only one country uses ("Shire
  of", "Municipal Corporation", "Borough Council": ``institutions`` in the gazetteer) add to a
  country the article already names, or name it when it names no place at all.

In wire copy (a dateline), two countries that open the lead sentence as its joint subject ("Malaysia and Singapore will
resume talks", "the crossing between Pakistan and Afghanistan") are both "about".

A dateline at a UN agency's seat ("GENEVA (AFP)", ``org_seats``) is not "about" when the lead
cites an organisation, the seat's country has no evidence but cities, and another country leads
the body: it then counts as one city mention.

Weights: a country name 1.0, demonym/region 0.8, capital 0.7, other city 0.5, times 1.5 in the
lead; "U.S. dollar"-style market phrases, any country naming a currency ("Canadian dollar",
"West German marks": ``data/country_cues.json``), trade partners ("exports to China") and a demonym
naming people's origin ("the Ghanaian director", "Sudanese refugees", ``origin_nouns``; in the title too,
where it then makes no subject of its own) count half, and an amount of
money ("48 mln U.S. dlrs") a tenth. A title country naming a currency
("OKB ISSUES CANADIAN DLR BOND") is not "about" by itself, nor is a title's trade partner, or a list
of them ("Tea prices rise on demand from Pakistan, Egypt"; "sales in France" is France's news).
Cities are weak evidence and make a country "about" only by repetition or through the dateline.
Salience is the country's weighted score divided by the best score, so the top country has
salience 1.0.

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
- "City, Region" ("Paris, Texas", "Cambridge, Mass.", "Lebanon, N.H.", "Cairo, IL", a dateline
  "LEBANON, N.H. -") counts for the region only and anchors the name: its other bare mentions in
  the title and body follow the region, unless the article has other evidence for the country
  (Beirut, Lebanese). "Benin City" and "Kingdom of Benin" anchor a bare "Benin" to Nigeria.
- US towns named like foreign places (``us_homonyms`` in the gazetteer, from GeoNames): a city
  ("Athens", "Rome", "Moscow") is the US town when the article names a state that has one, or, for
  non-capitals ("Plymouth"), when the article is clearly American (a state and two local-news cues);
  a country name ("Mexico", "Peru") only before a local word ("Mexico School District", "Peru
  girls"), with a state that has the town or in clearly American local news (two local-news cues:
  a county, a sheriff, a high school); then all its mentions follow, the title's and a dateline that is
  only the name ("MEXICO —") too. "Athens County" is always American. A title name with no body evidence of its own in a
  body that is about the US becomes US (the title guard).
- First-name places ("Jordan", "Chad", "India") are people after a kinship or role noun ("their
  son Jordan", "coach Chad"), before ", who", and before a person's verb ("Jordan laughed") when
  nothing else in the article points to the country.
- A city whose name the article's leading country also has (``homonyms``, GeoNames > 15,000)
  follows that country when only cities point to its own ("Córdoba" with Andalusia).
- German capitalises nouns: a capitalised word before a place ("des Kantons Zürich") does not
  make it part of a name, unless the place is also a person's name.
- Places that are also firms' or people's names (flag "n": UK counties, local towns such as
  "Blackburn") are checked against both neighbours ("Norfolk Southern"), dropped in all-capitals
  text ("SOMERSET SAVINGS BANK") and follow their use as a name in the rest of the article.
- "Congo" is the Democratic Republic (AP style) unless the text has Republic of Congo cues
  (Brazzaville, or Zaire beside it); "Northumberland County Council" is no US county.
- A place inside a company's name ("France Fund Inc", "WHITEHALL CORP", "Bermuda Star Line
  <BSL>", "Acme (NYSE: ACM)": capitalised words ending in a corporate suffix from
  ``data/country_cues.json`` or a stock ticker) is weak evidence, like a product's name.
- Streets are no mention ("Avenida do Brasil", "Rue de Rome", "Mexico Street"); "the Argentine city of
  San Juan" is Argentina's; a saint's name that begins a longer name ("San Juan Bautista Tuxtepec",
  "Santa Fe Southern Pacific") is no city of its own.
- A demonym naming a language is no country ("written in Spanish", "speaks Greek and Turkish", "a
  Russian-language weekly", "Japanese lessons": ``language_names``, ``language_verbs`` and
  ``language_nouns_after`` in ``data/country_cues.json``).
- So is an agreement, round of talks or group named after a place ("the Paris accord", "Uruguay
  Round", "the Minsk agreements"; ``named_after_place`` in ``data/country_cues.json``).
- Local-news cues (county, sheriff, school district...) add up to ``US_LOCAL_MAX`` to a US named in
  an undated body, so a lone "Vermont" can lead a local story that also mentions Quebec.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from articles.extraction.types import CountryTag, Evidence

__all__ = ["COUNTRY_NAMES", "LANGUAGES", "country_name", "country_names_in", "tag_countries"]

_DATA = Path(__file__).resolve().parent / "data" / "gazetteer.json"
# Country names, demonyms and cities in German, French, Spanish, Italian, Portuguese and Dutch,
# from CLDR (scripts/build_gazetteer_i18n.py).
_DATA_I18N = Path(__file__).resolve().parent / "data" / "gazetteer_i18n.json"
# Words next to a country's name that change what it says about the subject (currencies...),
# written for the project.
_DATA_CUES = Path(__file__).resolve().parent / "data" / "country_cues.json"

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
ABOUT_MIN_SHARE = 0.2
# a country with this much body evidence is "about" whatever its share (long multi-country features)
ABOUT_STRONG_SCORE = 4.0
TOP_MIN_SCORE = 1.2  # a country name, region or demonym in the lead
# local news rarely names its country: with no dateline or title country, a leader with this much
# body evidence (one town) that has LOCAL_LEAD times the runner-up's is the subject
LOCAL_MIN_SCORE = 0.5
LOCAL_LEAD = 3.0
# US local-news cues ("County", "sheriff", "school district") add this much each to a US already
# named in the body, up to US_LOCAL_MAX (Vermont vs Quebec in a Vermont town's news)
US_LOCAL_WEIGHT = 0.4
US_LOCAL_MAX = 1.2
# "U.S. dollar", "U.S. Treasury bonds": the currency or market, not the country's news
MARKET_WEIGHT = 0.5
# "48 mln U.S. dlrs", "500 million Hong Kong dollars": an amount of money names no subject at all
AMOUNT_WEIGHT = 0.1
# "exports to China", "demand from the United States": a trade partner in another country's figures
# is no subject of the story (eval/README.md)
TRADE_WEIGHT = 0.5
# a country's name inside a product or brand name ("Renault Panama"): a mention, not a subject
PRODUCT_WEIGHT = 0.25


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TRADE_NOUNS = _words("export exports import imports shipment shipments sales exported imported shipped sold demand")
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
    """regional shire borough municipal municipality parish town mayor metro harbour harbor
    valley river basin delta times government airlines airways air bank central stock exchange
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
_CUES = json.loads(_DATA_CUES.read_text(encoding="utf-8"))
# "a Canadian dollar bond", "Swiss franc notes", "the Australian dlr": a currency, not the
# country's news; "mark", "won", "rand"... only after a demonym ("Korea won", "Japan marks")
_CURRENCY_WORDS = frozenset(_CUES["currency_words"])
_CURRENCY_WORDS_DEMONYM = _CURRENCY_WORDS | frozenset(_CUES["currency_words_after_demonym"])
# "France Fund Inc", "Whitehall Corp", "Bermuda Star Line <BSL>": a place inside a company's name
_COMPANY_SUFFIXES = frozenset(_CUES["company_suffixes"])
_NAME_WORD = re.compile(r"[ \t]+([A-Za-z&][\w&'.\-]*)")
# a stock ticker after a company's name: "<BSL>", "<AAGIY.O>", "(NYSE: XYZ)", "(Nasdaq:XYZ)"
_TICKER_AFTER = re.compile(r"[ \t]*(?:<[A-Z0-9.]{1,9}>|\((?:NYSE|Nasdaq|NASDAQ|LSE|TSX|ASX|AMEX)[:\s])")
# "the Paris accord", "the Uruguay Round", "the Paris Club": an agreement or a group named after
# the place where it was made, not news from there
_NAMED_AFTER_PLACE = frozenset(_CUES["named_after_place"])
# "the Ghanaian director", "a Brazilian striker": a person's origin, not the story's subject (eval/README.md)
_ORIGIN_NOUNS = frozenset(_CUES["origin_nouns"])
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

_CONGO_BRAZZAVILLE_CUES = re.compile(r"Brazzaville|Pointe-Noire|Sassou|Zaire|Zairean")
_DRC_CUES = re.compile(r"Kinshasa|Goma|Kivu|Ituri|Katanga|Lubumbashi|Kisangani|Tshisekedi|Kabila|M23")

_MONTHS = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d|$)",
    re.IGNORECASE,
)
# Wire dateline at the start of a body: "NEW YORK, March 3 -", "NEW DELHI:", "LONDON (Reuters) -"
_BODY_DATELINE = re.compile(
    r"\A\s*([A-Z][A-Z.'\-]*(?:[ ][A-Z][A-Z.'\-]*){0,4})"
    r"(?:,[ ]*([A-Z][A-Za-z.'\- ]{1,30}?))?"
    # any agency credit in brackets: "(Reuters)", "(dpa)", "(SPA)", "(Keystone-SDA)", "(Europa Press)"
    r"\s*(?=,|:|\s[-\u2013\u2014]|\s?\([A-Za-z][A-Za-z]{1,12}(?:[- ][A-Z][A-Za-z]{1,12})?\))"
)
# Agency datelines in mixed case: "Chennai, Jan 12 (PTI):", "New Delhi, Aug 14 (IANS)"
_BODY_DATELINE_MIXED = re.compile(
    r"\A\s*([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),[ ]+[A-Z][a-z]{2,8}\.?[ ]+\d{1,2}[ ]*"
    r"(?=\([A-Za-z][A-Za-z]{1,12}(?:[- ][A-Z][A-Za-z]{1,12})?\))"
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
    anchored: bool = False  # resolved by a "Town, ST" anchor (or "Benin City") in this article
    product: bool = False  # inside a capitalised name ("Nissan Panama", "Chile Merlot"): weak evidence


class _Gazetteer:
    """The English gazetteer, plus one language's entries (``own``, flagged "l") when given."""

    def __init__(self, data: dict, own: dict | None = None) -> None:
        self.language = own["language"] if own else ""
        self.names: dict[str, str] = data["names"]
        self.dateline: dict[str, str] = dict(data["dateline"])
        self.us_homonyms: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data.get("us_homonyms", {}).items()}
        self.anchors: dict[str, str] = data.get("anchors", {})
        self.homonyms: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data.get("homonyms", {}).items()}
        self.org_seats: frozenset[str] = frozenset(data.get("org_seats", ()))
        self.institutions = [(hint, re.compile(rx), code) for hint, rx, code in data.get("institutions", ())]
        orgs = data.get("international_organisations", ())
        self.org_pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, orgs)) + r")(?!\w)") if orgs else None
        self.determiners: frozenset[str] = frozenset(own["determiners"]) if own else frozenset()
        rows = [tuple(row) for row in data["body"]]
        if own:
            rows += [(surface, code, kind, flags + "l") for surface, code, kind, flags in own["body"]]
            for surface, code, _kind, _flags in own["body"]:
                # "WIEN (APA) -", "LISBOA, 3 mar (Lusa) -": the language's names resolve datelines too
                self.dateline.setdefault(_fold(surface).lower(), code)
        auto = ahocorasick.Automaton()
        by_key: dict[str, list[_Entry]] = {}
        for surface, code, kind, flags in rows:
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


_GAZ: dict[str, _Gazetteer] = {}
_LOCK = threading.Lock()


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _english_data() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    data = _english_data()
    return frozenset(data["dateline"]) | {e[0].lower() for e in data["body"] if e[2] != "block"}


@lru_cache(maxsize=1)
def _place_kinds() -> dict[str, tuple[str, str]]:
    kinds: dict[str, tuple[str, str]] = {}
    for surface, _code, kind, flags in _english_data()["body"]:
        kinds.setdefault(surface, (kind, flags))
    return kinds


def place_kind(surface: str) -> tuple[str, str] | None:
    """(kind, flags) of a gazetteer entry ("Chad" -> ("name", "f"): a country, also a first name), else None."""
    return _place_kinds().get(surface)


def is_place_name(text: str) -> bool:
    """A country, region or town the gazetteer knows, in any case ("Santa Fe", "Coral Gables")."""
    return text.lower() in _place_names()


@lru_cache(maxsize=1)
def _language_data() -> dict[str, dict]:
    return json.loads(_DATA_I18N.read_text(encoding="utf-8"))["languages"]


# Languages with names of their own in gazetteer_i18n.json (tests check the file has them all).
LANGUAGES: tuple[str, ...] = ("en", "de", "es", "fr", "it", "nl", "pt")


def _gazetteer(language: str = "") -> _Gazetteer:
    """The gazetteer for an article in `language` (ISO 639-1): English names always, plus that
    language's own when data/gazetteer_i18n.json has them. One automaton per language, built on
    first use and shared by all threads."""
    lang = language if language in LANGUAGES and language != "en" else ""
    gaz = _GAZ.get(lang)
    if gaz is None:
        with _LOCK:
            gaz = _GAZ.get(lang)
            if gaz is None:
                own = {"language": lang, **_language_data()[lang]} if lang else None
                gaz = _GAZ[lang] = _Gazetteer(_english_data(), own)
    return gaz


def _load_names() -> dict[str, str]:
    return dict(json.loads(_DATA.read_text(encoding="utf-8"))["names"])


COUNTRY_NAMES: dict[str, str] = _load_names()


def country_names_in(language: str) -> dict[str, str]:
    """ISO code -> the country's name in `language` ("de": {"AT": "Österreich", ...}), from CLDR
    (data/gazetteer_i18n.json); English names for "en" and for languages the file does not have."""
    data = _language_data().get(language) if language != "en" else None
    return dict(data["names"]) if data else dict(COUNTRY_NAMES)


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
    """The word before ``start`` (what ``_WORD_BEFORE`` matches at the end of the 40 characters
    before it), scanned backwards by hand: the regex search tried every position of the window
    and cost more than the gazetteer scan once every town is checked."""
    lo = max(0, start - 40)
    word = _word_ending(text, lo, start)
    if word is None and start > lo and text[start - 1] == "\n":
        # "$" also matches before a final newline
        word = _word_ending(text, lo, start - 1)
    return word


def _word_ending(text: str, lo: int, start: int) -> str | None:
    i = start
    while i > lo and text[i - 1] in " \t":
        i -= 1
    if i > lo and text[i - 1] == "\n":
        i -= 1
        while i > lo and text[i - 1] in " \t":
            i -= 1
    end = i
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in "_.'-"):
        i -= 1
    for j in range(i, end):
        if text[j].isascii() and text[j].isalpha():
            return text[j:end]
    return None


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
    # German capitalises every noun: "des Kantons Zürich", "der Stadt Wien" are places; only a
    # name that is also a person's ("f", "p") is checked against the word before it
    german_noun = gaz.language == "de" and not any(f in m.entry.flags for f in "fpn")
    if prev and prev[0].isupper() and not prev.isupper() and not german_noun:
        p = prev.lower()
        if p.rstrip(".") in _PERSON_TITLES:
            return True
        # "Smith. Jordan" is a sentence boundary; "Soviet Georgia" is two places
        if not prev.endswith(".") and p not in _STOP_PREV and p not in gaz.automaton:
            return True
    if "f" in m.entry.flags or "n" in m.entry.flags:
        nxt = _next_word(text, m.end)
        if (
            nxt
            and nxt[0].isupper()
            and not nxt.isupper()
            and nxt.lower() not in _GEO_NEXT
            # "Norfolk Southern": a place that is also a firm's name takes no compass word
            and ("n" in m.entry.flags or nxt.lower() not in _STOP_PREV)
            and nxt.lower() not in gaz.automaton
        ):
            return True
    return False


def _filter(
    text: str,
    matches: list[_Match],
    gaz: _Gazetteer,
    *,
    headline: bool = False,
    anchors: dict[str, str] | None = None,
) -> list[_Match]:
    """Apply the disambiguation rules to one text's matches (see the module docstring).

    ``anchors`` collects surfaces that a "City, Region" pattern resolved ("Lebanon, N.H." -> US).
    """
    if anchors is None:
        anchors = {}
    kept: list[_Match] = []
    person_surfaces: set[str] = set()
    for i, m in enumerate(matches):
        e = m.entry
        if e.code is None:
            continue
        caps = headline or _is_caps_region(text, m.start, m.end)
        if caps and ("u" in e.flags or "n" in e.flags):
            continue
        # "Tex." / "Calif." count only right after "City, "
        if e.kind == "abbr" and text[max(0, m.start - 2) : m.start] != ", ":
            continue
        if "w" in e.flags and (caps or _sentence_start(text, m.start)):
            continue
        checked = "p" in e.flags or "f" in e.flags or "n" in e.flags or e.kind in ("city", "capital")
        if checked and not caps and _part_of_longer_name(text, m, gaz):
            if "p" in e.flags or "f" in e.flags or "n" in e.flags:
                person_surfaces.add(e.surface)
            continue
        if "f" in e.flags and not caps and _first_name_context(text, m):
            person_surfaces.add(e.surface)
            continue
        if gaz.language and not caps:
            if "l" not in e.flags and e.kind != "demonym" and _common_noun(text, m, gaz):
                continue
            if e.kind == "name" and _coalition(text, m):
                continue
            if e.kind == "name" and gaz.language != "de" and _in_product_name(text, m, gaz):
                m.product = True
        if not m.product and (_in_company_name(text, m) or _named_after(text, m)):
            m.product = True
        if e.kind in ("city", "capital", "name") and i + 1 < len(matches):
            # "Paris, Texas", "Lebanon, N.H.": the region after the comma decides, the place is
            # dropped and later bare mentions of the same name follow it
            nxt = matches[i + 1]
            gap = text[m.end : nxt.start]
            if gap.strip() == "," and nxt.entry.kind in ("name", "region", "abbr") and nxt.code:
                if e.kind != "name" or _state_anchor_ok(text, m, nxt, gaz):
                    anchors[e.surface] = nxt.code
                    continue
        if e.kind in ("city", "capital", "name", "region") and not caps:
            # "Cairo, IL", "Moscow, ID 83843": a postal code is not in the gazetteer
            pm = _POSTAL_AFTER.match(text, m.end)
            if pm:
                anchors[e.surface] = "US"
                m.code = "US"
                m.anchored = True
        kept.append(m)
    if person_surfaces:
        kept = [m for m in kept if m.entry.surface not in person_surfaces or _geo_cue_before(text, m)]
    return kept


# --- other languages ------------------------------------------------------------------------


def _common_noun(text: str, m: _Match, gaz: _Gazetteer) -> bool:
    """A town's name used as a word of the article's language: after a determiner ("das Essen",
    "die Halle", "no Natal" - towns take no article there), or opening a sentence when the text
    also writes it in lower case ("Natal ... cidade natal")."""
    prev = _prev_word(text, m.start)
    if (
        m.entry.kind in ("city", "region")  # country names do take articles: "die Türkei", "la India"
        and "a" not in m.entry.flags  # so do regions: "la Toscana", "die Steiermark", "o Porto"
        and prev is not None
        and prev.lower() in gaz.determiners
        and text[m.start - 1] in " \t\n"
    ):
        return True
    if _sentence_start(text, m.start):
        low = m.entry.surface.lower()
        return re.search(rf"(?<!\w){re.escape(low)}(?!\w)", text) is not None
    return False


# Coalitions named after the colours of a flag: "Jamaika-Koalition" is German party politics.
_COALITION_WORDS = frozenset({"koalition", "bündnis", "coalitie", "koalitionen"})


def _coalition(text: str, m: _Match) -> bool:
    if text[m.end : m.end + 1] != "-":
        return False
    nxt = re.match(r"-(\w+)", text[m.end : m.end + 20])
    return bool(nxt) and nxt.group(1).lower() in _COALITION_WORDS


# in an all-capitals headline a name has no visible end: look at most this many words ahead
# ("HONG KONG FIRM BOOSTS ACME <ACM> STAKE" names Acme, not a Hong Kong firm)
_CO_CAPS_WORDS = 3


def _named_after(text: str, m: _Match) -> bool:
    """An agreement, round of talks or group named after a place: "the Paris accord", "Uruguay
    Round", "the Louvre Agreement" (not a demonym: "a French proposal")."""
    if m.entry.kind not in ("name", "capital", "city"):
        return False
    return (_next_word(text, m.end) or "").lower() in _NAMED_AFTER_PLACE


def _in_company_name(text: str, m: _Match) -> bool:
    """A place inside a company's name: the capitalised words after it end in a corporate suffix
    ("France Fund Inc", "WHITEHALL CORP", "British Petroleum Co PLC") or a stock ticker
    ("Bermuda Star Line <BSL>", "Donegal (Nasdaq: DGIC)"). A possessive ("Japan's Nissan Motor Co")
    or a lower-case word in between ends the name."""
    if text.startswith("'s", m.end) or text.startswith("\u2019s", m.end):
        return False
    pos = m.end
    caps = text[m.start : m.end].isupper()
    for _ in range(_CO_CAPS_WORDS if caps else 5):
        if _TICKER_AFTER.match(text, pos):
            return True
        w = _NAME_WORD.match(text, pos)
        if not w:
            return False
        word = w.group(1)
        bare = word.rstrip(".,").lower()
        if bare in _COMPANY_SUFFIXES:
            return True
        if not word[0].isupper() and word not in ("of", "and", "&"):
            return False
        if word.isupper() and bare in _STOP_PREV and bare not in ("of", "and"):
            return False  # all-capitals headline words: "JAPAN TO SELL ..."
        pos = w.end()
    return False


def _in_product_name(text: str, m: _Match, gaz: _Gazetteer) -> bool:
    """A country's name inside a capitalised product or brand name ("la nouvelle Renault Panama",
    "un Chile Reserva"): the capitalised neighbour is no title, stop word or place. Not used for
    German, which capitalises every noun."""
    prev = _prev_word(text, m.start)
    if prev and prev[0].isupper() and not prev.isupper() and not prev.endswith("."):
        p = prev.lower()
        if p not in _STOP_PREV and p not in gaz.automaton and not _sentence_start(text, m.start - len(prev) - 1):
            return True
    nxt = _next_word(text, m.end)
    return bool(
        nxt
        and nxt[0].isupper()
        and not nxt.isupper()
        and nxt.lower() not in _GEO_NEXT
        and nxt.lower() not in _STOP_PREV
        and nxt.lower() not in gaz.automaton
        and not text[m.end : m.end + 2].startswith((",", ".", ";", ":"))
    )


# --- US towns named like foreign places ------------------------------------------------------

# US states: postal code, name, AP style abbreviations ("_" stands for a space in a name).
_US_STATE_TABLE = """AL Alabama Ala. | AK Alaska | AZ Arizona Ariz. | AR Arkansas Ark. | CA California Calif. |
CO Colorado Colo. | CT Connecticut Conn. | DE Delaware Del. | FL Florida Fla. | GA Georgia Ga. |
HI Hawaii | ID Idaho | IL Illinois Ill. | IN Indiana Ind. | IA Iowa | KS Kansas Kan. Kans. |
KY Kentucky Ky. | LA Louisiana La. | ME Maine | MD Maryland Md. | MA Massachusetts Mass. |
MI Michigan Mich. | MN Minnesota Minn. | MS Mississippi Miss. | MO Missouri Mo. | MT Montana Mont. |
NE Nebraska Neb. | NV Nevada Nev. | NH New_Hampshire N.H. | NJ New_Jersey N.J. |
NM New_Mexico N.M. | NY New_York N.Y. | NC North_Carolina N.C. | ND North_Dakota N.D. | OH Ohio |
OK Oklahoma Okla. | OR Oregon Ore. | PA Pennsylvania Pa. Penn. | RI Rhode_Island R.I. |
SC South_Carolina S.C. | SD South_Dakota S.D. | TN Tennessee Tenn. | TX Texas Tex. | UT Utah |
VT Vermont Vt. | VA Virginia Va. | WA Washington Wash. | WV West_Virginia W.Va. W._Va. |
WI Wisconsin Wis. Wisc. | WY Wyoming Wyo. | DC District_of_Columbia D.C."""
_STATE_POSTAL: dict[str, str] = {}  # "Ohio", "Ga.", "N.H." -> postal code
for _row in _US_STATE_TABLE.replace("\n", " ").split("|"):
    _code, *_forms = _row.split()
    for _form in _forms:
        _STATE_POSTAL[_form.replace("_", " ")] = _code
_POSTAL_CODES = frozenset(_STATE_POSTAL.values())
# State names that are also something else in a list ("Jordan, Georgia and Armenia").
_AMBIGUOUS_STATES = frozenset({"Georgia", "Washington", "New York"})
_POSTAL_AFTER = re.compile(r",[ \t]*(?:" + "|".join(sorted(_POSTAL_CODES)) + r")(?=[ \t]+\d{5}|[,;:)\n]|[.][ \t\n]|$)")
_POSTAL_ANY = re.compile(r", (" + "|".join(sorted(_POSTAL_CODES)) + r")(?=[ \t]+\d{5}|[,;:)\n]|[.][ \t\n]|$)")

# Lower-case words after a town's name that make it a local institution or resident ("Mexico
# School District", "Peru girls", "Lebanon family").
_LOCAL_NEXT = _words(
    """school schools high middle elementary district city town township village borough council
    police fire library girls boys man woman men women family families resident residents native
    natives community church mayor board public area teen teens couple home homes park team
    theater theatre hospital"""
)
# Words that make a following first-name-like place a person: "their son Jordan", "coach Chad".
_KIN_BEFORE = _words(
    """son sons daughter daughters wife husband brother sister mother father mom dad grandson
    granddaughter grandmother grandfather grandma grandpa nephew niece cousin uncle aunt baby child
    kid boyfriend girlfriend fiance fiancee fiancé fiancée friend classmate teammate coach player
    captain pitcher quarterback goalkeeper goalie senior junior sophomore freshman student
    teacher named twin twins stepson stepdaughter"""
)
# Verbs after a bare place that make it a person when nothing else in the article points to the
# country: "Jordan laughed", "India scored twice".
_PERSON_VERBS = _words(
    """laughed laughs smiled smiles giggled grinned cried loves loved likes liked enjoys enjoyed
    dreams dreamed remembers graduated graduates turned turns grew ran runs walked walks sang
    sings danced dances attends studies shrugged nodded helped helps"""
)
# US local-news cues: used to tell a clearly American article (for "Plymouth" with no state named)
# and to let a single state mention lead local news.
# (The lookahead only restates what every branch's first character needs; it lets re skip most
# positions at once, which halves the scan of a body.)
_US_LOCAL_CUES = re.compile(
    r"\b(?=[A-Za-z\d])(?:[A-Z][a-z]+ County|Township|[Ss]heriff|[Ss]chool [Dd]istrict|[Hh]igh [Ss]chool|"
    r"[Ss]elect ?[Bb]oard|[Tt]own [Mm]eeting|[Cc]ity [Cc]ouncil|[Ss]tate [Pp]olice|[Ss]tate [Tt]roopers?|"
    r"Thanksgiving|Fourth of July|Memorial Day|Labor Day|ZIP code|\d+ mph|Fahrenheit|"
    r"[Ss]uperintendent|[Vv]arsity|[Tt]ouchdowns?|[Hh]omecoming|Little League|PTA|GOP|"
    r"Medicaid|Medicare|Interstate \d+|I-\d+|U\.S\. Route|[Ss]tate [Ll]egislature|[Ss]tate [Ss]enat|"
    r"[Ss]tate [Rr]ep\.|[Cc]ounty [Cc]ommission|[Aa]lderm[ae]n|[Ss]electm[ae]n|[Cc]ounty [Ff]air)"
)


def _state_anchor_ok(text: str, m: _Match, nxt: _Match, gaz: _Gazetteer) -> bool:
    """Whether a country name before ", <region>" is a town there ("Lebanon, N.H." but not the list
    "Canada, Mexico, Texas and Ohio" or "Jordan, Georgia and Armenia")."""
    if nxt.code not in ("US", "CA"):
        return False
    state = text[nxt.start : nxt.end]
    if nxt.entry.kind == "abbr":
        return True
    if state in gaz.us_homonyms.get(m.entry.surface, ()) or _STATE_POSTAL.get(state) in gaz.us_homonyms.get(
        m.entry.surface, ()
    ):
        return True
    if state in _AMBIGUOUS_STATES:
        return False
    before = text[max(0, m.start - 5) : m.start]
    after = text[nxt.end : nxt.end + 5]
    in_list = before.rstrip().endswith(",") or before.endswith(" and ") or after.lstrip().startswith("and ")
    return not in_list and (not after or after[0] in ",.;:)\n")


def _first_name_context(text: str, m: _Match) -> bool:
    """True for a place name used as a person's first name: "their son Jordan", "Jordan, who"."""
    prev = _prev_word(text, m.start)
    if prev and prev.islower() and prev.rstrip(".,") in _KIN_BEFORE:
        return True
    after = text[m.end : m.end + 6]
    return after.startswith((", who ", " who "))


def _article_states(text: str, matches: list[_Match]) -> set[str]:
    """Postal codes of the US states an article names (Georgia only when resolved as the state)."""
    states: set[str] = set()
    for m in matches:
        if m.code == "US" and m.entry.kind in ("region", "name", "abbr"):
            code = _STATE_POSTAL.get(m.entry.surface)
            if code:
                states.add(code)
    states.update(_POSTAL_ANY.findall(text))
    return states


def _resolve_us_places(
    body: str,
    title: str,
    body_matches: list[_Match],
    title_matches: list[_Match],
    anchors: dict[str, str],
    dl_code: str | None,
    gaz: _Gazetteer,
    dl_surface: str = "",
) -> set[str]:
    """US towns named like foreign places, and bare names that follow an anchor in the article; returns the
    country names found to be US towns ("MEXICO —" over a story of Audrain County's "Mexico High School").

    - a bare name repeats the anchor made earlier or later in the article ("Lebanon, N.H." ... "the
      Lebanon family"; "Benin City" ... "Benin") unless other evidence points to the country;
    - a US-homonym city ("Athens", "Rome", "Cairo") is the US town when the article names a state
      that has one (GeoNames), or, for non-capitals ("Plymouth"), when the article is clearly
      American; a country name ("Mexico", "Peru") only when followed by a local word
      ("Mexico School District", "Peru girls");
    - "Athens County", "Lebanon County" are US counties.
    """
    everything = body_matches + title_matches
    # foreign anchors: "Benin City" makes a bare "Benin" Nigerian
    for m in everything:
        bare = gaz.anchors.get(m.entry.surface)
        if bare and m.code:
            anchors.setdefault(bare, m.code)
    # evidence for a country from surfaces that cannot be a US town or an anchored name
    # (a dateline that is only such a name, "MEXICO —", is no evidence of its own)
    independent: set[str] = {dl_code} if dl_code and dl_surface not in gaz.us_homonyms else set()
    towns: set[str] = set()  # country names that are US towns here, for all their mentions
    for m in everything:
        s = m.entry.surface
        if m.code and not m.anchored and s not in anchors and s not in gaz.us_homonyms:
            independent.add(m.code)
    states: set[str] | None = None
    us_local: bool | None = None
    us_news = False
    for text, matches in ((body, body_matches), (title, title_matches)):
        for m in matches:
            code = m.code
            if code is None or code == "US" or m.anchored or code in independent:
                continue
            s = m.entry.surface
            target = anchors.get(s)
            if target and target != code:
                m.code = target
                continue
            homes = gaz.us_homonyms.get(s)
            if not homes:
                continue
            nxt = _next_word(text, m.end) or ""
            if nxt == "County" and not text.startswith(" County Council", m.end):
                # "Athens County" is American; "Northumberland County Council" is British
                m.code = "US"
                continue
            if states is None:
                states = _article_states(f"{title}\n{body}", everything)
            kind = m.entry.kind
            local_next = nxt.lower() in _LOCAL_NEXT
            if states & homes and (kind != "name" or local_next):
                m.code = "US"
                if kind == "name":
                    towns.add(s)
                continue
            if us_local is None:
                cues = len(set(_US_LOCAL_CUES.findall(body)))
                us_local = bool(states) and cues >= 2
                us_news = cues >= 2  # clearly American local news, whether it names a state or not
            if kind == "city" and us_local:
                m.code = "US"
            elif kind == "name" and local_next and us_news:
                # "Peru High School", "Lebanon police" in a story of Miami County or Warren County
                m.code = "US"
                towns.add(s)
    if towns:
        for m in everything:
            if m.entry.surface in towns and m.code and m.code not in independent:
                m.code = "US"
    # title guard: a title name with no evidence of its own in a body about a US place
    body_codes = {m.code for m in body_matches}
    if "US" in body_codes:
        for m in title_matches:
            if m.code and m.code not in body_codes and m.entry.surface in gaz.us_homonyms:
                m.code = "US"
    return towns


def _corroborated(
    body_matches: list[_Match], title_matches: list[_Match], dl_code: str | None
) -> tuple[list[_Match], list[_Match]]:
    """Towns of the local-press countries (flag "c": "Kottayam", "Norton") count beside other evidence for
    their country (a second place, a region, its name or demonym, the dateline), or when the article
    names no other country (local news that names its towns only); not as a lone name in a story about
    somewhere else ("Norton" in an American company's news)."""
    surfaces: dict[str, set[str]] = {}
    for m in body_matches + title_matches:
        if m.code:
            surfaces.setdefault(m.code, set()).add(m.entry.surface)
    # countries named by something else than such a town
    others = {m.code for m in body_matches + title_matches if m.code and "c" not in m.entry.flags}

    def keep(m: _Match) -> bool:
        if "c" not in m.entry.flags or m.code is None or m.code == dl_code or len(surfaces[m.code]) > 1:
            return True
        return not (others - {m.code}) and not (dl_code and dl_code != m.code)

    return [m for m in body_matches if keep(m)], [m for m in title_matches if keep(m)]


def _first_names_by_verb(text: str, matches: list[_Match], dl_code: str | None) -> list[_Match]:
    """Drop a first-name-like place ("Jordan laughed") followed by a person's verb when nothing
    else in the article (dateline, capital, demonym) points to that country; its other bare uses
    in the article go with it unless a preposition makes them places ("flew to Jordan")."""
    people: set[str] = set()
    for m in matches:
        if "f" not in m.entry.flags or m.code is None or m.code == dl_code:
            continue
        if (_next_word(text, m.end) or "") not in _PERSON_VERBS or _geo_cue_before(text, m):
            continue
        if any(x.code == m.code and x.entry.surface != m.entry.surface for x in matches):
            continue
        people.add(m.entry.surface)
    if not people:
        return matches
    return [m for m in matches if m.entry.surface not in people or _geo_cue_before(text, m)]


def _trade_partner(text: str, start: int, prepositions: tuple[str, ...] = ("to", "from", "in")) -> bool:
    """True after "exports to", "imports from", "demand from the", "sales in", in any case (a title's
    partners: "to" and "from" only, as "sales in France" is France's news)."""
    lo = max(0, start - 80)
    window = text[lo:start].lower()  # the words before the place, for finding them again

    def before(end: int) -> str:
        return (_prev_word(text, end) or "").lower()

    prev = before(start)
    if prev == "the":
        start = lo + window.rfind("the")
        prev = before(start)
    if prev not in prepositions:
        return False
    return before(lo + window.rfind(prev, 0, start - lo)) in _TRADE_NOUNS


_LANGUAGE_NAMES = frozenset(_CUES["language_names"])
_LANGUAGE_VERBS = frozenset(_CUES["language_verbs"])
_LANGUAGE_AFTER = re.compile(
    r"(?:-|[ \t]+)(" + "|".join(sorted(_CUES["language_nouns_after"], key=len, reverse=True)) + r")\b"
)
_LANGUAGE_LINK = frozenset(("in", "into", "from", "fluent", "good", "basic", "some", "only", "mostly", "and", "or"))
_LIST_JOIN = re.compile(r"(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+|,[ \t]*(?:and|or)[ \t]+)$")


def _languages(text: str, matches: list[_Match]) -> list[_Match]:
    """Drop a demonym that names a language ("written in Spanish", "speaks Portuguese and French", "a
    Spanish-language paper", "Dutch lessons"): the labelling rules count no country for it."""
    if not matches:
        return matches
    kept: list[_Match] = []
    last_language_end = -1
    for m in matches:
        surface = m.entry.surface
        if m.entry.kind == "demonym" and surface in _LANGUAGE_NAMES:
            language = _LANGUAGE_AFTER.match(text, m.end) is not None
            if not language and last_language_end >= 0:
                joined = _LIST_JOIN.search(text, last_language_end, m.start)
                language = joined is not None and m.start - last_language_end < 8  # "Greek and Turkish"
            if not language:
                words = text[max(0, m.start - 40) : m.start].lower().split()[-3:]
                # a verb of speaking or writing, then at most two linking words: "written in", "speaks fluent"
                for i in range(len(words) - 1, -1, -1):
                    w = words[i].strip(",.;:")
                    if w in _LANGUAGE_VERBS:
                        language = True
                        break
                    if w not in _LANGUAGE_LINK:
                        break
            if language:
                last_language_end = m.end
                continue
        kept.append(m)
    return kept


_STREET_BEFORE = re.compile(
    r"(?<![\w-])(?:Avenida|Avenue|Av\.|Rua|Rue|Calle|Carrera|Via|Viale|Piazza|Plaza|Praça|Place|Boulevard|"
    r"Largo|Paseo|Platz)[ \t]+(?:(?:de|do|da|du|des|di|del|della|de[ \t]+la|dos|das)[ \t]+)?$"
)
_STREET_AFTER = re.compile(r"[ \t]+(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Lane|Drive|Square)\b")
_PLACE_OF = re.compile(r"[ \t]+(?:city|town|port|village|province|state|region|capital)[ \t]+of[ \t]+$")
_SAINT_PREFIX = ("San ", "Santa ", "Santo ", "São ", "Saint ", "St ", "St. ")
_CAPITALISED_NEXT = re.compile(r"[ \t]+(?:de[ \t]+|del[ \t]+)?[A-ZÀ-Ý][\w-]+")


def _streets(text: str, matches: list[_Match]) -> list[_Match]:
    """Street names ("Avenida do Brasil", "Rue de Rome", "Mexico Street") are no mention; "the Argentine city
    of San Juan" is Argentina's; a saint's name that begins a longer name ("San Juan Bautista Tuxtepec") is
    no city of its own."""
    kept: list[_Match] = []
    for i, m in enumerate(matches):
        if m.entry.kind in ("name", "city", "capital") and (
            _STREET_BEFORE.search(text, max(0, m.start - 30), m.start) or _STREET_AFTER.match(text, m.end)
        ):
            continue
        if m.entry.kind in ("city", "capital") and i and matches[i - 1].entry.kind == "demonym":
            prev = matches[i - 1]
            if prev.code and _PLACE_OF.fullmatch(text, prev.end, m.start):
                m.code = prev.code  # "the Argentine city of San Juan"
        if (
            m.entry.kind in ("city", "capital")
            and m.entry.surface.startswith(_SAINT_PREFIX)
            and _CAPITALISED_NEXT.match(text, m.end)
            and not _SENTENCE_END_BEFORE.match(text, m.end)
        ):
            continue
        kept.append(m)
    return kept


_SENTENCE_END_BEFORE = re.compile(r"[.!?]")


def _origin(text: str, m: _Match) -> bool:
    """A demonym naming a person's origin: "the Ghanaian director", "a Brazilian film director", and in German
    and Dutch a noun naming a person of the country ("die Österreicherin Lena Hofbauer": flag "o")."""
    if m.entry.kind != "demonym":
        return False
    if "o" in m.entry.flags:
        return True
    end = m.end
    for _ in range(2):  # the noun, or one word before it
        word = _WORD_AFTER.match(text[end : end + 40])
        if word is None:
            return False
        if word.group(2).lower() in _ORIGIN_NOUNS:
            return True
        end += word.end()
    return False


_AMOUNT = re.compile(
    r"(?:\d|\b(?:mln|million|millions|bln|billion|billions|thousand|trillion|tens|hundreds))[ \t]*\n?[ \t]*$"
)


def _amount_before(text: str, start: int) -> bool:
    """True after an amount: "48 mln U.S. dlrs", "2 billion", "3.5"."""
    return _AMOUNT.search(text, max(0, start - 12), start) is not None


def _currency(text: str, m: _Match) -> bool:
    """A country's name or demonym naming a currency: "Canadian dollar", "CANADIAN DLR BOND",
    "New Zealand dollar", "West German marks"."""
    if m.entry.kind not in ("name", "demonym"):
        return False
    nxt = (_next_word(text, m.end) or "").lower()
    return nxt in (_CURRENCY_WORDS_DEMONYM if m.entry.kind == "demonym" else _CURRENCY_WORDS)


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
        elif m.entry.surface == "Congo":
            # AP and most news today write "Congo" for the Democratic Republic; the Republic of
            # Congo is "Congo-Brazzaville" or named with its capital (or, in the 1980s, beside Zaire)
            if _CONGO_BRAZZAVILLE_CUES.search(full) and not _DRC_CUES.search(full):
                m.code = "CG"
        elif m.entry.surface == "Turkey":
            if _TURKISH_CUES.search(full):
                continue
            nxt = _next_word(full, m.end) if full[m.start : m.end] == m.entry.surface else None
            if (nxt and nxt.lower() in _FOOD_NEXT) or _BIRD_CUES.search(full):
                m.code = None


def _resolve_homonyms(matches: list[_Match], dl_code: str | None, gaz: _Gazetteer) -> None:
    """A city whose name the article's leading country also has ("Córdoba" in a story about
    Andalusia, "San Francisco" in one about Córdoba province) moves there when nothing but cities
    points to its own country. The leader is the country with the most dateline, name, demonym,
    region and capital evidence."""
    if not gaz.homonyms:
        return
    strong: dict[str, int] = {dl_code: 2} if dl_code else {}
    for m in matches:
        if m.code and m.entry.kind != "city" and not m.product:
            strong[m.code] = strong.get(m.code, 0) + 1
    if not strong:
        return
    leader = max(strong, key=lambda c: strong[c])
    for m in matches:
        if m.entry.kind != "city" or not m.code or m.code in strong:
            continue
        if leader in gaz.homonyms.get(m.entry.surface, ()):
            m.code = leader


def _seat_report(
    dl_code: str,
    place: str,
    title: str,
    body: str,
    matches: list[_Match],
    body_scores: dict[str, float],
    gaz: _Gazetteer,
) -> bool:
    """A dateline at an international organisation's seat ("GENEVA (AFP)" on cholera in Sudan,
    "NAIROBI, Kenya (AP)" on U.N. figures for Somalia): the story is about the countries it reports
    on. True when the dateline city is a seat, the text names an organisation, the seat's country
    has no evidence of its own beyond cities, and another country leads on body evidence."""
    city = _fold(re.split(r"[,(\u2013\u2014]|\s-", place, maxsplit=1)[0]).strip(" .:").lower()
    if city not in gaz.org_seats or gaz.org_pattern is None:
        return False
    if any(m.code == dl_code and m.entry.kind not in ("city", "capital") for m in matches):
        return False
    # the organisation is the lead's source ("the World Health Organization said on Friday")
    if not gaz.org_pattern.search(body, 0, _lead_end(body)) and not gaz.org_pattern.search(title):
        return False
    own = body_scores.get(dl_code, 0.0)
    return any(c != dl_code and v >= TOP_MIN_SCORE and v > own for c, v in body_scores.items())


# --- dateline -----------------------------------------------------------------------------


def _resolve_dateline(dateline: str, gaz: _Gazetteer) -> str | None:
    """Country of a dateline such as "SALVADOR, Feb 26 -", "NEW DELHI" or "HAMILTON, Bermuda"."""
    # "****LONDON, March 5 -": leading marks are no part of the place
    text = re.split(r"\s[-\u2013\u2014]|\(", dateline.lstrip("*#>.-\u2013\u2014 "), maxsplit=1)[0]
    # "JOHANNESBURG March 13", "LAKE SUCCESS, N.Y. March 3": a date without its comma
    parts = [_TRAILING_DATE.sub("", p).strip(" .:-\u2013\u2014") for p in text.split(",")]
    parts = [p for p in parts if p and not _MONTHS.match(p) and not p[:1].isdigit()]
    if not parts:
        return None
    # the most specific trustworthy piece is the last one naming a country or region
    for part in reversed(parts[1:]):
        code = _lookup_dateline(part, gaz) or _DATELINE_POSTAL.get(part)
        if code:
            return code
    code = _lookup_dateline(parts[0], gaz)
    if not code and " " in parts[0]:
        # "FARMINGTON Conn.": a state abbreviation without its comma
        code = _DATELINE_ABBR.get(parts[0].rsplit(" ", 1)[1].lower().rstrip(".") + ".")
    return code


# "March 3", "Apr 1" at the end of a dateline piece
_TRAILING_DATE = re.compile(
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}$", re.IGNORECASE
)
# Spellings of the same place name: "ST. PAUL" / "Saint Paul", "FT. WORTH" / "Fort Worth", and
# German umlauts written out in English copy ("DUESSELDORF", "Zuerich")
_DATELINE_VARIANTS = (
    (re.compile(r"^(?:st\.?|saint) "), "saint "),
    (re.compile(r"^(?:st\.?|saint) "), "st. "),
    (re.compile(r"^(?:st\.?|saint) "), "st "),
    (re.compile(r"^ft\.? "), "fort "),
    (re.compile(r"^mt\.? "), "mount "),
    (re.compile(r"(?<=[a-z])(?:ue|oe|ae)"), lambda m: m.group()[0]),
)


def _lookup_dateline(part: str, gaz: _Gazetteer) -> str | None:
    key = " ".join(part.split()).lower().rstrip(".")
    # state abbreviations first: "Pa." is Pennsylvania, not the town of Pa in Burkina Faso
    code = _DATELINE_ABBR.get(key + ".") or gaz.dateline.get(key) or gaz.dateline.get(key + ".")
    if code:
        return code
    for rx, repl in _DATELINE_VARIANTS:
        variant = rx.sub(repl, key)
        if variant != key:
            code = gaz.dateline.get(variant) or gaz.dateline.get(_fold(variant))
            if code:
                return code
    return None


_DATELINE_ABBR = {
    a.lower(): "US"
    for a in _words(
        "Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. "
        "Mich. Minn. Miss. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. "
        "R.I. S.C. S.D. Tenn. Tex. Va. Vt. Wash. Wis. W.Va. Wyo. D.C. Me. Penn."
    )
} | {a.lower(): "CA" for a in _words("Ont. Que. B.C. Alta. Man. Sask. N.S.")}
# A US state's postal code after the town ("NORTH DIGHTON, MA.", "Austin, TX"), as press releases
# write datelines
_DATELINE_POSTAL = {code: "US" for code in _POSTAL_CODES}


def _body_dateline(body: str, gaz: _Gazetteer) -> tuple[str | None, int, int]:
    """An upper-case wire dateline at the start of the body: (code, start, end) of its place."""
    m = _BODY_DATELINE.match(body[:80])
    if not m:
        mixed = _BODY_DATELINE_MIXED.match(body[:80])
        code = _lookup_dateline(mixed.group(1), gaz) if mixed else None
        return (code, mixed.start(1), mixed.end(1)) if mixed and code else (None, 0, 0)
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
    language: str = "",
) -> tuple[CountryTag, ...]:
    """Countries an article mentions, most salient first; ``about`` follows the module rule.

    ``language`` (ISO 639-1, as detected) adds that language's names, demonyms and cities and
    its own disambiguation (see the module docstring); English names are always matched."""
    gaz = _gazetteer(language)
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
    anchors: dict[str, str] = {}
    if dl_code:
        # "LEBANON, N.H. -": the town's name follows the dateline's region for the whole article
        place = (dateline if dateline.strip() else body[dl_span[0] : dl_span[1]]).split(",")
        if len(place) > 1:
            for m in _find(place[0], gaz):
                if m.code and m.code != dl_code:
                    anchors[m.entry.surface] = dl_code

    # body
    body_matches = _find(body, gaz)
    if ignore_spans or dl_span[1]:
        spans = (*ignore_spans, dl_span) if dl_span[1] else ignore_spans
        body_matches = [m for m in body_matches if not any(m.start < e and s < m.end for s, e in spans)]
    body_matches = _streets(body, _languages(body, _filter(body, body_matches, gaz, anchors=anchors)))
    title_matches = (
        _languages(title, _filter(title, _find(title, gaz), gaz, headline=title.isupper(), anchors=anchors))
        if title
        else []
    )
    if any("g" in m.entry.flags for m in body_matches + title_matches):
        _resolve_ambiguous(f"{title}\n{body}", body_matches + title_matches, dl_code)
    dl_surface = ""
    if dl_code:
        place = (dateline if dateline.strip() else body[dl_span[0] : dl_span[1]]).split(",")[0]
        found = _find(place.strip().title(), gaz)
        dl_surface = found[0].entry.surface if len(found) == 1 else ""
    towns = _resolve_us_places(body, title, body_matches, title_matches, anchors, dl_code, gaz, dl_surface)
    if dl_code and dl_code != "US" and dl_surface in towns:
        # "MEXICO —" over Audrain County news: the dateline is the town's
        scores[dl_code] -= DATELINE_WEIGHT
        mentions[dl_code] -= 1
        about.discard(dl_code)
        evidence["US"] = evidence.pop(dl_code, [])
        methods.pop(dl_code, None)
        if not mentions[dl_code]:
            del scores[dl_code], mentions[dl_code]
        dl_code = "US"
        add(dl_code, DATELINE_WEIGHT, "dateline")
        about.add(dl_code)
    _resolve_homonyms(body_matches + title_matches, dl_code, gaz)
    body_matches = _first_names_by_verb(body, body_matches, dl_code)
    if any("c" in m.entry.flags for m in body_matches + title_matches):
        body_matches, title_matches = _corroborated(body_matches, title_matches, dl_code)

    lead_end = _lead_end(body)
    # (wire copy only: in a feature, "the US and China are its biggest markets" opens sentences too)
    pair = _lead_pair(body, body_matches, lead_end) if dl_code else set()
    local_codes: set[str] = set()  # named in the lead, or twice by a town or region later
    later_local: set[str] = set()
    for m in body_matches:
        if m.code is None:
            continue
        weight = KIND_WEIGHT.get(m.entry.kind, 0.5)
        if (
            m.entry.surface in _MARKET_ADJECTIVES and (_next_word(body, m.end) or "").lower() in _MARKET_NOUNS
        ) or _currency(body, m):
            weight *= AMOUNT_WEIGHT if _amount_before(body, m.start) else MARKET_WEIGHT
        if m.product:
            weight *= PRODUCT_WEIGHT
        if _trade_partner(body, m.start) or _origin(body, m):
            weight *= TRADE_WEIGHT
        if m.start < lead_end:
            weight += LEAD_BONUS * weight
            local_codes.add(m.code)
        elif m.entry.kind in ("city", "region", "abbr"):
            # a town or region later on counts when it comes back (not a one-sentence aside)
            if m.code in later_local:
                local_codes.add(m.code)
            later_local.add(m.code)
        add(m.code, weight, m.entry.kind)
        body_scores[m.code] = body_scores.get(m.code, 0.0) + weight
        evidence.setdefault(m.code, []).append(Evidence(body[m.start : m.end], m.start, m.end))

    if not dl_code:
        # "Kent County Council", "the Shire of Broome": local government that names its country
        # (a substring test first: a regex scan of every body would cost more than the rest)
        for hint, rx, code in gaz.institutions:
            if (code not in body_scores and body_scores) or hint not in body:
                continue
            hit = rx.search(body)
            if hit:
                weight = KIND_WEIGHT["city"] * (1 + LEAD_BONUS if hit.start() < lead_end else 1)
                add(code, weight, "local")
                body_scores[code] = body_scores.get(code, 0.0) + weight
                local_codes.add(code)
                evidence.setdefault(code, []).append(Evidence(hit.group(), hit.start(), hit.end()))

    if "US" in body_scores and not dl_code:
        # local-news cues (county, sheriff, school district...) back up a lone state mention
        cues = len(set(_US_LOCAL_CUES.findall(body)))
        if cues >= 2:
            bonus = min(US_LOCAL_MAX, US_LOCAL_WEIGHT * cues)
            add("US", bonus, "local")
            mentions["US"] -= 1
            body_scores["US"] += bonus

    dl_place = dateline or body[dl_span[0] : dl_span[1]]
    if dl_code and gaz.org_seats and _seat_report(dl_code, dl_place, title, body, body_matches, body_scores, gaz):
        # where the reporter was, not what the story is about: the dateline counts as a city
        about.discard(dl_code)
        scores[dl_code] -= DATELINE_WEIGHT - KIND_WEIGHT["city"]

    partner_end = -1  # where the title's last trade partner ended
    for m in title_matches:
        if m.code is None:
            continue
        # a title city is weaker than a title country ("BAHIA COCOA REVIEW" is about Brazil,
        # but "LONDON GOLD" is mostly about a market)
        weight = TITLE_WEIGHT * (1.0 if m.entry.kind != "city" else 0.5) * (PRODUCT_WEIGHT if m.product else 1.0)
        currency = _currency(title, m)
        if currency:
            # "OKB ISSUES CANADIAN DLR BOND": the bond's currency, not the subject
            weight *= MARKET_WEIGHT
        # "Tea prices rise on demand from Pakistan, Egypt", "exports to China and India": the buyers in
        # another country's figures; not "sales in France", where the sales are France's
        partner = _trade_partner(title, m.start, ("to", "from")) or (
            partner_end >= 0 and title[partner_end : m.start].lower() in (", ", " and ", " or ", " & ")
        )
        if partner:
            weight *= TRADE_WEIGHT
            partner_end = m.end
        origin = _origin(title, m)  # "Kenyan runner wins in Berlin", "Sudanese refugees reach Chad"
        if origin:
            weight *= TRADE_WEIGHT
        add(m.code, weight, "title")
        if m.entry.kind != "city" and not m.product and not currency and not partner and not origin:
            about.add(m.code)

    if not scores:
        return ()
    best = max(scores.values())
    best_body = max(body_scores.values(), default=0.0)
    second_body = sorted(body_scores.values())[-2] if len(body_scores) > 1 else 0.0
    tags = []
    for code, score in scores.items():
        is_about = (
            code in about
            or code in pair
            or (score >= ABOUT_MIN_SCORE and (score >= ABOUT_MIN_SHARE * best or score >= ABOUT_STRONG_SCORE))
            # with no dateline or title to go by, the leader of the body is the subject
            or (not about and body_scores.get(code, 0.0) == best_body and best_body >= TOP_MIN_SCORE)
            # local news: a town or region (or a lead mention) leads, far ahead of any other country
            or (
                not about
                and code in local_codes
                and body_scores.get(code, 0.0) == best_body
                and best_body >= LOCAL_MIN_SCORE
                and best_body >= LOCAL_LEAD * second_body
            )
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


_BETWEEN = ("between", "entre", "zwischen", "tussen", "tra")


def _lead_pair(body: str, matches: list[_Match], lead_end: int) -> set[str]:
    """Two countries named as the joint subject of the lead sentence ("Malaysia and Singapore will
    resume talks", "the crossing between Pakistan and Afghanistan")."""
    end = body.find(". ", 0, lead_end)
    end = lead_end if end < 0 else end
    lead = [m for m in matches if m.start < end and m.code and m.entry.kind == "name" and not m.product]
    out: set[str] = set()
    for a, b in itertools.pairwise(lead):
        if a.code == b.code or body[a.end : b.start] not in (" and ", " und ", " et ", " y ", " e ", " en "):
            continue
        # the sentence opens with them (after the dateline), or they are the two sides "between"
        before = body[max(0, a.start - 12) : a.start].rstrip()
        if not before or before.endswith(("\u2014", "-", ":", ")")) or before.lower().endswith(_BETWEEN):
            out.update((a.code, b.code))
    return out


def _lead_end(body: str) -> int:
    """End of the lead: the first paragraph or LEAD_CHARS, whichever comes first."""
    para = re.search(r"\n\s*\n|\n[ \t]+", body[40:])
    end = 40 + para.start() if para else len(body)
    return min(end, LEAD_CHARS)
