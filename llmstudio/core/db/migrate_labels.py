"""Schema version 3: tables for the labels work.

Runs inside the migration transaction; add CREATE TABLE / CREATE INDEX statements here
(this file is the labels feature's own, so features never edit each other's schema).

The model: a project has several label *schemas* ("sentiment", "topic"), each with its
*labels*. A person's decision on one document in one schema is one *annotation* row
(unique per schema, document and annotator) carrying its status, flag, comment and times;
the labels it chose sit in ``annotation_labels`` so multi-label schemas need no special
case. A reviewer's resolution of a disagreement is a ``label_resolutions`` row. Model
suggestions (active learning) land in ``label_predictions`` once a classifier run writes
them. ``document_splits`` holds the train / validation / test assignment.
"""

from __future__ import annotations

import sqlite3

_V3 = """
CREATE TABLE label_schemas (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'single',     -- single | multi
    guidelines TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    schema_id INTEGER NOT NULL REFERENCES label_schemas(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    color TEXT NOT NULL,                     -- #rrggbb
    shortcut TEXT,                           -- one key: 1-9 or a letter; NULL = none
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    UNIQUE (schema_id, name),
    UNIQUE (schema_id, shortcut)
);

CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    schema_id INTEGER NOT NULL REFERENCES label_schemas(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'labeled',  -- labeled | skipped
    flagged INTEGER NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (schema_id, document_id, annotator)
);
CREATE INDEX annotations_document ON annotations(document_id);
CREATE INDEX annotations_schema_updated ON annotations(schema_id, updated_at);

CREATE TABLE annotation_labels (
    annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (annotation_id, label_id)
) WITHOUT ROWID;
CREATE INDEX annotation_labels_label ON annotation_labels(label_id);

CREATE TABLE label_resolutions (
    schema_id INTEGER NOT NULL REFERENCES label_schemas(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    resolved_at TEXT NOT NULL,
    PRIMARY KEY (schema_id, document_id, label_id)
) WITHOUT ROWID;

CREATE TABLE label_predictions (
    schema_id INTEGER NOT NULL REFERENCES label_schemas(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    score REAL NOT NULL,                     -- probability in [0, 1]
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (schema_id, document_id, label_id)
) WITHOUT ROWID;

CREATE TABLE document_splits (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    split TEXT NOT NULL                      -- train | validation | test
);
"""


def migrate(conn: sqlite3.Connection) -> None:
    """Move a project from schema 2 to 3."""
    for statement in _statements(_V3):
        conn.execute(statement)


def _statements(sql: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
