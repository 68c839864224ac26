"""The JSON API: search and article views, their OpenAPI 3.1 description, and its documentation page.

Hand-written views and a hand-written schema (no framework): two read-only endpoints do not justify
pydantic and a second routing layer, and the schema below is the single description that
/api/openapi.json serves, /api/docs/ renders and the tests validate responses against.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.search import index
from articles.search.facets import REGISTRY
from articles.search.params import FACETS, MAX_PAGE, SIZES, SearchParams

SNIPPET_CHARS = 300
logger = logging.getLogger(__name__)


# ----------------------------------------------------------------------------- serialisation


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def snippet(article: Article) -> str:
    text = article.standfirst or article.body
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def article_summary(article: Article, request: HttpRequest) -> dict[str, Any]:
    """An article as a search result (the API's results and the JSON Lines export share it)."""
    return {
        "id": article.pk,
        "title": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "source_url": article.url or None,
        "source": article.source.name if article.source else None,
        "section": article.section or None,
        "published": _iso(article.published_at),
        "published_date": _iso(article.published_date),
        "ingested": _iso(article.ingested_at),
        "authors": list(article.authors or []),
        "language": article.language or None,
        "standfirst": article.standfirst,
        "snippet": snippet(article),
        "countries": [{"code": c.country_id, "name": c.country.name} for c in article.live_countries()],
        "topics": [{"code": t.topic_id, "label": t.topic.label} for t in article.live_topics()],
    }


def article_detail(article: Article, request: HttpRequest) -> dict[str, Any]:
    """Everything the archive knows about an article, with each tag's evidence."""
    return {
        **article_summary(article, request),
        "body": article.body,
        "caption": article.caption,
        "dateline": article.dateline or None,
        "updated": _iso(article.updated_at),
        "external_id": article.external_id or None,
        "extra": article.extra or {},
        "duplicate_of": article.duplicate_of_id,
        "countries": [
            {
                "code": c.country_id,
                "name": c.country.name,
                "about": c.about,
                "salience": c.salience,
                "mentions": c.mentions,
                "methods": c.methods,
                "evidence": c.evidence,
                "origin": c.origin,
            }
            for c in article.live_countries()
        ],
        "topics": [
            {"code": t.topic_id, "label": t.topic.label, "score": t.score, "evidence": t.evidence, "origin": t.origin}
            for t in article.live_topics()
        ],
        "people": [_entity(e) for e in article.people],
        "organizations": [_entity(e) for e in article.organizations],
    }


def _entity(link) -> dict[str, Any]:
    return {"name": link.entity.name, "mentions": link.mentions, "evidence": link.evidence, "origin": link.origin}


# ----------------------------------------------------------------------------- views


def error(status: int, message: str, details: list[str] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"status": status, "message": message}
    if details:
        body["details"] = details
    return JsonResponse({"error": body}, status=status)


def _page_url(request: HttpRequest, params: SearchParams, page: int) -> str:
    return request.build_absolute_uri(f"{request.path}?{params.with_page(page).querystring()}")


@csrf_exempt  # read-only; a POST gets the 405 below, not the CSRF failure page
@require_safe  # GET and HEAD
def search(request: HttpRequest) -> JsonResponse:
    params = SearchParams.from_querydict(request.GET)
    # The page forgives bad values with a note; a program should hear about them instead.
    if params.errors:
        return error(400, "Bad search parameters.", list(params.errors))
    try:
        # A program gets every match (near-duplicates are not collapsed as on the page): totals and pages agree.
        page = index.search(params, facets=FACETS, highlight=False, collapse=False, links=False)
    except Exception:
        # As on the search page: a broken index is reported, not a server error (check_index repairs it).
        logger.exception("API search failed for %s", params.querystring())
        return error(503, "Search is unavailable right now; the index could not be read.")
    return JsonResponse(
        {
            "query": {
                "q": params.q,
                "read": page.results.query_read,
                "fallback": page.results.fallback,
                "notes": list(page.results.notes),
            },
            "total": page.total,
            "total_estimated": page.results.total_estimated,
            "page": params.page,
            "size": params.size,
            "num_pages": page.num_pages,
            "next": _page_url(request, params, params.page + 1) if page.has_next else None,
            "previous": _page_url(request, params, params.page - 1) if page.has_previous else None,
            "results": [article_summary(hit.article, request) for hit in page.hits],
            "facets": {
                name: [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "estimated": v.estimated,
                        "selected": v.selected,
                        "excluded": v.excluded,
                    }
                    for v in values
                ]
                for name, values in page.facets.items()
            },
        }
    )


@csrf_exempt
@require_safe  # GET and HEAD
def article(request: HttpRequest, pk: int) -> JsonResponse:
    obj = Article.objects.for_display().filter(pk=pk).first()
    if obj is None:
        return error(404, f"No article {pk}.")
    return JsonResponse(article_detail(obj, request))


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return error(404, f"No API endpoint at {request.path}. See /api/openapi.json.")


@require_safe  # GET and HEAD
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_schema(request.build_absolute_uri("/api/")), json_dumps_params={"indent": 2})


@require_safe  # GET and HEAD
def docs(request: HttpRequest):
    schema = openapi_schema(request.build_absolute_uri("/api/"))
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "op": op,
            "responses": [
                {
                    "status": status,
                    "description": resp["description"],
                    "schema": json.dumps(resp["content"]["application/json"]["schema"], indent=2),
                }
                for status, resp in op["responses"].items()
            ],
        }
        for path, item in schema["paths"].items()
        for method, op in item.items()
    ]
    components = {name: json.dumps(s, indent=2) for name, s in schema["components"]["schemas"].items()}
    return render(
        request, "articles/api_docs.html", {"schema": schema, "operations": operations, "components": components}
    )


# ----------------------------------------------------------------------------- OpenAPI 3.1

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_NDATE = {"type": ["string", "null"], "format": "date-time"}
_EVIDENCE = {"type": "array", "items": {}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": list(props), **extra}


def _facet_param(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "description": description + " Repeatable; a leading '-' excludes the value.",
        "schema": {"type": "array", "items": _STR},
        "style": "form",
        "explode": True,
    }


_SUMMARY_PROPS: dict[str, Any] = {
    "id": {"type": "integer"},
    "title": _STR,
    "url": {"type": "string", "format": "uri", "description": "The article's page in this archive."},
    "source_url": {"type": ["string", "null"], "description": "The publisher's address."},
    "source": _NSTR,
    "section": _NSTR,
    "published": {**_NDATE, "description": "Publication time (UTC); null when undated."},
    "published_date": {
        "type": ["string", "null"],
        "format": "date",
        "description": "The publisher's local date (what years, histograms and from/to use); null when undated.",
    },
    "ingested": {"type": "string", "format": "date-time"},
    "authors": {"type": "array", "items": _STR},
    "language": _NSTR,
    "standfirst": _STR,
    "snippet": {"type": "string", "description": "The standfirst, else the start of the text."},
    "countries": {"type": "array", "items": _obj({"code": _STR, "name": _STR})},
    "topics": {"type": "array", "items": _obj({"code": _STR, "label": _STR})},
}
_TAG_COMMON = {"evidence": _EVIDENCE, "origin": {"enum": ["auto", "manual"]}}

SCHEMAS: dict[str, Any] = {
    "Error": _obj(
        {
            "error": _obj(
                {"status": {"type": "integer"}, "message": _STR, "details": {"type": "array", "items": _STR}},
                required=["status", "message"],
            )
        }
    ),
    "ArticleSummary": _obj(_SUMMARY_PROPS),
    "FacetValue": _obj(
        {
            "value": _STR,
            "label": _STR,
            "count": {"type": "integer"},
            "estimated": {
                "type": "boolean",
                "description": "The count is an estimate from a sample of a very large match set (about N).",
            },
            "selected": {"type": "boolean"},
            "excluded": {"type": "boolean"},
        }
    ),
    "SearchResults": _obj(
        {
            "query": _obj(
                {
                    "q": _STR,
                    "read": {"type": "string", "description": "How the query was understood."},
                    "fallback": {
                        "type": "boolean",
                        "description": "The query could not be parsed; its words were searched.",
                    },
                    "notes": {
                        "type": "array",
                        "items": _STR,
                        "description": "What was bounded: e.g. wildcard or fuzzy words past the query's cost "
                        "budget, searched as typed.",
                    },
                }
            ),
            "total": {"type": "integer"},
            "total_estimated": {
                "type": "boolean",
                "description": "The total is an estimate from a sample of a very large match set (about N): "
                "with a filter or dates, a one-word search of more than 100,000 matches.",
            },
            "page": {"type": "integer"},
            "size": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": _ref("ArticleSummary")},
            "facets": {"type": "object", "additionalProperties": {"type": "array", "items": _ref("FacetValue")}},
        }
    ),
    "Article": _obj(
        {
            **_SUMMARY_PROPS,
            "body": _STR,
            "caption": _STR,
            "dateline": _NSTR,
            "updated": {"type": "string", "format": "date-time"},
            "external_id": {**_NSTR, "description": "The publisher's id."},
            "extra": {"type": "object", "description": "Extra metadata kept from the import."},
            "duplicate_of": {"type": ["integer", "null"], "description": "A near-duplicate of this article."},
            "countries": {
                "type": "array",
                "items": _obj(
                    {
                        "code": _STR,
                        "name": _STR,
                        "about": {"type": "boolean", "description": "About the country, not merely mentioning it."},
                        "salience": {"type": "number"},
                        "mentions": {"type": "integer"},
                        "methods": {"type": "array", "items": _STR},
                        **_TAG_COMMON,
                    }
                ),
            },
            "topics": {
                "type": "array",
                "items": _obj({"code": _STR, "label": _STR, "score": {"type": "number"}, **_TAG_COMMON}),
            },
            "people": {"type": "array", "items": _ref("Entity")},
            "organizations": {"type": "array", "items": _ref("Entity")},
        }
    ),
    "Entity": _obj({"name": _STR, "mentions": {"type": "integer"}, **_TAG_COMMON}),
}

_ERROR_JSON = {"content": {"application/json": {"schema": _ref("Error")}}}


def openapi_schema(server: str = "/api/") -> dict[str, Any]:
    """The OpenAPI 3.1 description (3.1, so that its schemas are plain JSON Schema 2020-12)."""
    search_params = [
        {
            "name": "q",
            "in": "query",
            "description": 'The query (words, OR, NOT, "phrases", title:word).',
            "schema": _STR,
        },
        *(_facet_param(facet.param, facet.description) for facet in REGISTRY.values()),
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "sort", "in": "query", "schema": {"enum": ["relevance", "newest", "oldest"]}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
        {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": SIZES[0], "maximum": SIZES[1]}},
    ]
    auth = {"description": "Signed in, or a token (private archives only).", **_ERROR_JSON}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "newsarchive API",
            "version": "1",
            "description": "Read-only access to the archive: search with the search page's parameters, and "
            "every article's metadata and tags with their evidence. A private archive needs a personal token "
            "(see /account/) as 'Authorization: Bearer …' or '?token=…'.",
        },
        "servers": [{"url": server}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "token": {"type": "apiKey", "in": "query", "name": "token"},
            },
        },
        "security": [{}, {"bearer": []}, {"token": []}],
        "paths": {
            "/search/": {
                "get": {
                    "operationId": "search",
                    "summary": "Search the archive",
                    "description": "The search page's parameters. Unreadable values are refused with 400.",
                    "parameters": search_params,
                    "responses": {
                        "200": {
                            "description": "A page of results",
                            "content": {"application/json": {"schema": _ref("SearchResults")}},
                        },
                        "400": {"description": "Bad parameters", **_ERROR_JSON},
                        "503": {"description": "The search index cannot be read", **_ERROR_JSON},
                        "401": auth,
                    },
                }
            },
            "/articles/{id}/": {
                "get": {
                    "operationId": "article",
                    "summary": "One article with all its metadata and tags",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "The article",
                            "content": {"application/json": {"schema": _ref("Article")}},
                        },
                        "404": {"description": "No such article", **_ERROR_JSON},
                        "401": auth,
                    },
                }
            },
        },
    }
