"""Schema version 8: preference pairs and their answers (issue #13).

A pairwise label schema (``label_schemas.kind = 'pairwise'``) holds *pairs*: a prompt and two
completions, A and B. A person's answer to one pair is one ``pair_annotations`` row (unique
per pair and annotator): 'a' or 'b' (that completion is better), 'tie' or 'skip', with a
flag. ``content_hash`` (the prompt and the two completions, in either order) keeps one pair
from being stored twice in a schema, so importing the same file again adds nothing. Rows go
with their schema and pair (ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlite3

_V8 = """
CREATE TABLE pairs (
    id INTEGER PRIMARY KEY,
    schema_id INTEGER NOT NULL REFERENCES label_schemas(id) ON DELETE CASCADE,
    prompt TEXT NOT NULL,
    completion_a TEXT NOT NULL,
    completion_b TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',          -- where the pair came from: import FILE, run N, ...
    content_hash TEXT NOT NULL,               -- blake2b of prompt + both completions, order-free
    created_at TEXT NOT NULL,
    UNIQUE (schema_id, content_hash)
);

CREATE TABLE pair_annotations (
    id INTEGER PRIMARY KEY,
    pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL,
    choice TEXT NOT NULL,                     -- a | b | tie | skip
    flagged INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (pair_id, annotator)
);
CREATE INDEX pair_annotations_annotator ON pair_annotations(annotator, updated_at);
"""


def migrate(conn: sqlite3.Connection) -> None:
    """Move a project from schema 7 to 8."""
    lines = [line.split("--", 1)[0] for line in _V8.splitlines()]
    for statement in (s.strip() for s in "\n".join(lines).split(";")):
        if statement:
            conn.execute(statement)
