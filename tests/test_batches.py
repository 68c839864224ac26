"""Import batches: near-duplicates, retry of failed records, undo, background uploads, re-extraction
and staff decisions on tags."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from articles import search, services
from articles.extraction.pipeline import Hints
from articles.models import Article, ArticleCountry, ImportBatch, Origin
from articles.search import index
from articles.search.params import SearchParams
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db

LONG = (
    "The regional council approved a plan on Monday to rebuild the old harbour wall, which storms damaged "
    "last winter. Engineers said the work would take two years and cost more than the first estimate. "
    "Fishing crews, who have moored inland since January, welcomed the decision but asked for a faster "
    "timetable. The council will publish the contracts next month, and residents can comment until June. "
    "A separate vote on the ferry terminal was postponed after a long debate about parking and noise."
)


def jsonl(*records) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def test_near_duplicate_is_stored_and_linked_to_its_original(run_index_jobs):
    services.articles_import(
        files=[("a.jsonl", jsonl({"id": "1", "title": "Harbour wall to be rebuilt", "body": LONG}))]
    )
    edited = LONG.replace("two years", "three years") + " The mayor did not comment."
    result = services.articles_import(
        files=[("b.jsonl", jsonl({"id": "2", "title": "Council backs harbour plan", "body": edited}))]
    )
    line = result.lines[0]
    assert line.status == "near-duplicate" and result.near_duplicates == 1
    original = Article.objects.get(external_id="1")
    copy = Article.objects.get(external_id="2")
    assert copy.duplicate_of == original and line.original_id == original.pk and copy.similarity >= 0.8
    assert result.batch.near_duplicates == 1
    run_index_jobs()
    assert index.search(SearchParams(q="harbour")).total == 2  # stored and searchable, linked


@pytest.mark.parametrize("chunk", [100, 2])  # the copy in the original's chunk, and in a later chunk
def test_near_duplicate_within_one_import(monkeypatch, chunk):
    # A chunk writes its articles' band keys together at its end: a copy in the same chunk must still
    # find its original through the keys the chunk has stored so far.
    from articles.services import batches

    monkeypatch.setattr(batches, "CHUNK", chunk)
    edited = LONG.replace("two years", "three years") + " The mayor did not comment."
    again = LONG.replace("next month", "in May")
    result = services.articles_import(
        files=[
            (
                "a.jsonl",
                jsonl(
                    {"id": "1", "title": "Harbour wall to be rebuilt", "body": LONG},
                    RECORDS[0],
                    {"id": "2", "title": "Council backs harbour plan", "body": edited},
                    {"id": "3", "title": "Harbour plan: contracts in May", "body": again},
                ),
            )
        ]
    )
    assert [line.status for line in result.lines] == ["imported", "imported", "near-duplicate", "near-duplicate"]
    original = Article.objects.get(external_id="1")
    assert {a.duplicate_of for a in Article.objects.filter(external_id__in=["2", "3"])} == {original}
    assert original.bands.count() == 16


def test_different_articles_are_not_near_duplicates():
    services.articles_import(files=[("a.jsonl", jsonl(*RECORDS))])
    assert not Article.objects.filter(duplicate_of__isnull=False).exists()


def test_undo_removes_a_batch_from_database_index_and_feeds(client, run_index_jobs):
    keep = services.articles_import(files=[("a.jsonl", jsonl(RECORDS[0]))])
    batch = services.articles_import(files=[("b.jsonl", jsonl(*RECORDS[1:]))]).batch
    run_index_jobs()
    assert index.search(SearchParams()).total == 4
    removed = services.batch_undo(batch=batch)
    run_index_jobs()
    assert removed == 3 and Article.objects.count() == 1
    assert index.search(SearchParams()).total == 1 and index.check().ok
    batch.refresh_from_db()
    assert batch.status == "undone" and batch.report  # the report is kept
    assert "Brazil" not in client.get("/feeds/latest/").content.decode()
    assert keep.batch.articles.count() == 1


def test_retry_failed_records_with_a_hint():
    bad = dict(RECORDS[0], published="03/04/2021")  # ambiguous date: fails
    result = services.articles_import(files=[("a.jsonl", jsonl(bad, RECORDS[1]))])
    assert result.failed == 1
    batch = result.batch
    # Without a fix the record fails again, and the report keeps one line per record.
    services.batch_retry(batch=batch)
    batch.refresh_from_db()
    assert batch.failed == 1 and len(batch.report) == 2
    # The staff fixes the record's input (here: drops the ambiguous date) and gives the date as a hint.
    report = batch.report
    fixed = json.loads(report[0]["original"])
    fixed.pop("published")
    report[0]["original"] = json.dumps(fixed)
    batch.report = report
    batch.save()
    from datetime import UTC, datetime

    services.batch_retry(batch=batch, hints=Hints(published=datetime(2021, 3, 4, tzinfo=UTC)))
    batch.refresh_from_db()
    assert batch.failed == 0 and batch.imported == 2
    assert Article.objects.get(external_id="w-1").batch == batch


def test_admin_undo_and_retry_pages(admin_client):
    result = services.articles_import(files=[("a.jsonl", jsonl(RECORDS[0], "{broken"))])
    url = f"/admin/articles/importbatch/{result.batch.pk}/"
    html = admin_client.get(f"{url}change/").content.decode()
    assert "Undo this batch" in html and "Retry 1 failed record" in html
    assert admin_client.get(f"{url}undo/").status_code == 200
    retried = admin_client.post(f"{url}retry/", {}, follow=True)
    assert retried.redirect_chain[-1] == (f"{url}change/", 302)
    assert "Retried 1 failed records" in retried.content.decode()
    result.batch.refresh_from_db()  # still broken input: the line is failed again, with its reason
    assert [line["status"] for line in result.batch.report] == ["imported", "failed"]
    assert result.batch.report[1]["error"]
    assert admin_client.post(f"{url}undo/").status_code == 302
    assert Article.objects.count() == 0


def test_large_upload_runs_on_the_worker_with_a_progress_page(admin_client, run_index_jobs):
    records = [
        {
            "id": f"n{i}",
            "title": f"Market note {i}",
            "body": f"Shares in company number {i} rose {i} percent on Tuesday, traders said.",
        }
        for i in range(services.BACKGROUND_RECORDS + 5)
    ]
    upload = SimpleUploadedFile("big.jsonl", jsonl(*records))
    response = admin_client.post("/admin/articles/article/upload/", {"files": [upload]})
    assert response.status_code == 302 and "/progress/" in response["Location"]
    batch = ImportBatch.objects.get()
    assert batch.status == "queued" and Article.objects.count() == 0
    progress = admin_client.get(response["Location"]).content.decode()
    assert "Waiting for the worker" in progress
    run_index_jobs()  # runs the import task, then the index jobs it queued
    batch.refresh_from_db()
    assert batch.status == "done" and batch.imported == len(records) and not batch.uploads.exists()
    partial = admin_client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and f"{len(records)} imported" in partial
    assert index.search(SearchParams(q="shares")).total == len(records)


def test_reextract_keeps_staff_decisions(make_articles, run_index_jobs):
    make_articles(RECORDS[0])
    article = Article.objects.get()
    removed = article.countries.get(country_id="TZ")
    removed.origin = Origin.REMOVED
    removed.save()
    ArticleCountry.objects.update_or_create(article=article, country_id="KE", defaults={"origin": Origin.MANUAL})
    Article.objects.filter(pk=article.pk).update(title="Temporary title")
    call_command("reextract", str(article.pk), verbosity=0)
    run_index_jobs()
    article.refresh_from_db()
    assert article.title == RECORDS[0]["title"]  # re-read from the original input
    assert article.countries.get(country_id="TZ").origin == Origin.REMOVED  # the staff decision survives
    assert article.countries.get(country_id="KE").origin == Origin.MANUAL  # and so does the added tag
    assert "TZ" not in {c.country_id for c in article.live_countries()}
    assert index.search(SearchParams.from_querydict({"country": ["TZ"]})).total == 0
    assert index.check().ok


def test_reextract_needs_ids_or_all():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reextract")


def test_admin_tag_deletion_is_kept_as_a_removed_decision(admin_client, make_articles, run_index_jobs):
    make_articles(RECORDS[0])
    article = Article.objects.get()
    links = list(article.countries.all())
    data = {
        "title": article.title,
        "body": article.body,
        "authors": "[]",
        "extra": json.dumps(article.extra),
        "content_hash": article.content_hash,
        "countries-TOTAL_FORMS": str(len(links)),
        "countries-INITIAL_FORMS": str(len(links)),
        "topics-TOTAL_FORMS": "0",
        "topics-INITIAL_FORMS": "0",
        "entities-TOTAL_FORMS": "0",
        "entities-INITIAL_FORMS": "0",
    }
    for i, link in enumerate(links):
        data.update(
            {
                f"countries-{i}-id": str(link.pk),
                f"countries-{i}-article": str(article.pk),
                f"countries-{i}-country": link.country_id,
                f"countries-{i}-about": "on" if link.about else "",
                f"countries-{i}-salience": str(link.salience),
                f"countries-{i}-mentions": str(link.mentions),
                f"countries-{i}-origin": link.origin,
            }
        )
    target = next(i for i, link in enumerate(links) if link.country_id == "TZ")
    data[f"countries-{target}-DELETE"] = "on"
    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert article.countries.get(country_id="TZ").origin == Origin.REMOVED
    if search.engine_name() == "whoosh":
        assert DBTaskResult.objects.ready().exists()  # the change is queued for the index
    run_index_jobs()
    assert index.search(SearchParams.from_querydict({"country": ["TZ"]})).total == 0


@pytest.mark.corpus
def test_evaluate_on_labelled_lines(tmp_path, capsys):
    path = tmp_path / "labelled.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                dict(RECORDS[0], countries=["KE", "TZ"], topic="medtop:04000000"),
                dict(RECORDS[1], countries=["BR"], topic="medtop:15000000"),
                dict(RECORDS[2], countries=["KE"]),
            ]
        )
    )
    call_command("evaluate", str(path))
    out = capsys.readouterr().out
    assert "countries (3 articles" in out and "F1" in out and "topics (2 articles): top-1 accuracy" in out


@pytest.fixture
def near_duplicate_pair(run_index_jobs):
    """An article (external id "1") and an edited copy of it ("2"), imported one after the other."""
    services.articles_import(
        files=[("a.jsonl", jsonl({"id": "1", "title": "Harbour wall to be rebuilt", "body": LONG}))]
    )
    edited = LONG.replace("two years", "three years")
    services.articles_import(
        files=[("b.jsonl", jsonl({"id": "2", "title": "Council backs harbour plan", "body": edited}))]
    )
    run_index_jobs()


def test_near_duplicates_collapse_under_their_original(client, near_duplicate_pair):
    page = index.search(SearchParams(q="harbour"))
    original = Article.objects.get(external_id="1")
    assert page.total == 2 and page.shown == 1 and page.collapsed == 1  # honest total, one listed
    assert [(h.article.pk, h.similar) for h in page.hits] == [(original.pk, 1)]
    html = client.get("/", {"q": "harbour"}).content.decode()
    assert "1 similar" in html and "collapsed" in html
    # When only the copy matches, it is listed on its own.
    only_copy = index.search(SearchParams(q='"three years"'))
    assert [h.article.external_id for h in only_copy.hits] == ["2"]
    # The article page lists its near-duplicates and "more like this".
    article_html = client.get(original.get_absolute_url()).content.decode()
    assert "near-duplicate" in article_html and "More like this" in article_html


def test_exports_and_api_list_near_duplicates_too(client, near_duplicate_pair):
    api = client.get("/api/search/", {"q": "harbour"}).json()
    assert api["total"] == 2 and len(api["results"]) == 2
    csv_text = client.get("/export/search.csv", {"q": "harbour"}).getvalue().decode()
    assert len(csv_text.strip().splitlines()) == 3 and "truncated" not in csv_text
