"""Stemming per language, measured: do searches for other inflected forms of an article's words find it?

    .venv/bin/python bench/languages_bench.py [--words 8] [--forms 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<yours> NEWSARCHIVE_SEARCH_BACKEND=postgres \\
        .venv/bin/python bench/languages_bench.py          # a database of your own: it is flushed first

Imports ``eval/own-multi.jsonl`` (15 articles each in German, French, Spanish, Italian, Portuguese and
Dutch, written for the project) into a fresh archive (a temporary SQLite database and index, or the
``DATABASE_URL`` database), then, for up to ``--words`` words of each article (drawn at random, seed 13),
asks simplemma's dictionary (a lemmatiser independent of both engines' stemmers: MIT, Wiktionary-derived
form → lemma lists; a test requirement) for the other forms of the word's lemma that the article does
not contain — ``Wahl`` → ``Wahlen``, ``Wahlgang`` is another lemma — and searches up to ``--forms`` of
them, without ``lang=`` and with the article's ``lang=``. Prints per language:

- found: the share of those searches whose results include the article (recall over inflections);
- exact: the share of the drawn words whose search as written finds the article (the control; the
  others are stop words, whose forms are then not searched);
- precision: among the articles a form found, the share containing a form of the same lemma
  (simplemma's reading of their words) — what stemming costs in wrong matches;
- in use: as *found*, for every other form of the word's lemma that another article of the set uses
  (the forms journalists write, where the dictionary also lists rare conjugations and diminutives).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT / "eval" / "own-multi.jsonl"
WORD = re.compile(r"[^\W\d_]{4,}")


def _setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["NEWSARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="languages-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if os.environ.get("DATABASE_URL"):
        call_command("flush", verbosity=0, interactive=False)


def _forms_index(lang: str) -> tuple[dict[str, set[str]], object]:
    """lemma -> its forms, from simplemma's dictionary of ``lang``."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    forms: dict[str, set[str]] = defaultdict(set)
    for form, lemma in dictionary.items():
        forms[lemma.casefold()].add(form)
    return forms, dictionary


def _lemmatizer(lang: str):
    import simplemma

    cache: dict[str, str] = {}

    def lemma(word: str) -> str:
        if word not in cache:
            cache[word] = simplemma.lemmatize(word, lang=lang).casefold()
        return cache[word]

    return lemma


def main() -> None:
    parser = argparse.ArgumentParser(description="Stemming per language over eval/own-multi.jsonl.")
    parser.add_argument("--words", type=int, default=8, help="words drawn per article (default 8)")
    parser.add_argument("--forms", type=int, default=3, help="other forms searched per word (default 3)")
    parser.add_argument("--show", type=int, default=0, help="print this many missed forms per language (of each kind)")
    parser.add_argument("--only", default="", help="only these languages (comma-separated codes)")
    args = parser.parse_args()
    _setup()
    from articles import search, services
    from articles.models import Article
    from articles.search.params import FacetFilter, SearchParams

    records = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    data = "\n".join(json.dumps(r) for r in records).encode()
    services.articles_import(files=[("own-multi.jsonl", data)], origin="command")
    search.rebuild()
    print(f"engine {search.engine_name()}: {len(records)} articles imported and indexed in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    by_external = {a.external_id: a for a in Article.objects.all()}
    langs = sorted({r["language"] for r in records})
    if args.only:
        langs = [lang for lang in langs if lang in args.only.split(",")]
    rng = random.Random(13)

    def found(q: str, lang: str | None) -> set[int]:
        filters = {"lang": FacetFilter(include=(lang,))} if lang else {}
        return set(search.find(SearchParams(q=q, size=100, filters=filters)).ids)

    print(
        f"{'lang':<5}{'words':>6}{'forms':>7}{'found':>9}{'found lang=':>13}{'exact':>8}{'precision':>11}{'in use':>14}"
    )
    totals = defaultdict(int)
    for lang in langs:
        forms_of, _ = _forms_index(lang)
        lemma = _lemmatizer(lang)

        lemmas_of: dict[int, set[str]] = {}
        texts = [f"{r['title']} {r['body']}" for r in records if r["language"] == lang]
        used = {w.casefold() for text in texts for w in WORD.findall(text)}
        for r in records:
            if r["language"] == lang:
                article = by_external[r["id"]]
                lemmas_of[article.pk] = {lemma(w) for w in WORD.findall(f"{r['title']} {r['body']}")}
        counts = defaultdict(int)
        missed: list[str] = []
        missed_used: list[str] = []
        for r in records:
            if r["language"] != lang:
                continue
            article = by_external[r["id"]]
            words = sorted(set(WORD.findall(f"{r['title']} {r['body']}")))
            present = {w.casefold() for w in words}
            rng.shuffle(words)
            chosen = 0
            for word in words:
                if chosen >= args.words:
                    break
                others = sorted(
                    f for f in forms_of.get(lemma(word), ()) if f.casefold() not in present and WORD.fullmatch(f)
                )
                if not others:
                    continue
                chosen += 1
                counts["words"] += 1
                if article.pk not in found(word, None):
                    continue  # not searchable as written (a stop word): nothing to say about its forms
                counts["exact"] += 1
                for form in others:
                    if form.casefold() in used:
                        counts["used"] += 1
                        hit = article.pk in found(form, None)
                        counts["used_found"] += hit
                        if not hit:
                            missed_used.append(f"{word} → {form}")
                for form in rng.sample(others, min(args.forms, len(others))):
                    counts["forms"] += 1
                    hits = found(form, None)
                    counts["found"] += article.pk in hits
                    if article.pk not in hits:
                        missed.append(f"{word} → {form}")
                    counts["found_lang"] += article.pk in found(form, lang)
                    same = lemma(word)
                    counts["hits"] += len(hits)
                    # Articles of other languages hold none of this lemma's forms (simplemma reads them in lang).
                    counts["right"] += sum(1 for pk in hits if same in lemmas_of.get(pk, ()))
        for key, value in counts.items():
            totals[key] += value
        _print(lang, counts)
        if args.show:
            print("   missed:", ", ".join(missed[: args.show]))
            print("   missed, in use:", ", ".join(missed_used[: args.show]))
    _print("all", totals)


def _print(label: str, c: dict) -> None:
    forms = c["forms"] or 1
    print(
        f"{label:<5}{c['words']:>6}{c['forms']:>7}{c['found'] / forms:>9.1%}{c['found_lang'] / forms:>13.1%}"
        f"{c['exact'] / (c['words'] or 1):>8.1%}{c['right'] / (c['hits'] or 1):>11.1%}"
        f"{c['used_found'] / (c['used'] or 1):>8.1%} of {c['used']:<3}"
    )


if __name__ == "__main__":
    main()
