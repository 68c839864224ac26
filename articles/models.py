"""The archive's data. The database is the truth; the search index is a cache rebuilt from it."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timezone, tzinfo
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=16_384)
def _reversed(prefix: str, urlconf: str | None, name: str, arg: str | int) -> str:
    return reverse(name, urlconf=urlconf, args=[arg])


_SENTINEL = 9_876_543_210_123  # an id no archive reaches: its place in a reversed URL is where an id goes


@lru_cache(maxsize=256)
def _int_template(prefix: str, urlconf: str | None, name: str) -> tuple[str, str] | None:
    """(before, after) the id in ``name``'s URL, when its one argument is an ``<int:…>`` (reversing the
    sentinel puts it there once); None when the URL holds it otherwise (it is then reversed each time)."""
    url = reverse(name, urlconf=urlconf, args=[_SENTINEL])
    marker = str(_SENTINEL)
    if url.count(marker) != 1:
        return None
    before, after = url.split(marker)
    return before, after


def cached_reverse(name: str, arg: str | int) -> str:
    """``reverse(name, args=[arg])``, remembered per script prefix and URLconf: a result page links every
    hit and each of its tags, and ``reverse`` costs more than the rest of such a link's rendering. An
    integer id (an article's: a page of distinct hits would miss any cache) is put into the URL's
    template instead, as the ``int`` converter writes it."""
    prefix, urlconf = get_script_prefix(), get_urlconf()
    if type(arg) is int and arg >= 0 and (template := _int_template(prefix, urlconf, name)) is not None:
        return f"{template[0]}{arg}{template[1]}"
    return _reversed(prefix, urlconf, name, arg)


@receiver(setting_changed)
def _forget_urls(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URLconf
        _reversed.cache_clear()
        _int_template.cache_clear()


class Origin(models.TextChoices):
    AUTO = "auto", "extracted"
    MANUAL = "manual", "added by staff"
    REMOVED = "removed", "removed by staff"  # a manual decision that survives re-extraction


class Source(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:country", self.code)


class Topic(models.Model):
    code = models.CharField("IPTC Media Topic", max_length=20, primary_key=True)
    label = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:topic", self.code)


NAMES_TTL = 30.0  # seconds a process keeps the country names and topic labels before reading them again


class _Names:
    """The names of every country (or labels of every topic), kept per process: a result page shows them
    in its facets, map and tags, and the table (some 250 rows) changes only when staff rename one. A rename
    is seen at once by the process that saved it and within NAMES_TTL by the others."""

    def __init__(self, model: type[models.Model], field: str) -> None:
        self.model = model
        self.field = field
        self.table: dict[str, str] | None = None
        self.loaded = 0.0
        self.version = 0  # changes when the names read differ from those kept (HTML built from them is stale)
        for signal in (post_save, post_delete):
            signal.connect(self._changed, sender=model, weak=False)

    def __call__(self) -> dict[str, str]:
        now = time.monotonic()
        if self.table is None or now - self.loaded > NAMES_TTL:
            table = dict(self.model.objects.values_list("pk", self.field))
            if table != self.table:
                self.version += 1
            self.table = table
            self.loaded = now
        return self.table

    def clear(self) -> None:
        self.table = None  # read again at the next use

    def _changed(self, **kwargs) -> None:
        self.clear()


country_names = _Names(Country, "name")
topic_labels = _Names(Topic, "label")


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        ORGANIZATION = "org", "organisation"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="entity_kind_name_unique")]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def newest_first(self) -> ArticleQuerySet:
        # Undated articles sort after dated ones.
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-ingested_at", "-id")

    def in_country(self, code: str) -> ArticleQuerySet:
        return self.filter(countries__country_id=code).exclude(countries__origin=Origin.REMOVED)

    def with_topic(self, code: str) -> ArticleQuerySet:
        return self.filter(topics__topic_id=code).exclude(topics__origin=Origin.REMOVED)

    def for_index(self) -> ArticleQuerySet:
        """Everything the index needs, in as few queries as possible."""
        return self.select_related("source").prefetch_related(
            models.Prefetch("countries", queryset=ArticleCountry.objects.select_related("country")),
            models.Prefetch("topics", queryset=ArticleTopic.objects.select_related("topic")),
            models.Prefetch("entities", queryset=ArticleEntity.objects.select_related("entity")),
        )

    def for_display(self) -> ArticleQuerySet:
        return self.for_index()

    def for_results(self) -> ArticleQuerySet:
        """A result list (page, feed, API) shows source, dates and country/topic tags, not entities."""
        return self.select_related("source").prefetch_related(
            models.Prefetch("countries", queryset=ArticleCountry.objects.select_related("country")),
            models.Prefetch("topics", queryset=ArticleTopic.objects.select_related("topic")),
        )

    def results_by_id(self, ids) -> dict[int, Article]:
        """What ``for_results().in_bulk(ids)`` gives a result list, cheaper: the articles without their
        original input, and their live country and topic tags from two flat queries, as ``CountryTag``/``TopicTag``
        (a page of 20 hits has a few hundred tags; a model object for each, and for each tag's country
        or topic, cost more than the rest of the page's database work)."""
        found = self.select_related("source").defer("original").in_bulk(ids)
        if not found:
            return found
        ids = list(found)
        countries: dict[int, list[CountryTag]] = {}
        topics: dict[int, list[TopicTag]] = {}
        named: dict[str, Country] = {}
        rows = ArticleCountry.objects.filter(article_id__in=ids).exclude(origin=Origin.REMOVED)
        for article_id, code, name, origin in rows.values_list("article_id", "country_id", "country__name", "origin"):
            if (country := named.get(code)) is None:
                country = named[code] = Country(code=code, name=name)
            countries.setdefault(article_id, []).append(CountryTag(country, origin))
        labelled: dict[str, Topic] = {}
        rows = ArticleTopic.objects.filter(article_id__in=ids).exclude(origin=Origin.REMOVED)
        for article_id, code, label, origin in rows.values_list("article_id", "topic_id", "topic__label", "origin"):
            if (topic := labelled.get(code)) is None:
                topic = labelled[code] = Topic(code=code, label=label)
            topics.setdefault(article_id, []).append(TopicTag(topic, origin))
        for pk, article in found.items():
            article._result_tags = (countries.get(pk, []), topics.get(pk, []))
        return found


class CountryTag:
    """A live country tag of an article in a result list: what the result page, feeds and the API read of
    an ``ArticleCountry``."""

    __slots__ = ("country", "origin")

    def __init__(self, country: Country, origin: str) -> None:
        self.country = country
        self.origin = origin

    @property
    def country_id(self) -> str:
        return self.country.code


class TopicTag:
    """A live topic tag of an article in a result list: what they read of an ``ArticleTopic``."""

    __slots__ = ("origin", "topic")

    def __init__(self, topic: Topic, origin: str) -> None:
        self.topic = topic
        self.origin = origin

    @property
    def topic_id(self) -> str:
        return self.topic.code


class Article(models.Model):
    title = models.CharField(max_length=1000, blank=True)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    authors = models.JSONField(default=list, blank=True)
    section = models.CharField(max_length=200, blank=True)
    dateline = models.CharField(max_length=200, blank=True)
    caption = models.TextField(blank=True)
    # The one date rule (issues 10 and 12): the instant in UTC, and the publisher's own calendar date
    # (facets, histogram, date ranges, the date shown), kept by the write path (services.articles).
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_date = models.DateField("publisher's local date", null=True, blank=True, db_index=True)
    ingested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    url = models.URLField(max_length=2000, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    language = models.CharField(max_length=10, blank=True)
    external_id = models.CharField("publisher's id", max_length=200, blank=True, db_index=True)
    extra = models.JSONField("extra metadata", default=dict, blank=True)
    original = models.TextField("original input", blank=True)
    original_format = models.CharField(max_length=20, blank=True)
    content_hash = models.CharField(max_length=64, unique=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="near_duplicates"
    )
    similarity = models.FloatField(null=True, blank=True, help_text="Estimated text overlap with duplicate_of.")
    batch = models.ForeignKey("ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            # A publisher's id identifies an article within its source (a re-import is recognised).
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="article_source_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return cached_reverse("articles:article", self.pk)

    @property
    def date(self):
        """The date shown and used by feeds: published, else ingested."""
        return self.published_at or self.ingested_at

    @property
    def published_local(self) -> datetime | None:
        """The publication instant in the publisher's own offset (UTC when the input gave none)."""
        if self.published_at is None:
            return None
        return self.published_at.astimezone(publisher_offset(self.extra))

    def live_countries(self) -> list[ArticleCountry]:
        if (attached := self.__dict__.get("_result_tags")) is not None:  # ArticleQuerySet.results_by_id
            return attached[0]
        return [c for c in self.countries.all() if c.origin != Origin.REMOVED]

    def live_topics(self) -> list[ArticleTopic]:
        if (attached := self.__dict__.get("_result_tags")) is not None:
            return attached[1]
        return [t for t in self.topics.all() if t.origin != Origin.REMOVED]

    def live_entities(self, kind: str) -> list[ArticleEntity]:
        return [e for e in self.entities.all() if e.origin != Origin.REMOVED and e.entity.kind == kind]

    @property
    def people(self) -> list[ArticleEntity]:
        return self.live_entities(Entity.Kind.PERSON)

    @property
    def organizations(self) -> list[ArticleEntity]:
        return self.live_entities(Entity.Kind.ORGANIZATION)


class ArticleCountry(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="countries")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="article_links")
    about = models.BooleanField(default=False, help_text="The article is about this country, not merely mentioning it.")
    salience = models.FloatField(default=0.0)
    mentions = models.PositiveIntegerField(default=0)
    evidence = models.JSONField(default=list, blank=True)
    methods = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.AUTO)

    class Meta:
        ordering = ["-salience"]
        verbose_name_plural = "article countries"
        constraints = [models.UniqueConstraint(fields=["article", "country"], name="article_country_unique")]

    def __str__(self) -> str:
        return f"{self.country_id} in {self.article_id}"


class ArticleTopic(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="topics")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="article_links")
    score = models.FloatField(default=0.0)
    evidence = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.AUTO)

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["article", "topic"], name="article_topic_unique")]

    def __str__(self) -> str:
        return f"{self.topic_id} in {self.article_id}"


class ArticleEntity(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="entities")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="article_links")
    mentions = models.PositiveIntegerField(default=0)
    evidence = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.AUTO)

    class Meta:
        ordering = ["-mentions"]
        verbose_name_plural = "article entities"
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="article_entity_unique")]

    def __str__(self) -> str:
        return f"{self.entity} in {self.article_id}"


class ArticleBand(models.Model):
    """A MinHash LSH band key of an article's text: articles sharing a key are near-duplicate candidates."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} of {self.article_id}"


class ImportBatch(models.Model):
    """One upload or command run, with its per-record report (kept for the admin)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"
        UNDONE = "undone", "undone"
        # The process running it died (kill -9, a crash, a reboot): a worker re-runs a queued upload by
        # itself; a command's batch is finished by `import_articles --resume ID` (or the admin's Retry).
        INTERRUPTED = "interrupted", "interrupted"

    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DONE)
    # Who runs a running batch ("host pid") and when it last said so: a batch whose owner is gone
    # is interrupted, not running for ever.
    owner = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0, help_text="Records read so far.")
    near_duplicates = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    origin = models.CharField(max_length=20, default="upload")  # upload | command
    files = models.JSONField(default=list, blank=True)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.imported} imported, {self.duplicates} duplicates, {self.failed} failed)"


class ImportFile(models.Model):
    """An uploaded file kept until its batch has run on the worker (large batches run in the background)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=500)
    data = models.BinaryField()

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """A user's personal token for feeds, the API and exports of a private archive.

    Only a SHA-256 hash is stored: the token is shown once, when it is created. A fast hash is enough
    for a 256-bit random secret (unlike passwords, it cannot be guessed from a dictionary).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"API token of {self.user}"


class WorkerBeat(models.Model):
    """A task worker (``manage.py db_worker``) that is alive says so here every few seconds. A running
    job whose worker has stopped beating (or whose process is gone, on this host) is put back in the
    queue for the next worker: the jobs are idempotent."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"worker {self.worker_id} ({self.host} pid {self.pid})"


class SavedSearch(models.Model):
    """A reader's search kept under a name: "N new since you last looked", e-mail digests, a private feed.

    The search is the page's normalised query string (``SearchParams.querystring(page=False)``), so that
    it runs on whichever search engine is configured and opens as the very page the reader saved.
    """

    class Frequency(models.TextChoices):
        NEVER = "never", "never"
        DAILY = "daily", "daily"
        WEEKLY = "weekly", "weekly"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=100)
    querystring = models.CharField(max_length=4000, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.NEVER)
    created_at = models.DateTimeField(auto_now_add=True)
    # "New since you last looked" counts articles ingested after this; opening the search moves it.
    last_opened_at = models.DateTimeField()
    # Digests cover articles ingested up to alerted_until; alerted_at is when that digest period was
    # done (a digest is due once a new UTC day or ISO week has begun since).
    alerted_until = models.DateTimeField()
    alerted_at = models.DateTimeField()
    # Random, part of the private feed's signed address: replacing it revokes every copy of the old one.
    feed_key = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="saved_search_user_name_unique",
                violation_error_message="You already have a saved search with this name.",
            ),
            models.UniqueConstraint(
                fields=["user", "querystring"],
                name="saved_search_user_query_unique",
                violation_error_message="You have already saved this search.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Digest(models.Model):
    """One e-mail sent to a reader by ``send_alerts``, and (in its items) every article it announced."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    sent_at = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(max_length=300)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class DigestItem(models.Model):
    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="items")
    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="digest_items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            # What makes send_alerts idempotent: an article is announced once per saved search, ever.
            models.UniqueConstraint(fields=["saved_search", "article"], name="digest_item_once_per_search"),
        ]

    def __str__(self) -> str:
        return f"{self.saved_search}: {self.article_id}"


def publisher_offset(extra: dict | None) -> tzinfo:
    """The publisher's UTC offset, as the reader kept it in ``extra["published_local"]``; else UTC."""
    local = (extra or {}).get("published_local")
    if isinstance(local, str):
        try:
            parsed = datetime.fromisoformat(local)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return timezone(parsed.utcoffset())
    return UTC


def local_date(published_at: datetime | None, extra: dict | None) -> date | None:
    """The publisher's calendar date of an instant (what ``Article.published_date`` holds)."""
    return published_at.astimezone(publisher_offset(extra)).date() if published_at else None
