"""Fuzz tests (hypothesis): whatever bytes arrive, no exception escapes a reader or extract(),
and every text that comes out is normalised (storable on PostgreSQL, servable in XML).

Derandomised when CI=true (the same examples on every run); locally each run explores anew."""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction.formats import read_records
from articles.extraction.normalise import normalise
from articles.extraction.pipeline import extract
from articles.extraction.types import RawArticle, ReadError

CI = os.environ.get("CI") == "true"
fuzz = settings(
    derandomize=CI,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40 if CI else 60)),  # FUZZ_EXAMPLES=1000 for a long hunt
    deadline=None,  # trafilatura's first call is slow; speed is bench/readers_bench.py's job
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text that hits the normaliser's and the decoders' edges: controls, surrogates, invisible
# characters, line separators, combining marks, markup and JSON punctuation.
_pieces = st.one_of(
    st.characters(codec=None),
    st.sampled_from(list("\x00\x0b\x1f\x7f\x85\u00ad\u200b\u200c\u200d\u2028\u2029\ufeff\u0301<>&;\"'{}[]\n\r\t")),
    st.sampled_from(["&amp;", "&#x2019;", "&#0;", "<p>", "</p>", "<script>", "<br>", "\ud800", "\udfff", "\n\n"]),
    st.sampled_from(["By Jane Roe", "LONDON (Reuters) - ", "Published: 9 March 2024", "Related", "Share"]),
)
edgy = st.lists(_pieces, max_size=60).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | edgy,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(edgy, children, max_size=4),
    max_leaves=12,
)
dates = st.one_of(
    st.sampled_from(["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+05:00", "1970-01-01", "2024-02-30", ""]),
    st.integers(min_value=-(10**25), max_value=10**25),
    edgy,
)


def _check(records) -> None:
    for r in records:
        assert isinstance(r, RawArticle | ReadError)
        if isinstance(r, RawArticle):
            for value in (r.title, r.body, r.section, r.url, r.source, *r.authors, *r.warnings):
                assert normalise(value) == value
                value.encode("utf-8")
            assert r.published is None or 1 < r.published.year < 9999
        else:
            assert r.error
            r.error.encode("utf-8")


def _encodable(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


@fuzz
@given(st.binary(max_size=2000), st.sampled_from(["", "a.txt", "a.jsonl", "a.html", "a.xml", "a.zip", "a.warc"]))
def test_any_bytes(data: bytes, name: str) -> None:
    _check(read_records(data, name))


@fuzz
@given(
    st.lists(
        st.fixed_dictionaries(
            {"title": edgy, "body": edgy},
            optional={"published": dates, "id": json_values, "authors": json_values, "x": json_values},
        ),
        min_size=1,
        max_size=4,
    )
)
def test_jsonl(objs: list[dict]) -> None:
    lines = "\n".join(json.dumps(o, ensure_ascii=bool(i % 2)) for i, o in enumerate(objs))
    _check(read_records(_encodable(lines), "a.jsonl"))


@fuzz
@given(json_values)
def test_json_array_or_object(value) -> None:
    _check(read_records(_encodable(json.dumps(value)), "a.json"))


@fuzz
@given(edgy, edgy, edgy, st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252"]))
def test_feeds(title: str, body: str, date: str, encoding: str) -> None:
    feed = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title}</title><pubDate>{date}</pubDate><description>{body}</description></item>"
        f'</channel></rss><feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="self" href="{body}"/></entry></feed>'
    )
    _check(read_records(feed.encode(encoding, "replace"), "a.xml"))


@fuzz
@given(edgy, edgy, edgy)
def test_html(title: str, body: str, head: str) -> None:
    page = (
        f'{head}<html lang="{title[:5]}"><head><meta charset="{title[:8]}"><title>{title}</title>'
        f'<meta property="article:published_time" content="{body[:30]}"></head><body><article><h1>{title}</h1>'
        f"<p>{body}</p><h2>{title}</h2>{body}<table><tr><td>{body}</td></tr></table></article></body></html>"
    )
    _check(read_records(_encodable(page), "a.html"))


@fuzz
@given(edgy)
def test_pasted_text(text: str) -> None:
    _check(read_records(_encodable(text), "a.txt"))


@fuzz
@given(st.lists(st.tuples(edgy.filter(bool), st.binary(max_size=300)), min_size=1, max_size=4), st.booleans())
def test_zip_and_gzip(members: list[tuple[str, bytes]], gz: bool) -> None:
    buf = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in members:
            name = name.replace("\x00", "") or "x"
            if name in seen:
                continue
            seen.add(name)
            try:
                zf.writestr(name, content)
            except (ValueError, UnicodeEncodeError):
                continue
    data = gzip.compress(buf.getvalue()) if gz else buf.getvalue()
    _check(read_records(data, "a.zip"))


@fuzz
@given(st.binary(max_size=600), st.sampled_from([b"WARC/1.0\r\n", b"filedesc://x ", b"\x1f\x8b"]))
def test_web_archives(tail: bytes, head: bytes) -> None:
    _check(read_records(head + tail, "a.warc"))


@fuzz
@given(st.one_of(edgy, st.binary(max_size=1000)))
def test_extract(data) -> None:
    for item in extract(data, filename="a"):
        if isinstance(item, ReadError):
            assert item.error
        else:
            _check([item.raw])
            for tag in item.countries:
                for e in tag.evidence:
                    assert item.raw.body[e.start : e.end] == e.text
