"""Saved searches asked of the search engine: every call into search for alerts is in this module.

The search engine knows nothing of when an article was ingested, so a saved search's new articles are
found from both sides: the database gives the articles ingested in a period (usually few), the engine
gives every match of the search (near-duplicates included), and the answer is what both hold. Only
the public search functions are used, so this works on any engine behind them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from django.http import QueryDict

from articles import search
from articles.models import Article, SavedSearch
from articles.search import index
from articles.search.params import SearchParams

# One page holds every match (the engine sorts and slices; it does not materialise the rest).
ALL_MATCHES = 10**9


def params_for(saved: SavedSearch) -> SearchParams:
    return SearchParams.from_querydict(QueryDict(saved.querystring))


def normalised_querystring(querydict) -> str:
    """A search page's parameters as a saved search keeps them: validated, in a fixed order, no page."""
    return SearchParams.from_querydict(querydict).querystring(page=False)


def matching_ids(
    params: SearchParams, *, ingested_after: datetime, ingested_until: datetime | None = None
) -> list[int]:
    """Ids of the articles ingested in (after, until] that match ``params``, newest first."""
    new = Article.objects.filter(ingested_at__gt=ingested_after)
    if ingested_until is not None:
        new = new.filter(ingested_at__lte=ingested_until)
    new_ids = list(new.order_by("-ingested_at", "-id").values_list("pk", flat=True))
    if not new_ids:
        return []  # the common case: no search at all
    results = search.find(replace(params, page=1, size=ALL_MATCHES, sort="newest"), facets=(), collapse=False)
    matched = set(results.ids)
    return [pk for pk in new_ids if pk in matched]


def count_new(saved: SavedSearch) -> int:
    """How many articles matching the saved search were ingested since the reader last opened it."""
    return len(matching_ids(params_for(saved), ingested_after=saved.last_opened_at))


def indexed_until(now: datetime) -> datetime:
    """The latest ingestion time up to which the index is known to hold every article.

    Whoosh is updated by a worker after the article commits; while index jobs wait, the articles they
    name may not be searchable yet, so a digest must not claim their period as done (it would never
    announce them). The PostgreSQL engine has no queue, so this is simply ``now`` there.
    """
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult

    pending: set[int] = set()
    jobs = DBTaskResult.objects.filter(task_path=index.INDEX_TASK_PATH, status__in=("READY", "RUNNING"))
    for args_kwargs in jobs.values_list("args_kwargs", flat=True):
        for ids in (args_kwargs or {}).get("args", [])[:1]:
            pending.update(int(i) for i in ids)
    if not pending:
        return now
    oldest = Article.objects.filter(pk__in=sorted(pending)[:10000]).aggregate(t=Min("ingested_at"))["t"]
    if oldest is None:  # the job only deletes articles: nothing to wait for
        return now
    # Strictly before the oldest waiting article: digests cover (after, until].
    return min(now, oldest - timedelta(microseconds=1))
