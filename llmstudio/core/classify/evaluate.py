"""Evaluating a classifier run on a split: figures, per-document predictions, stored per run.

``evaluation_of`` turns probabilities and decisions into the stored ``Evaluation`` (the
figures of ``metrics`` plus, for two labels, ROC-AUC, average precision and the
precision-recall curve of the second label). ``evaluate_run`` loads a run, predicts the
labelled documents of a split as they are labelled now, stores and returns the figures
(``classify eval``). The baseline's figures were stored when it was trained (its model is
not kept), so ``evaluate_baseline`` reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from llmstudio.core.changes import Changed, declares
from llmstudio.core.classify.batches import targets_for
from llmstudio.core.classify.data import (
    LabelledDocs,
    document_texts,
    split_of_documents,
)
from llmstudio.core.classify.metrics import (
    average_precision,
    classification_figures,
    precision_recall_curve,
    roc_auc,
    roc_curve,
)
from llmstudio.core.classify.store import (
    BASELINE,
    TRANSFORMER,
    Evaluation,
    StoredPrediction,
    latest_run_with,
    save_evaluations,
    stored_figures,
)
from llmstudio.core.errors import StudioError
from llmstudio.core.labels.annotations import iter_gold
from llmstudio.core.labels.splits import SPLIT_NAMES
from llmstudio.core.project import Project


def evaluation_of(model: str, docs: LabelledDocs, labels: Sequence[str], multi: bool, probs: np.ndarray,
                  decisions: np.ndarray, train_documents: int) -> Evaluation:
    truth = targets_for(docs.labels, labels, multi)
    figures = classification_figures(list(labels), truth, decisions, multi)
    if len(labels) == 2 and not multi and len(docs):
        positive = truth == 1
        figures["positive_label"] = labels[1]
        figures["roc_auc"] = roc_auc(positive, probs[:, 1])
        figures["average_precision"] = average_precision(positive, probs[:, 1])
        figures["pr_curve"] = precision_recall_curve(positive, probs[:, 1])
        figures["roc_curve"] = roc_curve(positive, probs[:, 1])
    predictions = []
    for i, doc in enumerate(docs.ids):
        if multi:
            chosen = tuple(name for name, on in zip(labels, decisions[i], strict=False) if on)
        else:
            chosen = (labels[int(decisions[i])],)
        scores = {name: float(p) for name, p in zip(labels, probs[i], strict=False)}
        predictions.append(StoredPrediction(doc, docs.split, tuple(docs.labels[i]), chosen, scores,
                                            float(probs[i].max()) if len(labels) else 0.0))
    return Evaluation(model, docs.split, figures, predictions, train_documents)


def tune_thresholds(probs: np.ndarray, truth: np.ndarray, default: float) -> list[float]:
    """Per label, the threshold with the best F1 on these (validation) examples; ``default`` when unseen."""
    thresholds = []
    for k in range(truth.shape[1]):
        positive = truth[:, k] > 0.5
        if not positive.any():
            thresholds.append(default)
            continue
        best = (-1.0, default)
        for candidate in np.unique(np.r_[probs[:, k], default]):
            chosen = probs[:, k] >= candidate
            tp = float((chosen & positive).sum())
            f1 = 2 * tp / (chosen.sum() + positive.sum())
            best = max(best, (f1, float(candidate)), key=lambda pair: pair[0])
        thresholds.append(best[1])
    return thresholds


def split_documents(project: Project, schema: Any, split: str) -> LabelledDocs:
    """The labelled documents of one split as labelled now (no training checks)."""
    if split not in SPLIT_NAMES:
        raise StudioError(f"--split must be one of {', '.join(SPLIT_NAMES)}, not {split!r}")
    splits = split_of_documents(project)
    if not splits:
        raise StudioError(f"there is no train/validation/test split yet; make one with 'llmstudio split DIR "
                          f"--schema {schema.name}'")
    rows = [(g.document_id, g.labels) for g in iter_gold(project, schema) if g.labels and splits.get(g.document_id) == split]
    texts = document_texts(project, [doc for doc, _ in rows])
    return LabelledDocs(split, [d for d, _ in rows], [names for _, names in rows], [texts[d] for d, _ in rows])


@declares(Changed.RUNS)
def evaluate_run(project: Project, run_id: int | None, split: str = "test", device: str = "auto") -> dict[str, Any]:
    """Predict the labelled documents of ``split`` with the run, store the figures, return them."""
    from llmstudio.core.classify.data import resolve_schema
    from llmstudio.core.classify.inference import Classifier

    classifier = Classifier(project, run_id, device)
    docs = split_documents(project, resolve_schema(project, classifier.info.schema), split)
    if not len(docs):
        raise StudioError(f"the {split} split holds no labelled document of '{classifier.info.schema}'; "
                          "label some or split again")
    probs = classifier.scores(docs.texts)
    evaluation = evaluation_of(TRANSFORMER, docs, classifier.labels, classifier.multi_label, probs,
                               classifier.decide(probs), classifier.info.train_documents)
    save_evaluations(project, classifier.run_id, [evaluation])
    return {"run_id": classifier.run_id, "split": split, **evaluation.figures}


def evaluate_baseline(project: Project, split: str = "test") -> dict[str, Any]:
    """The TF-IDF baseline's figures on ``split``, as stored with the latest classifier run that has one."""
    run_id = latest_run_with(project, BASELINE)
    if run_id is None:
        raise StudioError("no classifier run has a baseline yet; train one with 'llmstudio classify train DIR --baseline'")
    figures = stored_figures(project, run_id, split, BASELINE)
    if figures is None:
        raise StudioError(f"the baseline of run {run_id} has no figures for the {split} split")
    return {"run_id": run_id, "model": BASELINE, "split": split, **figures}
