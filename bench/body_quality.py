"""Body quality of the HTML reader against plain trafilatura, on our own news pages.

    .venv/bin/python bench/body_quality.py [--pages DIR] [--per-page]

The pages (``tests/data/body_pages/*.html``) were written for this project, in the layouts of
different kinds of news sites (regional dailies, wire services, blogs, live pages, table layouts,
magazine and public-broadcaster templates, pages in other languages), with boilerplate of the kinds
extractors have to drop (navigation, share rows, related and most-read lists, newsletter boxes,
comments, author boxes, captions, cookie banners). They are NOT a public benchmark: they are small,
and they were written by the people who tune the reader, so the figures say how the reader does on
these layouts, not how it compares on the web at large.

Each page marks its expected body with a ``data-gold`` attribute on every element whose text is
article text (paragraphs, subheadings, quotes, in-body lists and tables). The marks are removed
before any extractor sees the page. The score is token F1 (lower-cased ``\\w+`` tokens, counted as a
multiset, as in the ScrapingHub article-extraction benchmark), per page, averaged over the pages.

``tests/data/body_pages_heldout`` holds six more pages written after the reader's rules were frozen
(``--pages tests/data/body_pages_heldout``): a smaller but fairer check of the same rules.

Compared: our reader (``read_html``: dateline + body) and ``trafilatura.extract`` with its default
settings, ``favor_precision`` and ``favor_recall``, each with ``include_tables`` on and off.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from articles.extraction.formats.html import read_html  # noqa: E402
from articles.extraction.types import RawArticle  # noqa: E402

PAGES = ROOT / "tests" / "data" / "body_pages"
_MARK = re.compile(r"\sdata-gold(?:=\"[^\"]*\")?(?=[\s>/])")
_TOKEN = re.compile(r"\w+")


def load(path: Path) -> tuple[str, str]:
    """(the page without its marks, the expected body text)."""
    marked = path.read_text(encoding="utf-8")
    root = lxml.html.document_fromstring(marked)
    gold = [" ".join(" ".join(el.itertext()).split()) for el in root.iter() if el.get("data-gold") is not None]
    return _MARK.sub("", marked), "\n\n".join(gold)


def tokens(text: str) -> Counter:
    return Counter(t.casefold() for t in _TOKEN.findall(text or ""))


def f1(got: str, expected: str) -> tuple[float, float, float]:
    g, e = tokens(got), tokens(expected)
    common = sum((g & e).values())
    if not common:
        return 0.0, 0.0, 0.0
    p, r = common / sum(g.values()), common / sum(e.values())
    return p, r, 2 * p * r / (p + r)


def ours(page: str) -> str:
    record = read_html(page)
    if not isinstance(record, RawArticle):
        return ""
    return f"{record.dateline} {record.body}" if record.dateline else record.body


def _trafilatura(**options):
    def run(page: str) -> str:
        return trafilatura.extract(page, **options) or ""

    return run


SYSTEMS = {
    "newsarchive read_html": ours,
    **{
        f"trafilatura {name}, tables {'on' if tables else 'off'}": _trafilatura(**options, include_tables=tables)
        for name, options in (
            ("default", {}),
            ("favor_precision", {"favor_precision": True}),
            ("favor_recall", {"favor_recall": True}),
        )
        for tables in (True, False)
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of marked pages (default: %(default)s)")
    parser.add_argument("--per-page", action="store_true", help="also print each page's F1 per system")
    args = parser.parse_args()
    paths = sorted(args.pages.glob("*.html"))
    pages = [(p.stem, *load(p)) for p in paths]
    print(f"{len(pages)} pages from {args.pages}")
    scores: dict[str, list[tuple[float, float, float]]] = {}
    for name, run in SYSTEMS.items():
        scores[name] = [f1(run(page), gold) for _, page, gold in pages]
    width = max(len(n) for n in SYSTEMS)
    print(f"| {'system':<{width}} | precision | recall | F1    | pages F1 < 0.9 |")
    print(f"|{'-' * (width + 2)}|-----------|--------|-------|----------------|")
    for name, rows in scores.items():
        n = len(rows)
        p, r, f = (sum(x[i] for x in rows) / n for i in range(3))
        low = sum(1 for x in rows if x[2] < 0.9)
        print(f"| {name:<{width}} | {p:.3f}     | {r:.3f}  | {f:.3f} | {low:>14} |")
    if args.per_page:
        names = list(SYSTEMS)
        print("\npage F1: " + " / ".join(f"[{i}] {n}" for i, n in enumerate(names)))
        for j, (stem, _, _) in enumerate(pages):
            print(f"{stem:<32} " + " ".join(f"{scores[n][j][2]:.3f}" for n in names))


if __name__ == "__main__":
    main()
