"""Writes for saved searches and e-mail digests (the one write path for the account page, the
unsubscribe link and ``send_alerts``).

Signed addresses: a private feed's address and an unsubscribe link carry the saved search's id signed
with Django's ``signing`` (the secret key), so that they work without a session; the feed's also
carries a random key, replaced when the reader rotates it, which revokes every copy of the old one.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from articles import alerts
from articles.access import may_read
from articles.models import Article, Digest, DigestItem, SavedSearch

FEED_SALT = "newsarchive.saved-search-feed"
UNSUBSCRIBE_SALT = "newsarchive.saved-search-unsubscribe"
DIGEST_LIST_MAX = 50  # articles listed per search in one e-mail; the rest are counted and linked
SNIPPET_CHARS = 300
SUBJECT_CHARS = 200


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _save(saved: SavedSearch) -> SavedSearch:
    saved.full_clean()
    saved.save()
    return saved


def saved_search_create(*, user, name: str, querystring: str, now: datetime | None = None) -> SavedSearch:
    """Keep a search (its normalised query string) under a name; raises ValidationError with a message."""
    now = _now(now)
    saved = SavedSearch(
        user=user,
        name=name.strip(),
        querystring=querystring,
        last_opened_at=now,
        alerted_until=now,
        alerted_at=now,
        feed_key=secrets.token_urlsafe(24),
    )
    return _save(saved)


def saved_search_rename(*, saved: SavedSearch, name: str) -> SavedSearch:
    saved.name = name.strip()
    return _save(saved)


def saved_search_set_frequency(*, saved: SavedSearch, frequency: str, now: datetime | None = None) -> SavedSearch:
    if frequency not in SavedSearch.Frequency.values:
        raise ValidationError({"frequency": f"Choose one of: {', '.join(SavedSearch.Frequency.values)}."})
    if saved.frequency == SavedSearch.Frequency.NEVER and frequency != saved.frequency:
        # A first digest announces what arrives from now on, not the archive's whole past.
        saved.alerted_until = saved.alerted_at = _now(now)
    saved.frequency = frequency
    return _save(saved)


def saved_search_delete(*, saved: SavedSearch) -> None:
    saved.delete()


def saved_search_open(*, saved: SavedSearch, now: datetime | None = None) -> SavedSearch:
    """The reader looks at the search: its "new since you last looked" count starts again from zero."""
    SavedSearch.objects.filter(pk=saved.pk).update(last_opened_at=_now(now))
    saved.refresh_from_db()
    return saved


def saved_search_rotate_feed(*, saved: SavedSearch) -> SavedSearch:
    saved.feed_key = secrets.token_urlsafe(24)
    return _save(saved)


def saved_search_unsubscribe(*, saved: SavedSearch) -> SavedSearch:
    return saved_search_set_frequency(saved=saved, frequency=SavedSearch.Frequency.NEVER)


# ----------------------------------------------------------------------------- signed addresses


def feed_token(saved: SavedSearch) -> str:
    return signing.dumps([saved.pk, saved.feed_key], salt=FEED_SALT)


def _signed_pair(token: str, salt: str) -> tuple[int, str] | None:
    """The two values a signed address carries, or None for a forged, damaged or foreign one."""
    try:
        first, second = signing.loads(token, salt=salt)
        return int(first), str(second)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def saved_search_for_feed(token: str) -> SavedSearch | None:
    """The saved search a private feed's token names, if the token is genuine and current."""
    pair = _signed_pair(token, FEED_SALT)
    saved = SavedSearch.objects.select_related("user").filter(pk=pair[0]).first() if pair else None
    if saved is None or not secrets.compare_digest(pair[1], saved.feed_key) or not may_read(saved.user):
        return None
    return saved


def unsubscribe_token(saved: SavedSearch) -> str:
    return signing.dumps([saved.pk, saved.user_id], salt=UNSUBSCRIBE_SALT)


def saved_search_for_unsubscribe(token: str) -> SavedSearch | None:
    pair = _signed_pair(token, UNSUBSCRIBE_SALT)
    return SavedSearch.objects.filter(pk=pair[0], user_id=pair[1]).first() if pair else None


# ----------------------------------------------------------------------------- digests


def is_due(saved: SavedSearch, now: datetime) -> bool:
    """Daily digests go out once per UTC day, weekly ones once per ISO week: calendar periods, so that
    a 15-minute loop and a daily cron line both send exactly one per period, without drift."""
    last = timezone.localtime(saved.alerted_at, timezone.UTC)
    today = timezone.localtime(now, timezone.UTC)
    if saved.frequency == SavedSearch.Frequency.DAILY:
        return last.date() < today.date()
    if saved.frequency == SavedSearch.Frequency.WEEKLY:
        return last.isocalendar()[:2] < today.isocalendar()[:2]
    return False


@dataclass
class Section:
    saved: SavedSearch
    ids: list[int]
    articles: list[Article] = field(default_factory=list)
    open_url: str = ""
    unsubscribe_url: str = ""

    @property
    def more(self) -> int:
        return len(self.ids) - len(self.articles)


@dataclass
class DigestReport:
    sent: list[str] = field(default_factory=list)  # one line per e-mail sent (or, in a dry run, composed)
    empty: int = 0  # readers with due searches and nothing new
    skipped: list[str] = field(default_factory=list)  # readers who may not receive digests, and why
    failed: list[str] = field(default_factory=list)  # readers whose e-mail could not be sent, and why
    messages: list[EmailMessage] = field(default_factory=list)


def _snippet(article: Article) -> str:
    text = " ".join((article.standfirst or article.body).split())
    return Truncator(text).chars(SNIPPET_CHARS)


def _subject(sections: list[Section]) -> str:
    """The subject names as many searches (and their counts) as fit, then says how many more there are."""
    subject = "newsarchive: "
    for i, section in enumerate(sections):
        part = ("" if i == 0 else ", ") + f"{len(section.ids)} new for “{section.saved.name}”"
        # Room is kept for " and N more searches" after this part, unless it is the last one.
        room = SUBJECT_CHARS - (len(" and 99 more searches") if i < len(sections) - 1 else 0)
        if i and len(subject) + len(part) > room:
            left = len(sections) - i
            return subject + f" and {left} more search{'es' if left > 1 else ''}"
        subject += part
    return subject if len(subject) <= SUBJECT_CHARS else Truncator(subject).chars(SUBJECT_CHARS)


def _message(user, sections: list[Section], site_url: str) -> EmailMessage:
    for s in sections:
        found = Article.objects.for_display().in_bulk(s.ids[:DIGEST_LIST_MAX])
        s.articles = [found[i] for i in s.ids[:DIGEST_LIST_MAX] if i in found]
        for article in s.articles:
            article.digest_snippet = _snippet(article)
        s.open_url = site_url + reverse("articles:saved-search-open", args=[s.saved.pk])
        s.unsubscribe_url = site_url + reverse("articles:alerts-unsubscribe", args=[unsubscribe_token(s.saved)])
    body = render_to_string(
        "articles/email/digest.txt",
        {
            "user": user,
            "sections": sections,
            "site_url": site_url,
            "account_url": site_url + reverse("articles:account"),
        },
    )
    return EmailMessage(
        subject=_subject(sections),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        # RFC 2369: mail clients show an unsubscribe control; the page behind it asks before it acts.
        headers={
            "List-Unsubscribe": ", ".join(f"<{s.unsubscribe_url}>" for s in sections),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058: the link takes a POST
        },
    )


def digest_send(
    *, user, sections: list[Section], until: datetime, now: datetime, site_url: str, dry_run: bool = False
) -> EmailMessage | None:
    """Send one reader the e-mail for their due searches, and record it; None when nothing was new.

    The searches' periods are claimed and the items recorded in one transaction, committed before the
    message goes out (so that a slow mail server never holds SQLite's write lock); a concurrent run that
    claimed a search first makes this one leave it out, so nothing is announced twice. If the send fails,
    the claim and the record are undone and the next run tries again.
    """
    with transaction.atomic():
        claimed = []
        for s in sections:
            won = SavedSearch.objects.filter(pk=s.saved.pk, alerted_at=s.saved.alerted_at).update(
                alerted_until=max(until, s.saved.alerted_until), alerted_at=now
            )
            if won:
                claimed.append(s)
        news = [s for s in claimed if s.ids]
        message = _message(user, news, site_url) if news else None
        if dry_run:
            transaction.set_rollback(True)
            return message
        if message is None:
            return None
        digest = Digest(user=user, subject=message.subject[:300])
        digest.full_clean()
        digest.save()
        DigestItem.objects.bulk_create(
            (DigestItem(digest=digest, saved_search=s.saved, article_id=pk) for s in news for pk in s.ids),
            batch_size=500,
        )
    try:
        message.send()
    except Exception:
        with transaction.atomic():
            digest.delete()  # and its items
            for s in claimed:
                SavedSearch.objects.filter(pk=s.saved.pk, alerted_at=now).update(
                    alerted_until=s.saved.alerted_until, alerted_at=s.saved.alerted_at
                )
        raise
    return message


def _section(saved: SavedSearch, until: datetime) -> Section:
    """What a saved search has to announce: its new matches, less any a digest already announced."""
    ids = alerts.matching_ids(alerts.params_for(saved), ingested_after=saved.alerted_until, ingested_until=until)
    # Asked by period, not by id: a broad search's first digest may hold more ids than SQLite takes at once.
    announced = set(
        DigestItem.objects.filter(saved_search=saved, article__ingested_at__gt=saved.alerted_until).values_list(
            "article_id", flat=True
        )
    )
    return Section(saved, [i for i in ids if i not in announced])


def digests_send(
    *, site_url: str, frequency: str | None = None, dry_run: bool = False, now: datetime | None = None
) -> DigestReport:
    """Every due saved search (of one frequency, or both): one e-mail per reader with what is new."""
    now = _now(now)
    until = alerts.indexed_until(now)
    due = SavedSearch.objects.exclude(frequency=SavedSearch.Frequency.NEVER).select_related("user")
    if frequency:
        due = due.filter(frequency=frequency)
    by_user: dict[int, list[SavedSearch]] = defaultdict(list)
    for saved in due.order_by("user_id", "name"):
        if is_due(saved, now):
            by_user[saved.user_id].append(saved)
    report = DigestReport()
    for searches in by_user.values():
        user = searches[0].user
        if not may_read(user):
            report.skipped.append(f"{user.get_username()}: may not read the archive")
            continue
        if not user.email:
            report.skipped.append(f"{user.get_username()}: no e-mail address")
            continue
        try:
            sections = [_section(saved, until) for saved in searches]
            message = digest_send(
                user=user, sections=sections, until=until, now=now, site_url=site_url, dry_run=dry_run
            )
        except Exception as exc:  # noqa: BLE001 - a search, SMTP or database failure for one reader is reported
            report.failed.append(f"{user.get_username()} <{user.email}>: {type(exc).__name__}: {exc}")
            continue
        if message is None:
            report.empty += 1
            continue
        counts = sum(len(s.ids) for s in sections)
        report.sent.append(f"{user.get_username()} <{user.email}>: {counts} article(s) — {message.subject}")
        report.messages.append(message)
    return report
