"""PostgreSQL full-text search: the second engine (the only package that knows it, with its migration).

- ``schema``: the SQL the migrations run (extensions, text-search configurations, tables, indexes) and
  ``CONFIGS`` / ``text_config()``, the one place that names the text-search configuration of each
  language's analysis (``articles.search.languages``).
- ``vectors``: the write side — vectors computed in SQL for a set of article ids, inside the caller's
  transaction (an article is searchable the moment its import commits), rebuild in chunks, check, repair.
"""

from articles.search.postgres.backend import PostgresBackend

Backend = PostgresBackend  # what articles.search.get_backend() instantiates

__all__ = ["Backend", "PostgresBackend"]
