"""Feed reader: RSS 2.0, Atom and RSS 1.0 (RDF) feeds of invented sites."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from articles.extraction.formats import detect_format, read_records
from articles.extraction.formats.feed import read_feed
from articles.extraction.types import RawArticle, ReadError

# RSS 2.0 with content:encoded, dc:creator, categories, a WordPress trailer and an RFC 822 date.
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Valley Courier</title><link>https://courier.example/</link><language>en-us</language>
<item>
  <title>Bridge reopens after repairs</title>
  <link>https://courier.example/2024/bridge-reopens</link>
  <guid isPermaLink="false">courier-1001</guid>
  <pubDate>Tue, 05 Mar 2024 14:30:00 -0500</pubDate>
  <dc:creator>Sam Green and Lee Park</dc:creator>
  <category>Local</category><category>Transport</category>
  <description>The river crossing was closed for six months.</description>
  <content:encoded><![CDATA[<p>The Old Mill bridge reopened to traffic on Tuesday after six months of repairs, the county said.</p>
<figure><img src="x.jpg"><figcaption>The bridge in March</figcaption></figure>
<p>Engineers replaced the deck and two of the supports.</p>
<p>The post <a href="https://courier.example/2024/bridge-reopens">Bridge reopens after repairs</a> appeared first on <a href="https://courier.example">Valley Courier</a>.</p>]]></content:encoded>
</item>
<item>
  <title>Library extends opening hours</title>
  <link>https://courier.example/2024/library</link>
  <pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate>
  <author>editor@courier.example (Ruth Black)</author>
  <description>&lt;p&gt;The central library will open until 9pm on weekdays from April.&lt;/p&gt;&lt;p&gt;Read more&lt;/p&gt;</description>
</item>
</channel></rss>"""

# Atom with updated only (no published), HTML content, two authors, summary distinct from content.
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Nordblick</title><link href="https://nordblick.example/"/>
  <id>urn:uuid:feed-1</id><updated>2024-02-01T12:00:00Z</updated>
  <entry>
    <title type="html">Hafen &amp;amp; Stadt einigen sich</title>
    <link href="https://nordblick.example/hafen"/>
    <id>tag:nordblick.example,2024:hafen</id>
    <updated>2024-02-01T10:00:00+01:00</updated>
    <author><name>Eva Kurz</name></author><author><name>Jan Lang</name></author>
    <category term="Wirtschaft"/>
    <summary>Nach langem Streit gibt es eine Einigung.</summary>
    <content type="html">&lt;p&gt;Der Hafen und die Stadt haben sich am Mittwoch auf einen neuen Vertrag geeinigt.&lt;/p&gt;&lt;p&gt;Die Pacht steigt um zehn Prozent.&lt;/p&gt;</content>
  </entry>
</feed>"""

# RSS 1.0 (RDF) with dc:date and a plain-text description.
RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://wire.example/"><title>Wire Digest</title><link>https://wire.example/</link>
    <description>Digest</description></channel>
  <item rdf:about="https://wire.example/1">
    <title>Rates held steady</title><link>https://wire.example/1</link>
    <dc:date>2024-01-31T19:00:00Z</dc:date><dc:creator>Wire Staff</dc:creator>
    <description>The central bank held interest rates steady on Wednesday.</description>
  </item>
</rdf:RDF>"""


@pytest.mark.parametrize(
    ("feed", "index", "expected"),
    [
        # RSS content:encoded preferred over description (which becomes the standfirst); trailer dropped
        (
            RSS,
            0,
            {
                "title": "Bridge reopens after repairs",
                "url": "https://courier.example/2024/bridge-reopens",
                "external_id": "courier-1001",
                "published": datetime(2024, 3, 5, 19, 30, tzinfo=UTC),
                "authors": ("Sam Green", "Lee Park"),
                "source": "Valley Courier",
                "language": "en",
                "standfirst": "The river crossing was closed for six months.",
                "body": "The Old Mill bridge reopened to traffic on Tuesday after six months of repairs, the county said."
                "\n\nThe bridge in March\n\nEngineers replaced the deck and two of the supports.",
            },
        ),
        # RSS description only (escaped HTML): body from it, "Read more" dropped, author from "mail (Name)", link as id
        (
            RSS,
            1,
            {
                "body": "The central library will open until 9pm on weekdays from April.",
                "authors": ("Ruth Black",),
                "external_id": "https://courier.example/2024/library",
                "published": datetime(2024, 3, 4, 9, 0, tzinfo=UTC),
                "standfirst": "",
            },
        ),
        # Atom: date from <updated>, html title unescaped, two authors, xml:lang
        (
            ATOM,
            0,
            {
                "title": "Hafen & Stadt einigen sich",
                "published": datetime(2024, 2, 1, 9, 0, tzinfo=UTC),
                "authors": ("Eva Kurz", "Jan Lang"),
                "source": "Nordblick",
                "external_id": "tag:nordblick.example,2024:hafen",
                "standfirst": "Nach langem Streit gibt es eine Einigung.",
                "body": "Der Hafen und die Stadt haben sich am Mittwoch auf einen neuen Vertrag geeinigt.\n\n"
                "Die Pacht steigt um zehn Prozent.",
            },
        ),
        # RDF: dc:date and dc:creator, description as body
        (
            RDF,
            0,
            {
                "title": "Rates held steady",
                "published": datetime(2024, 1, 31, 19, 0, tzinfo=UTC),
                "authors": ("Wire Staff",),
                "source": "Wire Digest",
                "body": "The central bank held interest rates steady on Wednesday.",
            },
        ),
    ],
)
def test_feed_entries(feed: str, index: int, expected: dict) -> None:
    records = list(read_feed(feed.encode()))
    article = records[index]
    assert isinstance(article, RawArticle), article
    assert article.format == "feed"
    for name, value in expected.items():
        assert getattr(article, name) == value, name


def test_feed_categories_and_original_round_trip() -> None:
    first = next(read_feed(RSS.encode()))
    assert isinstance(first, RawArticle)
    assert first.extra["categories"] == ["Local", "Transport"]
    # the original is a one-entry feed: re-reading it (as re-extraction does) gives the same article
    assert first.original.count("<entry>") == 1
    # (read_records both times: it applies the normaliser and the date rule to every reader's output)
    for feed in (RSS, ATOM, RDF):
        for article in read_records(feed.encode(), "x.xml"):
            (again,) = read_records(article.original.encode("utf-8"), "x.xml")
            assert again == article


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>",
            "no readable entries",
        ),  # broken XML, nothing
        (
            b"<?xml version='1.0'?><rss version='2.0'><channel><title>Empty</title></channel></rss>",
            "no entries",
        ),  # valid, empty
        (b"<?xml version='1.0'?><catalog><book>Not a feed</book></catalog>", "no entries"),  # other XML
    ],
)
def test_feed_errors(data: bytes, message: str) -> None:
    (error,) = read_records(data, "feed.xml")
    assert isinstance(error, ReadError)
    assert message in error.error


def test_feed_entry_without_title_or_content() -> None:
    data = b"<rss version='2.0'><channel><title>T</title><item><link>https://x.example/a</link></item></channel></rss>"
    (error,) = read_feed(data)
    assert isinstance(error, ReadError)
    assert error.external_id == "https://x.example/a"


def test_bozo_feed_with_entries_is_read() -> None:
    # an unescaped ampersand makes the XML invalid, but feedparser still recovers the entry
    data = RDF.replace("Rates held steady", "Rates & bonds held steady").encode()
    (article,) = read_records(data, "digest.rdf")
    assert isinstance(article, RawArticle)
    assert "bonds held steady" in article.title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RSS, "feed"),  # RSS 2.0 with XML declaration
        (ATOM, "feed"),  # Atom
        (RDF, "feed"),  # RSS 1.0
        ("\ufeff<rss version='2.0'><channel/></rss>", "feed"),  # BOM, no declaration
        ('<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<feed>', "feed"),  # stylesheet PI first
    ],
)
def test_detect_feed(text: str, expected: str) -> None:
    assert detect_format(text, "upload.txt") == expected


def test_read_records_feed_latin1_declared() -> None:
    data = RSS.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("Old Mill", "Café Mill").encode("latin-1")
    first = next(read_records(data, "courier.rss"))
    assert isinstance(first, RawArticle)
    assert "Café Mill" in first.body
