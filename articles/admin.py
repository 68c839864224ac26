"""Admin for every model, plus the upload page. Writes go through articles.services only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles import services
from articles.extraction.pipeline import Hints
from articles.forms import UploadForm
from articles.models import (
    Article,
    ArticleCountry,
    ArticleEntity,
    ArticleTopic,
    Country,
    Entity,
    ImportBatch,
    Origin,
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
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                hints = Hints(
                    source=form.cleaned_data.get("source") or "",
                    published=form.published_at(),
                    url=form.cleaned_data.get("url") or "",
                )
                result = services.articles_import(files=form.payloads(), hints=hints, user=request.user)
                messages.info(request, result.summary())
                form = UploadForm()
        else:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload articles",
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/articles/upload.html", context)

    def save_formset(self, request, form, formset, change) -> None:
        # Staff edits of tags are manual decisions: they survive re-extraction.
        instances = formset.save(commit=False)
        for obj in instances:
            obj.origin = Origin.MANUAL if obj.origin == Origin.AUTO else obj.origin
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.article_reindex(article_ids=[form.instance.pk])

    def delete_model(self, request, obj) -> None:
        services.article_delete(article=obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            services.article_delete(article=obj)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("created_at", "origin", "created_by", "imported", "duplicates", "failed", "seconds")
    list_filter = ("origin",)
    readonly_fields = (
        "created_at",
        "created_by",
        "origin",
        "files",
        "imported",
        "duplicates",
        "failed",
        "seconds",
        "report_table",
    )
    exclude = ("report",)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="Report")
    def report_table(self, obj: ImportBatch) -> str:
        rows = []
        for line in obj.report[:2000]:
            link = ""
            if line.get("article_id"):
                link = format_html(
                    '<a href="{}">{}</a>',
                    reverse("articles:article", args=[line["article_id"]]),
                    line.get("title") or "(untitled)",
                )
            rows.append(
                format_html(
                    "<tr><td class='status-{}'>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    line["status"],
                    line["status"],
                    line.get("file", ""),
                    link or line.get("title", ""),
                    line.get("error", ""),
                )
            )
        return format_html("<table class='report'>{}</table>", format_html("".join(rows))) if rows else "—"


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "domain")
    search_fields = ("name", "domain")


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "label")
    search_fields = ("code", "label")


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(ArticleCountry)
class ArticleCountryAdmin(admin.ModelAdmin):
    list_display = ("article", "country", "about", "salience", "mentions", "origin")
    list_filter = ("about", "origin", "country")
    search_fields = ("article__title", "country__name")
    raw_id_fields = ("article",)


@admin.register(ArticleTopic)
class ArticleTopicAdmin(admin.ModelAdmin):
    list_display = ("article", "topic", "score", "origin")
    list_filter = ("origin", "topic")
    search_fields = ("article__title",)
    raw_id_fields = ("article",)


@admin.register(ArticleEntity)
class ArticleEntityAdmin(admin.ModelAdmin):
    list_display = ("article", "entity", "mentions", "origin")
    list_filter = ("origin", "entity__kind")
    search_fields = ("article__title", "entity__name")
    raw_id_fields = ("article", "entity")


admin.site.site_header = "newsarchive administration"
admin.site.site_title = "newsarchive"
admin.site.index_title = "Archive"
