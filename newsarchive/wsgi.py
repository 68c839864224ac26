"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URLconf and the views it imports: some 90,000 objects)
# lives as long as the worker. Frozen out of the cyclic garbage collector, it is no longer walked at every
# full collection: measured in-process over the search bench's queries, the collector's time halved and
# its longest pause (one full collection, several hundred ms inside one request) went away.
get_resolver().url_patterns  # noqa: B018 (imports the URLconf and the views now, not in the first request)

# What the search engine builds on first use (the searcher, facet columns, the "did you mean" vocabulary)
# is built before the worker serves, not in the first request that needs it.
from articles import search  # noqa: E402 (after Django is set up)

search.warm_up()
gc.freeze()
