"""Background tasks (Django 6 Tasks on the django-tasks-db backend; `manage.py db_worker` runs them).

Two queues: "default" carries index jobs (one worker process: the only index writer); "imports"
carries large uploads (``articles.services.batches.import_batch_task``), run by a second worker so that
a long import does not hold up the index. This module imports only the search layer: the services
import it (to queue index jobs), never the other way round.
"""

from __future__ import annotations

from django.tasks import task

from articles.search import index


@task()
def index_articles(article_ids: list[int]) -> dict[str, int]:
    """Apply queued index changes. Enqueued in the same transaction as the articles it names, so the
    article and its index job commit or vanish together; the worker is the only index writer.
    Idempotent: it makes the index agree with the database as it is now, so a job re-run after its
    worker died does no harm."""
    return index.apply_changes(article_ids)
