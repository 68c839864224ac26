"""Rebuild articles/extraction/data/given_names.json: given names of many countries, a cue for people.

Build-time only (the app never imports Faker)::

    python -m venv /tmp/fakervenv
    /tmp/fakervenv/bin/pip install faker==40.63.0
    /tmp/fakervenv/bin/python scripts/build_given_names.py [--corpora ../shared/corpora]

Source: the first-name lists of Faker's person providers (https://github.com/joke2k/faker, MIT
licence), every locale, Latin script only (86 locales, 48 with Latin names: Icelandic, Kenyan, Irish,
Indonesian, Turkish, Yoruba, Swahili and Twi among them). Names are facts; the list is a selection.

Kept out, so that a word of the language is not taken for a name:
- names of two letters or fewer;
- every name the lower-case text of the development corpora uses as a word ("Hope", "Will", "Sky",
  "Dawn"): Reuters-21578 and the BBC set in ../shared/corpora, counted here and never stored;
- words that open names of places, feasts and festivals in other languages, which English corpora
  cannot show (PLACE_WORDS below: "Santo", "Zona", "Hari", "Quang").

The module uses these as a weak cue only: a capitalised run that opens with one is a person when the
article does not also use that word in lower case (entities.py, ``_classify_span``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "articles" / "extraction" / "data" / "given_names.json"
LATIN_NAME = re.compile(r"[A-ZÀ-Þ][a-zà-ÿāăąćčďđēėęěğīįıķĺľłńňōőœŕřśşšţťūůűųźżž'’-]+")
# names in some locale, but in other languages the first word of places and feasts ("Santo Domingo",
# "Zona Norte", "Hari Raya", "Quang Ngai", "Flor de Mayo", "Monte Carlo", "Costa Rica")
PLACE_WORDS = frozenset(
    """Santo Santa San Sao São Saint Sainte Sankt Zona Nueva Nuevo Puerto Porto Villa Vila Monte Rio Río
    Costa Playa Isla Lago Punta Cerro Flor Vela Hari Quang Bandar Kota Tanjung Pulau Sungai Ciudad Cidade
    Fiesta Feria Festa""".split()
)
LOWER_WORD = re.compile(r"\b[a-zà-ÿ]+\b")


def faker_names() -> tuple[set[str], str]:
    import faker
    import faker.providers.person as person

    names: set[str] = set()
    for mod in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{mod.name}").Provider
        for attr in dir(provider):
            if not attr.startswith("first_names"):
                continue
            value = getattr(provider, attr)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, (list, tuple)):
                names.update(x for x in value if isinstance(x, str) and LATIN_NAME.fullmatch(x))
    return names, faker.VERSION


def corpus_words(corpora: Path) -> Counter:
    words: Counter = Counter()
    for name in ("reuters21578-dev.jsonl", "bbc-dev.jsonl"):
        for line in (corpora / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            words.update(LOWER_WORD.findall(f"{record.get('title', '')} {record.get('body', '')}"))
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = ap.parse_args()
    names, version = faker_names()
    lower = corpus_words(args.corpora)
    kept = sorted(n for n in names if len(n) > 2 and not lower[n.lower()] and n not in PLACE_WORDS)
    OUT.write_text(
        json.dumps(
            {
                "_provenance": (
                    f"First names of Faker {version}'s person providers (all locales, Latin script), MIT licence, "
                    "https://github.com/joke2k/faker; without names of two letters, names the lower-case text of "
                    "the development corpora uses as a word. Built by "
                    "scripts/build_given_names.py."
                ),
                "names": kept,
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(kept)} names of {len(names)}; {OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
