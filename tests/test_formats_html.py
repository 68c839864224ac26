"""HTML reader: invented news sites' page layouts; boilerplate never reaches the body."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from articles.extraction.formats import detect_format, read_records
from articles.extraction.formats.html import decode_html, html_to_paragraphs, read_html
from articles.extraction.types import RawArticle, ReadError

# A regional daily with semantic markup: nav, share row, related aside, comments, footer; Open
# Graph metadata with a precise publication time in a +05:30 offset.
HARBOUR_GAZETTE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Port authority approves expansion | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:title" content="Port authority approves expansion of northern terminal">
<meta name="description" content="The decision ends two years of wrangling over dredging and is expected to add 800 jobs.">
<meta property="article:section" content="Business">
<meta name="author" content="Jane Doe, John Roe and Ann Poe">
<meta property="article:published_time" content="2024-03-03T10:15:00+05:30">
<link rel="canonical" href="https://harbour.example/business/port-expansion">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Port authority approves expansion of northern terminal</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a> <a href="#">Copy link</a></div>
<p>KINGSPORT (Reuters) - The Kingsport Port Authority on Sunday approved a plan to extend the northern container terminal by 400 metres, its chairman said.</p>
<p>The work will begin in the autumn and take three years, according to the plan published on the authority's website on Sunday evening.</p>
<p>"This is the biggest investment in the harbour for a generation," said chairman Peter Grant, adding that dredging would start first.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Fishermen protest new quay fees at harbour meeting</a></li>
<li><a href="/b">Council tax to rise by five percent next year</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>What a terrible idea, the council should resign immediately and hold a vote on this.</p></div>
</section></main>
<footer><p>© 2024 Harbour Gazette. All rights reserved.</p></footer>
</body></html>"""

# A tabloid in div soup: "Most read" list, newsletter box and share buttons between paragraphs,
# byline in the body, JSON-LD with breadcrumb and datePublished, description = first paragraph.
METRO_DAILY = """<!doctype html>
<html lang="en"><head><title>Storm floods coastal towns - Metro Daily</title>
<meta name="description" content="Heavy rain flooded three coastal towns overnight, forcing hundreds of residents to leave their homes.">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "NewsArticle", "headline": "Storm floods coastal towns", "datePublished": "2023-11-02T06:30:00Z",
  "author": [{"@type": "Person", "name": "Maria Lopez"}], "publisher": {"@type": "Organization", "name": "Metro Daily"}},
 {"@type": "BreadcrumbList", "itemListElement": [
  {"@type": "ListItem", "position": 1, "name": "Home", "item": "https://metro.example/"},
  {"@type": "ListItem", "position": 2, "name": "Weather", "item": "https://metro.example/weather"},
  {"@type": "ListItem", "position": 3, "name": "Storm floods coastal towns"}]}]}</script>
</head><body>
<div id="top-bar"><a href="/">Metro Daily</a> | <a href="/login">Sign in</a> | <a href="/subscribe">Subscribe</a></div>
<div class="wrapper"><div class="content-main">
<div class="story">
<h1 class="headline">Storm floods coastal towns</h1>
<div class="byline">By Maria Lopez</div>
<div class="story-body">
<p>Heavy rain flooded three coastal towns overnight, forcing hundreds of residents to leave their homes.</p>
<div class="social-share"><button>Share</button><button>Tweet</button><button>Email</button></div>
<p>Emergency services said more than 400 people had spent the night in school halls and churches across the district.</p>
<div class="newsletter-signup"><p>Sign up to our daily newsletter for the latest news.</p></div>
<p>The weather service expects the rain to ease by Friday, but warned that rivers would keep rising until the weekend.</p>
</div></div>
<div class="most-read"><h2>Most read</h2><ol>
<li><a href="/1">Celebrity chef opens restaurant in former bank building</a></li>
<li><a href="/2">Ten things to do this weekend in the city centre</a></li>
<li><a href="/3">Local football club signs striker from rival team</a></li></ol></div>
</div></div>
<div class="footer">Metro Daily · Contact · Privacy policy</div>
</body></html>"""

# A French weekly: lang="fr", parsely-section, <time datetime> only, og:site_name.
LE_COURRIER = """<!DOCTYPE html>
<html lang="fr-FR"><head><meta charset="utf-8"><title>Le conseil vote le budget</title>
<meta property="og:site_name" content="Le Courrier du Val">
<meta name="parsely-section" content="Politique">
<link rel="canonical" href="https://courrier.example/politique/budget">
</head><body><nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav>
<article><h1>Le conseil municipal vote le budget</h1>
<p class="meta">Publié le <time datetime="2024-01-15T18:00:00+01:00" class="published">15 janvier 2024</time></p>
<p>Le conseil municipal a adopté lundi soir le budget de la commune pour l'année 2024, après trois heures de débat.</p>
<p>L'opposition a voté contre, estimant que les investissements prévus dans les écoles restaient insuffisants.</p>
</article>
<div class="partage">Partager : Facebook Twitter</div>
</body></html>"""

# A page with an article and no date anywhere (no meta, no <time>, none in the URL or the text).
UNDATED_NOTICE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Library extends opening hours</title>
<link rel="canonical" href="https://valley-notes.example/library-hours">
</head><body><article><h1>Library extends opening hours</h1>
<p>The town library will stay open until nine in the evening on weekdays, the trustees said on Monday.</p>
<p>Volunteers will staff the reading room, and the children's corner gains a second storyteller.</p>
</article></body></html>"""

# A page that is all navigation and a cookie banner: no article text.
ONLY_NAV = """<!DOCTYPE html><html><head><title>Index</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<script>var x = 1;</script></body></html>"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # semantic layout: metadata from Open Graph, time converted to UTC, dateline split off
        (
            HARBOUR_GAZETTE,
            {
                "title": "Port authority approves expansion of northern terminal",
                "source": "Harbour Gazette",
                "section": "Business",
                "url": "https://harbour.example/business/port-expansion",
                "authors": ("Jane Doe", "John Roe", "Ann Poe"),
                "published": datetime(2024, 3, 3, 4, 45, tzinfo=UTC),
                "language": "en",
                "dateline": "KINGSPORT",
                "standfirst": "The decision ends two years of wrangling over dredging and is expected to add 800 jobs.",
            },
        ),
        # div soup: JSON-LD date and breadcrumb section; description repeats paragraph 1 -> no standfirst
        (
            METRO_DAILY,
            {
                "title": "Storm floods coastal towns",
                "section": "Weather",
                "authors": ("Maria Lopez",),
                "source": "Metro Daily",
                "published": datetime(2023, 11, 2, 6, 30, tzinfo=UTC),
                "standfirst": "",
                "language": "en",
            },
        ),
        # French page: language from <html lang>, section from parsely, date from <time datetime>
        (
            LE_COURRIER,
            {
                "source": "Le Courrier du Val",
                "section": "Politique",
                "language": "fr",
                "published": datetime(2024, 1, 15, 17, 0, tzinfo=UTC),
                "url": "https://courrier.example/politique/budget",
            },
        ),
        # no date anywhere: the page stays undated (no row key "published": see the test's last line)
        (UNDATED_NOTICE, {"title": "Library extends opening hours", "language": "en"}),
    ],
)
def test_html_metadata(page: str, expected: dict) -> None:
    article = read_html(page)
    assert isinstance(article, RawArticle), article
    assert article.format == "html"
    assert article.original == page
    for name, value in expected.items():
        assert getattr(article, name) == value, name
    # Every date a page yields is stated in its row (an aware instant: a naive datetime never equals it),
    # so a row without "published" asserts that the page gave none.
    assert "published" in expected or article.published is None, article.published


@pytest.mark.parametrize(
    ("page", "in_body", "not_in_body"),
    [
        # nav, share row, related list, comment and footer stay out
        (
            HARBOUR_GAZETTE,
            ["Kingsport Port Authority on Sunday approved", "biggest investment in the harbour"],
            ["Share on Facebook", "Fishermen protest", "terrible idea", "All rights reserved", "Sport"],
        ),
        # share buttons, newsletter box and "Most read" list stay out
        (
            METRO_DAILY,
            ["Heavy rain flooded three coastal towns", "rivers would keep rising"],
            ["Most read", "Celebrity chef", "Tweet", "Sign in", "Privacy policy"],
        ),
        # French article: nav and share line stay out
        (LE_COURRIER, ["adopté lundi soir le budget", "L'opposition a voté contre"], ["Accueil", "Partager"]),
    ],
)
def test_html_body_is_main_text_only(page: str, in_body: list[str], not_in_body: list[str]) -> None:
    article = read_html(page)
    assert isinstance(article, RawArticle)
    for text in in_body:
        assert text in article.body
    for text in not_in_body:
        assert text not in article.body, text
    # paragraphs are separated by blank lines and the <h1> title is not repeated in the body
    assert "\n\n" in article.body
    assert not article.body.startswith(article.title)


def test_html_without_text_is_a_read_error() -> None:
    result = read_html(ONLY_NAV)
    assert isinstance(result, ReadError)
    assert "no article text" in result.error


def test_html_url_hint_used_without_canonical() -> None:
    article = read_html(METRO_DAILY, url="https://metro.example/weather/storm")
    assert isinstance(article, RawArticle)
    assert article.url == "https://metro.example/weather/storm"


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ('<meta charset="iso-8859-1"><p>Café</p>'.encode("latin-1"), "", "Café"),  # meta charset, Latin-1
        ("<p>Café “quoted”</p>".encode("cp1252"), "", "Café “quoted”"),  # no declaration: cp1252 rule
        ("<p>Привет</p>".encode("koi8-r"), "koi8-r", "Привет"),  # HTTP charset wins
        ('<meta charset="utf-8"><p>Café</p>'.encode(), "", "Café"),  # plain UTF-8
    ],
)
def test_decode_html(data: bytes, charset: str, expected: str) -> None:
    assert expected in decode_html(data, charset)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>One.</p><p>Two <b>bold</b>.</p>", ["One.", "Two bold."]),  # paragraphs; inline markup kept as text
        ("First line<br><br>Second line", ["First line", "Second line"]),  # <br><br> splits
        ("<div>A<script>evil()</script></div><ul><li>x</li><li>y</li></ul>", ["A", "x", "y"]),  # script dropped
        ("Plain text.\n\nSecond paragraph.", ["Plain text.", "Second paragraph."]),  # no markup at all
        ("", []),  # empty
    ],
)
def test_html_to_paragraphs(fragment: str, expected: list[str]) -> None:
    assert html_to_paragraphs(fragment) == expected


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("<!DOCTYPE html><html><body></body></html>", "", "html"),  # doctype
        ("<!-- saved from url=(0030)https://x.example/ -->\n<html>", "page.txt", "html"),  # saved-page comment
        ('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0">\n<html>', "", "html"),  # XHTML
        ("<div><p>Fragment of a page</p></div>", "story.html", "html"),  # fragment, extension decides
        ('<?xml version="1.0"?><rss version="2.0">', "feed.html", "feed"),  # content beats extension
        ("Title\n\nBody with <b>a tag</b> later.", "a.txt", "text"),  # text that merely contains markup
    ],
)
def test_detect_markup(text: str, filename: str, expected: str) -> None:
    assert detect_format(text, filename) == expected


def test_read_records_html_bytes() -> None:
    data = HARBOUR_GAZETTE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').encode("cp1252")
    (article,) = read_records(data, "page.bin")
    assert isinstance(article, RawArticle)
    assert article.format == "html"
    assert article.source == "Harbour Gazette"


def test_read_records_html_without_text() -> None:
    (error,) = read_records(ONLY_NAV.encode(), "index.html")
    assert isinstance(error, ReadError)
    assert "no article text" in error.error
