"""Browser integration: the OpenSearch description, search suggestions, and robots.txt."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles.models import Article, Country, Source, Topic

MAX_SUGGESTIONS = 10
MAX_PREFIX_CHARS = 100


@require_safe  # GET and HEAD
def description(request: HttpRequest) -> HttpResponse:
    """OpenSearch 1.1: lets a browser add the archive as a search engine (with suggestions)."""
    return render(
        request,
        "articles/opensearch.xml",
        {"base": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


def suggestions(prefix: str) -> list[str]:
    """Up to 10 completions: titles starting with the prefix, then names from the archive's vocabulary."""
    found: list[str] = []

    def add(values) -> None:
        for value in values:
            if value and value not in found and len(found) < MAX_SUGGESTIONS:
                found.append(value)

    add(
        Article.objects.filter(title__istartswith=prefix)
        .order_by("-published_at", "-id")
        .values_list("title", flat=True)[:MAX_SUGGESTIONS]
    )
    add(Country.objects.filter(name__istartswith=prefix).values_list("name", flat=True)[:MAX_SUGGESTIONS])
    add(Topic.objects.filter(label__istartswith=prefix).values_list("label", flat=True)[:MAX_SUGGESTIONS])
    add(Source.objects.filter(name__istartswith=prefix).values_list("name", flat=True)[:MAX_SUGGESTIONS])
    return found


@require_safe  # GET and HEAD
def suggest(request: HttpRequest) -> JsonResponse:
    """OpenSearch Suggestions: ``[query, [completions…]]``."""
    q = " ".join(request.GET.get("q", "").split())[:MAX_PREFIX_CHARS]
    completions = suggestions(q) if q else []
    return JsonResponse([q, completions], safe=False, content_type="application/x-suggestions+json; charset=utf-8")


@require_safe  # GET and HEAD
def robots(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/robots.txt",
        {"public": settings.NEWSARCHIVE_PUBLIC, "base": request.build_absolute_uri("/").rstrip("/")},
        content_type="text/plain; charset=utf-8",
    )
