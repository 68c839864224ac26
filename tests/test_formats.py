"""Format readers: plain text pasted from news pages (invented layouts), JSON Lines, detection."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.extraction.formats import detect_format, read_records
from articles.extraction.formats.jsonl import read_jsonl
from articles.extraction.formats.text import parse_dateline, read_text
from articles.extraction.types import RawArticle, ReadError

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "000_5161692d235e5a0a.txt"

# --- invented pages, one per layout family ----------------------------------------------------

# A regional daily: breadcrumb, title, standfirst, "By", published line, share row, dateline
# with agency, ads and "Also read" inside, "Most viewed" list and a footer after the body.
HARBOUR_GAZETTE = """Home > News > Business

Port authority approves expansion of northern container terminal

The decision ends two years of wrangling over dredging and is expected to add 800 jobs.

By Jane Doe and John Roe
Published: 3 March 2024 10:15 IST | Updated: 4 March 2024 08:00 IST

Share
Facebook
Twitter
WhatsApp
Copy link

KINGSPORT (Reuters) - The Kingsport Port Authority on Sunday approved a plan to extend the northern container terminal by 400 metres, its chairman said.

Advertisement

The work will begin in the autumn and take three years, according to the plan published on the authority's website.

Also read: Fishermen protest new quay fees

"This is the biggest investment in the harbour for a generation," said chairman Peter Grant.

Most viewed

Council tax to rise by five percent next year

Storm warning issued for the coast on Friday

Local bakery wins national award

Subscribe
"""

# A national broadsheet: photo credit and caption lines (BBC style), no blank lines at all,
# byline with the agency after a pipe, and a date on its own line.
CITY_LEDGER = (
    "Politics\n"
    "Minister resigns over housing contracts row\n"
    "Jane Doe | Reuters\n"
    "Updated March 3, 2024\n"
    "Image source, Getty Images\n"
    "Image caption, The minister leaving her office on Monday\n"
    "WASHINGTON, March 3 - The housing minister resigned on Sunday after a week of reports that "
    "contracts had been awarded to firms run by friends of her advisers.\n"
    "She denied any wrongdoing in a short statement and said she would cooperate with the inquiry.\n"
    "Related Topics\n"
    "Housing\n"
    "Government contracts\n"
)

# A tabloid: photo caption with its credit at the end of the line, a kicker, "Written by",
# an ISO date, "Read more" links in the body and a trailing list of headlines without a heading.
EVENING_STAR = """Rescue teams search the flooded valley on Tuesday. Photo: AFP
EXCLUSIVE
Flood victims say warnings came too late
Written by Sam Poe
2024-03-03

PARIS — Residents of the valley said on Tuesday that the first flood warning reached their phones two hours after the water had entered their homes.

Read more

The regional prefecture said an inquiry would examine why the alert system had failed.

Officials have promised compensation for every household affected by the floods.

Prices of fuel climb for third week

Star striker signs new contract until 2027

Ten things to do in the city this weekend

SCROLL FOR NEXT
"""

# A news agency feed pasted by hand: no section, no byline, a dateline with a colon and
# the sign-off; hard-wrapped lines as in wire copy.
WIRE_COPY = """ACME MOTORS PROFIT FALLS ON WEAK EXPORTS

    DETROIT, Feb 26 - Acme Motors Corp said on Thursday its
quarterly profit fell 12 pct as exports to Europe slowed and
the cost of steel rose.
    The company said it expected demand to recover in the second
half of the year.
    Reuter
"""

# A local news site: kicker, title, standfirst, a bare byline with a role, a trending list
# under a heading, a "Follow us" line, and an inline photo line in the body.
VALLEY_VOICE = """Local News

Library reopens after two-year renovation

The town's main library has reopened with a new children's wing and a cafe.

Mary Smith, Community Reporter

Follow us on WhatsApp

The town library reopened its doors on Saturday after a renovation that cost £2.4m and took two years to complete.

Children queue at the new entrance. Picture: Tom Hardy

Head librarian Ann Lee said the building now had twice as many study spaces as before.

Trending

Road closures planned for marathon

New bus timetable starts Monday

Tags: library, renovation
"""


def _read(text: str) -> RawArticle:
    return read_text(text)


@pytest.mark.parametrize(
    ("page", "field", "expected"),
    [
        # breadcrumb: the last crumb is the section
        (HARBOUR_GAZETTE, "section", "Business"),
        # the longest short line before the first paragraph is the title
        (HARBOUR_GAZETTE, "title", "Port authority approves expansion of northern container terminal"),
        # a sentence between the title and the byline is the standfirst
        (
            HARBOUR_GAZETTE,
            "standfirst",
            "The decision ends two years of wrangling over dredging and is expected to add 800 jobs.",
        ),
        # "By A and B" gives two authors
        (HARBOUR_GAZETTE, "authors", ("Jane Doe", "John Roe")),
        # "Published: ... IST" wins over "Updated", converted to UTC
        (HARBOUR_GAZETTE, "published", datetime(2024, 3, 3, 4, 45, tzinfo=UTC)),
        # "PLACE (Reuters) -" dateline
        (HARBOUR_GAZETTE, "dateline", "KINGSPORT"),
        # section line with no breadcrumb
        (CITY_LEDGER, "section", "Politics"),
        (CITY_LEDGER, "title", "Minister resigns over housing contracts row"),
        # "Name | Agency" bare byline
        (CITY_LEDGER, "authors", ("Jane Doe",)),
        # "Updated <date>" is used when there is no published date
        (CITY_LEDGER, "published", datetime(2024, 3, 3, tzinfo=UTC)),
        # BBC-style "Image caption," + preceding "Image source," credit
        (CITY_LEDGER, "caption", "The minister leaving her office on Monday"),
        (CITY_LEDGER, "caption_credit", "Getty Images"),
        # "PLACE, Month D -" dateline
        (CITY_LEDGER, "dateline", "WASHINGTON"),
        # no standfirst when none is between title and byline
        (CITY_LEDGER, "standfirst", ""),
        # caption with "Photo: X" credit before the title
        (EVENING_STAR, "caption", "Rescue teams search the flooded valley on Tuesday."),
        (EVENING_STAR, "caption_credit", "AFP"),
        (EVENING_STAR, "title", "Flood victims say warnings came too late"),
        # a label such as "EXCLUSIVE" is neither the title nor a section
        (EVENING_STAR, "section", ""),
        # "Written by"
        (EVENING_STAR, "authors", ("Sam Poe",)),
        # ISO date line
        (EVENING_STAR, "published", datetime(2024, 3, 3, tzinfo=UTC)),
        # em-dash dateline
        (EVENING_STAR, "dateline", "PARIS"),
        # wire copy: the all-caps headline, a "Month D -" dateline, no author
        (WIRE_COPY, "title", "ACME MOTORS PROFIT FALLS ON WEAK EXPORTS"),
        (WIRE_COPY, "dateline", "DETROIT"),
        (WIRE_COPY, "authors", ()),
        # bare byline with a role after a comma
        (VALLEY_VOICE, "authors", ("Mary Smith",)),
        (VALLEY_VOICE, "section", "Local News"),
        (VALLEY_VOICE, "standfirst", "The town's main library has reopened with a new children's wing and a cafe."),
        # "Picture: X" caption inside the body
        (VALLEY_VOICE, "caption", "Children queue at the new entrance."),
        (VALLEY_VOICE, "caption_credit", "Tom Hardy"),
        # no date anywhere
        (VALLEY_VOICE, "published", None),
    ],
)
def test_read_text_fields(page: str, field: str, expected: object) -> None:
    assert getattr(_read(page), field) == expected


@pytest.mark.parametrize(
    ("page", "first", "last", "paragraphs"),
    [
        # dateline removed; ads, "Also read" and the most-viewed list dropped
        (HARBOUR_GAZETTE, "The Kingsport Port Authority on Sunday", "said chairman Peter Grant.", 3),
        # paragraphs without blank lines; "Related Topics" list dropped
        (CITY_LEDGER, "The housing minister resigned", "cooperate with the inquiry.", 2),
        # trailing headlines without a heading and SCROLL FOR NEXT dropped
        (EVENING_STAR, "Residents of the valley", "every household affected by the floods.", 3),
        # hard-wrapped wire copy joined back into paragraphs; the sign-off is not a paragraph
        (WIRE_COPY, "Acme Motors Corp said on Thursday its quarterly profit", "second half of the year.", 2),
        # caption line inside the body removed, trending list dropped
        (VALLEY_VOICE, "The town library reopened", "twice as many study spaces as before.", 2),
    ],
)
def test_read_text_body(page: str, first: str, last: str, paragraphs: int) -> None:
    body = _read(page).body
    parts = body.split("\n\n")
    assert parts[0].startswith(first)
    assert parts[-1].endswith(last)
    assert len(parts) == paragraphs


@pytest.mark.parametrize(
    ("page", "junk"),
    [
        (
            HARBOUR_GAZETTE,
            [
                "Advertisement",
                "Share",
                "WhatsApp",
                "Copy link",
                "Fishermen protest",
                "Council tax",
                "Subscribe",
                "Most viewed",
            ],
        ),
        (CITY_LEDGER, ["Related Topics", "Government contracts", "Image source", "Getty"]),
        (EVENING_STAR, ["SCROLL FOR NEXT", "Read more", "Star striker", "Ten things", "AFP"]),
        (WIRE_COPY, ["Reuter\n", "DETROIT"]),
        (VALLEY_VOICE, ["Follow us", "Trending", "Road closures", "Tags:", "Picture:"]),
    ],
)
def test_read_text_keeps_page_furniture_out_of_body(page: str, junk: list[str]) -> None:
    article = _read(page)
    for word in junk:
        assert word not in article.body + "\n", word
        assert word not in article.title + article.standfirst


@pytest.mark.parametrize(
    ("page", "related"),
    [
        # list under "Most viewed" and an inline "Also read:" link
        (HARBOUR_GAZETTE, ["Fishermen protest new quay fees", "Council tax to rise by five percent next year"]),
        # headlines after the last paragraph, without a heading
        (EVENING_STAR, ["Prices of fuel climb for third week", "Ten things to do in the city this weekend"]),
    ],
)
def test_read_text_related_headlines(page: str, related: list[str]) -> None:
    found = _read(page).extra.get("related", [])
    for headline in related:
        assert headline in found


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        # title only: body may be empty
        ("Markets rally as inflation cools\n", "Markets rally as inflation cools", ""),
        # one paragraph, no title
        (
            "The council voted on Monday to close the pool for repairs over the summer.",
            "",
            "The council voted on Monday to close the pool for repairs over the summer.",
        ),
        # CRLF line ends
        (
            "Bridge to close for repairs\r\n\r\nThe old bridge will close for six weeks from Monday, the council said.\r\n",
            "Bridge to close for repairs",
            "The old bridge will close for six weeks from Monday, the council said.",
        ),
        # a leading BOM character in already-decoded text
        (
            "\ufeffBridge to close for repairs\n\nThe old bridge will close for six weeks from Monday, the council said.",
            "Bridge to close for repairs",
            "The old bridge will close for six weeks from Monday, the council said.",
        ),
        # non-breaking spaces and zero-width characters from a browser copy
        (
            "Bridge\u00a0to close\u200b for repairs\n\nThe old bridge will close\u00a0for six weeks, the council said.",
            "Bridge to close for repairs",
            "The old bridge will close for six weeks, the council said.",
        ),
        # a question headline is still a title, not a paragraph
        (
            "Is the high street dead?\n\nShop vacancies rose again last year, according to new figures published on Monday.",
            "Is the high street dead?",
            "Shop vacancies rose again last year, according to new figures published on Monday.",
        ),
    ],
)
def test_read_text_small_shapes(text: str, title: str, body: str) -> None:
    article = read_text(text)
    assert (article.title, article.body) == (title, body)
    assert article.format == "text"
    assert article.original == text


@pytest.mark.parametrize(
    ("paragraph", "place", "rest"),
    [
        ("NEW DELHI: Officials said on Monday ...", "NEW DELHI", "Officials said on Monday ..."),  # colon
        ("LONDON (Reuters) - Shares fell.", "LONDON", "Shares fell."),  # agency in brackets
        ("WASHINGTON, March 3 - The Senate voted.", "WASHINGTON", "The Senate voted."),  # date
        ("PARIS — Protesters marched.", "PARIS", "Protesters marched."),  # em dash
        ("SPRINGFIELD, Ill. (AP) — Crews worked.", "SPRINGFIELD", "Crews worked."),  # US state
        ("New Delhi, March 3 (PTI): The court ruled.", "New Delhi", "The court ruled."),  # mixed case + date
        ("ST. LOUIS - Rain fell.", "ST. LOUIS", "Rain fell."),  # dotted place name
    ],
)
def test_parse_dateline(paragraph: str, place: str, rest: str) -> None:
    assert parse_dateline(paragraph) == (place, rest, parse_dateline(paragraph)[2])  # type: ignore[index]


@pytest.mark.parametrize(
    "paragraph",
    [
        "BREAKING: Shares fell sharply on Monday.",  # kicker, not a place
        "The minister said: we will act.",  # ordinary sentence with a colon
        "Paris - the city of light - was quiet.",  # mixed case without date or agency
        "US stocks rose.",  # no separator
    ],
)
def test_parse_dateline_rejects(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


# Speed is measured in bench/extract_bench.py, not here; these only prove 5 MB inputs are read.
def test_read_text_reads_5_mb() -> None:
    para = "The committee met again on Tuesday to discuss the budget and agreed to meet next week. " * 4
    text = "Budget talks continue\n\n" + "\n\n".join([para.strip()] * 15000)
    assert len(text) > 5_000_000
    article = read_text(text)
    assert article.title == "Budget talks continue"


def test_read_text_5_mb_single_line() -> None:
    text = "word " * 1_000_000  # no newline, no punctuation: must not backtrack
    article = read_text(text)
    # the whole line is read (as the body: a 5 MB line is no headline), nothing lost
    assert article.body == text.strip()
    assert article.title == ""


@pytest.mark.parametrize(
    ("text", "title", "body_start"),
    [
        ("Floods\n\nHeavy rain flooded the valley on Monday and roads were closed.", "Floods", "Heavy rain"),
        ("Brexit!\n\nThe talks resumed in Brussels on Tuesday after a pause.", "Brexit!", "The talks"),
        # a longer line wins over a one-word kicker
        (
            "Weather\n\nStorm closes the coast road\n\nThe coast road was shut on Friday.",
            "Storm closes the coast road",
            "The coast",
        ),
    ],
)
def test_one_word_headline_is_kept(text: str, title: str, body_start: str) -> None:
    article = read_text(text)
    assert article.title == title
    assert article.body.startswith(body_start)


# --- the real sample (read from ../shared, never copied) ---------------------------------------


@pytest.fixture(scope="module")
def sample_lines() -> list[str]:
    if not SAMPLE.exists():
        pytest.skip(f"shared sample not found at {SAMPLE} (../shared is not checked out here)")
    # The expected values are taken from the file's own lines (its text is not ours to copy):
    # caption, section, title, standfirst, byline, body..., five related headlines, SCROLL FOR NEXT.
    return [ln.strip() for ln in SAMPLE.read_text(encoding="utf-8").splitlines() if ln.strip()]


@pytest.fixture(scope="module")
def sample() -> RawArticle:
    if not SAMPLE.exists():
        pytest.skip(f"shared sample not found at {SAMPLE} (../shared is not checked out here)")
    records = list(read_records(SAMPLE.read_bytes(), SAMPLE.name))
    assert len(records) == 1 and isinstance(records[0], RawArticle)
    return records[0]


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("section", 1),  # the short line above the title
        ("title", 2),
        ("standfirst", 3),  # the sentence between title and byline
    ],
)
def test_sample_header(sample: RawArticle, sample_lines: list[str], field: str, line: int) -> None:
    assert getattr(sample, field) == sample_lines[line]


def test_sample_fields(sample: RawArticle, sample_lines: list[str]) -> None:
    assert sample.authors == (sample_lines[4],)  # a bare name after the standfirst
    assert sample.dateline == "NEW DELHI"
    assert sample.caption_credit == "X"
    assert sample.caption == sample_lines[0].rsplit("Photo", 1)[0].strip()
    assert sample.published is None
    assert sample.format == "text"


def test_sample_body_and_related(sample: RawArticle, sample_lines: list[str]) -> None:
    paragraphs = sample.body.split("\n\n")
    assert paragraphs[0] == sample_lines[5].removeprefix("NEW DELHI:").strip()
    assert paragraphs[-1] == sample_lines[-7]
    assert paragraphs == [paragraphs[0], *sample_lines[6:-6]]
    assert "SCROLL FOR NEXT" not in sample.body
    assert sample.extra["related"] == sample_lines[-6:-1]
    for headline in sample.extra["related"]:
        assert headline not in sample.body and headline not in sample.title and headline not in sample.standfirst


# --- JSON Lines -----------------------------------------------------------------------------


def _jsonl(*objs: object) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o) for o in objs)


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        # numeric id becomes a string
        ({"id": 7, "title": "T", "body": "B"}, "external_id", "7"),
        # "text" is accepted for the body
        ({"id": "a", "text": "Body text"}, "body", "Body text"),
        # ISO date-time with offset -> UTC
        (
            {"id": 1, "title": "T", "published": "2024-03-05T10:00:00+01:00"},
            "published",
            datetime(2024, 3, 5, 9, tzinfo=UTC),
        ),
        # naive date-time is UTC
        ({"id": 1, "title": "T", "published": "2024-03-05 10:00"}, "published", datetime(2024, 3, 5, 10, tzinfo=UTC)),
        # Reuters-21578 form
        (
            {"id": 1, "title": "T", "published": "26-FEB-1987 15:01:01.79"},
            "published",
            datetime(1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC),
        ),
        # Reuters "date" key and a desk code glued to the seconds
        (
            {"id": 1, "title": "T", "date": "27-MAR-1987 00:02:59.13RM"},
            "published",
            datetime(1987, 3, 27, 0, 2, 59, 130000, tzinfo=UTC),
        ),
        # day month year
        ({"id": 1, "title": "T", "published": "5 March 2024"}, "published", datetime(2024, 3, 5, tzinfo=UTC)),
        # RFC 2822, as in feeds
        (
            {"id": 1, "title": "T", "published": "Tue, 05 Mar 2024 10:00:00 GMT"},
            "published",
            datetime(2024, 3, 5, 10, tzinfo=UTC),
        ),
        # authors as one "By A and B" string
        ({"id": 1, "title": "T", "authors": "By Jane Doe and John Roe"}, "authors", ("Jane Doe", "John Roe")),
        # authors as a list
        ({"id": 1, "title": "T", "authors": ["Jane Doe", "John Roe"]}, "authors", ("Jane Doe", "John Roe")),
        # unknown keys are kept
        (
            {"id": 1, "title": "T", "category": "business", "places": ["uk"]},
            "extra",
            {"category": "business", "places": ["uk"]},
        ),
        # a Reuters dateline keeps the place only
        ({"id": 1, "title": "T", "dateline": "SALVADOR, Feb 26 -"}, "dateline", "SALVADOR"),
        # title only is enough
        ({"id": 1, "title": "Only a title", "body": ""}, "title", "Only a title"),
        # language lower-cased
        ({"id": 1, "title": "T", "language": "EN"}, "language", "en"),
    ],
)
def test_jsonl_fields(record: dict, field: str, expected: object) -> None:
    (article,) = read_jsonl(_jsonl(record))
    assert isinstance(article, RawArticle)
    assert getattr(article, field) == expected
    assert article.format == "jsonl"


@pytest.mark.parametrize(
    ("line", "message", "external_id"),
    [
        # ambiguous day/month
        ({"id": "x1", "title": "T", "published": "03/04/2024"}, "ambiguous date", "x1"),
        # garbage date
        ({"id": "x2", "title": "T", "published": "next Tuesday"}, "unrecognised date", "x2"),
        # empty title and body
        ({"id": "x3", "title": "", "body": "  "}, "no title and no body", "x3"),
        # wrong type
        ({"id": "x4", "title": ["a"], "body": "B"}, "title must be a string", "x4"),
        # authors of the wrong type
        ({"id": "x5", "title": "T", "authors": [1, 2]}, "authors must be", "x5"),
        # not an object
        ('["a", "b"]', "expected a JSON object", None),
        # invalid JSON; the id is still recovered from the text
        ('{"id": "x7", "title": "T",,}', "invalid JSON", "x7"),
        # a boolean id
        ({"id": True, "title": "T"}, "id must be", None),
    ],
)
def test_jsonl_bad_records(line: object, message: str, external_id: str | None) -> None:
    good = {"id": "ok", "title": "Fine", "body": "Fine."}
    records = list(read_jsonl(_jsonl(good, line, good)))
    assert [type(r) for r in records] == [RawArticle, ReadError, RawArticle]
    err = records[1]
    assert isinstance(err, ReadError)
    assert message in err.error
    assert err.position == 2
    assert err.external_id == external_id


def test_jsonl_skips_blank_lines_and_numbers_lines() -> None:
    text = '{"id": 1, "title": "A"}\n\n   \n{"id": 2, "title": []}\n'
    records = list(read_jsonl(text))
    assert isinstance(records[0], RawArticle) and records[0].original == '{"id": 1, "title": "A"}'
    assert isinstance(records[1], ReadError) and records[1].position == 4 and "line 4" in records[1].error


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # array of objects: positions are 1-based indexes
        ('[{"id": 1, "title": "A"}, {"id": 2, "title": 5}]', [RawArticle, ReadError]),
        # truncated array: one error for the whole file
        ('[{"id": 1, "title": "A"}, {"id": 2, "tit', [ReadError]),
        # a single pretty-printed object
        ('{\n  "id": 1,\n  "title": "A"\n}', [RawArticle]),
        # a wrapper object holding the list
        ('{"articles": [{"id": 1, "title": "A"}, {"id": 2, "title": "B"}]}', [RawArticle, RawArticle]),
        # an array that is not of objects
        ("[1, 2]", [ReadError, ReadError]),
    ],
)
def test_jsonl_array_shapes(text: str, kinds: list[type]) -> None:
    assert [type(r) for r in read_jsonl(text)] == kinds


# --- detection and read_records --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ('{"id": 1, "title": "A"}\n', "", "jsonl"),  # JSON Lines by content
        ('{"id": 1, "title": "A"}\n', "upload.txt", "jsonl"),  # content beats a wrong extension
        ('[{"id": 1}]', "", "jsonl"),  # JSON array
        ('[{"id": 1', "", "jsonl"),  # broken JSON array: report the JSON error
        ("Title\n\nBody text here.", "feed.json", "text"),  # prose in a .json file is prose
        ("[Updated] Title of the story\n\nBody.", "", "text"),  # a bracket that is not JSON
        ("{Draft} Title\n\nBody.", "story.jsonl", "jsonl"),  # not JSON-shaped: the extension decides
        ("{Draft} Title\n\nBody.", "story.txt", "text"),
    ],
)
def test_detect_format(text: str, filename: str, expected: str) -> None:
    assert detect_format(text, filename) == expected


@pytest.mark.parametrize(
    ("data", "filename", "kinds", "message"),
    [
        (b"", "a.txt", [ReadError], "empty file"),  # empty upload
        (b" \n\t\n", "a.txt", [ReadError], "empty file"),  # whitespace only
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", [ReadError], "binary"),  # an image
        (b"Share\nFacebook\nTwitter\n", "a.txt", [ReadError], "no article text"),  # only buttons
        (
            "Caf\xe9 owners protest\n\nThe caf\xe9 owners of the old town marched on Monday, police said.".encode(
                "cp1252"
            ),
            "a.txt",
            [RawArticle],
            "",
        ),  # Latin-1
        (b'{"id": 1, "title": "A"}\n{"id": 2}\n', "a.jsonl", [RawArticle, ReadError], "no title and no body"),
    ],
)
def test_read_records(data: bytes, filename: str, kinds: list[type], message: str) -> None:
    records = list(read_records(data, filename))
    assert [type(r) for r in records] == kinds
    errors = [r.error for r in records if isinstance(r, ReadError)]
    assert all(message in e for e in errors)


def test_read_records_latin1_is_decoded() -> None:
    data = "Café owners protest\n\nThe café owners of the old town marched on Monday, police said.".encode("latin-1")
    (article,) = read_records(data, "cafe.txt")
    assert isinstance(article, RawArticle)
    assert article.title == "Café owners protest"
