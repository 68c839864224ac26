"""The readers on inputs nobody here wrote: feedparser's and warcio's own test files in
../shared/realworld/ (see its README). Every file gives articles or a clear error, never an
exception; what each file yields is a table checked in beside this test
(tests/data/realworld_expected.json: file -> [articles, errors]); regenerate it after a deliberate
change with ``python -m tests.test_formats_realworld`` and review the diff.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from articles.extraction.formats import read_records
from articles.extraction.types import RawArticle, ReadError

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
EXPECTED = Path(__file__).with_name("data") / "realworld_expected.json"
_SKIP = {"LICENSE", "README.md", "README.rst", "NEWS", "AUTHORS"}


def _files() -> list[Path]:
    return sorted(p for p in REALWORLD.rglob("*") if p.is_file() and p.name not in _SKIP)


def _yields(path: Path) -> tuple[list[RawArticle], list[ReadError]]:
    records = list(read_records(path.read_bytes(), path.name))
    return [r for r in records if isinstance(r, RawArticle)], [r for r in records if isinstance(r, ReadError)]


@pytest.fixture(scope="module")
def table() -> dict[str, tuple[list[RawArticle], list[ReadError]]]:
    if not REALWORLD.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{REALWORLD} is missing in CI")
        pytest.skip(f"{REALWORLD} is absent (../shared is not checked out beside the project)")
    return {str(p.relative_to(REALWORLD)): _yields(p) for p in _files()}


def test_every_file_gives_articles_or_a_clear_error(table) -> None:
    assert len(table) > 1000
    for name, (articles, errors) in table.items():
        assert articles or errors, f"{name}: nothing at all (a silent file looks like success)"
        for e in errors:
            assert len(e.error) > 10 and "Traceback" not in e.error, (name, e.error)
        for a in articles:
            assert a.title or a.body, name


def test_what_each_file_yields_matches_the_table(table) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = {name: [len(a), len(e)] for name, (a, e) in table.items()}
    changed = {n: (expected.get(n), got.get(n)) for n in expected.keys() | got.keys() if expected.get(n) != got.get(n)}
    assert not changed, f"{len(changed)} file(s) read differently: {dict(list(changed.items())[:20])}"


def _script(text: str) -> str:
    counts = Counter(unicodedata.name(ch, "?").split(" ")[0] for ch in text if ord(ch) > 0x7F and ch.isalpha())
    return counts.most_common(1)[0][0] if counts else ""


@pytest.mark.parametrize(
    ("name", "scripts"),
    [
        ("eucjp.xml", {"HIRAGANA", "KATAKANA", "CJK"}),
        ("shiftjis.xml", {"HIRAGANA", "KATAKANA", "CJK"}),
        ("euckr.xml", {"HANGUL"}),
        ("gb2312.xml", {"CJK"}),
        ("koi8r.xml", {"CYRILLIC"}),
        ("tis620.xml", {"THAI"}),
        ("windows1255.xml", {"HEBREW"}),
    ],
)
def test_undeclared_legacy_encoding_feeds_decode_to_their_script(table, name: str, scripts: set[str]) -> None:
    articles, errors = table[f"feedparser/tests/illformed/chardet/{name}"]
    assert articles and not errors
    text = " ".join(f"{a.title} {a.body}" for a in articles)
    assert _script(text) in scripts, text[:200]
    assert any("guessed" in w for a in articles for w in a.warnings)  # the guess is on the report line


@pytest.mark.parametrize(
    "name",
    ["utf-32be-bom.xml", "utf-32le-bom.xml", "utf-16le-bom.xml", "utf-16be-bom.xml", "utf-16le.xml", "utf-32be.xml"],
)
def test_feeds_with_any_byte_order_mark_are_read(table, name: str) -> None:
    # These files are empty channels: read and parsed, they say so (the UTF-32 ones used to raise).
    articles, errors = table[f"feedparser/tests/encoding/{name}"]
    assert not articles and [e.error for e in errors] == ["the feed has no entries"]


@pytest.mark.parametrize("name", ["example.arc", "example.arc.gz"])
def test_arc_files_are_web_archives(table, name: str) -> None:
    articles, errors = table[f"warcio/test/data/{name}"]
    assert len(articles) == 1 and not errors
    assert articles[0].url.startswith("http") and articles[0].format == "html"
    assert not articles[0].title.startswith(("filedesc:", "http"))


def test_no_article_is_raw_markup(table) -> None:
    for name, (articles, _) in table.items():
        for a in articles:
            assert a.body.count("<") < 20 or a.body.count("<") * 50 < len(a.body), name


if __name__ == "__main__":
    out = {}
    for p in _files():
        a, e = _yields(p)
        out[str(p.relative_to(REALWORLD))] = [len(a), len(e)]
    lines = [f"{json.dumps(name)}: {json.dumps(counts)}" for name, counts in sorted(out.items())]
    EXPECTED.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{len(out)} files written to {EXPECTED}")
