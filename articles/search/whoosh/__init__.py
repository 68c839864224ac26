"""The Whoosh engine (``NEWSARCHIVE_SEARCH_BACKEND=whoosh``, the default): the only package that imports
Whoosh (``Whoosh-Reloaded==2.7.5``, pinned by hash and treated as frozen code we own).

- ``schema``: fields and analysers (an article's text in the fields of its language's analysis);
- ``store``: index directories, the atomic swap, the one-writer locks;
- ``columns``: the long-lived searcher per process and its numpy column caches;
- ``compile``: our query tree as Whoosh queries, and vocabulary expansion for the budget;
- ``spelling``: "did you mean"; ``backend``: ``WhooshBackend``, the interface itself.
"""

from articles.search.whoosh.backend import WhooshBackend
from articles.search.whoosh.columns import close_all

__all__ = ["WhooshBackend", "close_all"]
