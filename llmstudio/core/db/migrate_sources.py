"""Schema version 2: full-text search over documents and import bookkeeping.

Runs inside the migration transaction (this file is the sources feature's own, so features
never edit each other's schema).

- ``documents_fts`` is an external-content FTS5 index over ``documents.text``: the text is
  stored once (in ``documents``) and the index holds only tokens. Triggers keep it in
  step on insert, update and delete (deleting a source cascades to its documents, and the
  delete trigger fires for cascaded rows too), so no code path can forget it.
- ``documents.label`` and ``documents.external_id`` keep the label and id a dataset came
  with; the importer also turns labels into annotations for the labels feature.
- ``import_files`` records every file imported: its hash (to notice the same content
  imported again), what was found in it and how many documents it gave.
"""

from __future__ import annotations

import sqlite3

# The importer drops this trigger inside its write transaction, indexes each batch with one
# INSERT ... SELECT (about three times cheaper than a trigger per row) and creates it again
# before it commits, so other connections never see a database without it.
FTS_INSERT_TRIGGER = """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text);
    END"""

_V2 = (
    "ALTER TABLE documents ADD COLUMN label TEXT",  # the label the data came with; NULL = none
    "ALTER TABLE documents ADD COLUMN external_id TEXT",  # the data's own id; NULL = none
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        text, content='documents', content_rowid='id'
    )""",
    FTS_INSERT_TRIGGER,
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TABLE import_files (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        path TEXT NOT NULL,                  -- the file inside its source (or the URL)
        bytes INTEGER NOT NULL,
        file_hash TEXT,                      -- blake2b-128 of the raw bytes, hex
        format TEXT NOT NULL,                -- what was read: txt | jsonl | csv | zip | ...
        encoding TEXT,
        documents INTEGER NOT NULL,
        skipped INTEGER NOT NULL,            -- duplicate documents left out
        problems INTEGER NOT NULL,
        imported_at TEXT NOT NULL
    )""",
    "CREATE INDEX import_files_source ON import_files(source_id)",
    "CREATE INDEX import_files_hash ON import_files(file_hash)",
)


def migrate(conn: sqlite3.Connection) -> None:
    """Move a project from schema 1 to 2 (indexing any documents it already holds)."""
    for statement in _V2:
        conn.execute(statement)
    conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
