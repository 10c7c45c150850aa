"""The project schema and its forward migrations.

``PRAGMA user_version`` holds the schema version and ``PRAGMA application_id`` marks the
file as an llmstudio project. Each migration moves the schema one version forward inside
one transaction, so an older project opens in a newer app and a failed migration leaves
the file as it was. Append new migrations; never edit a released one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from llmstudio.core.db import (
    migrate_classify,
    migrate_cleaning,
    migrate_labels,
    migrate_pairs,
    migrate_runs,
    migrate_search,
    migrate_sources,
)

APPLICATION_ID = 0x4C4C4D53  # "LLMS"

_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
);

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                     -- file | folder | url | archive
    format TEXT NOT NULL,                   -- txt | jsonl | csv | ...
    path TEXT NOT NULL,                     -- where the data came from, as the user gave it
    options_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    bytes INTEGER NOT NULL DEFAULT 0,
    document_count INTEGER NOT NULL DEFAULT 0,
    error_count INTEGER NOT NULL DEFAULT 0,
    errors_json TEXT NOT NULL DEFAULT '[]'  -- [{"file":..,"line":..,"reason":..}]
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    origin TEXT NOT NULL,                   -- file (and line or record) inside the source
    text TEXT NOT NULL,                     -- the original text, never modified
    content_hash TEXT NOT NULL,             -- blake2b-128 of the UTF-8 text, hex
    chars INTEGER NOT NULL,
    meta_json TEXT                          -- NULL when there is no metadata
);
CREATE INDEX documents_source ON documents(source_id);
CREATE INDEX documents_hash ON documents(content_hash);

CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    recipe_json TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'building', -- building | complete (building = hidden, unfinished)
    created_at TEXT NOT NULL,
    document_count INTEGER NOT NULL DEFAULT 0,
    kept_count INTEGER NOT NULL DEFAULT 0,
    stats_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE snapshot_documents (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kept INTEGER NOT NULL,                  -- 1 kept, 0 removed
    text TEXT,                              -- cleaned text when it differs; NULL = unchanged
    step TEXT,                              -- the step that removed the document
    reason TEXT,                            -- why, in words a user reads
    value REAL,                             -- the measured value that crossed the threshold
    PRIMARY KEY (snapshot_id, document_id)
) WITHOUT ROWID;
CREATE INDEX snapshot_documents_kept ON snapshot_documents(snapshot_id, kept);

CREATE TABLE tokenizers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    model_type TEXT NOT NULL,               -- bpe | unigram | char
    vocab_size INTEGER NOT NULL,
    snapshot_id INTEGER REFERENCES snapshots(id) ON DELETE SET NULL,
    model_path TEXT NOT NULL,               -- relative to the project folder
    train_path TEXT NOT NULL,               -- token shard (numpy memmap), relative
    val_path TEXT NOT NULL,
    dtype TEXT NOT NULL,                    -- uint16 | uint32
    train_tokens INTEGER NOT NULL,
    val_tokens INTEGER NOT NULL,
    settings_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'lm',        -- lm | classifier | rl
    status TEXT NOT NULL,                   -- created | running | completed | cancelled | failed
    tokenizer_id INTEGER REFERENCES tokenizers(id) ON DELETE SET NULL,
    parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    config_json TEXT NOT NULL,
    device TEXT,
    step INTEGER NOT NULL DEFAULT 0,
    max_steps INTEGER,
    train_loss REAL,
    val_loss REAL,
    first_val_loss REAL,
    best_val_loss REAL,
    tokens_per_s REAL,
    checkpoint_dir TEXT,                    -- relative to the project folder
    message TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    updated_at TEXT,
    finished_at TEXT
);

CREATE TABLE metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,                     -- train_loss | val_loss | lr | grad_norm | tokens_per_s | ...
    step INTEGER NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, name, step)
) WITHOUT ROWID;
"""


def _execute_script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def migrate(conn: sqlite3.Connection) -> None:
        for statement in _split_statements(sql):
            conn.execute(statement)

    return migrate


def _split_statements(sql: str) -> list[str]:
    """Split a script on ';' line ends (our scripts hold no ';' inside literals)."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# MIGRATIONS[i] moves a database from version i to version i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _execute_script(_V1),
    migrate_sources.migrate,  # v2: full-text search and import bookkeeping
    migrate_labels.migrate,  # v3: label schemas, annotations, splits
    migrate_cleaning.migrate,  # v4: saved recipes and cleaning extras
    migrate_search.migrate,  # v5: the search index moves to search.sqlite
    migrate_classify.migrate,  # v6: classifier evaluations and predictions
    migrate_runs.migrate,  # v7: run kinds (lm, classifier, reward, policy)
    migrate_pairs.migrate,  # v8: preference pairs and their answers
]

SCHEMA_VERSION = len(MIGRATIONS)
