"""Search: the one door to the search engine. Views, feeds, the API, exports, commands, tasks and tests
call what this package offers (``articles.search.index`` holds the page model and the database glue);
nothing outside ``articles/search/`` names an engine or imports one.

The engine is chosen by the setting ``NEWSARCHIVE_SEARCH_BACKEND`` (one of ``ENGINES``; each engine is a
subpackage of ``articles.search``, the only code that imports its library); an unknown value stops
start-up (``check_engine_setting``, called from ``ArticlesConfig.ready``). Each engine implements
``articles.search.backend.SearchBackend``; the query language (``query``), the facet registry
(``facets``), histogram binning (``histogram``) and the page model (``index``) are shared by all.

The write path calls one hook, ``article_changed(article_ids)``, inside the write transaction.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from collections.abc import Iterable

    from articles.search.backend import Results, SearchBackend
    from articles.search.params import SearchParams

# Setting value -> the engine's class (imported only when chosen). The one place that names the engines.
ENGINES = {
    "whoosh": "articles.search.whoosh.WhooshBackend",
    "postgres": "articles.search.postgres.PostgresBackend",
}
DEFAULT_ENGINE = "whoosh"


def engine_name() -> str:
    return getattr(settings, "NEWSARCHIVE_SEARCH_BACKEND", DEFAULT_ENGINE) or DEFAULT_ENGINE


def check_engine_setting() -> None:
    """Raise ImproperlyConfigured, with what to do, unless the setting names an engine that loads."""
    name = engine_name()
    if name not in ENGINES:
        raise ImproperlyConfigured(
            f"NEWSARCHIVE_SEARCH_BACKEND={name!r} is not a search engine this archive has; "
            f"use one of: {', '.join(sorted(ENGINES))} (default {DEFAULT_ENGINE})."
        )
    try:
        engine = import_string(ENGINES[name])
    except ImportError as exc:
        raise ImproperlyConfigured(f"NEWSARCHIVE_SEARCH_BACKEND={name!r} cannot be loaded: {exc}") from exc
    # An engine may need more than its code (the PostgreSQL engine needs the database on PostgreSQL).
    check = getattr(engine, "check_configuration", None)
    if check is not None:
        check()


_created: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    """The configured engine (one instance per process and engine name)."""
    name = engine_name()
    backend = _created.get(name)
    if backend is None:
        check_engine_setting()
        backend = _created.setdefault(name, import_string(ENGINES[name])())
    return backend


def close() -> None:
    """Release what the engines created in this process hold open (tests, shutdown); never opens one."""
    for backend in list(_created.values()):
        backend.close()


def warm_up() -> None:
    """Load what the engine builds on first use in a process (a web worker calls this before it serves):
    with Whoosh, the searcher, the facet columns and the "did you mean" vocabulary (1.7 s at 100k articles,
    measured, paid otherwise by the first query that finds little). Never fails: a missing or broken index
    is reported by the first search, as before."""
    warm = getattr(get_backend(), "warm_up", None)
    if warm is None:
        return
    try:
        warm()
    except Exception:  # a worker must start even when the index cannot be read yet
        logging.getLogger(__name__).warning("search warm-up failed", exc_info=True)


def article_changed(article_ids: Iterable[int]) -> None:
    """The write path's one hook: call inside the transaction that changed or deleted these articles."""
    ids = sorted({int(i) for i in article_ids})
    if ids:
        get_backend().article_changed(ids)


def find(
    params: SearchParams,
    *,
    facets: Iterable[str] = (),
    facet_limit: int | dict[str, int] = 50,
    histogram: bool = False,
    collapse: bool = True,
) -> Results:
    """The engine's answer for ``params`` (ids of the page, facet counts, ...), with the query read by our
    own parser and bounded by its budget. Exports and the page call this; see also ``index.search``."""
    from articles.search import query

    backend = get_backend()
    parsed = query.bound(query.parse(params.q), backend.expand)
    results = backend.search(
        parsed, params, facets=tuple(facets), facet_limit=facet_limit, histogram=histogram, collapse=collapse
    )
    results.query_read = parsed.read
    results.fallback = parsed.fallback
    results.notes = (*parsed.notes, *results.notes)  # the parser's, then the engine's (a time budget)
    return results


def __getattr__(name: str):
    # The page model and the database glue live in ``index`` (it imports the models, so it is loaded on
    # first use, after Django's app registry is ready): articles.search.search(...) is index.search(...).
    if name in ("search", "more_like_this", "apply_changes", "rebuild", "check", "pending_jobs", "document_for"):
        from articles.search import index

        return getattr(index, name)
    raise AttributeError(f"module 'articles.search' has no attribute {name!r}")
