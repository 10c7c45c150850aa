"""Stored figures and predictions of classifier runs: written in one transaction, read by
the CLI, the Evaluate panel and the learning curve. No torch here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from llmstudio.core.db import transaction
from llmstudio.core.project import Project, utc_now

TRANSFORMER, BASELINE = "transformer", "baseline"


@dataclass(frozen=True)
class StoredPrediction:
    document_id: int
    split: str
    truth: tuple[str, ...]
    predicted: tuple[str, ...]
    scores: dict[str, float]
    confidence: float

    @property
    def correct(self) -> bool:
        return set(self.truth) == set(self.predicted)


@dataclass(frozen=True)
class Evaluation:
    """One model's figures on one split, with the predictions they were computed from."""

    model: str
    split: str
    figures: dict[str, Any]
    predictions: list[StoredPrediction]
    train_documents: int


def save_evaluations(project: Project, run_id: int, evaluations: Sequence[Evaluation]) -> None:
    """Replace the stored figures and predictions of these (run, model, split) triples, all at once."""
    now = utc_now()
    with transaction(project.db) as conn:
        for ev in evaluations:
            conn.execute("DELETE FROM classifier_predictions WHERE run_id = ? AND model = ? AND split = ?",
                         (run_id, ev.model, ev.split))
            conn.execute(
                "INSERT OR REPLACE INTO classifier_evaluations(run_id, model, split, n, accuracy, macro_f1, "
                "train_documents, figures_json, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (run_id, ev.model, ev.split, ev.figures["n"], ev.figures["accuracy"], ev.figures["macro_f1"],
                 ev.train_documents, json.dumps(ev.figures), now))
            conn.executemany(
                "INSERT OR REPLACE INTO classifier_predictions(run_id, model, document_id, split, truth_json, "
                "predicted_json, scores_json, confidence) VALUES (?,?,?,?,?,?,?,?)",
                [(run_id, ev.model, p.document_id, ev.split, json.dumps(list(p.truth)), json.dumps(list(p.predicted)),
                  json.dumps(p.scores), p.confidence) for p in ev.predictions])


def stored_figures(project: Project, run_id: int, split: str, model: str = TRANSFORMER) -> dict[str, Any] | None:
    row = project.db.execute(
        "SELECT figures_json FROM classifier_evaluations WHERE run_id = ? AND model = ? AND split = ?",
        (run_id, model, split)).fetchone()
    return None if row is None else json.loads(row[0])


def latest_run_with(project: Project, model: str) -> int | None:
    """The latest run that stored figures of ``model`` (``classify eval --run baseline``), or None."""
    row = project.db.execute("SELECT max(run_id) FROM classifier_evaluations WHERE model = ?", (model,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def stored_models(project: Project, run_id: int) -> list[str]:
    return [r[0] for r in project.db.execute(
        "SELECT DISTINCT model FROM classifier_evaluations WHERE run_id = ? ORDER BY model DESC", (run_id,))]


def stored_predictions(project: Project, run_id: int, split: str, model: str = TRANSFORMER) -> list[StoredPrediction]:
    rows = project.db.execute(
        "SELECT document_id, split, truth_json, predicted_json, scores_json, confidence FROM classifier_predictions "
        "WHERE run_id = ? AND model = ? AND split = ? ORDER BY document_id", (run_id, model, split)).fetchall()
    return [StoredPrediction(int(r[0]), r[1], tuple(json.loads(r[2])), tuple(json.loads(r[3])), json.loads(r[4]),
                             float(r[5])) for r in rows]


def cell_documents(project: Project, run_id: int, split: str, true_label: str, predicted_label: str,
                   model: str = TRANSFORMER) -> list[StoredPrediction]:
    """The documents of one confusion-matrix cell (true label row, predicted label column)."""
    return [p for p in stored_predictions(project, run_id, split, model)
            if true_label in p.truth and predicted_label in p.predicted]


def misclassified(project: Project, run_id: int, split: str, model: str = TRANSFORMER) -> list[StoredPrediction]:
    """Wrong predictions, the most confident mistakes first (those are the likeliest label errors)."""
    wrong = [p for p in stored_predictions(project, run_id, split, model) if not p.correct]
    return sorted(wrong, key=lambda p: (-p.confidence, p.document_id))


def learning_curve(project: Project, schema: str, split: str = "test") -> dict[str, list[tuple[int, float]]]:
    """(labelled training documents, macro-F1 on ``split``) for each classifier run of ``schema``, per model."""
    curve: dict[str, list[tuple[int, float]]] = {}
    rows = project.db.execute(
        "SELECT e.model, e.train_documents, e.macro_f1, r.config_json FROM classifier_evaluations e "
        "JOIN runs r ON r.id = e.run_id WHERE e.split = ? AND r.kind = 'classifier' ORDER BY e.run_id", (split,))
    for model, n_train, f1, config_json in rows:
        if json.loads(config_json).get("classify", {}).get("schema") == schema and n_train is not None:
            curve.setdefault(model, []).append((int(n_train), float(f1)))
    return {model: sorted(points) for model, points in curve.items()}
