"""Admin for every model, plus the upload page. Writes go through articles.services only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
    Entity,
    ImportBatch,
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
    list_display = ("title", "source", "published_at", "section", "language", "ingested_at")
    list_filter = ("source", "language", "ingested_at", "published_at")
    search_fields = ("title", "external_id", "url")
    date_hierarchy = "ingested_at"
    readonly_fields = ("ingested_at", "updated_at", "content_hash", "original", "original_format", "created_by")
    raw_id_fields = ("duplicate_of",)
    inlines = (ArticleCountryInline, ArticleTopicInline, ArticleEntityInline)
    change_list_template = "admin/articles/article/change_list.html"

    def get_urls(self):
        urls = [path("upload/", self.admin_site.admin_view(self.upload_view), name="articles_article_upload")]
        return urls + super().get_urls()

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponse("You may not upload articles.", status=403)
        result = None
        form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
        if request.method == "POST" and form.is_valid():
            hints = Hints(
                source=form.cleaned_data.get("source") or "",
                published=form.published_at(),
                url=form.cleaned_data.get("url") or "",
            )
            try:
                payloads = form.payloads()
            except FetchError as exc:
                form.add_error("feed_url", f"The feed could not be fetched: {exc}")
            else:
                if services.count_records(payloads) > services.BACKGROUND_RECORDS:
                    batch = services.batch_enqueue(files=payloads, hints=hints, user=request.user)
                    return redirect("admin:articles_importbatch_progress", batch.pk)
                result = services.articles_import(files=payloads, hints=hints, user=request.user)
                messages.info(request, result.summary())
                form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload articles",
            "form": form,
            "result": result,
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
        "seconds",
        "undone_at",
        "report_table",
    )
    exclude = ("report",)
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
            messages.success(request, f"Batch {batch.pk} undone: {removed} articles removed from the archive.")
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
        extra_context = {**(extra_context or {}), "retry_form": RetryForm()}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Report")
    def report_table(self, obj: ImportBatch) -> str:
        rows = []
        for line in obj.report[:5000]:
            link = ""
            if line.get("article_id") and line["status"] != "failed":
                url = reverse("articles:article", args=[line["article_id"]])
                link = format_html('<a href="{}">{}</a>', url, line.get("title") or "(untitled)")
            if line.get("original_id"):
                url = reverse("articles:article", args=[line["original_id"]])
                link = format_html(
                    '{} (near-duplicate of <a href="{}">{}</a>, {})',
                    link,
                    url,
                    line["original_id"],
                    line.get("similarity"),
                )
            where = line.get("file", "") + (f" record {line['position']}" if line.get("position") else "")
            rows.append(
                format_html(
                    "<tr><td class='status-{}'>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    line["status"].replace("-", ""),
                    line["status"],
                    where,
                    link or line.get("title", ""),
                    line.get("error", ""),
                )
            )
        more = format_html("<p>… and {} more lines.</p>", len(obj.report) - 5000) if len(obj.report) > 5000 else ""
        if not rows:
            return "—"
        # Each row went through format_html (escaped); joining them keeps them safe.
        return format_html("<table class='report'>{}</table>{}", mark_safe("".join(rows)), more)


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


admin.site.site_header = "newsarchive administration"
admin.site.site_title = "newsarchive"
admin.site.index_title = "Archive"
