"""Readers' throughput per format: articles per second on one core, reader alone and with extraction.

    .venv/bin/python bench/readers_bench.py [--articles 300]

Goals (issue 12): >= 150 articles/s with extraction for text, JSON Lines and feeds; >= 80/s for HTML
and WARC pages. Inputs are built at run time from ../shared/corpora (Reuters and BBC articles
wrapped in each format: pasted text, JSON Lines, an RSS feed, saved pages, a WARC of those pages);
nothing is copied into the repository. Skips with a reason when the corpora are absent.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import corpus


def articles(n: int) -> list[dict]:
    reuters = [r for r in corpus("reuters21578-dev.jsonl") if r.get("body") and r.get("title")]
    bbc = corpus("bbc-dev.jsonl")
    out = []
    for i in range(n):
        src = bbc[i // 2 % len(bbc)] if i % 2 else reuters[i // 2 % len(reuters)]
        body = src["body"].strip()
        if i % 2 == 0:
            body = body.removesuffix("Reuter").strip()
        out.append({"id": f"b{i}", "title": " ".join(src["title"].split()).title(), "body": body + f"\n\nCopy {i}."})
    return out


def _paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]


def as_text(a: dict) -> bytes:
    lines = ["World", a["title"], "By Jane Roe", "Published: 3 March 2024 10:15 IST", "Share", *_paragraphs(a["body"])]
    return "\n\n".join(lines).encode()


def as_page(a: dict) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(a["body"]))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(a['title'])} | Bench Times</title>"
        '<meta property="article:published_time" content="2024-03-03T10:15:00+05:30">'
        "<script>var x = 1;</script><style>body{margin:0}</style></head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{html.escape(a['title'])}</h1><p class=byline>By Jane Roe</p>{paras}</article>"
        '<aside><h2>Most read</h2><ul><li><a href="/1">Another story</a></li></ul></aside>'
        "<footer>© Bench Times</footer></body></html>"
    ).encode()


def as_jsonl(items: list[dict]) -> bytes:
    return "\n".join(json.dumps({**a, "published": "2024-03-03T10:15:00+05:30"}) for a in items).encode()


def as_feed(items: list[dict]) -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(a['title'])}</title><link>https://bench.example/{a['id']}</link>"
        f"<guid>{a['id']}</guid><pubDate>Sun, 03 Mar 2024 10:15:00 +0530</pubDate>"
        f"<description>{html.escape(''.join(f'<p>{p}</p>' for p in _paragraphs(a['body'])))}</description></item>"
        for a in items
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
    return f"{head}{entries}</channel></rss>".encode()


def as_warc(items: list[dict]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for a in items:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            f"https://bench.example/{a['id']}", "response", payload=io.BytesIO(as_page(a)), http_headers=headers
        )
        writer.write_record(rec)
    return buf.getvalue()


def run(label: str, files: list[tuple[str, bytes]], expected: int) -> None:
    from articles.extraction.formats import read_records
    from articles.extraction.pipeline import extract_article
    from articles.extraction.types import RawArticle

    t0 = time.perf_counter()
    raws = [r for name, data in files for r in read_records(data, name) if isinstance(r, RawArticle)]
    t1 = time.perf_counter()
    for raw in raws:
        extract_article(raw)
    t2 = time.perf_counter()
    ok = "" if len(raws) == expected else f"  (read {len(raws)} of {expected}!)"
    print(
        f"{label:<12} {len(raws):>5} articles  reader {len(raws) / (t1 - t0):8.0f}/s   "
        f"with extraction {len(raws) / (t2 - t0):6.0f}/s{ok}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="articles per format (default 300)")
    args = parser.parse_args()
    items = articles(args.articles)
    # Warm up: trafilatura, the taggers' tables and the topic model load on first use.
    run("(warm-up)", [("w.html", as_page(items[0])), ("w.txt", as_text(items[0]))], 2)
    words = sum(len(a["body"].split()) for a in items) // len(items)
    print(f"one core, {args.articles} articles per format, ~{words} words each")
    run("text", [(f"{a['id']}.txt", as_text(a)) for a in items], len(items))
    run("jsonl", [("all.jsonl", as_jsonl(items))], len(items))
    run("feed", [("all.xml", as_feed(items))], len(items))
    run("html", [(f"{a['id']}.html", as_page(a)) for a in items], len(items))
    run("warc", [("all.warc.gz", as_warc(items))], len(items))


if __name__ == "__main__":
    main()
