"""Saved searches: saving, renaming, deleting; "new since you last looked"; e-mail digests by
send_alerts (Django's locmem backend); the unsubscribe link; private feeds at signed addresses."""

from __future__ import annotations

import re
import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Digest, DigestItem, SavedSearch
from tests import feedcheck
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db
SITE = "https://archive.example.org"

# Articles written for these tests: two more about Kenya, one that is not.
LATER = [
    {
        "id": "later-1",
        "title": "Tea exporters in Kenya look to new markets in the Gulf",
        "body": "Tea growers in Kericho said on Monday that buyers from Oman and Qatar had doubled their orders. "
        "The Kenyan tea board expects prices to stay firm until the short rains arrive in October.",
        "published": "2024-02-05",
        "source": "Harbour Gazette",
    },
    {
        "id": "later-2",
        "title": "Flooding closes the Mombasa road",
        "body": "Heavy rain in Kenya closed the main road between Nairobi and Mombasa for two days, the highways "
        "authority said. Lorry drivers waited near Voi while engineers cleared a collapsed culvert.",
        "published": "2024-04-17",
        "source": "Harbour Gazette",
    },
    {
        "id": "later-3",
        "title": "Violin makers gather in Cremona",
        "body": "Instrument makers from Italy, Japan and Chile met in Cremona for the annual violin fair. "
        "Judges praised a viola made from spruce felled in the Alps forty years ago.",
        "published": "2024-05-30",
        "source": "Harbour Gazette",
    },
]


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("ayesha", email="ayesha@example.net", password="a long passphrase 7")


@pytest.fixture
def archive(make_articles):
    make_articles(*RECORDS)


@pytest.fixture
def site(settings):
    settings.NEWSARCHIVE_SITE_URL = SITE
    return settings


def save(client, qs: str, name: str = ""):
    return client.post("/account/searches/", {"qs": qs, "name": name})


def daily(reader, qs: str = "q=kenya", name: str = "Kenya") -> SavedSearch:
    """A daily saved search whose last digest period ended yesterday (so one is due today)."""
    from articles.services import alerts as services_alerts

    saved = services_alerts.saved_search_create(user=reader, name=name, querystring=qs)
    services_alerts.saved_search_set_frequency(saved=saved, frequency="daily")
    return yesterday(saved)


def yesterday(saved: SavedSearch) -> SavedSearch:
    """Move the last digest to yesterday (as if a day had passed), keeping what it covered."""
    SavedSearch.objects.filter(pk=saved.pk).update(alerted_at=timezone.now() - timedelta(days=1))
    saved.refresh_from_db()
    return saved


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("send_alerts", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


# ----------------------------------------------------------------------------- saving, renaming, deleting


def test_save_rename_delete_through_the_client(client, archive, reader):
    client.force_login(reader)
    page = client.get("/?q=kenya&country=KE").content.decode()
    assert "Save search" in page and 'name="qs" value="q=kenya&amp;country=KE"' in page

    # The page's parameters are saved normalised: validated, in a fixed order, without the page number.
    response = save(client, "page=2&country=ke&q=kenya&size=10&bogus=1", "Kenyan news")
    assert response.status_code == 302 and response["Location"].startswith("/account/")
    saved = SavedSearch.objects.get(user=reader)
    assert saved.querystring == "q=kenya&country=KE&size=10"
    account = client.get(response["Location"]).content.decode()
    assert "Saved “Kenyan news”." in account and "Kenyan news" in account

    # No name given: the query names it. The same search twice, or a name twice, is refused with a message.
    save(client, "q=brazil")
    assert SavedSearch.objects.filter(user=reader, name="brazil").exists()
    again = client.get(save(client, "country=KE&q=kenya&size=10")["Location"]).content.decode()
    assert "You have already saved this search." in again
    clash = client.post(f"/account/searches/{saved.pk}/", {"action": "update", "name": "brazil", "frequency": "never"})
    assert "You already have a saved search with this name." in client.get(clash["Location"]).content.decode()

    client.post(f"/account/searches/{saved.pk}/", {"action": "update", "name": "East Africa", "frequency": "weekly"})
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("East Africa", "weekly")
    bad = client.post(f"/account/searches/{saved.pk}/", {"action": "update", "name": "", "frequency": "hourly"})
    assert bad.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("East Africa", "weekly")  # refused, with a note, never a 500
    half = client.post(f"/account/searches/{saved.pk}/", {"action": "update", "name": "Renamed", "frequency": "hourly"})
    assert "Not changed: Choose one of: never, daily, weekly." in client.get(half["Location"]).content.decode()
    saved.refresh_from_db()
    assert saved.name == "East Africa"  # one form, one change: the valid half is not kept either

    client.post(f"/account/searches/{saved.pk}/", {"action": "delete"})
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()
    assert SavedSearch.objects.filter(user=reader).count() == 1


def test_only_signed_in_readers_see_save_and_only_their_own_searches(client, archive, reader, django_user_model):
    assert "Save search" not in client.get("/?q=kenya").content.decode()
    assert save(client, "q=kenya").status_code == 302 and not SavedSearch.objects.exists()  # sent to sign in
    client.force_login(reader)
    client.get(save(client, "q=kenya", "mine")["Location"])
    other = django_user_model.objects.create_user("bruno", password="another long passphrase")
    client.force_login(other)
    mine = SavedSearch.objects.get(name="mine")
    assert client.post(f"/account/searches/{mine.pk}/", {"action": "delete"}).status_code == 404
    assert client.get(f"/account/searches/{mine.pk}/open/").status_code == 404
    assert "mine" not in client.get("/account/").content.decode()
    assert client.get(f"/account/searches/{mine.pk}/").status_code == 405  # changes are POSTs


def test_new_since_you_last_looked_counts_an_import_and_opening_resets_it(client, archive, make_articles, reader):
    client.force_login(reader)
    save(client, "q=kenya", "Kenya")
    assert "nothing new since you last looked" in client.get("/account/").content.decode()

    make_articles(*LATER)  # two about Kenya, one not
    assert "<b>2 new</b> since you last looked" in client.get("/account/").content.decode()

    saved = SavedSearch.objects.get(user=reader)
    opened = client.get(f"/account/searches/{saved.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == "/?q=kenya"
    assert "nothing new since you last looked" in client.get("/account/").content.decode()


@pytest.mark.whoosh_only  # index jobs: the PostgreSQL engine has none (it writes in the transaction)
def test_new_articles_still_waiting_for_the_index_are_counted_once_indexed(
    client, archive, make_articles, run_index_jobs, reader
):
    client.force_login(reader)
    save(client, "country=KE", "Kenya tagged")
    make_articles(*LATER, index=False)
    assert "nothing new since you last looked" in client.get("/account/").content.decode()
    run_index_jobs()
    assert "<b>2 new</b> since you last looked" in client.get("/account/").content.decode()


# ----------------------------------------------------------------------------- send_alerts


def test_send_alerts_sends_the_new_matches_once(site, archive, make_articles, reader):
    saved = daily(reader)
    make_articles(*LATER)

    code, out, err = run()
    assert code == 0, err
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ayesha@example.net"]
    assert message.subject == "newsarchive: 2 new for “Kenya”"
    assert "Tea exporters in Kenya look to new markets in the Gulf" in message.body
    assert "Flooding closes the Mombasa road" in message.body
    assert "Violin makers" not in message.body  # does not match
    assert "Kenya and Tanzania agree" not in message.body  # matches, but was there before the search was saved
    assert "Harbour Gazette · 17 April 2024" in message.body  # source and date
    assert "Lorry drivers waited near Voi" in message.body  # snippet
    for link in re.findall(r"https?://\S+", message.body):
        assert link.startswith(SITE + "/")  # absolute links, to the configured site
    assert f"{SITE}/account/searches/{saved.pk}/open/" in message.body
    assert "sent to ayesha <ayesha@example.net>" in out
    assert DigestItem.objects.filter(saved_search=saved).count() == 2
    assert Digest.objects.get(user=reader).subject == message.subject

    # The same day: nothing is due. The next day, with nothing new: nothing sent.
    assert run()[0] == 0 and len(mail.outbox) == 1
    yesterday(saved)
    code, out, _ = run()
    assert code == 0 and len(mail.outbox) == 1 and "1 with nothing new" in out

    # An article already announced is never announced again, even if a period is run over twice.
    SavedSearch.objects.filter(pk=saved.pk).update(alerted_until=saved.created_at, alerted_at=saved.alerted_at)
    assert run()[0] == 0 and len(mail.outbox) == 1


def test_one_email_per_reader_names_every_search_and_respects_frequency(site, archive, make_articles, reader):
    daily(reader, "q=kenya", "Kenya")
    daily(reader, "q=violin", "Strings")
    weekly = daily(reader, "q=tea", "Tea")
    SavedSearch.objects.filter(pk=weekly.pk).update(frequency="weekly", alerted_at=timezone.now())  # sent this week
    make_articles(*LATER)

    assert run("--frequency", "weekly")[0] == 0 and not mail.outbox  # the weekly one is not due yet
    code, _, err = run("--frequency", "daily")
    assert code == 0, err
    assert [m.subject for m in mail.outbox] == ["newsarchive: 2 new for “Kenya”, 1 new for “Strings”"]
    assert mail.outbox[0].body.count("Stop e-mails for") == 2


def test_dry_run_prints_and_sends_nothing(site, archive, make_articles, reader):
    daily(reader)
    make_articles(*LATER)
    code, out, _ = run("--dry-run")
    assert code == 0 and not mail.outbox and not DigestItem.objects.exists()
    assert "would send to ayesha" in out and "Flooding closes the Mombasa road" in out
    assert run()[0] == 0 and len(mail.outbox) == 1  # the real run still has it to send


def test_unsubscribe_link_works_without_signing_in(client, site, archive, make_articles, reader):
    saved = daily(reader)
    make_articles(*LATER)
    run()
    link = re.search(r"Stop e-mails for “Kenya”: (\S+)", mail.outbox[0].body).group(1)
    path = link.removeprefix(SITE)

    asked = client.get(path)  # a GET only asks: mail scanners follow links
    assert asked.status_code == 200 and "Stop these e-mails" in asked.content.decode()
    assert SavedSearch.objects.get(pk=saved.pk).frequency == "daily"
    done = client.post(path)  # no session, no CSRF token: the signature is the authority
    assert done.status_code == 200 and "You will get no more e-mails" in done.content.decode()
    assert SavedSearch.objects.get(pk=saved.pk).frequency == "never"
    assert "E-mails are off" in client.get(path).content.decode()  # a second click says so
    # Mail clients' one-click unsubscribe (RFC 8058) posts to the link the headers give.
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    tampered = path.rstrip("/")[:-3] + "abc/"
    assert client.get(tampered).status_code == 404
    assert client.get("/alerts/unsubscribe/not-a-token/").status_code == 404
    yesterday(saved)
    make_articles({**LATER[0], "id": "later-4", "title": "Kenya plants more tea", "body": "Kenya tea " * 30})
    assert run()[0] == 0 and len(mail.outbox) == 1


def test_private_archive_digests_go_only_to_readers_who_may_read_it(
    client, site, archive, make_articles, reader, django_user_model
):
    site.NEWSARCHIVE_PUBLIC = False
    former = django_user_model.objects.create_user("former", email="former@example.net", password="long pass 12345")
    daily(reader)
    daily(former)
    former.is_active = False  # an account the staff closed
    former.save()
    make_articles(*LATER)
    code, out, _ = run()
    assert code == 0
    assert [m.to for m in mail.outbox] == [["ayesha@example.net"]]
    assert "skipped former: may not read the archive" in out
    # The unsubscribe link works on a private archive too, without a session.
    path = re.search(r"Stop e-mails for “Kenya”: (\S+)", mail.outbox[0].body).group(1).removeprefix(SITE)
    assert client.get(path).status_code == 200


def test_send_alerts_needs_the_site_url(settings, reader):
    settings.NEWSARCHIVE_SITE_URL = ""
    with pytest.raises(CommandError, match="NEWSARCHIVE_SITE_URL"):
        call_command("send_alerts")
    settings.NEWSARCHIVE_SITE_URL = "archive.example.org"  # not an absolute address
    with pytest.raises(CommandError, match="NEWSARCHIVE_SITE_URL"):
        call_command("send_alerts")


def test_a_failed_send_exits_1_on_stderr_and_is_retried(site, archive, make_articles, reader):
    # A real SMTP connection to a port nobody listens on.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    site.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    saved = daily(reader)
    make_articles(*LATER)
    code, _, err = run()
    assert code == 1
    assert "could not send to ayesha <ayesha@example.net>" in err and "Traceback" not in err
    assert not DigestItem.objects.exists() and SavedSearch.objects.get(pk=saved.pk).alerted_at == saved.alerted_at

    site.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert run()[0] == 0 and len(mail.outbox) == 1  # the next run sends what failed


@pytest.mark.whoosh_only  # index jobs: the PostgreSQL engine has none (it writes in the transaction)
def test_articles_waiting_for_the_index_go_in_a_later_digest(site, archive, make_articles, run_index_jobs, reader):
    saved = daily(reader)
    make_articles(*LATER, index=False)  # stored, but the index worker has not run yet
    assert run()[0] == 0 and not mail.outbox
    saved.refresh_from_db()
    yesterday(saved)
    run_index_jobs()
    assert run()[0] == 0
    assert mail.outbox[0].subject == "newsarchive: 2 new for “Kenya”"


# ----------------------------------------------------------------------------- private feeds


def _feed_urls(client, reader) -> tuple[str, str]:
    client.force_login(reader)
    page = client.get("/account/").content.decode()
    rss, atom = re.findall(r'href="(http://testserver/feeds/saved/[^"]+)"', page)
    client.logout()
    return rss.removeprefix("http://testserver"), atom.removeprefix("http://testserver")


def test_private_feed_works_without_a_session_on_a_private_archive_and_stops_after_rotation(
    client, settings, archive, reader
):
    settings.NEWSARCHIVE_PUBLIC = False
    client.force_login(reader)
    save(client, "q=kenya", "Kenya")
    rss, atom = _feed_urls(client, reader)
    assert rss.endswith("/") and atom.endswith("/atom/")

    feed = feedcheck.parse(client, rss)
    assert feed.feed.title == "newsarchive: Kenya"
    assert sorted(e.title for e in feed.entries) == [
        "Kenya and Tanzania agree on new border trade rules",
        "Kenya opens a solar power plant near Lake Turkana",
    ]
    assert len(feedcheck.parse(client, atom, "atom").entries) == 2
    response = client.get(rss)
    assert response["Cache-Control"] == "private" and response["X-Robots-Tag"] == "noindex"
    assert client.get("/feeds/search/?q=kenya").status_code == 401  # the public feed still needs a token

    saved = SavedSearch.objects.get(user=reader)
    client.force_login(reader)
    client.post(f"/account/searches/{saved.pk}/", {"action": "rotate"})
    new_rss, new_atom = _feed_urls(client, reader)
    assert new_rss != rss
    assert client.get(rss).status_code == 404 and client.get(atom).status_code == 404
    assert len(feedcheck.parse(client, new_rss).entries) == 2
    assert len(feedcheck.parse(client, new_atom, "atom").entries) == 2


def test_private_feed_refuses_forged_and_closed_accounts(client, archive, reader):
    client.force_login(reader)
    save(client, "q=kenya", "Kenya")
    rss, _ = _feed_urls(client, reader)
    assert client.get(rss[:-3] + "xx/").status_code == 404  # a signature that does not match
    assert client.get("/feeds/saved/1/").status_code == 404
    reader.is_active = False
    reader.save()
    assert client.get(rss).status_code == 404


def test_staff_see_saved_searches_and_digests_in_the_admin_without_the_feed_key(
    client, site, archive, make_articles, reader, admin_user
):
    saved = daily(reader)
    make_articles(*LATER)
    run()
    client.force_login(admin_user)
    listing = client.get("/admin/articles/savedsearch/").content.decode()
    assert "Kenya" in listing and "ayesha" in listing
    detail = client.get(f"/admin/articles/savedsearch/{saved.pk}/change/").content.decode()
    assert saved.feed_key not in detail
    assert "newsarchive: 2 new for" in client.get("/admin/articles/digest/").content.decode()
    assert client.post(f"/admin/articles/savedsearch/{saved.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_long_subject_names_what_fits_and_counts_the_rest():
    from articles.services.alerts import SUBJECT_CHARS, Section, _subject

    sections = [Section(SavedSearch(name=f"harvest reports from region {i}"), list(range(i + 1))) for i in range(9)]
    subject = _subject(sections)
    assert subject.startswith("newsarchive: 1 new for “harvest reports from region 0”, 2 new for")
    assert re.search(r" and \d more searches$", subject) and len(subject) <= SUBJECT_CHARS
    assert _subject(sections[:1]) == "newsarchive: 1 new for “harvest reports from region 0”"


def test_a_broken_index_is_a_failure_on_stderr_not_a_traceback(client, site, archive, make_articles, reader, settings):
    import shutil

    from articles import search

    if getattr(search, "engine_name", lambda: "whoosh")() != "whoosh":
        pytest.skip("breaks the Whoosh engine's index files")
    try:
        from articles.search import close  # the search package's one door (issue 8)
    except ImportError:
        from articles.search.whoosh_backend import close_all as close

    daily(reader)
    make_articles(*LATER)
    close()
    target = settings.INDEX_DIR.resolve()
    shutil.rmtree(target)
    target.mkdir()  # the index's files are gone (rebuild_index would recreate them)
    code, _, err = run()
    assert code == 1 and "could not send to ayesha <ayesha@example.net>" in err and "Traceback" not in err
    assert not mail.outbox and not DigestItem.objects.exists()
    client.force_login(reader)
    account = client.get("/account/")  # the account page still works, and says why there is no count
    assert account.status_code == 200 and "new articles cannot be counted right now" in account.content.decode()
