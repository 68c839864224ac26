"""Build (or reuse) a benchmark archive of N articles in ``bench/.cache/<N>/``.

    .venv/bin/python bench/build_archive.py --articles 20000 [--rebuild]

The records come from ../shared/corpora (Reuters-21578 and BBC): the originals first, then copies
with new ids, dates shifted by +k years in repeat round k, paragraphs shuffled and every ~8th word
replaced by another corpus word, so that no copy is a duplicate or a near-duplicate (Jaccard of
5-word shingles stays far below 0.8). Nothing is written into the repository outside the gitignored
cache directory. The archive is built with the app's own write path (``services.articles_import`` in
chunks, in a child process with NEWSARCHIVE_DATA_DIR pointing at the cache) and ``manage.py
rebuild_index``; both are timed. The same records, with the app's extracted primary country and top
topic, are written to ``datasette.sqlite3`` (FTS5, porter) for the Datasette and FTS5 baselines.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import CORPORA, ROOT, corpus

CACHE = ROOT / "bench" / ".cache"
PYTHON = ROOT / ".venv" / "bin" / "python"
IMPORT_CHUNK = 2000  # records per articles_import call (one ImportBatch each)
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def cache_dir(n: int) -> Path:
    return CACHE / str(n)


def _reuters_date(raw: str) -> datetime | None:
    try:
        return datetime.strptime(raw.strip().split(".")[0], "%d-%b-%Y %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _paragraphs(body: str) -> list[str]:
    # Reuters paragraphs start with an indented line; BBC's are separated by blank lines.
    parts = re.split(r"\n\s*\n|\n(?=    )", body)
    return [" ".join(p.split()) for p in parts if p.strip()]


def base_records() -> list[dict]:
    out = []
    for r in corpus("reuters21578-dev.jsonl"):
        if not (r.get("body") or "").strip():
            continue
        published = _reuters_date(r.get("date", "")) or datetime(1987, 3, 1, tzinfo=UTC)
        out.append({"key": f"reuters-{r['id']}", "title": r["title"], "body": r["body"], "source": "Reuters",
                    "section": "", "published": published})  # fmt: skip
    base = datetime(2004, 1, 1, tzinfo=UTC)
    for i, r in enumerate(corpus("bbc-dev.jsonl")):
        out.append({"key": f"bbc-{r['id']}", "title": r["title"], "body": r["body"], "source": "BBC",
                    "section": r.get("category", ""), "published": base + timedelta(hours=11 * i)})  # fmt: skip
    return out


def generate(n: int) -> list[dict]:
    """N import records: round 0 is the corpora as they are, round k a varied copy shifted k years."""
    base = base_records()
    vocab = sorted({w.lower() for r in base[:3000] for w in _WORD.findall(r["body"])})
    records = []
    for i in range(n):
        k, src = divmod(i, len(base))
        src = base[src]
        body, title = src["body"], src["title"]
        if k:
            rng = random.Random(f"{src['key']}/{k}")
            paras = _paragraphs(body)
            rng.shuffle(paras)
            varied = []
            for p in paras:
                words = p.split()
                varied.append(" ".join(rng.choice(vocab) if (j + k) % 8 == 0 else w for j, w in enumerate(words)))
            body = "\n\n".join(varied)
        try:
            published = src["published"].replace(year=src["published"].year + k)
        except ValueError:  # 29 February
            published = src["published"].replace(year=src["published"].year + k, day=28)
        records.append(
            {
                "id": f"{src['key']}-r{k}",
                "title": title,
                "body": body,
                "source": src["source"],
                "section": src["section"],
                "published": published.isoformat().replace("+00:00", "Z"),
            }
        )
    return records


def article_count(n: int) -> int:
    """Articles in a complete cached archive (database, index, baseline database agree), else 0."""
    d = cache_dir(n)
    parts = (d / "newsarchive.sqlite3", d / "datasette.sqlite3", d / "index", d / "timings.json")
    if not all(p.exists() for p in parts):
        return 0
    try:
        with sqlite3.connect(f"file:{parts[0]}?mode=ro", uri=True) as con:
            have = con.execute("select count(*) from articles_article").fetchone()[0]
        with sqlite3.connect(f"file:{parts[1]}?mode=ro", uri=True) as con:
            rows = con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0
    return have if have == rows else 0


def env_for(n: int) -> dict:
    env = dict(os.environ, NEWSARCHIVE_DATA_DIR=str(cache_dir(n)), DJANGO_SETTINGS_MODULE="newsarchive.settings")
    env.pop("DATABASE_URL", None)
    return env


def build(n: int, *, rebuild: bool = False) -> dict:
    """Reuse the cached archive when it holds N articles, else build it. Returns timings (empty when reused)."""
    if not CORPORA.exists():
        sys.exit(f"skipped: {CORPORA} is absent (the corpora live in ../shared beside the project)")
    have = article_count(n)
    if have and not rebuild:
        print(f"archive: reusing {cache_dir(n)} ({have} articles from {n} records)")
        timings = json.loads((cache_dir(n) / "timings.json").read_text())
        return {"records": n, "articles": have, **timings}
    target = cache_dir(n)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    records = generate(n)
    with (target / "records.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    del records
    # Record i does not depend on N: start from a smaller complete archive when there is one.
    smaller = [m for m in (int(p.name) for p in CACHE.iterdir() if p.name.isdigit()) if m < n and article_count(m)]
    skip = max(smaller, default=0)
    if skip:
        shutil.copy(cache_dir(skip) / "newsarchive.sqlite3", target / "newsarchive.sqlite3")
        print(f"archive: starting from the {skip}-record archive; importing records {skip}..{n - 1}")
    env = env_for(n)
    for cmd in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([PYTHON, "manage.py", *cmd], cwd=ROOT, env=env, check=True)
    print(f"archive: importing {n} records into {target} (services.articles_import, {IMPORT_CHUNK} per batch)…")
    started = time.perf_counter()
    subprocess.run([PYTHON, __file__, "--import-into", str(n), "--skip", str(skip)], cwd=ROOT, env=env, check=True)
    import_s = time.perf_counter() - started
    print(f"archive: import took {import_s:.0f} s ({(n - skip) / import_s:.1f} records/s)")
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", "rebuild_index", "-v", "0"], cwd=ROOT, env=env, check=True)
    index_s = time.perf_counter() - started
    print(f"archive: rebuild_index took {index_s:.0f} s ({n / index_s:.1f} articles/s)")
    build_baseline_db(n)
    (target / "timings.json").write_text("{}")
    timings = {"import_s": import_s, "imported_records": n - skip, "index_s": index_s, "records": n}
    timings["articles"] = article_count(n)
    (target / "timings.json").write_text(json.dumps(timings))
    return timings


def _import_into(n: int, skip: int = 0) -> None:
    """Child process (NEWSARCHIVE_DATA_DIR set): import records.jsonl with the app's write path."""
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    from articles import services
    from articles.search.index import INDEX_TASK_PATH

    lines = (cache_dir(n) / "records.jsonl").read_bytes().splitlines()[skip:]
    imported = failed = near = dup = 0
    started = time.perf_counter()
    for start in range(0, len(lines), IMPORT_CHUNK):
        data = b"\n".join(lines[start : start + IMPORT_CHUNK])
        result = services.articles_import(files=[(f"bench-{start}.jsonl", data)], origin="command")
        imported += result.imported
        failed += result.failed
        near += result.near_duplicates
        dup += result.duplicates
        done = start + IMPORT_CHUNK
        rate = min(done, len(lines)) / (time.perf_counter() - started)
        print(f"  {min(done, len(lines))} records: {result.summary()}  [overall {rate:.1f}/s]", flush=True)
    print(f"  total: {imported} imported ({near} near-duplicates), {dup} duplicates, {failed} failed")
    # rebuild_index follows and indexes every article: the queued per-chunk index jobs are redundant,
    # and the index worker would otherwise re-apply them all while the benchmark runs.
    pending = DBTaskResult.objects.filter(task_path=INDEX_TASK_PATH, status="READY")
    print(f"  dropped {pending.count()} queued index jobs (rebuild_index covers them)")
    pending.delete()


PEER_COLUMNS = "(id integer primary key, title text, body text, source text, published text, country text, topic text)"


def write_peer_db(target: Path, chunks) -> None:
    """The peers' database (Datasette, in-process FTS5): one row per article — (id, title, body, source,
    published, country, topic), given as chunks of rows — with its indexes and a porter FTS5 table."""
    con = sqlite3.connect(target)
    con.execute(f"create table articles {PEER_COLUMNS}")
    for rows in chunks:
        con.executemany("insert into articles values (?, ?, ?, ?, ?, ?, ?)", rows)
    con.executescript(
        """
        create index articles_country on articles(country);
        create index articles_topic on articles(topic);
        create index articles_published on articles(published);
        create virtual table articles_fts using fts5(title, body, content=[articles], content_rowid=[id],
                                                      tokenize='porter');
        insert into articles_fts(articles_fts) values ('rebuild');
        """
    )
    con.commit()
    con.close()


def build_baseline_db(n: int) -> None:
    """datasette.sqlite3: one row per article (id, title, body, source, published, country, topic) + FTS5."""
    target = cache_dir(n) / "datasette.sqlite3"
    target.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{cache_dir(n) / 'newsarchive.sqlite3'}?mode=ro", uri=True)
    rows = src.execute(
        """
        select a.id, a.title, a.body, coalesce(s.name, ''), coalesce(a.published_at, ''),
          (select c.country_id from articles_articlecountry c where c.article_id = a.id and c.origin != 'removed'
             order by c.about desc, c.salience desc limit 1),
          (select t.topic_id from articles_articletopic t where t.article_id = a.id and t.origin != 'removed'
             order by t.score desc limit 1)
        from articles_article a left join articles_source s on s.id = a.source_id order by a.id
        """
    ).fetchall()
    src.close()
    write_peer_db(target, [rows])
    con = sqlite3.connect(target)
    con.execute("vacuum")
    con.close()
    print(f"archive: wrote {target} ({len(rows)} rows, FTS5 porter)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--import-into", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--skip", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_into:
        _import_into(args.import_into, args.skip)
    else:
        build(args.articles, rebuild=args.rebuild)


if __name__ == "__main__":
    main()
