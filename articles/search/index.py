"""The glue between the database (the truth) and the search engine (a cache of it), and the page model.

Engine-neutral: views, feeds, tasks and commands call these functions; the engine is reached only
through ``articles.search.get_backend()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, ArticleCountry, ArticleEntity, ArticleTopic, Entity, Origin
from articles.search import find, get_backend
from articles.search import params as search_params
from articles.search.backend import CheckReport, FacetCount, IndexDocument, Results
from articles.search.facets import FACETS, REGISTRY
from articles.search.params import SearchParams

INDEX_TASK_PATH = "articles.tasks.index_articles"
SUGGEST_BELOW = 5  # offer "did you mean" when a query finds fewer matches than this


def article_version(article: Article) -> str:
    return _version(article.updated_at)


def _version(updated_at) -> str:
    return f"{updated_at.timestamp():.6f}"


# The Article columns an index document is made of (``_documents`` reads them with values()).
_ARTICLE_COLUMNS = ("pk", "updated_at", "title", "standfirst", "body", "authors", "source__name", "section",
                    "language", "published_at", "published_date", "duplicate_of_id")  # fmt: skip


_TAGS = ("country", "topic", Entity.Kind.PERSON, Entity.Kind.ORGANIZATION)  # _document's tag arguments


def _document(row: dict, country, topic, person, org) -> IndexDocument:
    """An index document from the article's ``_ARTICLE_COLUMNS`` and its live tags, in their order."""
    published = row["published_at"]
    day = row["published_date"]  # the publisher's calendar date: years, histogram and date ranges
    return IndexDocument(
        id=row["pk"],
        version=_version(row["updated_at"]),
        title=row["title"],
        text="\n\n".join(part for part in (row["standfirst"], row["body"]) if part),
        authors=tuple(row["authors"] or ()),
        country=tuple(country),
        topic=tuple(topic),
        source=row["source__name"] or "",
        section=row["section"],
        lang=row["language"],
        published=int(published.timestamp()) if published else None,
        day=int(day.strftime("%Y%m%d")) if day else None,
        person=tuple(person),
        org=tuple(org),
        duplicate_of=row["duplicate_of_id"],
    )


def document_for(article: Article) -> IndexDocument:
    """An Article (loaded with ``Article.objects.for_index()``) as an index document."""
    row = {name: getattr(article, name) for name in _ARTICLE_COLUMNS if name != "source__name"}
    row["source__name"] = article.source.name if article.source else ""
    return _document(
        row,
        (link.country_id for link in article.live_countries()),
        (link.topic_id for link in article.live_topics()),
        (link.entity.name for link in article.live_entities(Entity.Kind.PERSON)),
        (link.entity.name for link in article.live_entities(Entity.Kind.ORGANIZATION)),
    )


def _documents(queryset, chunk: int = 500) -> Iterator[IndexDocument]:
    """Documents for every article of ``queryset``, read in chunks (constant memory): the same documents
    as ``document_for`` makes of ``for_index()`` instances, from values() rows (a rebuild spent a tenth of
    its time making model instances of every tag link, with their JSON evidence, to read three columns)."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values(*_ARTICLE_COLUMNS)[:chunk])
        if not rows:
            return
        ids = [row["pk"] for row in rows]
        # Live tags in each link model's own order (Meta.ordering), as for_index()'s prefetches read them.
        tags: dict[str, dict[int, list[str]]] = {name: {} for name in _TAGS}
        for name, query in (
            ("country", ArticleCountry.objects.values_list("article_id", "country_id", "origin")),
            ("topic", ArticleTopic.objects.values_list("article_id", "topic_id", "origin")),
        ):
            found = tags[name]
            for article_id, value, origin in query.filter(article_id__in=ids):
                if origin != Origin.REMOVED:
                    found.setdefault(article_id, []).append(value)
        entities = ArticleEntity.objects.values_list("article_id", "entity__name", "origin", "entity__kind")
        for article_id, value, origin, kind in entities.filter(article_id__in=ids):
            if origin != Origin.REMOVED and kind in tags:
                tags[kind].setdefault(article_id, []).append(value)
        for row in rows:
            pk = row["pk"]
            yield _document(row, *(tags[name].get(pk, ()) for name in _TAGS))
        last = ids[-1]


def apply_changes(article_ids: Iterable[int]) -> dict[str, int]:
    """Make the index agree with the database for these articles (the index task's body)."""
    ids = sorted({int(i) for i in article_ids})
    docs = list(_documents(Article.objects.filter(pk__in=ids)))
    present = {d.id for d in docs}
    deleted = [i for i in ids if i not in present]
    get_backend().update(docs, deleted)
    return {"indexed": len(docs), "deleted": len(deleted)}


def rebuild(progress: Callable[[int], None] | None = None, procs: int = 1) -> int:
    return get_backend().rebuild(_documents(Article.objects.all()), progress=progress, procs=procs)


def check(*, repair: bool = False) -> CheckReport:
    versions = {pk: f"{ts.timestamp():.6f}" for pk, ts in Article.objects.values_list("pk", "updated_at")}
    report = get_backend().check(versions)
    if repair and report.outdated_schema:
        rebuild()
    elif repair and not report.ok:
        apply_changes([*report.missing, *report.extra, *report.stale])
    return report


def pending_jobs() -> int:
    """Index jobs not yet applied (queued or running)."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(task_path=INDEX_TASK_PATH).filter(Q(status="READY") | Q(status="RUNNING")).count()
    )


# ----------------------------------------------------------------------------- the search page


@dataclass
class Hit:
    article: Article
    title_html: SafeString
    snippet_html: SafeString
    similar: int = 0  # near-duplicates collapsed under this article
    meta_html: str = ""  # the page's meta line and tags of the hit, SafeStrings (views.search)
    tags_html: str = ""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    excluded: bool = False
    toggle_qs: str = ""  # the query string with this value added or removed
    exclude_qs: str = ""  # the query string with this value excluded
    estimated: bool = False  # the count is an estimate ("about N"): see Results.estimated

    @property
    def html(self) -> SafeString:
        """The search page's list item for this value, built here once rather than by a template partial
        per value (a page has up to sixty of them: they were a fifth of its rendering time)."""
        label = escape(self.label)
        marked = self.selected or self.excluded
        css = ' class="selected"' if self.selected else ' class="excluded"' if self.excluded else ""
        exclude = (
            ""
            if marked
            else f'<a class="exclude" href="?{escape(self.exclude_qs)}" title="Exclude {label}" '
            f'aria-label="Exclude {label}"><span aria-hidden="true">⊘</span></a>'
        )
        pressed = ' aria-pressed="true"' if marked else ""
        return mark_safe(  # every value in it is escaped
            f'<li{css}>\n  <a href="?{escape(self.toggle_qs)}"{pressed}>{"not " if self.excluded else ""}{label}</a>'
            f'\n  <span class="count">{"about " if self.estimated else ""}{self.count}</span>\n  {exclude}\n</li>'
        )


@dataclass
class Chip:
    """A selected filter, shown above the results with a link that removes it."""

    facet: str
    label: str
    excluded: bool
    remove_qs: str


@dataclass
class SearchPage:
    params: SearchParams
    results: Results
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    chips: list[Chip] = field(default_factory=list)
    suggestion: str | None = None  # "did you mean", from the archive's own vocabulary
    suggestion_qs: str = ""
    counts: dict[str, list[FacetCount]] = field(default_factory=dict)  # the ``wide`` facets, every value

    @property
    def total(self) -> int:
        return self.results.total

    @property
    def facet_groups(self) -> list[tuple[str, str, list[FacetValue], int]]:
        """(name, label, values shown, how many values the facet has in all)."""
        totals = self.results.facet_totals
        return [
            (name, REGISTRY[name].plural, values, totals.get(name, len(values))) for name, values in self.facets.items()
        ]

    @property
    def shown(self) -> int:
        return self.results.total if self.results.shown is None else self.results.shown

    @property
    def collapsed(self) -> int:
        return self.total - self.shown

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.shown // self.params.size))

    @property
    def last_page(self) -> int:
        """The last page that can be opened: page numbers stop at MAX_PAGE (the rest is for exports)."""
        return min(self.num_pages, search_params.MAX_PAGE)

    @property
    def has_next(self) -> bool:
        return self.params.page < self.last_page

    @property
    def has_previous(self) -> bool:
        return self.params.page > 1

    @property
    def first_index(self) -> int:
        return (self.params.page - 1) * self.params.size + 1 if self.hits else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.hits) - 1 if self.hits else 0


ALL_FACETS = FACETS


def more_like_this(article: Article, *, limit: int = 5) -> list[Article]:
    ids = get_backend().more_like_this(article.pk, f"{article.title}\n{article.body}", limit=limit)
    found = Article.objects.select_related("source").in_bulk(ids)
    return [found[i] for i in ids if i in found]


FACET_SHOWN = 10  # values shown per facet; "show all" asks for up to FACET_ALL
FACET_ALL = 300


def _highlight_all(
    backend, texts: list[str], terms: frozenset[str], langs: list[str], *, whole: bool = False
) -> list[str]:
    """The page's texts highlighted, each in its article's language: in one call when the engine can (a
    database engine answers the whole page in one round trip instead of one per text), else one at a time."""
    many = getattr(backend, "highlight_many", None)
    if many is not None:
        return many(texts, terms, whole=whole, langs=langs)
    return [backend.highlight(text, terms, whole=whole, lang=lang) for text, lang in zip(texts, langs, strict=True)]


def search(
    params: SearchParams,
    *,
    facets: Iterable[str] = ALL_FACETS,
    highlight: bool = True,
    histogram: bool = False,
    expanded: str = "",
    collapse: bool = True,
    wide: Iterable[str] = (),
    links: bool = True,
) -> SearchPage:
    """``expanded``: the facet whose "show all" was chosen; ``wide``: facets also counted up to FACET_ALL
    values, kept as bare counts in ``SearchPage.counts`` (the map colours every country with matches, not
    only the ten the list shows; building links for every value would cost more than the search);
    ``links=False``: facet values without their query strings (the JSON API gives values, not links)."""
    backend = get_backend()
    facets = tuple(facets)
    wide = set(wide)
    limits = {name: FACET_ALL if name in wide or name == expanded else FACET_SHOWN for name in facets}
    results = find(params, facets=facets, histogram=histogram, facet_limit=limits, collapse=collapse)
    articles = Article.objects.results_by_id(results.ids)
    hits = []
    shown = [articles[i] for i in results.ids if i in articles]  # a deleted one: check_index repairs the index
    titles = snippets = [""] * len(shown)
    if highlight and results.terms and shown:
        langs = [a.language for a in shown]
        titles = _highlight_all(backend, [a.title for a in shown], results.terms, langs, whole=True)
        snippets = _highlight_all(backend, [a.body for a in shown], results.terms, langs)
    for article, title_html, snippet_html in zip(shown, titles, snippets, strict=True):
        similar = results.similar.get(article.pk, 0)
        hits.append(Hit(article, mark_safe(title_html), mark_safe(snippet_html), similar))

    facet_values: dict[str, list[FacetValue]] = {}
    for name, counts in results.facets.items():
        selected = set(params.include(name))
        excluded = set(params.exclude(name))
        every = {c.value: c for c in counts}
        shown: list[FacetCount] = list(counts)[: FACET_ALL if name == expanded else FACET_SHOWN]
        # A selected value stays visible even when the other filters leave it no matches.
        present = {c.value for c in shown}
        chosen = (*params.include(name), *params.exclude(name))
        shown += [every.get(v, FacetCount(v, 0)) for v in chosen if v not in present]
        labels = REGISTRY[name].display([c.value for c in shown])
        qs = params.facet_links(name, [c.value for c in shown]) if links else [("", "")] * len(shown)
        facet_values[name] = [
            FacetValue(
                c.value,
                labels.get(c.value, c.value),
                c.count,
                c.value in selected,
                c.value in excluded,
                toggle_qs,
                exclude_qs,
                name in results.estimated,
            )
            for c, (toggle_qs, exclude_qs) in zip(shown, qs, strict=True)
        ]
    chips = [
        Chip(REGISTRY[name].label, v.label, v.excluded, v.toggle_qs)
        for name, values in facet_values.items()
        for v in values
        if v.selected or v.excluded
    ]
    if params.date_from or params.date_to:
        period = f"{params.date_from or '…'} – {params.date_to or '…'}"
        chips.append(Chip("Published", period, False, params.with_dates(None, None)))
    suggestion = None
    if params.q and results.total < SUGGEST_BELOW:
        suggestion = backend.suggest(params.q)
    return SearchPage(
        params=params,
        results=results,
        hits=hits,
        facets=facet_values,
        chips=chips,
        suggestion=suggestion,
        suggestion_qs=replace(params, q=suggestion, page=1).querystring() if suggestion else "",
        counts={name: list(results.facets.get(name, ())) for name in wide},
    )
