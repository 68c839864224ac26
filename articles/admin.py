"""Admin for every model, plus the upload page. Writes go through articles.services only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path

from articles import services
from articles.extraction.formats.fetch import FetchError
from articles.extraction.pipeline import Hints
from articles.forms import RetryForm, UploadForm
from articles.models import (
    Article,
    ArticleCountry,
    ArticleEntity,
    ArticleTopic,
    Country,
    Digest,
    Entity,
    ImportBatch,
    SavedSearch,
    Source,
    Topic,
)


class TagInline(admin.TabularInline):
    extra = 0
    readonly_fields = ("evidence",)


class ArticleCountryInline(TagInline):
    model = ArticleCountry
    fields = ("country", "about", "salience", "mentions", "origin", "evidence")
    autocomplete_fields = ("country",)


class ArticleTopicInline(TagInline):
    model = ArticleTopic
    fields = ("topic", "score", "origin", "evidence")


class ArticleEntityInline(TagInline):
    model = ArticleEntity
    fields = ("entity", "mentions", "origin", "evidence")
    autocomplete_fields = ("entity",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published_date", "section", "language", "ingested_at")
    list_filter = ("source", "language", "ingested_at", "published_date")
    search_fields = ("title", "external_id", "url")
    date_hierarchy = "ingested_at"
    # published_date follows published_at in the publisher's offset (services.article_save).
    readonly_fields = (
        "published_date",
        "ingested_at",
        "updated_at",
        "content_hash",
        "original",
        "original_format",
        "created_by",
    )
    raw_id_fields = ("duplicate_of",)
    inlines = (ArticleCountryInline, ArticleTopicInline, ArticleEntityInline)
    change_list_template = "admin/articles/article/change_list.html"

    def get_urls(self):
        urls = [path("upload/", self.admin_site.admin_view(self.upload_view), name="articles_article_upload")]
        return urls + super().get_urls()

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponse("You may not upload articles.", status=403)
        results = []
        form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
        if request.method == "POST" and form.is_valid():
            try:
                payloads = form.payloads()
            except FetchError as exc:
                form.add_error("feed_url", f"The feed could not be fetched: {exc}")
            else:
                # One import per source given (per file, else the general one): each is its own batch.
                groups: dict[str, list[tuple[str, bytes]]] = {}
                for name, data in payloads:
                    groups.setdefault(form.source_for(name), []).append((name, data))
                hints = {
                    source: Hints(source=source, published=form.published_at(), url=form.cleaned_data.get("url") or "")
                    for source in groups
                }
                if services.count_records(payloads) > services.BACKGROUND_RECORDS:
                    batches = [
                        services.batch_enqueue(files=files, hints=hints[source], user=request.user)
                        for source, files in groups.items()
                    ]
                    if len(batches) == 1:
                        return redirect("admin:articles_importbatch_progress", batches[0].pk)
                    return redirect("admin:articles_importbatch_changelist")
                for source, files in groups.items():
                    result = services.articles_import(files=files, hints=hints[source], user=request.user)
                    messages.info(request, (f"{source}: " if len(groups) > 1 and source else "") + result.summary())
                    results.append(result)
                form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload articles",
            "form": form,
            "results": results,
        }
        return TemplateResponse(request, "admin/articles/upload.html", context)

    def save_model(self, request, obj, form, change) -> None:
        services.article_save(article=obj)

    def save_formset(self, request, form, formset, change) -> None:
        # Staff edits of tags are manual decisions that survive re-extraction (see services.tags_save).
        changed = formset.save(commit=False)
        services.tags_save(changed=changed, deleted=formset.deleted_objects)
        formset.save_m2m()

    def delete_model(self, request, obj) -> None:
        services.article_delete(article=obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            services.article_delete(article=obj)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "status",
        "origin",
        "created_by",
        "imported",
        "near_duplicates",
        "duplicates",
        "failed",
    )
    list_filter = ("status", "origin")
    readonly_fields = (
        "created_at",
        "created_by",
        "origin",
        "status",
        "message",
        "files",
        "total",
        "imported",
        "near_duplicates",
        "duplicates",
        "failed",
        "duration",
        "undone_at",
        "owner",
        "heartbeat_at",
    )
    # A line per group rather than a row per figure: the report (what staff come for) starts a screen higher.
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("status", "origin", "created_by"),
                    ("created_at", "duration", "undone_at"),
                    "message",
                    "files",
                )
            },
        ),
        ("Records", {"fields": (("total", "imported", "near_duplicates", "duplicates", "failed"),)}),
        ("Import worker", {"fields": (("owner", "heartbeat_at"),), "classes": ("collapse",)}),
    )
    exclude = ("report", "seconds")
    change_form_template = "admin/articles/importbatch/change_form.html"

    def has_add_permission(self, request) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/progress/", view(self.progress_view), name="articles_importbatch_progress"),
            path("<int:pk>/undo/", view(self.undo_view), name="articles_importbatch_undo"),
            path("<int:pk>/retry/", view(self.retry_view), name="articles_importbatch_retry"),
            *super().get_urls(),
        ]

    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(ImportBatch, pk=pk)
        if not self.has_view_permission(request, batch):
            return HttpResponse("You may not see import batches.", status=403)
        if batch.status == ImportBatch.Status.RUNNING and services.batches_recover():
            batch.refresh_from_db()  # its process died: say interrupted, and stop polling
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "batch": batch,
            "title": f"Import batch {batch.pk}",
        }
        template = "admin/articles/importbatch/progress.html"
        if request.htmx:
            template += "#progress"
        return TemplateResponse(request, template, context)

    def undo_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(ImportBatch, pk=pk)
        if not self.has_change_permission(request, batch) or not request.user.has_perm("articles.delete_article"):
            return HttpResponse("You may not undo imports.", status=403)
        if request.method == "POST":
            removed = services.batch_undo(batch=batch)
            messages.success(
                request, f"Batch {batch.pk} undone: {removed} article{pluralize(removed)} removed from the archive."
            )
            return redirect("admin:articles_importbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "batch": batch,
            "title": f"Undo import batch {batch.pk}?",
            "count": batch.articles.count(),
        }
        return TemplateResponse(request, "admin/articles/importbatch/undo.html", context)

    def retry_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = get_object_or_404(ImportBatch, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, batch):
            return HttpResponse("Retry takes a POST from staff.", status=405 if request.method != "POST" else 403)
        form = RetryForm(request.POST)
        hints = None
        if form.is_valid():
            hints = Hints(source=form.cleaned_data.get("source") or "", published=form.published_at())
        if batch.status == ImportBatch.Status.INTERRUPTED:
            try:
                result = services.batch_resume(batch=batch, hints=hints, user=request.user)
            except ValidationError as exc:
                messages.error(request, f"The import cannot be finished here: {' '.join(exc.messages)}")
            else:
                messages.info(request, f"Import batch {batch.pk} resumed: {result.summary()}")
            return redirect("admin:articles_importbatch_change", batch.pk)
        result = services.batch_retry(batch=batch, hints=hints, user=request.user)
        messages.info(request, f"Retried {len(result.lines)} failed records: {result.summary()}")
        return redirect("admin:articles_importbatch_change", batch.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        # Every field is read only: "Save" would save nothing (Retry and Undo are the batch's actions).
        extra_context = {
            **(extra_context or {}),
            "retry_form": RetryForm(),
            "show_save": False,
            "show_save_and_continue": False,
        }
        if batch is not None:
            extra_context["report"] = report_page(batch, request.GET)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Duration")
    def duration(self, obj: ImportBatch) -> str:
        return f"{obj.seconds:.1f} s"


REPORT_PAGE = 200
REPORT_STATUSES = ("failed", "imported", "near-duplicate", "duplicate")


def report_page(batch: ImportBatch, query) -> dict:
    """One page of a batch's report: failures first (they need action), optionally one status only.

    A 15k-record report on one page was ~1 MB of HTML; a page of REPORT_PAGE lines is quick to read.
    """
    lines = batch.report or []
    counts = {status: 0 for status in REPORT_STATUSES}
    for line in lines:
        counts[line.get("status", "")] = counts.get(line.get("status", ""), 0) + 1
    status = query.get("status", "")
    status = status if status in counts else ""
    chosen = [line for line in lines if not status or line.get("status") == status]
    chosen.sort(key=lambda line: line.get("status") != "failed")  # stable: file order within each group
    page = Paginator(chosen, REPORT_PAGE).get_page(query.get("page"))
    return {"page": page, "status": status, "counts": counts, "total": len(lines)}


class LookupAdmin(admin.ModelAdmin):
    """Sources, countries, topics, entities: writes through the services (a rename re-indexes)."""

    def delete_model(self, request, obj) -> None:
        services.lookup_delete(obj=obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            services.lookup_delete(obj=obj)


@admin.register(Source)
class SourceAdmin(LookupAdmin):
    list_display = ("name", "domain")
    search_fields = ("name", "domain")

    def save_model(self, request, obj, form, change) -> None:
        services.source_save(source=obj)


@admin.register(Country)
class CountryAdmin(LookupAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Topic)
class TopicAdmin(LookupAdmin):
    list_display = ("code", "label")
    search_fields = ("code", "label")


@admin.register(Entity)
class EntityAdmin(LookupAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)

    def save_model(self, request, obj, form, change) -> None:
        services.entity_save(entity=obj)


class TagAdmin(admin.ModelAdmin):
    """A tag page (one country, topic or entity link) writes like the article page's inlines."""

    def save_model(self, request, obj, form, change) -> None:
        services.tags_save(changed=[obj])

    def delete_model(self, request, obj) -> None:
        services.tags_save(deleted=[obj])

    def delete_queryset(self, request, queryset) -> None:
        services.tags_save(deleted=list(queryset))


@admin.register(ArticleCountry)
class ArticleCountryAdmin(TagAdmin):
    list_display = ("article", "country", "about", "salience", "mentions", "origin")
    list_filter = ("about", "origin", "country")
    search_fields = ("article__title", "country__name")
    raw_id_fields = ("article",)


@admin.register(ArticleTopic)
class ArticleTopicAdmin(TagAdmin):
    list_display = ("article", "topic", "score", "origin")
    list_filter = ("origin", "topic")
    search_fields = ("article__title",)
    raw_id_fields = ("article",)


@admin.register(ArticleEntity)
class ArticleEntityAdmin(TagAdmin):
    list_display = ("article", "entity", "mentions", "origin")
    list_filter = ("origin", "entity__kind")
    search_fields = ("article__title", "entity__name")
    raw_id_fields = ("article", "entity")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Readers manage their saved searches on /account/ (through services.alerts); staff only look."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "frequency", "querystring", "last_opened_at", "alerted_at")
    list_filter = ("frequency",)
    search_fields = ("name", "user__username", "querystring")
    exclude = ("feed_key",)  # part of the reader's private feed address


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "user", "subject")
    search_fields = ("user__username", "subject")
    date_hierarchy = "sent_at"


admin.site.site_header = "newsarchive administration"
admin.site.site_title = "newsarchive"
admin.site.index_title = "Archive"
