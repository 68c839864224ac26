"""Background tasks (Django 6 Tasks on the django-tasks-db backend; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django.tasks import task

from articles.search import index


@task()
def index_articles(article_ids: list[int]) -> dict[str, int]:
    """Apply queued index changes. Enqueued in the same transaction as the articles it names, so the
    article and its index job commit or vanish together; the worker is the only Whoosh writer."""
    return index.apply_changes(article_ids)
