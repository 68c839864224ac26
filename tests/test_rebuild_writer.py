"""The rebuild's writer writes the segment Whoosh's own writer writes, byte for byte (issue 11).

Invented articles in every analysis of the schema (so every text field, the name fields and the keyword
fields get postings), written once with ``ix.writer()`` and once with ``RebuildWriter`` — in memory, and
with a pool limit so small that the postings go through many run files — then every segment file is
compared. No Django: the schema and the writers only. Skipped on other engines.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from articles import search
from articles.search import languages
from articles.search.backend import IndexDocument

pytestmark = pytest.mark.skipif(search.engine_name() != "whoosh", reason="the Whoosh engine's own writer")

WORDS = {
    "en": "the election results were announced after counting votes in the capital's districts U.S. don't",
    "de": "die Wahlen wurden nach der Auszählung der Stimmen in der Hauptstadt Straße größer Kinder",
    "fr": "les élections l'élection ont été annoncées après le dépouillement des voix à Paris",
    "es": "las elecciones fueron anunciadas después del recuento de votos en la capital año niño",
    "it": "le elezioni dell'Italia sono state annunciate dopo lo spoglio dei voti città perché",
    "pt": "as eleições foram anunciadas após a contagem dos votos na capital São Paulo coração",
    "nl": "de verkiezingen werden aangekondigd na het tellen van de stemmen in de hoofdstad",
    "ru": "выборы были объявлены после подсчёта голосов в столице",
    "": "short item without a detected language 2026 results 3.5 percent",
}
PEOPLE = ["Angela Merkel", "Lula da Silva", "Jean-Luc Mélenchon", "Mary O'Brien", "Li Wei"]
ORGS = ["Reuters", "European Union", "Banco Central do Brasil", "Société Générale"]


def invented_documents(n: int, seed: int = 11) -> list[IndexDocument]:
    rng = random.Random(seed)
    langs = list(WORDS)
    docs = []
    for i in range(1, n + 1):
        lang = langs[i % len(langs)]
        vocab = WORDS[lang].split() + [f"w{rng.randrange(400)}" for _ in range(5)]
        words = [rng.choice(vocab) for _ in range(rng.randrange(0, 120))]
        dated = i % 7 != 0
        docs.append(
            IndexDocument(
                id=i,
                version=f"{1_700_000_000 + i}.000000",
                title=" ".join(rng.choice(vocab) for _ in range(rng.randrange(0, 9))),
                text=" ".join(words) + ("\n\n" + " ".join(reversed(words)) if i % 3 == 0 else ""),
                authors=tuple(rng.sample(PEOPLE, rng.randrange(0, 2))),
                country=tuple(rng.sample(["DE", "FR", "BR", "US", "GB"], rng.randrange(0, 3))),
                topic=tuple(rng.sample(["politics", "economy", "sport"], rng.randrange(0, 2))),
                source=rng.choice(["Reuters", "BBC", ""]),
                section=rng.choice(["World", "Business", ""]),
                lang=lang,
                published=1_600_000_000 + 3600 * i if dated else None,
                day=20200101 + i % 28 if dated else None,
                person=tuple(rng.sample(PEOPLE, rng.randrange(0, 3))),
                org=tuple(rng.sample(ORGS, rng.randrange(0, 3))),
                duplicate_of=i - 1 if i % 11 == 0 else None,
            )
        )
    return docs


def segment_files(path: Path) -> dict[str, bytes]:
    """The segment's files by what follows the segment's random name (``pst``, ``_text_len.col``, ...)."""
    out = {}
    for f in path.iterdir():
        if f.name.startswith("MAIN_") and "." in f.name:
            out[f.name.split(".", 1)[1]] = f.read_bytes()
    return out


def build(path: Path, docs: list[IndexDocument], *, whooshs_own: bool, limit: int | None = None) -> Path:
    from articles.search.whoosh.rebuild import new_index_writer
    from articles.search.whoosh.schema import document_fields

    path.mkdir()
    writer = new_index_writer(path, whooshs_own=whooshs_own)
    assert type(writer).__name__ == ("SegmentWriter" if whooshs_own else "RebuildWriter")
    if limit is not None:
        writer.pool.limit = limit
    for doc in docs:
        writer.add_document(**document_fields(doc))
    runs = len(getattr(writer.pool, "runs", ()))
    writer.commit()
    (path / "runs").write_text(str(runs))
    return path


@pytest.mark.parametrize(
    "limit",
    [
        None,  # everything in memory: one sorted pass
        20_000,  # a run file every few documents: terms merged from many runs
    ],
)
def test_rebuild_writer_writes_the_same_segment_as_whoosh(tmp_path, limit):
    docs = invented_documents(300)
    assert {languages.analysis_for(d.lang) for d in docs} == set(languages.ANALYSES)
    stock = segment_files(build(tmp_path / "stock", docs, whooshs_own=True))
    built = build(tmp_path / "fast", docs, whooshs_own=False, limit=limit)
    runs = int((built / "runs").read_text())
    assert (runs > 10) if limit else (runs == 0)
    fast = segment_files(built)
    assert "pst" in fast and "_text_de_len.col" in fast
    assert sorted(fast) == sorted(stock)
    assert [name for name in stock if fast[name] != stock[name]] == []
    assert not list(built.glob("*.tmp"))  # the run files went with the writer's temporary storage


def test_rebuild_writer_writes_only_a_fresh_index(tmp_path):
    from articles.search.whoosh.rebuild import RebuildWriter, new_index_writer
    from articles.search.whoosh.schema import document_fields

    writer = new_index_writer(tmp_path, whooshs_own=True)
    writer.add_document(**document_fields(invented_documents(1)[0]))
    writer.commit()
    ix = writer.storage.open_index()
    with pytest.raises(ValueError, match="fresh index"):
        RebuildWriter(ix)
    ix.writer().cancel()  # the refused writer let go of the index's lock (timeout 0: else LockError)


FUSED_CASES = [
    "",  # nothing
    "The the THE a an of",  # stop words only (English), and their positions
    "the election of the President",  # stop words first: StopFilter keeps the first word's own position
    "U.S. officials don't say l'élection dell'Italia",  # inner dots and apostrophes, per language
    "São Paulo Straße Œuvre Ærø façade naïve",  # accents and the letters folded as unaccent folds them
    "e\u0301te\u0301 cafe\u0301",  # combining accents
    "Wahlen Wahl Kinder kind running runs ran",  # stems, a word repeated
    "a b c 1 22 333 x1 3.5 2026",  # one-letter words and numbers
    "выборы были объявлены 東京 Ελλάδα",  # other scripts
    "word " * 300,  # one term, many positions
]


@pytest.mark.parametrize("text", FUSED_CASES)
def test_fused_analysis_indexes_as_the_field_does(text):
    from articles.search.whoosh.rebuild import fused_index
    from articles.search.whoosh.schema import SCHEMA

    fused = {name: fused_index(field) for name, field in SCHEMA.items() if field.indexed}
    assert all(fused[f] is not None for f in ("title", "text", "text_de", "text_simple", "people", "spell"))
    assert all(fused[f] is None for f in ("id", "aid", "country", "person"))  # these go through field.index
    for name, index_ in fused.items():
        if index_ is not None:
            assert index_(text) == list(SCHEMA[name].index(text)), name
