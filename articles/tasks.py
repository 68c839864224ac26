"""Background tasks (Django 6 Tasks on the django-tasks-db backend; `manage.py db_worker` runs them).

Two queues: "default" carries index jobs (one worker process: the only index writer); "imports"
carries large uploads, run by a second worker so that a long import does not hold up the index.
"""

from __future__ import annotations

from django.tasks import task

from articles.search import index

IMPORTS_QUEUE = "imports"


@task()
def index_articles(article_ids: list[int]) -> dict[str, int]:
    """Apply queued index changes. Enqueued in the same transaction as the articles it names, so the
    article and its index job commit or vanish together; the worker is the only index writer."""
    return index.apply_changes(article_ids)


@task(queue_name=IMPORTS_QUEUE)
def import_batch_task(batch_id: int, hints: dict) -> None:
    from articles import services

    services.batch_run(batch_id=batch_id, hints=hints)
