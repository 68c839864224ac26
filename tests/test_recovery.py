"""Nothing lost, nothing stuck: whatever one record or one file does, the others import and the batch
ends with its full report; an interrupted batch is noticed and finished; dead workers' jobs run again."""

from __future__ import annotations

import json
import signal

import pytest

from articles import services
from articles.models import Article, ImportBatch
from articles.services import batches
from tests.factories import RECORDS
from tests.test_commands import run

pytestmark = pytest.mark.django_db


def jsonl(*records) -> bytes:
    return "\n".join(json.dumps(r) for r in records).encode()


def notes(n: int, prefix: str = "note") -> list[dict]:
    """Distinct invented records (different enough that none is a near-duplicate of another)."""
    words = ["harbour", "orchard", "violin", "glacier", "tram", "lantern", "quarry", "meadow", "ferry", "kiln"]
    return [
        {
            "id": f"{prefix}-{i}",
            "title": f"{words[i % 10].title()} report {prefix} {i}",
            "body": f"The {words[i % 10]} committee of Velmora met {i} times; "
            + " ".join(f"{words[(i * j) % 10]}{i * 7 + j}" for j in range(12)),
        }
        for i in range(n)
    ]


def crashing_reader(after: int):
    """A reader with a bug: yields ``after`` good articles, then raises (what issue 12 fixes case by case)."""
    real = batches.extract

    def extract(data, *, filename="", hints=None):
        for n, item in enumerate(real(data, filename=filename, hints=hints)):
            if n == after and filename.startswith("bad"):
                raise RecursionError("maximum recursion depth exceeded")
            yield item

    return extract


def test_a_reader_that_raises_fails_its_file_and_the_others_import(monkeypatch):
    monkeypatch.setattr(batches, "extract", crashing_reader(after=1))
    result = services.articles_import(files=[("bad.jsonl", jsonl(*RECORDS[:3])), ("good.jsonl", jsonl(RECORDS[3]))])
    assert [line.status for line in result.lines] == ["imported", "failed", "imported"]
    failed = result.lines[1]
    assert failed.file == "bad.jsonl" and "after 1 records" in failed.error and "RecursionError" in failed.error
    batch = ImportBatch.objects.get()
    assert batch.status == "done" and batch.imported == 2 and batch.failed == 1 and len(batch.report) == 3


def test_a_record_that_raises_while_stored_fails_alone(monkeypatch):
    real = batches._ChunkWriter.create

    def create(self, item, *args, **kwargs):
        if item.raw.title == "Boom":
            raise OverflowError("date value out of range")
        return real(self, item, *args, **kwargs)

    monkeypatch.setattr(batches._ChunkWriter, "create", create)
    records = [RECORDS[0], {"title": "Boom", "body": "A record the store cannot take."}, RECORDS[1]]
    result = services.articles_import(files=[("a.jsonl", jsonl(*records))])
    assert [line.status for line in result.lines] == ["imported", "failed", "imported"]
    assert "OverflowError: date value out of range" in result.lines[1].error
    assert result.lines[1].original  # kept, so that Retry can try it again
    assert Article.objects.count() == 2


def test_a_record_that_breaks_its_whole_chunk_fails_alone(monkeypatch):
    """Outside any record's savepoint (the chunk's shared lookups): the chunk is stored one by one."""
    real = batches._lookups

    def lookups(items):
        if any(i.raw.title == "Boom" for i in items):
            raise ValueError("A string literal cannot contain NUL (0x00) characters.")
        return real(items)

    monkeypatch.setattr(batches, "_lookups", lookups)
    records = [*RECORDS[:2], {"title": "Boom", "body": "Nothing to see."}, *RECORDS[2:4]]
    result = services.articles_import(files=[("a.jsonl", jsonl(*records))])
    assert [line.status for line in result.lines] == ["imported", "imported", "failed", "imported", "imported"]
    assert "NUL" in result.lines[2].error
    assert Article.objects.count() == 4


def test_background_upload_survives_a_bad_record_in_the_middle(monkeypatch, run_index_jobs):
    """The probe's case: one bad record at line 250 of 350 used to end the batch with no report."""
    real = batches._ChunkWriter.create

    def create(self, item, *args, **kwargs):
        if item.raw.external_id == "up-249":
            raise OverflowError("year 10000 is out of range")
        return real(self, item, *args, **kwargs)

    monkeypatch.setattr(batches._ChunkWriter, "create", create)
    records = notes(350, "up")
    batch = services.batch_enqueue(files=[("big.jsonl", jsonl(*records))], hints=None, user=None)
    run_index_jobs()
    batch.refresh_from_db()
    assert batch.status == "done" and batch.imported == 349 and batch.failed == 1 and len(batch.report) == 350
    assert batch.report[249]["status"] == "failed" and "year 10000" in batch.report[249]["error"]
    assert Article.objects.count() == 349


def test_an_interrupted_batch_is_noticed_and_resumed_without_duplicates(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_bytes(jsonl(*RECORDS))
    # A command run that stored two records, then was killed (its pid no longer exists).
    first = services.articles_import(files=[(str(path), jsonl(*RECORDS[:2]))], origin="command")
    dead = f"{batches.this_process().rpartition(' ')[0]} 4194999"
    ImportBatch.objects.filter(pk=first.batch.pk).update(status="running", owner=dead, files=[str(path)])
    assert services.batches_recover() == 1
    batch = ImportBatch.objects.get()
    assert batch.status == "interrupted" and f"--resume {batch.pk}" in batch.message
    code, _, err = run("import_articles", "--resume", str(batch.pk))
    assert code == 0, err
    batch.refresh_from_db()
    assert batch.status == "done" and [line["status"] for line in batch.report] == ["imported"] * len(RECORDS)
    assert batch.duplicates == 0 and Article.objects.count() == len(RECORDS) == batch.articles.count()
    # A live owner is left alone.
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", owner=batches.this_process())
    assert services.batches_recover() == 0


def test_import_articles_walks_folders_and_exits_0_when_all_imported(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.jsonl").write_bytes(jsonl(RECORDS[0]))
    (tmp_path / "a" / "b" / "two.jsonl").write_bytes(jsonl(*RECORDS[1:3]))
    (tmp_path / "a" / "b" / ".hidden.jsonl").write_bytes(b"{broken")
    code, out, err = run("import_articles", str(tmp_path / "a"))
    assert code == 0 and "3 imported, 0 duplicates, 0 failed" in out, err
    assert sorted(ImportBatch.objects.get().files) == [str(tmp_path / "a/b/two.jsonl"), str(tmp_path / "a/one.jsonl")]


def test_import_articles_exits_1_without_a_traceback_when_a_reader_crashes(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "extract", crashing_reader(after=0))
    (tmp_path / "bad.jsonl").write_bytes(jsonl(RECORDS[0]))
    (tmp_path / "good.jsonl").write_bytes(jsonl(RECORDS[1]))
    monkeypatch.chdir(tmp_path)
    code, out, err = run("import_articles", "bad.jsonl", "good.jsonl")
    assert code == 1 and "1 imported, 0 duplicates, 1 failed" in out
    assert "failed: bad.jsonl: the file could not be read: RecursionError" in err and "Traceback" not in err


def test_import_articles_streams_a_big_json_lines_file_in_pieces(tmp_path, monkeypatch):
    from articles.management.commands import import_articles

    monkeypatch.setattr(import_articles, "STREAM_ABOVE", 1000)
    monkeypatch.setattr(import_articles, "PIECE_BYTES", 700)
    records = notes(30, "s")
    lines = [json.dumps(r) for r in records]
    lines[22] = "{not json"
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines))
    seen = []
    real = batches.extract
    monkeypatch.setattr(batches, "extract", lambda data, **kw: (seen.append(len(data)), real(data, **kw))[1])
    code, out, err = run("import_articles", str(path))
    assert len(seen) > 3 and max(seen) < 2000  # never the whole file at once
    assert code == 1 and "29 imported, 0 duplicates, 1 failed" in out
    assert "record 23" in err  # the line number in the whole file, not in its piece


# ----------------------------------------------------------------------------- dead workers


def claim_by_dead_worker(worker_id: str = "gone-worker") -> None:
    """What a worker killed mid-job leaves: a RUNNING row, and a heartbeat row of a pid that is gone."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from articles import workers
    from articles.models import WorkerBeat

    WorkerBeat.objects.create(worker_id=worker_id, host=workers.HOST, pid=4194999, beat_at=timezone.now())
    for row in DBTaskResult.objects.ready():
        row.claim(worker_id)


def check_exit(*args) -> tuple[int, str]:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("check_index", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.whoosh_only  # index jobs: the PostgreSQL engine has none (it writes in the transaction)
def test_check_index_counts_a_dead_workers_job_as_pending_and_repair_runs_it(make_articles):
    from articles.search import index
    from articles.search.params import SearchParams

    make_articles(*RECORDS, index=False)
    claim_by_dead_worker()
    code, out = check_exit()
    assert code == 1 and "1 index job(s) pending, 1 left by a dead worker" in out
    code, out = check_exit("--repair")
    assert code == 0 and "Repaired: index and database agree." in out
    assert index.search(SearchParams()).total == len(RECORDS)
    assert check_exit() == (0, "Index and database agree.\n")


@pytest.mark.whoosh_only  # index jobs: the PostgreSQL engine has none (it writes in the transaction)
def test_only_dead_workers_jobs_go_back_to_the_queue(make_articles, settings):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from articles import workers
    from articles.models import WorkerBeat

    make_articles(RECORDS[0], index=False)
    host, _, pid = workers.this_process().rpartition(" ")
    WorkerBeat.objects.create(worker_id="alive", host=host, pid=int(pid), beat_at=timezone.now())
    WorkerBeat.objects.create(worker_id="elsewhere", host="other-host", pid=1, beat_at=timezone.now())
    row = DBTaskResult.objects.get()
    for worker, expected in (("alive", 0), ("elsewhere", 0), ("never-beat", 0)):
        row.claim(worker)
        assert workers.jobs_recover() == expected, worker
    # Another host's worker that stopped beating, and a worker that never beat, after the lease.
    WorkerBeat.objects.filter(worker_id="elsewhere").update(beat_at=timezone.now() - timedelta(seconds=120))
    row.claim("elsewhere")
    assert workers.jobs_recover() == 1 and DBTaskResult.objects.get().status == "READY"
    row.refresh_from_db()
    row.claim("never-beat")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(seconds=120))
    assert workers.jobs_recover() == 1
    assert not WorkerBeat.objects.filter(worker_id="elsewhere").exists()  # a dead worker's row is cleared


@pytest.mark.django_db(transaction=True)
@pytest.mark.whoosh_only  # index jobs: the PostgreSQL engine has none (it writes in the transaction)
def test_feeds_get_their_etag_back_once_the_next_worker_ran_the_dead_job(client):
    from django.core.management import call_command

    services.articles_import(files=[("a.jsonl", jsonl(*RECORDS[:2]))])
    claim_by_dead_worker()
    assert "ETag" not in client.get("/feeds/latest/")  # the index is behind: no validator
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(  # the next worker, as `make run` starts it (here: until the queue is empty)
            "db_worker", "--queue-name", "default", "--batch", "--interval", "0", "--no-reload",
            "--no-startup-delay", "--worker-id", "next-worker", verbosity=0,
        )  # fmt: skip
    finally:  # the worker installs its own signal handlers: give pytest its own back
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    response = client.get("/feeds/latest/")
    assert response.status_code == 200 and response.has_header("ETag")
    assert client.get("/feeds/latest/", headers={"If-None-Match": response["ETag"]}).status_code == 304


# ----------------------------------------------------------------------------- the progress page


def test_progress_page_of_a_finished_batch_stops_polling_and_waits_for_nothing(admin_client, run_index_jobs):
    records = notes(5, "p")  # batch_enqueue runs any upload in the background; the admin decides when
    batch = services.batch_enqueue(files=[("big.jsonl", jsonl(*records))], hints=None, user=None)
    url = f"/admin/articles/importbatch/{batch.pk}/progress/"
    assert "hx-trigger" in admin_client.get(url).content.decode()
    run_index_jobs()
    html = admin_client.get(url).content.decode()
    assert "Waiting for the worker" not in html and "hx-trigger" not in html and "Status: done" in html


def test_progress_page_says_interrupted_when_the_process_died(admin_client):
    result = services.articles_import(files=[("a.jsonl", jsonl(RECORDS[0]))], origin="command")
    ImportBatch.objects.filter(pk=result.batch.pk).update(status="running", owner="nowhere 1")
    ImportBatch.objects.filter(pk=result.batch.pk).update(heartbeat_at="2020-01-01T00:00:00Z")
    html = admin_client.get(f"/admin/articles/importbatch/{result.batch.pk}/progress/").content.decode()
    assert "Status: interrupted" in html and "hx-trigger" not in html and "--resume" in html


def test_progress_page_needs_permission_to_view_batches(client, django_user_model):
    result = services.articles_import(files=[("a.jsonl", jsonl(RECORDS[0]))])
    staff = django_user_model.objects.create_user("inkwell", password="x-9-long-password", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/admin/articles/importbatch/{result.batch.pk}/progress/").status_code == 403


def test_admin_finishes_an_interrupted_command_batch(admin_client, tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_bytes(jsonl(*RECORDS[:3]))
    first = services.articles_import(files=[(str(path), jsonl(RECORDS[0]))], origin="command")
    ImportBatch.objects.filter(pk=first.batch.pk).update(status="interrupted", files=[str(path)])
    url = f"/admin/articles/importbatch/{first.batch.pk}/"
    assert "Finish the import" in admin_client.get(f"{url}change/").content.decode()
    response = admin_client.post(f"{url}retry/", follow=True)
    assert "resumed: 3 imported, 0 duplicates, 0 failed" in response.content.decode()
    assert Article.objects.count() == 3 and ImportBatch.objects.get().status == "done"
    path.unlink()  # files gone: said so, not a 500
    ImportBatch.objects.filter(pk=first.batch.pk).update(status="interrupted")
    response = admin_client.post(f"{url}retry/", follow=True)
    assert "The import cannot be finished here: the batch&#x27;s files are gone" in response.content.decode()


def test_a_nul_character_in_a_record_never_ends_the_batch():
    """PostgreSQL refuses NUL in text (the readers' normaliser removes it first; this is the safety net)."""
    records = [RECORDS[0], dict(RECORDS[1], body=RECORDS[1]["body"] + "\u0000 end"), RECORDS[2]]
    result = services.articles_import(files=[("a.jsonl", jsonl(*records))])
    statuses = [line.status for line in result.lines]
    assert statuses[0] == statuses[2] == "imported" and statuses[1] in ("imported", "failed")
    assert result.batch.status == "done" and all(line.error for line in result.lines if line.status == "failed")


def test_a_resumed_batch_does_not_extract_again_what_it_had_stored(tmp_path, monkeypatch):
    path = tmp_path / "wire.jsonl"
    records = [*RECORDS[:4], RECORDS[0]]  # the last record repeats the first: a duplicate, as before
    path.write_bytes(jsonl(*records))
    first = services.articles_import(files=[(str(path), jsonl(*RECORDS[:2]))], origin="command")
    ImportBatch.objects.filter(pk=first.batch.pk).update(status="interrupted", files=[str(path)])
    extracted = []
    real = batches.extract_article
    monkeypatch.setattr(
        batches, "extract_article", lambda raw, hints=None: extracted.append(raw.title) or real(raw, hints)
    )
    result = services.batch_resume(batch=ImportBatch.objects.get())
    assert extracted == [RECORDS[2]["title"], RECORDS[3]["title"], RECORDS[0]["title"]]
    assert [line.status for line in result.lines] == ["imported"] * 4 + ["duplicate"]
    assert [line.article_id for line in result.lines][:2] == [line.article_id for line in first.lines]
    assert result.lines[4].article_id == first.lines[0].article_id and Article.objects.count() == 4


def test_retry_of_an_interrupted_upload_queues_it_once_with_its_hints(admin_client, run_index_jobs):
    from django_tasks_db.models import DBTaskResult

    from articles.extraction.pipeline import Hints

    batch = services.batch_enqueue(
        files=[("up.jsonl", jsonl(*notes(4, "r")))], hints=Hints(source="Ridge Post"), user=None
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="interrupted")
    url = f"/admin/articles/importbatch/{batch.pk}/retry/"
    admin_client.post(url)
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # its job was still queued: not twice
    DBTaskResult.objects.filter(status="READY").update(status="FAILED")  # a job lost for good
    ImportBatch.objects.filter(pk=batch.pk).update(status="interrupted")
    admin_client.post(url)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_index_jobs()
    batch.refresh_from_db()
    assert batch.status == "done" and batch.imported == 4
    assert set(Article.objects.values_list("source__name", flat=True)) == {"Ridge Post"}
