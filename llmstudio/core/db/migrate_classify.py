"""Schema version 6: what classifier runs leave behind besides their checkpoints.

``classifier_evaluations`` holds the figures of a run on a split (accuracy, per-label
precision / recall / F1 / support, averages, confusion matrix, ROC-AUC...) as JSON, one row
per run, model (the Transformer, or the TF-IDF baseline trained beside it) and split, with
the headline numbers in columns so lists and the learning curve need no JSON parsing.
``classifier_predictions`` keeps each evaluated document's true and predicted labels and
scores, so the Evaluate panel can list a confusion-matrix cell or the misclassified
documents without loading a model. Rows go with their run (ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlite3

_V6 = """
CREATE TABLE classifier_evaluations (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    model TEXT NOT NULL,                      -- transformer | baseline
    split TEXT NOT NULL,                      -- train | validation | test
    n INTEGER NOT NULL,
    accuracy REAL,
    macro_f1 REAL,
    train_documents INTEGER,                  -- labelled training documents the model learned from
    figures_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, model, split)
);

CREATE TABLE classifier_predictions (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    split TEXT NOT NULL,
    truth_json TEXT NOT NULL,                 -- the gold labels when evaluated, JSON list
    predicted_json TEXT NOT NULL,             -- predicted labels, JSON list
    scores_json TEXT NOT NULL,                -- {label: probability}
    confidence REAL NOT NULL,                 -- the top probability
    PRIMARY KEY (run_id, model, document_id)
) WITHOUT ROWID;
CREATE INDEX classifier_predictions_split ON classifier_predictions(run_id, model, split);
"""


def migrate(conn: sqlite3.Connection) -> None:
    """Move a project from schema 5 to 6."""
    lines = [line.split("--", 1)[0] for line in _V6.splitlines()]
    for statement in (s.strip() for s in "\n".join(lines).split(";")):
        if statement:
            conn.execute(statement)
