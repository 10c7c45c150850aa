"""Schema version 4: tables for the cleaning work.

Runs inside the migration transaction. Saved recipes, the user's force-keep / force-drop
decisions (which outlive any one snapshot and are applied by every later run), the
duplicate pairs a snapshot found (so near-duplicate clusters can be browsed side by side),
and an index to filter a snapshot's removed documents by step and reason.
"""

from __future__ import annotations

import sqlite3

_V4 = [
    """CREATE TABLE cleaning_recipes (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        recipe_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE cleaning_overrides (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        action TEXT NOT NULL CHECK (action IN ('keep', 'drop')),
        note TEXT,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE snapshot_duplicates (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        duplicate_of INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
        bands INTEGER,
        PRIMARY KEY (snapshot_id, document_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX snapshot_duplicates_of ON snapshot_duplicates(snapshot_id, duplicate_of)",
    "CREATE INDEX snapshot_documents_reason ON snapshot_documents(snapshot_id, step, reason)",
]


def migrate(conn: sqlite3.Connection) -> None:
    """Move a project from schema 3 to 4."""
    for statement in _V4:
        conn.execute(statement)
