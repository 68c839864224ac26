"""Thin views: parse parameters, make one call, render the page (or its partial for htmx)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from articles import advanced, charts, presentation
from articles.models import Article, Country, Origin, Source, Topic, country_names, topic_labels
from articles.search import index
from articles.search.facets import LANGUAGE_NAMES
from articles.search.params import MAX_QUERY_CHARS, FacetFilter, SearchParams, clean_text

logger = logging.getLogger(__name__)


def _unknown_country_notes(params: SearchParams) -> list[str]:
    """A country code that no article carries finds nothing: say so, as a bad ``year=`` value is."""
    codes = {*params.include("country"), *params.exclude("country")}
    if not codes:
        return []
    known = country_names().keys()
    return [
        f"No article in the archive is tagged with the country code {code!r}; the filter matches nothing."
        for code in sorted(codes - known)
    ]


def _world_map(page: index.SearchPage | None) -> dict | None:
    counts = page.counts.get("country", []) if page else []
    return charts.world_map(counts, country_names())


def _search_or_unavailable(params: SearchParams, **kwargs) -> index.SearchPage | None:
    try:
        return index.search(params, **kwargs)
    except Exception:
        # A broken or missing index must not be a server error: say so, and let check_index repair it.
        logger.exception("search failed for %s", params.querystring())
        return None


def _advanced_redirect(request: HttpRequest) -> HttpResponse | None:
    """The advanced form's boxes (all / phrase / any / none) become one ``q``: answer with a redirect to
    the ordinary, shareable search URL (empty fields and the boxes themselves left out)."""
    if not any(key in request.GET for key in advanced.ADVANCED_KEYS):
        return None
    query = request.GET.copy()
    boxes = {key: clean_text(query.pop(key, [""])[-1], MAX_QUERY_CHARS) for key in advanced.ADVANCED_KEYS}
    q = advanced.compose_query(
        q=query.get("q", ""),
        all_words=boxes["all"],
        phrase=boxes["phrase"],
        any_words=boxes["any"],
        none_words=boxes["none"],
    )
    query.setlist("q", [q] if q else [])
    for key in list(query):
        query.setlist(key, [v for v in query.getlist(key) if v.strip()])
    return redirect(reverse("articles:search") + (f"?{query.urlencode()}" if query else ""))


@require_safe  # GET and HEAD
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    if (response := _advanced_redirect(request)) is not None:
        return response
    params = SearchParams.from_querydict(request.GET)
    expanded = request.GET.get("facets", "")  # "show all" of one facet
    page = _search_or_unavailable(params, histogram=True, expanded=expanded, wide=("country",))
    for hit in page.hits if page else ():
        hit.snippet_html = presentation.ellipsized(hit.snippet_html, hit.article.body)
        # What articles/_article_meta.html and _hit_tags.html render, built in Python (see presentation).
        hit.meta_html = presentation.article_meta_html(hit.article)
        hit.tags_html = presentation.hit_tags_html(hit.article)
    context = {
        "params": params,
        "page": page,
        "feed_qs": params.querystring(page=False),
        "expanded": expanded,
        "notes": _unknown_country_notes(params),
        "export_max": settings.NEWSARCHIVE_EXPORT_MAX,
    }
    if page is not None:
        # The facet lists, the map and the histogram are the same for every page of a search: rendered
        # once per result set and kept (see presentation.rendered_once), and per version of the country
        # names and topic labels they show (a rename makes them stale).
        country_names(), topic_labels()  # read again when they are older than NAMES_TTL
        key = (params.querystring(page=False), expanded, country_names.version, topic_labels.version)

        def render_part(name: str) -> str:
            if name == "charts":  # computed only when rendered, not when the kept HTML is used
                chart = charts.histogram(page.results.histogram, params)
                return render_to_string(
                    "articles/search.html#charts", {**context, "chart": chart, "map": _world_map(page)}, request
                )
            return render_to_string(f"articles/search.html#{name}", context, request)

        for name in ("charts", "facets"):
            context[f"{name}_html"] = presentation.rendered_once(
                page.results.generation, (name, *key), lambda name=name: render_part(name)
            )
    # htmx requests (typing, facet clicks, paging) get the results partial of the same page; Back after
    # htmx's history cache is gone asks with HX-Request too, and needs the whole page (django-htmx docs).
    partial = request.htmx and not request.htmx.history_restore_request
    template = "articles/search.html#results" if partial else "articles/search.html"
    return render(request, template, context, status=200 if page is not None else 503)


@require_safe  # GET and HEAD
def article(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Article.objects.for_display().select_related("duplicate_of"), pk=pk)
    try:
        similar = _one_per_story(obj, index.more_like_this(obj, limit=SIMILAR_SHOWN * 2))[:SIMILAR_SHOWN]
    except Exception:
        logger.exception("more like this failed for article %s", pk)
        similar = []
    marked = presentation.marked_body(obj)

    def tags(links, kind: str, search_field: str = "") -> list[dict]:
        rows = []
        for link in links:
            if kind == "topic":
                key = presentation.topic_key(link.topic_id)
            else:
                key = f"country-{link.country_id}" if kind == "country" else f"entity-{link.entity_id}"
            row = {"link": link, "key": key, "first": marked.first.get(key, ""), "marked": marked.counts.get(key, 0)}
            if search_field:  # people and organisations link to the search for them
                row["search"] = "?" + urlencode({"q": f'{search_field}:"{link.entity.name}"'})
            rows.append(row)
        return rows

    context = {
        "article": obj,
        "similar": similar,
        "body_html": marked.html,
        "title_html": marked.title_html,
        "topics": tags(obj.live_topics(), "topic"),
        "countries": tags(obj.live_countries(), "country"),
        "people": tags(obj.people, "entity", "person"),
        "organisations": tags(obj.organizations, "entity", "org"),
        "citations": presentation.citations(obj, request.build_absolute_uri(obj.get_absolute_url())),
    }
    return render(request, "articles/article.html", context)


SIMILAR_SHOWN = 5


def _one_per_story(article: Article, candidates: list[Article]) -> list[Article]:
    """More like this lists each story once: near-duplicates of one original (or of this article) and
    copies under the same headline are one story, shown by its first (best-ranked) member."""
    seen = {article.duplicate_of_id or article.pk, article.title.casefold().strip()}
    kept = []
    for other in candidates:
        keys = {other.duplicate_of_id or other.pk, other.title.casefold().strip() or other.pk}
        if keys & seen:
            continue
        seen |= keys
        kept.append(other)
    return kept


def _browse(request: HttpRequest, facet: str, value: str, title: str, extra: dict) -> HttpResponse:
    requested = SearchParams.from_querydict(request.GET)
    params = SearchParams(filters={facet: FacetFilter((value,))}, sort="newest", page=requested.page)
    # The page's own facet is left out: counted disjunctively it would cover the whole archive.
    related = tuple(f for f in ("country", "topic", "source", "person", "org") if f != facet)
    page = _search_or_unavailable(params, facets=related, histogram=True)
    context = {
        "title": title,
        "page": page,
        "feed_qs": params.querystring(page=False),
        "params": params,
        "chart": charts.histogram(page.results.histogram, params, base=reverse("articles:search")) if page else None,
        "export_max": settings.NEWSARCHIVE_EXPORT_MAX,
        **extra,
    }
    return render(request, "articles/browse.html", context, status=200 if page is not None else 503)


@require_safe  # GET and HEAD
def country(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.upper():
        return redirect("articles:country", code=code.upper(), permanent=True)
    obj = Country.objects.filter(code=code).first()
    if obj is None:
        raise Http404("No articles are tagged with this country.")
    return _browse(request, "country", obj.code, obj.name, {"country": obj})


@require_safe  # GET and HEAD
def topic(request: HttpRequest, code: str) -> HttpResponse:
    if not code.startswith("medtop:") and code.isdigit():
        return redirect("articles:topic", code=f"medtop:{code}", permanent=True)
    obj = get_object_or_404(Topic, code=code)
    return _browse(request, "topic", obj.code, obj.label, {"topic": obj})


@require_safe  # GET and HEAD
def countries(request: HttpRequest) -> HttpResponse:
    rows = (
        Country.objects.annotate(n=Count("article_links", filter=~Q(article_links__origin=Origin.REMOVED)))
        .filter(n__gt=0)
        .order_by("-n", "name")
    )
    return render(request, "articles/countries.html", {"rows": rows})


@require_safe  # GET and HEAD
def topics(request: HttpRequest) -> HttpResponse:
    rows = Topic.objects.annotate(n=Count("article_links", filter=~Q(article_links__origin=Origin.REMOVED))).order_by(
        "label"
    )
    return render(request, "articles/topics.html", {"rows": rows})


@require_safe  # GET and HEAD
def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "articles/help.html")


@require_safe  # GET and HEAD
def advanced_search(request: HttpRequest) -> HttpResponse:
    """A form that builds an ordinary search: it submits by GET to the search page (see ``advanced``)."""
    params = SearchParams.from_querydict(request.GET)  # prefilled from a search's own parameters
    countries = list(Country.objects.filter(article_links__isnull=False).distinct().order_by("name"))
    topics = list(Topic.objects.order_by("label"))
    sources = list(Source.objects.order_by("name"))
    languages = sorted(LANGUAGE_NAMES.items(), key=lambda item: item[1])
    choices = {
        "country": {c.code for c in countries},
        "topic": {t.code for t in topics},
        "source": {s.name for s in sources},
        "lang": set(LANGUAGE_NAMES),
    }
    values, kept = advanced.prefill(params, choices)
    context = {
        "values": values,
        "kept": kept,
        "countries": countries,
        "topics": topics,
        "sources": sources,
        "languages": languages,
    }
    return render(request, "articles/advanced.html", context)


@require_safe  # GET and HEAD
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the manifest storage's hashed name is only known once collectstatic has run.
    return redirect(static("favicon.svg"), permanent=True)
