"""Profile search requests in-process with pyinstrument (requirements-test.txt), on a built archive.

    NEWSARCHIVE_DATA_DIR=bench/.cache/20000 .venv/bin/python bench/profile_request.py ["/?q=oil"] ...
        [--repeat 20] [--html]

Each URL is requested once to warm the process up (searcher, columns, caches), then ``--repeat``
times under the profiler; the call tree of the whole request (middleware, view, search, template) is
printed as text, or as HTML with ``--html`` (written to bench/.cache/profile.html). The default URLs
are a search with results, a two-word query that finds little ("did you mean"), a phrase, the empty
query, and the JSON API.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_URLS = ["/?q=oil+prices", "/?q=tanker+cocoa", '/?q="interest+rates"', "/", "/api/search/?q=oil+prices"]


def main() -> None:
    parser = argparse.ArgumentParser(description="Profile search requests in-process with pyinstrument.")
    parser.add_argument("urls", nargs="*", default=DEFAULT_URLS, help="paths with query strings")
    parser.add_argument("--repeat", type=int, default=20, help="profiled requests per URL (default 20)")
    parser.add_argument("--html", action="store_true", help="write bench/.cache/profile.html instead")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    os.environ.setdefault("NEWSARCHIVE_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from pyinstrument import Profiler

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    for url in args.urls:
        assert client.get(url).status_code == 200, url
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.repeat):
        for url in args.urls:
            client.get(url)
    profiler.stop()
    if args.html:
        out = Path(__file__).resolve().parent / ".cache" / "profile.html"
        out.write_text(profiler.output_html())
        print(out)
    else:
        print(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()
