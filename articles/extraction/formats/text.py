"""Reader for an article pasted as plain text from a news web page.

A pasted page is a sequence of lines: navigation and share buttons, a photo caption with its
credit, a section kicker, the title, a standfirst, the byline and date, the body (with
advertisement markers, "Also read" links and captions in between) and, after the last paragraph,
lists of related headlines. Nothing marks which is which, so the reader classifies each line with
general rules (not one site's template):

* a *real paragraph* ends like a sentence and is not tiny; everything else is "short";
* the title is the longest short line before the first real paragraph; a short line just before
  it is the section;
* sentences between the title and the byline/date are the standfirst;
* the body runs from the first remaining paragraph to the last real paragraph; short
  headline-like lines after it (and runs of them, or lists under "Most viewed"-style headings,
  inside it) are related headlines, kept in ``extra["related"]``.

Every step is a single pass over the lines with anchored regular expressions applied only to
short lines, so the reader stays linear in the input size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from articles.extraction.entities import COMMON_CAPITALISED, PLACES
from articles.extraction.formats.dates import find_date
from articles.extraction.types import RawArticle

__all__ = ["parse_dateline", "read_text", "unwrap_text"]

# Lines longer than this are never metadata (bylines, dates, captions, buttons).
_SHORT = 300

# Share buttons, widgets and navigation that appear as whole lines on news pages.
_JUNK = frozenset(
    """
    share|share this|share this article|share this story|share article|share on facebook
    |share on twitter|share on whatsapp|share via|facebook|twitter|x|whatsapp|linkedin|telegram
    |reddit|pinterest|email|e-mail|mail|print|copy|copy link|link copied|copied|follow|follow us
    |advertisement|advert|ad|ads|sponsored|sponsored content|scroll for next|scroll to continue
    |scroll to continue with content|story continues below advertisement|continue reading
    |subscribe|subscribe now|sign in|log in|login|register|sign up|newsletter|read more|show more
    |load more|see more|view more|more|comments|comment|leave a comment|view comments
    |listen|listen to this article|listen to article|audio|save|save article|saved|bookmark
    |gift article|gift this article|reprints|reprints & permissions|menu|search|home
    |skip to content|skip to main content|back to top|close|image|video|watch|photos|gallery
    |expand|enlarge|zoom|font size|text size|a+|a-|aa|premium|exclusive|live|breaking
    |breaking news|ad feedback|report an error|feedback|top|next|previous|prev|next article
    |previous article|download app|open in app|get the app|install app|click here
    |all rights reserved|privacy policy|terms of use|cookie settings|manage cookies
    """.replace("\n", "").replace(" |", "|").strip().split("|")
)  # fmt: skip
_JUNK_RE = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?|m)\s+read|read time:?\s*\d+\s*min(?:ute)?s?"
    r"|\d+\s*(?:comments?|shares?|views?)|follow us on .{1,60}|follow (?:the )?.{1,60} on "
    r"(?:whatsapp|twitter|x|facebook|instagram|google news|telegram|linkedin)\b.*"
    r"|sign up (?:for|to) .{1,80}|subscribe (?:to|for|now|and) .{1,80}|download the .{1,50} app.*"
    r"|click here .{1,80}|(?:©|\(c\)|copyright)\s.{1,100}|get (?:the )?latest .{1,60} updates.*"
    r"|(?:tags?|topics?|keywords?|filed under)\s*:.*|join our .{1,60} channel.*"
    r"|(?:first|last) published on .{0,3}$)$",
    re.IGNORECASE,
)
# Headings of lists that are not the article: the lines under them are related headlines.
_LIST_HEADS = frozenset(
    """
    related|related topics|related stories|related articles|related news|related content
    |related coverage|more on this story|more on this topic|more stories|more news|more from
    |most viewed|most read|most popular|most shared|most commented|popular|popular now
    |trending|trending now|trending stories|top stories|top news|latest|latest news
    |latest stories|you may also like|you might also like|you may like|recommended
    |recommended for you|recommended stories|read next|up next|what to read next|also read
    |also see|see also|editor's picks|editors' picks|don't miss|must read|in case you missed it
    |more like this|more to explore|explore more|elsewhere on the site|from around the web
    |in other news|more in this section|related tags|more stories
    |mehr zum thema|lesen sie auch|das könnte sie auch interessieren|meistgelesen|auch interessant
    |lire aussi|à lire aussi|sur le même sujet|les plus lus|à la une
    |noticias relacionadas|te puede interesar|lo más leído|más noticias
    |leia também|veja também|mais lidas|notícias relacionadas
    |leggi anche|potrebbe interessarti|i più letti|lees ook|meest gelezen|czytaj też
    """.replace("\n", "").replace(" |", "|").strip().split("|")
)  # fmt: skip
_LIST_HEAD_RE = re.compile(r"^more (?:from|in|on|stories from|news from) [\w &'-]{2,40}$", re.I)
# "Also read: headline" / "READ | headline": an inline link to another story.
_RELATED_PREFIX = re.compile(
    r"^(?:also read|read also|also see|see also|read more|read|must read|related|recommended"
    r"|lire aussi|à lire aussi|voir aussi|lesen sie auch|mehr dazu|leia também|veja também|lea también"
    r"|lee también|ver también|leggi anche|lees ook|läs också|les også|czytaj też|czytaj także"
    r"|watch|listen|more|also|in pictures|opinion|analysis)\s*(?::|\||-|–|—|»|>)\s*(?P<h>.{3,250})$",
    re.IGNORECASE,
)

# "Image caption, ..." (BBC), "Caption: ..."
_CAPTION_PREFIX = re.compile(r"^(?:image caption|caption|photo caption)\s*[,:]\s*(?P<c>.+)$", re.I)
# "Image source, Getty Images", "Photo credit: AFP", "Photo: AFP"
_CREDIT_ONLY = re.compile(
    r"^\(?(?:image source|image credit|photo credit|picture credit|credit|photo|photograph"
    r"|picture|pic|image|file photo|representational image|source)\s*[,:|/]\s*(?P<cr>[^|]{1,80}?)\)?$",
    re.IGNORECASE,
)
# "<caption text> Photo | X", "<caption> (Photo: AFP)", "<caption> | Photo: PTI",
# "<caption> Photograph: Jane Doe/Reuters"
_CAPTION_WITH_CREDIT = re.compile(
    r"^(?P<c>.*?\S)[\s|(\[–—-]*\b(?:photo|photograph|picture|pic|image|file photo|photo credit"
    r"|image credit|image source|credit)\s*(?:\||:|/|,|by|courtesy(?: of)?)\s*"
    r"(?P<cr>[^|()\[\]]{1,80}?)[)\]]?\s*$",
    re.IGNORECASE,
)
# A line that is only a photo agency credit.
_AGENCY_CREDIT = re.compile(
    r"^(?:[\w.'-]+(?: [\w.'-]+){0,3}\s*/\s*)?(?:(?:[\w.'-]+ ){0,3}via )?"
    r"(?:getty images|shutterstock|alamy(?: stock photo)?|afp(?:/getty images)?|reuters/[\w .'-]{2,40}"
    r"|ap photo(?:/[\w .'-]{2,40})?|epa(?:-efe)?(?:/[\w .'-]{2,40})?|pa(?: media| wire)?"
    r"|nurphoto|sopa images|anadolu(?: agency)?|xinhua|bloomberg via getty images|imago)"
    r"(?:\s*/\s*[\w .'-]{2,40})?$",
    re.IGNORECASE,
)

_BY_PREFIX = re.compile(
    # English, then the same word in German, French, Spanish/Portuguese, Dutch, Scandinavian, Polish.
    r"^(?:by|written by|words by|reported by|report by|story by|text by|posted by|reporting by"
    r"|von|par|por|door|av|af|przez)"
    r"\s*:?\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_DATE_PREFIX = re.compile(
    r"^(?P<kind>published|updated|last updated|first published|posted|posted on|date|dated"
    r"|modified|last modified|created|updated on|published on)\b\s*(?:on|at)?\s*[:|-]?\s*",
    re.IGNORECASE,
)
_META_SPLIT = re.compile(r"\s*(?:[|•·]|\s[-–—]\s)\s*")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*", re.IGNORECASE)
_ROLE_WORDS = frozenset(
    """correspondent editor reporter writer staff columnist contributor desk bureau service
    analyst producer journalist chief senior special team online news agency agencies wire
    wires correspondents editors reporters writers contributors photographer photographers
    newsroom network media press digital associate deputy political diplomatic business
    economics sports health science technology culture foreign defence defense security
    international national world home affairs our""".split()
)
_AGENCIES = frozenset(
    """reuters ap afp pti ians ani bloomberg dpa efe xinhua ansa kyodo yonhap tass anadolu upi
    agencies associated press agence france-presse press trust of india""".split()
)
_PARTICLES = frozenset("van von der den de da das dos di du del della la le bin ibn al el ter ten".split())
# Latin letters with their accents ("Lucía", "Łukasz", "Müller"): names are not only ASCII.
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LO = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
_NAME_TOKEN = re.compile(
    rf"^(?:[{_UP}][{_LO}'’]*(?:[-'’][{_UP}]?[{_LO}]+)*|[{_UP}]\.(?:[{_UP}]\.)*|Mc[A-Z][a-z]+|[{_UP}]{{2,}})$"
)

# Datelines at the start of the first paragraph: "NEW DELHI:", "LONDON (Reuters) -",
# "WASHINGTON, March 3 -", "PARIS —", "SPRINGFIELD, Ill. (AP) —", "New Delhi, March 3 (PTI):".
_DL_DATE = (
    r"(?:\s*,\s*(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?)(?:,?\s+\d{4})?)"
)
_DL_AGENCY = r"(?:\s*\((?P<agency>[A-Za-z][A-Za-z .&-]{1,30}|Thomson Reuters Foundation)\))"
_DL_STATE = r"(?:\s*,\s*(?:[A-Z][a-z]{1,4}\.(?:\s?[A-Z][a-z]?\.)?|[A-Z]\.[A-Z]\.))"  # Calif., N.J.
_DL_SEP = r"\s*(?::|-{1,2}|–|—)\s+"
_DATELINE_CAPS = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})" + _DL_STATE + "?" + _DL_DATE + "?"
    + _DL_AGENCY + "?" + _DL_SEP + r"(?=[\"“‘'(\w])"
)  # fmt: skip
# Mixed case places need a date or an agency to be told from an ordinary sentence opening.
_DATELINE_MIXED = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})" + _DL_STATE + "?"
    + r"(?=" + _DL_DATE + r"|\s*\()" + _DL_DATE + "?" + _DL_AGENCY + "?" + _DL_SEP + r"(?=[\"“‘'(\w])"
)  # fmt: skip
_NOT_PLACES = frozenset(
    """BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION EDITORIAL NOTE FILE PHOTO
    VIDEO CORRECTION WARNING REVIEW COMMENT INTERVIEW FACT CHECK EXPLAINER FEATURE SPONSORED
    ADVERTISEMENT UPDATES READ ALSO FLASH URGENT BULLETIN Q A NEW""".split()
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_FULL_STOP_END = re.compile(r"[.…][\"”’'»)\]]*$")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_BULLET = re.compile(r"^[•·▪►▶»›*–-]\s*")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass
class _Unit:
    text: str
    kind: str = "text"  # text, junk, caption, credit, byline, date, listhead, related
    words: int = 0
    real: bool = False  # a real paragraph: reads as prose
    payload: object = None


def read_text(text: str) -> RawArticle:
    """Read one article pasted as plain text. Never raises on odd input; fields may be empty."""
    units = [_classify(p) for p in _paragraphs(text)]
    n = len(units)
    captions: list[tuple[str, str]] = []
    authors: list[str] = []
    published: datetime | None = None
    updated: datetime | None = None
    related: list[str] = []
    extra: dict[str, object] = {}

    def take_meta(u: _Unit, i: int) -> bool:
        """Record a metadata line; True if the line was consumed."""
        nonlocal published, updated
        if u.kind == "byline":
            names, when = u.payload  # type: ignore[misc]
            _merge(authors, names)
            if when and published is None:
                published = when
            return True
        if u.kind == "date":
            kind, when = u.payload  # type: ignore[misc]
            if kind == "updated":
                updated = updated or when
            elif published is None:
                published = when
            return True
        if u.kind == "caption":
            cap, credit = u.payload  # type: ignore[misc]
            # BBC-style pages put "Image source, X" just before "Image caption, Y".
            prev = units[i - 1] if i else None
            if not credit and prev is not None and prev.kind == "credit" and prev.payload:
                credit = prev.payload
                prev.payload = ""
            captions.append((cap, credit))
            return True
        if u.kind == "credit":
            if u.payload and captions and not captions[-1][1]:
                captions[-1] = (captions[-1][0], u.payload)
                u.payload = ""
            elif u.payload and i + 1 < n and units[i + 1].kind == "caption":
                pass  # picked up by the caption that follows
            elif u.payload:
                captions.append(("", u.payload))  # type: ignore[arg-type]
            return True
        return u.kind == "junk"

    # --- title and section: the longest short line before the first real paragraph
    first_real = next((i for i, u in enumerate(units) if u.real and u.kind == "text"), n)
    first_meta = next((i for i, u in enumerate(units[:first_real]) if u.kind in ("byline", "date")), first_real)
    title_idx = _pick_title(units, 0, first_meta)
    if title_idx is None and first_meta < first_real:
        title_idx = _pick_title(units, first_meta, first_real)
    title = units[title_idx].text if title_idx is not None else ""
    section = ""
    if title_idx is not None:
        for j in range(title_idx - 1, -1, -1):
            u = units[j]
            if u.kind != "text":
                continue
            if not u.real and u.words <= 5 and len(u.text) <= 50:
                section = _section_name(u.text)
            break

    # --- header after the title: standfirst, byline, date, captions
    standfirst: list[str] = []
    i = 0
    while i < n:
        u = units[i]
        if i == title_idx or (title_idx is not None and i < title_idx and u.kind == "text"):
            i += 1
            continue
        if take_meta(u, i) or u.kind in ("listhead", "related"):
            i += 1
            continue
        if u.real:
            if title and not authors and published is None and _is_standfirst(units, i):
                standfirst.append(u.text)
                i += 1
                continue
            break
        # a short line before the body: a byline without "By" once the title is known, else noise
        # (a kicker, "3 min read") that is not part of the article text
        if title_idx is not None and i > title_idx and not authors:
            parsed = _parse_byline(u.text, bare=True)
            if parsed:
                _merge(authors, parsed[0])
                published = published or parsed[1]
            elif i == title_idx + 1 and u.words >= 10 and u.kind == "text" and not standfirst:
                standfirst.append(u.text)  # a standfirst without a full stop, right under the title
        i += 1
    body_start = i

    # --- body: from the first paragraph to the last real one
    body_units: list[_Unit] = []
    in_list = False
    for j in range(body_start, n):
        u = units[j]
        if take_meta(u, j):
            in_list = False if u.kind == "junk" and in_list and u.text.lower() == "advertisement" else in_list
            continue
        if u.kind == "listhead":
            in_list = True
            continue
        if u.kind == "related":
            related.append(u.payload)  # type: ignore[arg-type]
            continue
        if u.real:
            in_list = False
        elif in_list:
            if u.words >= 2:
                related.append(u.text)
            continue
        if u.text == title and not body_units:
            continue
        body_units.append(u)
    last_real = max((k for k, u in enumerate(body_units) if u.real), default=-1)
    for u in body_units[last_real + 1 :]:
        if u.words >= 3 and not _SENTENCE_END.search(u.text):
            related.append(u.text)
    body_units = _drop_headline_runs(body_units[: last_real + 1], related)
    paragraphs = [u.text for u in body_units]

    dateline = ""
    if paragraphs:
        parsed_dl = parse_dateline(paragraphs[0])
        if parsed_dl:
            dateline, rest, agency = parsed_dl
            paragraphs[0] = rest
            if agency:
                extra["agency"] = agency

    if not title and not paragraphs and standfirst:
        paragraphs, standfirst = standfirst, []
    if published is None and updated is not None:
        published = updated
    if updated is not None and updated != published:
        extra["updated"] = updated.isoformat()
    caption, caption_credit = captions[0] if captions else ("", "")
    if len(captions) > 1:
        extra["captions"] = [c for c, _ in captions[1:] if c]
    if related:
        extra["related"] = list(dict.fromkeys(r for r in related if r and r != title))
    return RawArticle(
        body="\n\n".join(paragraphs),
        title=title,
        standfirst=" ".join(standfirst),
        section=section,
        authors=tuple(authors),
        dateline=dateline,
        published=published,
        caption=caption,
        caption_credit=caption_credit,
        extra=extra,
        original=text,
        format="text",
    )


def parse_dateline(paragraph: str) -> tuple[str, str, str] | None:
    """Split a leading dateline off a paragraph: (place, rest of paragraph, agency) or None."""
    head = paragraph[:120]
    m = _DATELINE_CAPS.match(head)
    if m and not set(m["place"].replace(".", " ").split()) <= _NOT_PLACES and len(m["place"]) >= 3:
        place = m["place"]
    else:
        m = _DATELINE_MIXED.match(head)
        if not m or m["place"].split()[0] in COMMON_CAPITALISED:
            return None
        place = m["place"]
    rest = paragraph[m.end() :]
    if not rest.strip():
        return None
    return place.strip(" .,"), rest, (m["agency"] or "").strip()


# --- lines ------------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    """Lines of the page, with hard-wrapped paragraphs (e-mail, wire copy) joined back up."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if len(lines) > 2 and _is_wrapped(lines):
            out.extend(_unwrap(lines))
        else:
            out.extend(_WS.sub(" ", ln).strip() for ln in lines)
    return [p for p in out if p]


def unwrap_text(text: str) -> str:
    """Hard-wrapped text (wire copy: a line break every ~70 columns, paragraphs indented or
    separated by blank lines) joined back into paragraphs separated by blank lines; text that is
    not wrapped comes back unchanged. Otherwise "New\nJersey" stays two lines on the page and
    the taggers read "Jersey" alone."""
    if "\n" not in text:
        return text
    blocks = _BLANK_LINE.split(text)
    out: list[str] = []
    changed = False
    for block in blocks:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if len(lines) > 2 and _is_wrapped(lines):
            out.extend(_unwrap(lines))
            changed = True
        elif lines:
            out.append(block.strip("\n"))
    return "\n\n".join(out) if changed else text


def _is_wrapped(lines: list[str]) -> bool:
    # Hard-wrapped text has most lines close to one width (60-100 columns); a pasted web page has
    # one paragraph per line, of any length.
    width = max(len(ln.rstrip()) for ln in lines)
    if not 40 <= width <= 100:
        return False
    near = sum(1 for ln in lines[:-1] if len(ln.rstrip()) >= 0.6 * width)
    return near >= 0.6 * (len(lines) - 1)


def _unwrap(lines: list[str]) -> list[str]:
    width = max(len(ln.rstrip()) for ln in lines)
    paras: list[list[str]] = []
    prev = ""
    for ln in lines:
        indented = ln[:1] in (" ", "\t")
        s = _WS.sub(" ", ln).strip()
        new = (
            not paras
            or indented
            or len(prev) < 0.6 * width
            or (_SENTENCE_END.search(prev) is not None and len(prev) < 0.85 * width)
        )
        if new:
            paras.append([s])
        else:
            paras[-1].append(s)
        prev = ln.rstrip()
    return [" ".join(p) for p in paras]


def _classify(text: str) -> _Unit:
    words = len(text.split())
    u = _Unit(text=text, words=words)
    u.real = _is_real(text, words)
    if len(text) > _SHORT:
        return u
    low = text.lower().strip(" :.!|>»")
    if low in _JUNK or _JUNK_RE.match(text) or _all_share_words(low):
        u.kind = "junk"
    elif low in _LIST_HEADS or _LIST_HEAD_RE.match(low):
        u.kind = "listhead"
    elif m := _CAPTION_PREFIX.match(text):
        u.kind, u.payload = "caption", (m["c"].strip(), "")
    elif m := _CREDIT_ONLY.match(text):
        u.kind, u.payload = "credit", m["cr"].strip()
    elif (m := _CAPTION_WITH_CREDIT.match(text)) and _credit_ok(m["cr"]):
        u.kind, u.payload = "caption", (m["c"].strip(" |–—-"), m["cr"].strip())
    elif _AGENCY_CREDIT.match(text):
        u.kind, u.payload = "credit", text
    elif (m := _BY_PREFIX.match(text)) and not u.real:
        parsed = _parse_byline(m["rest"], bare=False)
        if parsed is not None:
            u.kind, u.payload = "byline", parsed
    elif (m := _RELATED_PREFIX.match(text)) and len(m["h"].split()) >= 2:
        u.kind, u.payload = "related", m["h"].strip()
    elif not u.real and (when := _date_line(text)):
        u.kind, u.payload = "date", when
    if u.kind != "text":
        u.real = False
    return u


def _is_real(text: str, words: int) -> bool:
    """Reads as prose: a paragraph of the article rather than a headline, label or button."""
    if words >= 35:
        return True
    if _FULL_STOP_END.search(text):
        return words >= 4
    # Questions and exclamations are common in headlines; only longer ones count as prose.
    return words >= 12 and _SENTENCE_END.search(text) is not None


def _all_share_words(low: str) -> bool:
    parts = [p for p in re.split(r"[\s,|/•·]+", low) if p]
    return 1 < len(parts) <= 10 and all(p in _JUNK for p in parts)


def _credit_ok(credit: str) -> bool:
    # "Photo | X" gives a short credit; a long one means "photo" was just a word in a sentence.
    return 0 < len(credit.split()) <= 6 and not _SENTENCE_END.search(credit.strip())


def _date_line(text: str) -> tuple[str, datetime] | None:
    if len(text) > 120:
        return None
    found: tuple[str, datetime] | None = None
    for part in _META_SPLIT.split(text):
        m = _DATE_PREFIX.match(part)
        rest = part[m.end() :] if m else part
        if not m and len(part.split()) > 8:
            continue
        when = find_date(rest)
        if when is None:
            continue
        kind = "updated" if m and re.search("updated|modified", m["kind"], re.IGNORECASE) else "published"
        if found is None or (found[0] == "updated" and kind == "published"):
            found = (kind, when)
    if found is None:
        return None
    # "3 March 2024" alone, or with a prefix; not a sentence that merely contains a date.
    if not _DATE_PREFIX.match(text) and len(text.split()) > 12:
        return None
    return found


def _parse_byline(text: str, *, bare: bool) -> tuple[list[str], datetime | None] | None:
    """Authors (and a date, when the byline carries one) from a byline, or None.

    `bare` is a line without "By": it must consist only of names, roles and agencies, so that a
    kicker or a place name is not mistaken for an author.
    """
    if len(text) > 200 or (_SENTENCE_END.search(text) and not re.search(r"\b[A-Z]\.$", text)):
        return None
    when: datetime | None = None
    names: list[str] = []
    seen_other = False
    segments = _META_SPLIT.split(text)
    for k, seg in enumerate(segments):
        seg = re.sub(r"@\w+|\S+@\S+", "", seg).strip(" ,;:")
        if not seg:
            continue
        if k > 0 and (_DATE_PREFIX.match(seg) or find_date(seg)):
            d = _date_line(seg)
            when = when or (d[1] if d else None)
            continue
        # "Jane Doe Published: 3 March 2024": a date glued to the names
        dm = re.search(r"\s(?:published|updated|posted)\b.*$", seg, re.IGNORECASE)
        if dm:
            d = _date_line(dm.group(0).strip())
            when = when or (d[1] if d else None)
            seg = seg[: dm.start()]
        seg = re.sub(r"\s+in\s+[A-Z][\w .'-]+$", "", seg)  # "Jane Doe in London"
        for piece in _NAME_SPLIT.split(seg):
            piece = piece.strip(" .") if not re.search(r"\b[A-Z]\.$", piece) else piece.strip()
            if not piece:
                continue
            name = _as_name(piece, bare=bare) or _as_name(_strip_roles(piece), bare=bare)
            if name:
                if k == 0:
                    names.append(name)
                continue
            if _is_role_or_agency(piece):
                seen_other = True
                continue
            if bare:
                return None
    if not names:
        # "By Reuters", "By Our Correspondent": a byline without a person
        return ([], when) if not bare and seen_other else None
    return names, when


def _strip_roles(piece: str) -> str:
    # "RUTH OKAFOR Associated Press", "Jane Doe Political Editor": the name before the role.
    tokens = piece.split()
    while len(tokens) > 2 and (tokens[-1].lower() in _ROLE_WORDS or tokens[-1].lower() in _AGENCIES):
        tokens.pop()
    return " ".join(tokens)


def _as_name(piece: str, *, bare: bool = True) -> str:
    tokens = piece.split()
    if not 2 <= len(tokens) <= 4 or tokens[0].lower() in _PARTICLES or tokens[-1].lower() in _PARTICLES:
        return ""
    caps = piece.isupper()
    out = []
    for tok in tokens:
        low = tok.lower()
        if low in _PARTICLES:
            out.append(low)
            continue
        if caps and len(tok) > 2 and "." not in tok:
            tok = tok.capitalize() if "-" not in tok else "-".join(t.capitalize() for t in tok.split("-"))
        if not _NAME_TOKEN.match(tok) or (tok.isupper() and len(tok) > 1 and "." not in tok):
            return ""
        # After "By", a token that is also a place is still a name ("Ricardo Lima", "Jordan Hale").
        if low in _ROLE_WORDS or low in _AGENCIES or tok in COMMON_CAPITALISED or (bare and tok in PLACES):
            return ""
        out.append(tok)
    name = " ".join(out)
    return "" if name in PLACES else name


def _is_role_or_agency(piece: str) -> bool:
    low = piece.lower()
    if low in _AGENCIES:
        return True
    words = re.findall(r"[a-z'-]+", low)
    return bool(words) and len(words) <= 6 and any(w in _ROLE_WORDS or w in _AGENCIES for w in words)


def _merge(authors: list[str], names: list[str]) -> None:
    for name in names:
        if name not in authors:
            authors.append(name)


def _section_name(text: str) -> str:
    # Breadcrumbs ("News > World > Europe"): the last crumb is the section.
    parts = [p.strip() for p in re.split(r"\s*[>›»/|]\s*", text) if p.strip()]
    return parts[-1] if parts else ""


def _pick_title(units: list[_Unit], start: int, stop: int) -> int | None:
    best: int | None = None
    single: int | None = None
    for i in range(start, stop):
        u = units[i]
        if u.kind != "text" or u.real or not 1 <= u.words <= 40 or len(u.text) > 300:
            continue
        if u.words == 1:
            # A one-word headline ("Floods", "Brexit!") is a title only when no longer line is.
            single = i if single is None and len(u.text) >= 3 else single
            continue
        # the longest short line: kickers and section names are shorter than headlines
        if best is None or len(u.text) > len(units[best].text):
            best = i
    if best is not None and units[best].words >= 10:
        # "Title" then a longer unpunctuated standfirst line: the headline is the line just
        # before it (a kicker or breadcrumb is shorter, and has no more than four words).
        prev = next((j for j in range(best - 1, start - 1, -1) if units[j].kind != "junk"), None)
        if prev is not None and _title_like(units[prev]) and units[prev].words < units[best].words:
            return prev
    return best if best is not None else single


def _title_like(u: _Unit) -> bool:
    return u.kind == "text" and not u.real and 5 <= u.words <= 25 and not re.search(r"[>›»|/]", u.text)


def _is_standfirst(units: list[_Unit], i: int) -> bool:
    """A sentence right after the title is the standfirst when a byline, a date or a dateline
    paragraph follows it; otherwise it is the body's first paragraph."""
    for j in range(i + 1, min(len(units), i + 8)):
        u = units[j]
        if u.kind in ("junk", "caption", "credit"):
            continue
        if u.kind in ("byline", "date"):
            return True
        if u.kind != "text":
            return False
        if not u.real:
            return _parse_byline(u.text, bare=True) is not None
        return parse_dateline(u.text) is not None and parse_dateline(units[i].text) is None
    return False


def _drop_headline_runs(body: list[_Unit], related: list[str]) -> list[_Unit]:
    """Runs of 3+ headline-like lines inside the body are a links box, not subheadings."""
    out: list[_Unit] = []
    run: list[_Unit] = []

    def flush() -> None:
        if len(run) >= 3:
            related.extend(u.text for u in run)
        else:
            out.extend(run)
        run.clear()

    for u in body:
        if not u.real and u.words >= 4 and not _BULLET.match(u.text) and not _SENTENCE_END.search(u.text):
            run.append(u)
            continue
        flush()
        out.append(u)
    flush()
    return out
