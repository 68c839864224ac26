"""One write path: every staff edit in the admin (tags, tag pages, sources, entities) goes through a
service that moves the article's version on and queues its index job, so the index follows and
check_index can see a stale index."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from articles.models import Article, ArticleCountry, Entity, Origin, Source
from articles.search import engine_name, index
from articles.search.params import SearchParams
from tests.factories import RECORDS


def index_work_queued() -> bool:
    """The write reached the search engine: on Whoosh, one index job is queued for the worker; the
    PostgreSQL engine writes its search rows in the write's own transaction, so they agree already."""
    if engine_name() == "whoosh":
        return DBTaskResult.objects.ready().count() == 1
    return index.check().ok


pytestmark = pytest.mark.django_db


def search(**params) -> int:
    return index.search(SearchParams.from_querydict({k: [v] for k, v in params.items()})).total


def test_deleting_a_tag_on_its_admin_page_is_a_removed_decision_and_reindexes(
    admin_client, make_articles, run_index_jobs
):
    make_articles(RECORDS[0])
    tag = ArticleCountry.objects.get(article__external_id="w-1", country_id="TZ")
    before = Article.objects.get().updated_at
    assert search(country="TZ") == 1
    response = admin_client.post(f"/admin/articles/articlecountry/{tag.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.origin == Origin.REMOVED  # kept, so that re-extraction does not add it again
    assert Article.objects.get().updated_at > before and index_work_queued()
    run_index_jobs()
    assert search(country="TZ") == 0 and index.check().ok


def test_bulk_deleting_tags_from_the_tag_list_reindexes_their_articles(admin_client, make_articles, run_index_jobs):
    make_articles(RECORDS[0], RECORDS[2])
    ids = list(ArticleCountry.objects.filter(country_id="KE").values_list("pk", flat=True))
    assert len(ids) == 2 and search(country="KE") == 2
    admin_client.post(
        "/admin/articles/articlecountry/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    run_index_jobs()
    assert search(country="KE") == 0 and index.check().ok
    assert set(ArticleCountry.objects.filter(pk__in=ids).values_list("origin", flat=True)) == {Origin.REMOVED}


def test_renaming_a_source_reindexes_its_articles(admin_client, make_articles, run_index_jobs):
    make_articles(*RECORDS[:3])
    source = Source.objects.get(name="Wire One")
    response = admin_client.post(f"/admin/articles/source/{source.pk}/change/", {"name": "Wire Uno", "domain": ""})
    assert response.status_code == 302
    assert index_work_queued()
    run_index_jobs()
    assert search(source="Wire Uno") == 2 and search(source="Wire One") == 0 and index.check().ok


def test_renaming_an_entity_reindexes_the_articles_tagged_with_it(admin_client, make_articles, run_index_jobs):
    from articles import services

    make_articles(RECORDS[0])
    article = Article.objects.get()
    entity = Entity.objects.create(name="Orla Venn", kind=Entity.Kind.PERSON)
    services.tags_save(changed=[article.entities.model(article=article, entity=entity, origin=Origin.MANUAL)])
    run_index_jobs()
    assert index.search(SearchParams(q='person:"orla venn"')).total == 1
    response = admin_client.post(
        f"/admin/articles/entity/{entity.pk}/change/", {"name": "Orla Venn-Hartley", "kind": "person"}
    )
    assert response.status_code == 302
    run_index_jobs()
    assert index.search(SearchParams(q='person:"venn-hartley"')).total == 1 and index.check().ok


def test_an_article_edit_in_the_admin_moves_its_version_and_queues_its_job(make_articles, run_index_jobs):
    from articles import services

    make_articles(RECORDS[1])
    article = Article.objects.get()
    before = article.updated_at
    article.title = "Brazil lifts the cup in Sao Paulo"
    services.article_save(article=article)
    assert article.updated_at > before and index_work_queued()
    run_index_jobs()
    assert index.search(SearchParams(q="cup")).total == 1 and index.check().ok


def test_a_tag_moved_to_another_article_reindexes_both(make_articles, run_index_jobs):
    from articles import services

    make_articles(RECORDS[0], RECORDS[1])
    kenya = Article.objects.get(external_id="w-1")
    brazil = Article.objects.get(external_id="w-2")
    tag = kenya.countries.get(country_id="TZ")
    tag.article = brazil
    services.tags_save(changed=[tag])
    run_index_jobs()
    assert index.check().ok
    assert [h.article.pk for h in index.search(SearchParams.from_querydict({"country": ["TZ"]})).hits] == [brazil.pk]
