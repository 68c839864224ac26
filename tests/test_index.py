"""The index queue, check_index and rebuild_index against the real index of the configured engine."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.models import Article, ArticleCountry, ArticleEntity, ArticleTopic, Entity, Origin
from articles.search import index
from articles.search.index import document_for, get_backend
from articles.search.params import SearchParams
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db


def check_exit(*args) -> int:
    try:
        call_command("check_index", *args)
    except SystemExit as exc:
        return exc.code
    return 0


@pytest.mark.whoosh_only
def test_import_queues_one_job_and_index_follows_after_it_runs(make_articles, run_index_jobs):
    make_articles(*RECORDS, index=False)
    assert DBTaskResult.objects.ready().count() == 1  # one job for the chunk, committed with the articles
    assert index.search(SearchParams()).total == 0
    assert check_exit() == 1  # a job is pending
    run_index_jobs()
    assert index.search(SearchParams()).total == len(RECORDS)
    assert check_exit() == 0


@pytest.mark.whoosh_only
def test_check_index_finds_and_repairs_planted_differences(make_articles):
    make_articles(*RECORDS)
    a, b, c = Article.objects.order_by("pk")[:3]
    backend = get_backend()
    backend.delete([a.pk])  # missing from the index
    stale = Article.objects.for_index().get(pk=b.pk)
    Article.objects.filter(pk=b.pk).update(title="Changed behind the index's back")  # updated_at untouched ...
    Article.objects.filter(pk=b.pk).update(updated_at=stale.updated_at.replace(year=2030))  # ... now stale
    doc = document_for(Article.objects.for_index().get(pk=c.pk))
    backend.add([doc.__class__(**{**doc.__dict__, "id": 424242})])  # in the index, not in the database
    report = index.check()
    assert report.missing == [a.pk] and report.stale == [b.pk] and report.extra == [424242]
    assert check_exit() == 1
    assert check_exit("--repair") == 0
    assert index.check().ok
    assert index.search(SearchParams(q="behind")).total == 1


def test_delete_removes_from_index_after_the_job(make_articles, run_index_jobs):
    make_articles(*RECORDS)
    article = Article.objects.get(external_id="w-2")
    services.article_delete(article=article)
    run_index_jobs()
    assert index.search(SearchParams(q="football")).total == 0
    assert index.check().ok


@pytest.mark.whoosh_only
def test_rebuild_swaps_in_a_fresh_index(make_articles, settings):
    make_articles(*RECORDS)
    before = settings.INDEX_DIR.resolve()
    call_command("rebuild_index", verbosity=0)
    after = settings.INDEX_DIR.resolve()
    assert before != after and settings.INDEX_DIR.is_symlink()
    assert index.search(SearchParams()).total == len(RECORDS)
    assert index.check().ok


def test_failed_chunk_leaves_no_article_and_no_job(db, monkeypatch):
    def broken_hook(article_ids):
        raise RuntimeError("queue unavailable")

    # The write path's one search hook fails: the record fails alone and nothing of it is kept.
    monkeypatch.setattr("articles.services.articles.article_changed", broken_hook)
    result = services.articles_import(files=[("a.jsonl", b'{"title": "T", "body": "Some body text here."}')])
    assert Article.objects.count() == 0 and DBTaskResult.objects.count() == 0
    # The record fails with the reason on its line, and the batch still ends with its report.
    assert [line.status for line in result.lines] == ["failed"]
    assert "queue unavailable" in result.lines[0].error
    result.batch.refresh_from_db()
    assert result.batch.status == "done" and result.batch.failed == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_worker_applies_the_queue(settings):
    """The same job, run by django-tasks-db's own worker loop (what `make run` starts)."""
    from django_tasks_db.management.commands.db_worker import Worker

    services.articles_import(
        files=[
            (
                "a.jsonl",
                b'{"id": 1, "title": "Lighthouse keepers strike", "body": "The lighthouse keepers went on strike."}',
            )
        ]
    )
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()
    assert index.search(SearchParams(q="lighthouse")).total == 1
    assert index.pending_jobs() == 0


def test_rebuild_reads_the_documents_document_for_makes(make_articles):
    """``_documents`` reads values() rows, not for_index() instances: the same documents, tags in the
    same order, without removed tags (a staff removal of a country, a topic and an entity planted here)."""
    make_articles(*RECORDS, index=False)
    first, second = Article.objects.order_by("pk")[:2]
    # Invented people and organisations (the records name none that the extractor keeps), by mentions.
    for article, names in ((first, [("person", "Ada Example", 1), ("person", "Bo Example", 4)]),
                           (second, [("org", "Example Corp", 2), ("person", "Ada Example", 3), ("org", "Cee Ltd", 5)])):  # fmt: skip
        for kind, name, mentions in names:
            entity, _ = Entity.objects.get_or_create(kind=kind, name=name)
            ArticleEntity.objects.create(article=article, entity=entity, mentions=mentions)
    removed = [
        ArticleCountry.objects.order_by("pk").first(),
        ArticleTopic.objects.order_by("pk").first(),
        ArticleEntity.objects.filter(entity__name="Ada Example", article=second).first(),
    ]
    assert all(removed)
    for link in removed:
        type(link).objects.filter(pk=link.pk).update(origin=Origin.REMOVED)
    expected = [document_for(a) for a in Article.objects.for_index().order_by("pk")]
    assert all(sum(len(getattr(d, tag)) for d in expected) for tag in ("country", "topic", "person", "org"))
    assert (expected[0].person, expected[1].person, expected[1].org) == (
        ("Bo Example", "Ada Example"),
        (),
        ("Cee Ltd", "Example Corp"),
    )
    assert list(index._documents(Article.objects.all(), chunk=2)) == expected  # chunks of two: several rounds
    some = [d.id for d in expected[1::2]]
    assert list(index._documents(Article.objects.filter(pk__in=some))) == [d for d in expected if d.id in some]
