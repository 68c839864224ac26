"""Search: the only package that imports Whoosh (in ``whoosh_backend``). Import from ``articles.search.index``."""
