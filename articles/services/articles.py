"""Article writes: storing an extracted article with its tags, edits, deletion, re-extraction.

Every write here bumps the article's version (``updated_at``) and queues its index job through
``_queue_index`` in the same transaction, so the article and its index job commit or vanish together.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from articles.extraction.dedupe import NEAR_DUPLICATE_THRESHOLD, jaccard, shingles
from articles.extraction.formats import read_records
from articles.extraction.pipeline import extract_article
from articles.extraction.types import ExtractedArticle, RawArticle
from articles.models import (
    Article,
    ArticleBand,
    ArticleCountry,
    ArticleEntity,
    ArticleTopic,
    Country,
    Entity,
    ImportBatch,
    Origin,
    Source,
    Topic,
    local_date,
)
from articles.search import article_changed


def _queue_index(article_ids) -> None:
    """The one place that queues index work: every write of an article calls it inside its transaction."""
    # The search layer decides what that means for its engine (an index job, or vectors written now).
    article_changed(article_ids)


def _user(user):
    return user if getattr(user, "pk", None) else None


@dataclass
class _Known:
    """Articles a chunk may duplicate (by text hash, by publisher id and source), read in two queries
    instead of one per record, and kept up to date as the chunk stores its articles."""

    by_hash: dict[str, Article]
    by_external: dict[tuple[str, str], Article]

    @classmethod
    def existing(cls, items: list[ExtractedArticle]) -> _Known:
        hashes = {i.content_hash for i in items}
        fields = ("pk", "title", "content_hash", "duplicate_of_id", "similarity")
        by_hash = {a.content_hash: a for a in Article.objects.filter(content_hash__in=hashes).only(*fields)}
        external = {(i.raw.external_id or "")[:200] for i in items if i.raw.external_id}
        by_external = {}
        if external:
            rows = (
                Article.objects.filter(external_id__in=external)
                .select_related("source")
                .only("pk", "title", "external_id", "source__name", "duplicate_of_id", "similarity")
            )
            for a in rows.order_by("-pk"):  # the earliest article wins
                by_external[(a.external_id, a.source.name if a.source else "")] = a
        return cls(by_hash, by_external)

    @staticmethod
    def _external_key(item: ExtractedArticle) -> tuple[str, str] | None:
        if not item.raw.external_id:
            return None
        return (item.raw.external_id[:200], item.raw.source.strip()[:200])

    def find(self, item: ExtractedArticle) -> Article | None:
        found = self.by_hash.get(item.content_hash)
        key = self._external_key(item)
        return found or (self.by_external.get(key) if key else None)

    def add(self, item: ExtractedArticle, article: Article) -> None:
        self.by_hash[item.content_hash] = article
        key = self._external_key(item)
        if key:
            self.by_external[key] = article


def _lookups(items: list[ExtractedArticle]) -> dict[tuple[str, str], int]:
    """Make sure the countries and topics the items name exist; return the ids of the entities they name
    (created when missing). A few queries for a whole chunk."""
    _ensure(Country, "code", {c.code: {"name": c.name} for i in items for c in i.countries})
    _ensure(Topic, "code", {t.code: {"label": t.label} for i in items for t in i.topics})
    entities: dict[tuple[str, str], int] = {}
    for kind, attr in ((Entity.Kind.PERSON, "people"), (Entity.Kind.ORGANIZATION, "organizations")):
        names = [tag.name[:200] for i in items for tag in getattr(i, attr)]
        entities.update(((kind, n), pk) for n, pk in _entity_ids(kind, names).items())
    return entities


def _source(name: str) -> Source | None:
    name = name.strip()[:200]
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name=name)
    return source


def _best_near_duplicate(item: ExtractedArticle, shared: Counter[int]) -> tuple[Article | None, float]:
    """Of the (at most ten) articles sharing the most band keys with ``item``, the earliest whose text
    overlaps it by at least the threshold; ties in the count go to the earlier article."""
    if not shared:
        return None, 0.0
    mine = shingles(item.raw.body)
    best: tuple[Article | None, float] = (None, 0.0)
    top = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    for candidate in Article.objects.filter(pk__in=[pk for pk, _ in top]).order_by("pk"):
        similarity = jaccard(mine, shingles(candidate.body))
        if similarity >= NEAR_DUPLICATE_THRESHOLD and similarity > best[1]:
            best = (candidate.duplicate_of or candidate, similarity)  # link to the first original
    return best


class _ChunkWriter:
    """Stores the new articles of one import chunk with a handful of queries per chunk instead of about
    ten per article: band keys of the chunk looked up at once, sources remembered, and the rows of
    bands and tags written together by ``finish`` (before the chunk queues its index job, which on the
    PostgreSQL engine reads them). Each article is still saved in its caller's savepoint; a failure in
    ``finish`` fails the chunk, which the caller then stores record by record."""

    def __init__(self, items: list[ExtractedArticle], entity_ids: dict[tuple[str, str], int]) -> None:
        self.entity_ids = entity_ids
        self.sources: dict[str, Source | None] = {"": None}
        keys = sorted({key for item in items for key in item.bands})
        self.bands: dict[int, list[int]] = {}
        for start in range(0, len(keys), 900):  # below SQLite's oldest limit of bound parameters
            rows = ArticleBand.objects.filter(key__in=keys[start : start + 900]).values_list("key", "article_id")
            for key, article_id in rows.order_by("article_id"):
                self.bands.setdefault(key, []).append(article_id)
        self.band_rows: list[tuple[int, int]] = []
        self.rows: dict[type, list] = {ArticleCountry: [], ArticleTopic: [], ArticleEntity: []}

    def near_duplicate_of(self, item: ExtractedArticle) -> tuple[Article | None, float]:
        """The earliest stored article this one near-duplicates (and the similarity), from the chunk's
        band keys: those stored before and those this chunk has stored."""
        shared: Counter[int] = Counter()
        for key in set(item.bands):
            shared.update(self.bands.get(key, ()))
        return _best_near_duplicate(item, shared)

    def create(
        self, item: ExtractedArticle, user, batch: ImportBatch | None, original: Article | None, similarity: float
    ) -> Article:
        """Save one article (in the caller's savepoint); its bands and tags wait for ``finish``."""
        raw = item.raw
        if not raw.title.strip() and not raw.body.strip():
            raise ValidationError("the article has neither a title nor a body")
        article = Article(content_hash=item.content_hash, created_by=_user(user), batch=batch)
        _apply_fields(article, item, self.sources)
        article.duplicate_of = original
        article.similarity = similarity if original else None
        # Uniqueness is the database's job (and was checked for the whole chunk); the related rows were
        # just read or written in this transaction, so checking that they exist would be a query each.
        article.full_clean(
            exclude=["source", "batch", "created_by", "duplicate_of"], validate_unique=False, validate_constraints=False
        )
        article.save()
        return article

    def stored(self, item: ExtractedArticle, article: Article) -> None:
        """Record what ``create`` saved, once its savepoint is released."""
        if article.source is not None:
            self.sources[article.source.name] = article.source
        keys = set(item.bands)
        for key in keys:
            self.bands.setdefault(key, []).append(article.pk)
        self.band_rows.extend((article.pk, key) for key in keys)
        countries, topics, links = _tag_rows(article, item, self.entity_ids)
        self.rows[ArticleCountry].extend(countries)
        self.rows[ArticleTopic].extend(topics)
        self.rows[ArticleEntity].extend(links)

    def finish(self) -> None:
        if self.band_rows:
            # Sixteen band keys per article: built as model instances they cost more than the article
            # itself, so they go in as plain parameter rows (standard SQL, the same on every database).
            meta, quote = ArticleBand._meta, connection.ops.quote_name
            columns = ", ".join(quote(meta.get_field(f).column) for f in ("article", "key"))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s)",  # noqa: S608 - names only
                    self.band_rows,
                )
            self.band_rows.clear()
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows, ignore_conflicts=model is ArticleEntity)
            rows.clear()


def _apply_fields(article: Article, item: ExtractedArticle, sources: dict[str, Source | None] | None = None) -> None:
    raw = item.raw
    extra = dict(raw.extra)
    if raw.caption_credit:
        extra.setdefault("caption_credit", raw.caption_credit)
    article.title = raw.title[:1000]
    article.standfirst = raw.standfirst
    article.body = raw.body
    article.authors = list(raw.authors)
    article.section = raw.section[:200]
    article.dateline = raw.dateline[:200]
    article.caption = raw.caption
    article.published_at = raw.published
    # The reader's date keeps the publisher's offset: its calendar date is the publisher's day.
    article.published_date = raw.published.date() if raw.published else None
    article.url = raw.url[:2000]
    name = raw.source.strip()[:200]
    if sources is not None and name in sources:
        article.source = sources[name]
    else:
        article.source = _source(name)
    article.language = item.language[:10]
    article.external_id = (raw.external_id or "")[:200]
    article.extra = extra
    article.original = raw.original
    article.original_format = raw.format[:20]


def _evidence(evidence) -> list[dict]:
    return [{"text": e.text, "start": e.start, "end": e.end} for e in evidence]


def _save_tags(
    article: Article,
    item: ExtractedArticle,
    *,
    new: bool = False,
    entity_ids: dict[tuple[str, str], int] | None = None,
) -> None:
    """Store extracted tags, keeping staff decisions (manual or removed tags) untouched.
    ``new``: the article was just created, so it has no tags to keep or replace (saves six queries)."""
    kept_countries: set[str] = set()
    kept_topics: set[str] = set()
    kept_entities: set[int] = set()
    if not new:
        kept_countries = set(article.countries.exclude(origin=Origin.AUTO).values_list("country_id", flat=True))
        kept_topics = set(article.topics.exclude(origin=Origin.AUTO).values_list("topic_id", flat=True))
        kept_entities = set(article.entities.exclude(origin=Origin.AUTO).values_list("entity_id", flat=True))
        article.countries.filter(origin=Origin.AUTO).delete()
        article.topics.filter(origin=Origin.AUTO).delete()
        article.entities.filter(origin=Origin.AUTO).delete()
    if entity_ids is None:  # not prepared by a chunk (re-extraction of one article)
        entity_ids = _lookups([item])
    countries, topics, links = _tag_rows(article, item, entity_ids, kept_countries, kept_topics, kept_entities)
    ArticleCountry.objects.bulk_create(countries)
    ArticleTopic.objects.bulk_create(topics)
    ArticleEntity.objects.bulk_create(links, ignore_conflicts=True)


def _tag_rows(
    article: Article,
    item: ExtractedArticle,
    entity_ids: dict[tuple[str, str], int],
    kept_countries: set[str] = frozenset(),
    kept_topics: set[str] = frozenset(),
    kept_entities: set[int] = frozenset(),
) -> tuple[list[ArticleCountry], list[ArticleTopic], list[ArticleEntity]]:
    """The tag rows of an extracted article, without those a staff decision keeps."""
    countries = [
        ArticleCountry(
            article=article,
            country_id=c.code,
            about=c.about,
            salience=c.salience,
            mentions=c.mentions,
            evidence=_evidence(c.evidence),
            methods=list(c.methods),
        )
        for c in item.countries
        if c.code not in kept_countries
    ]
    topics = [
        ArticleTopic(article=article, topic_id=t.code, score=t.score, evidence=list(t.evidence))
        for t in item.topics
        if t.code not in kept_topics
    ]
    links = []
    for kind, tags in ((Entity.Kind.PERSON, item.people), (Entity.Kind.ORGANIZATION, item.organizations)):
        for tag in tags:
            entity_id = entity_ids[(kind, tag.name[:200])]
            if entity_id not in kept_entities:
                links.append(
                    ArticleEntity(
                        article=article, entity_id=entity_id, mentions=tag.mentions, evidence=_evidence(tag.evidence)
                    )
                )
    return countries, topics, links


def _ensure(model, key: str, rows: dict[str, dict]) -> None:
    """Create the rows of a small lookup table (countries, topics) that do not exist yet."""
    if not rows:
        return
    found = set(model.objects.filter(**{f"{key}__in": list(rows)}).values_list(key, flat=True))
    missing = [model(**{key: k, **fields}) for k, fields in rows.items() if k not in found]
    if missing:
        model.objects.bulk_create(missing, ignore_conflicts=True)


def _entity_ids(kind: str, names: list[str]) -> dict[str, int]:
    """Entity ids by name, creating the missing entities: two or three queries, whatever the count."""
    if not names:
        return {}
    wanted = set(names)
    found = dict(Entity.objects.filter(kind=kind, name__in=wanted).values_list("name", "pk"))
    missing = wanted - set(found)
    if missing:
        Entity.objects.bulk_create([Entity(kind=kind, name=n) for n in missing], ignore_conflicts=True)
        found.update(Entity.objects.filter(kind=kind, name__in=missing).values_list("name", "pk"))
    return found


# ----------------------------------------------------------------------------- other writes


def article_delete(*, article: Article) -> None:
    """Delete an article; its removal from the index is queued in the same transaction."""
    with transaction.atomic():
        article_id = article.pk
        article.delete()
        _queue_index([article_id])


def article_reindex(*, article_ids: list[int]) -> None:
    """Queue index updates for articles changed outside the import path (admin edits of tags)."""
    if not article_ids:
        return
    with transaction.atomic():
        Article.objects.filter(pk__in=article_ids).update(updated_at=timezone.now())
        _queue_index(article_ids)


def article_reextract(*, article: Article) -> bool:
    """Re-run extraction over the stored original input; staff decisions on tags survive.
    Returns False when the original cannot be read any more (the article is left as it was)."""
    raw = _reread(article)
    if raw is None:
        return False
    item = extract_article(raw)
    with transaction.atomic():
        _apply_fields(article, item)
        article.full_clean(exclude=["content_hash"])
        article.save()
        article.bands.all().delete()
        ArticleBand.objects.bulk_create(ArticleBand(article=article, key=key) for key in set(item.bands))
        _save_tags(article, item)
        _queue_index([article.pk])
    return True


def _reread(article: Article) -> RawArticle | None:
    if not article.original:
        return None
    name = {"jsonl": "x.jsonl", "text": "x.txt", "html": "x.html", "feed": "x.xml"}.get(article.original_format, "")
    records = [r for r in read_records(article.original.encode("utf-8"), name) if isinstance(r, RawArticle)]
    if len(records) != 1:
        return None
    raw = records[0]
    # What the upload form or command gave (hints) is not in the original: keep the stored values.
    return RawArticle(
        **{
            **raw.__dict__,
            "source": raw.source or (article.source.name if article.source else ""),
            "published": raw.published or article.published_local,
            "url": raw.url or article.url,
        }
    )


# ----------------------------------------------------------------------------- staff edits (the admin)

INDEX_JOB_IDS = 1000  # article ids per index job when one edit touches many articles (a source renamed)


def _reindex_many(article_ids) -> None:
    ids = sorted(set(article_ids))
    Article.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    for start in range(0, len(ids), INDEX_JOB_IDS):
        _queue_index(ids[start : start + INDEX_JOB_IDS])


def article_save(*, article: Article) -> Article:
    """Save staff edits of an article's own fields; its version moves on and its index job is queued."""
    _sync_published_date(article)
    with transaction.atomic():
        article.save()  # updated_at is auto_now: the version changes with every save
        _queue_index([article.pk])
    return article


def _sync_published_date(article: Article) -> None:
    """After a staff edit of the instant: the local date (and extra's local time) in the publisher's offset."""
    article.published_date = local_date(article.published_at, article.extra)
    local = article.published_local
    if local is not None and local.utcoffset():
        article.extra = {**(article.extra or {}), "published_local": local.isoformat()}


def tags_save(*, changed=(), deleted=()) -> None:
    """Staff edits of tags (the article page's inlines, the tag pages): an added or changed tag becomes
    *manual*; a deleted extracted tag is kept as *removed*, so that re-extraction does not add it again.
    Both survive ``reextract``. Every article touched gets a new version and an index job."""
    touched: set[int] = set()
    with transaction.atomic():
        for tag in changed:
            if tag.pk:  # a tag moved to another article leaves its old article to re-index too
                touched.update(type(tag).objects.filter(pk=tag.pk).values_list("article_id", flat=True))
            if tag.origin == Origin.AUTO:
                tag.origin = Origin.MANUAL
            tag.save()
            touched.add(tag.article_id)
        for tag in deleted:
            tag.origin = Origin.REMOVED
            tag.save()
            touched.add(tag.article_id)
        _reindex_many(touched)


def source_save(*, source: Source) -> Source:
    """Rename or edit a source: every article it names is indexed with the new name."""
    with transaction.atomic():
        source.full_clean()
        source.save()
        _reindex_many(source.articles.values_list("pk", flat=True))
    return source


def entity_save(*, entity: Entity) -> Entity:
    """Rename or edit a person or organisation: every article tagged with it is indexed again."""
    with transaction.atomic():
        entity.full_clean()
        entity.save()
        _reindex_many(entity.article_links.values_list("article_id", flat=True))
    return entity


def lookup_delete(*, obj) -> None:
    """Delete a source, entity, country or topic no article uses (the database protects used ones)."""
    with transaction.atomic():
        obj.delete()
