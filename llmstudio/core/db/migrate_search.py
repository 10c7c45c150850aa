"""Schema version 5: the full-text index moves out of the project file.

Runs inside the migration transaction. The FTS5 table and the triggers that kept it in
step are dropped: the index now lives in ``search.sqlite`` beside the project, written by
its own thread while an import goes on (``llmstudio.core.search.index``), and is
rebuilt from the documents the first time it is needed. Two settings are added:

- ``project_uid``: ties an index file to its project, so a stale or copied-in one is noticed.
- ``document_id_high_water``: the largest document id ever used; new documents get ids above
  it even after the newest ones are removed, so an id in the index always means the same
  document.
"""

from __future__ import annotations

import sqlite3
import uuid

_DROP = (
    "DROP TRIGGER IF EXISTS documents_fts_insert",
    "DROP TRIGGER IF EXISTS documents_fts_delete",
    "DROP TRIGGER IF EXISTS documents_fts_update",
    "DROP TABLE IF EXISTS documents_fts",
)


def migrate(conn: sqlite3.Connection) -> None:
    for statement in _DROP:
        conn.execute(statement)
    conn.execute(
        "INSERT OR IGNORE INTO settings(key, value_json) VALUES ('project_uid', ?)", (f'"{uuid.uuid4().hex}"',)
    )
    conn.execute(
        "INSERT OR REPLACE INTO settings(key, value_json) "
        "SELECT 'document_id_high_water', CAST(coalesce(max(id), 0) AS TEXT) FROM documents"
    )
