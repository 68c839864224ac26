"""The one write path: the admin, the commands, the tasks and the API call these functions.

One module per noun (articles, batches, tokens); everything is re-exported here, so that
``from articles import services; services.articles_import(...)`` works.
"""

from __future__ import annotations

from articles.services.articles import (
    _queue_index,
    article_delete,
    article_reextract,
    article_reindex,
    article_save,
    entity_save,
    lookup_delete,
    source_save,
    tags_save,
)
from articles.services.batches import (
    BACKGROUND_RECORDS,
    CHUNK,
    DUPLICATE,
    FAILED,
    IMPORTED,
    NEAR_DUPLICATE,
    REPORT_EVERY,
    ImportLine,
    ImportResult,
    articles_import,
    batch_enqueue,
    batch_resume,
    batch_retry,
    batch_run,
    batch_undo,
    batches_recover,
    count_records,
    import_batch_task,
)
from articles.services.tokens import TOKEN_PREFIX, hash_token, token_create, token_revoke, token_used

__all__ = [
    "BACKGROUND_RECORDS",
    "CHUNK",
    "DUPLICATE",
    "FAILED",
    "IMPORTED",
    "NEAR_DUPLICATE",
    "REPORT_EVERY",
    "TOKEN_PREFIX",
    "ImportLine",
    "ImportResult",
    "_queue_index",
    "article_delete",
    "article_reextract",
    "article_reindex",
    "article_save",
    "articles_import",
    "batch_enqueue",
    "batch_resume",
    "batch_retry",
    "batch_run",
    "batch_undo",
    "batches_recover",
    "count_records",
    "entity_save",
    "hash_token",
    "import_batch_task",
    "lookup_delete",
    "source_save",
    "tags_save",
    "token_create",
    "token_revoke",
    "token_used",
]
