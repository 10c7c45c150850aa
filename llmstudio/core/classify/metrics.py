"""Classification figures with scikit-learn's definitions, computed with numpy alone.

The Evaluate panel, ``classify eval`` and the stored figures of every classifier run come
from here. The definitions are scikit-learn's (``classification_report``,
``confusion_matrix``, ``multilabel_confusion_matrix``, ``roc_auc_score``,
``precision_recall_curve``, ``roc_curve``, ``average_precision_score``), with ``zero_division=0``: a
precision or recall whose denominator is zero counts as 0. The tests check every figure
against scikit-learn on the same predictions. numpy keeps this module light: the app does
not import scikit-learn to show a table.

Single-label truth and predictions are arrays of class indices into ``labels``; multi-label
ones are 0/1 indicator matrices of shape (documents, labels).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["average_precision", "classification_figures", "confusion_matrix", "multilabel_confusion",
           "precision_recall_curve", "roc_auc", "roc_curve"]


def confusion_matrix(truth: np.ndarray, predicted: np.ndarray, n_labels: int) -> np.ndarray:
    """Counts with rows = true label and columns = predicted label (sklearn's layout)."""
    matrix = np.zeros((n_labels, n_labels), dtype=np.int64)
    np.add.at(matrix, (np.asarray(truth, dtype=np.int64), np.asarray(predicted, dtype=np.int64)), 1)
    return matrix


def multilabel_confusion(truth: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Per label [[tn, fp], [fn, tp]], shape (labels, 2, 2), like sklearn's multilabel_confusion_matrix."""
    t = np.asarray(truth, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = (t & p).sum(0)
    fp = (~t & p).sum(0)
    fn = (t & ~p).sum(0)
    tn = (~t & ~p).sum(0)
    return np.stack([np.stack([tn, fp], -1), np.stack([fn, tp], -1)], 1).astype(np.int64)


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    out = np.zeros_like(numerator)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def _prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    precision = _divide(tp, tp + fp)
    recall = _divide(tp, tp + fn)
    f1 = _divide(2 * tp, 2 * tp + fp + fn)  # sklearn's F-score formula, exact for zero denominators
    return precision, recall, f1


def classification_figures(labels: list[str], truth: np.ndarray, predicted: np.ndarray,
                           multi: bool = False) -> dict[str, Any]:
    """Accuracy; per-label precision, recall, F1 and support; macro, micro and weighted averages;
    the confusion matrix (single-label: labels x labels; multi-label: per label 2 x 2).

    The keys are those of ``classify eval --json`` (less ``run_id`` and ``split``).
    """
    n_labels = len(labels)
    truth = np.asarray(truth)
    predicted = np.asarray(predicted)
    n = int(truth.shape[0])
    if multi:
        per = multilabel_confusion(truth.reshape(n, n_labels), predicted.reshape(n, n_labels))
        tp, fp, fn = per[:, 1, 1], per[:, 0, 1], per[:, 1, 0]
        support = tp + fn
        accuracy = float(np.mean(np.all(truth.astype(bool) == predicted.astype(bool), axis=1))) if n else 0.0
        confusion: list[Any] = per.tolist()
    else:
        matrix = confusion_matrix(truth, predicted, n_labels)
        tp = np.diag(matrix)
        fp = matrix.sum(0) - tp
        fn = matrix.sum(1) - tp
        support = matrix.sum(1)
        accuracy = float(tp.sum() / n) if n else 0.0
        confusion = matrix.tolist()
    precision, recall, f1 = _prf(tp, fp, fn)
    micro_p, micro_r, micro_f1 = _prf(tp.sum(keepdims=True), fp.sum(keepdims=True), fn.sum(keepdims=True))
    total = support.sum()
    weights = _divide(support, np.full_like(support, total)) if total else np.zeros(n_labels)
    return {
        "n": n,
        "labels": list(labels),
        "multi_label": multi,
        "accuracy": accuracy,
        "macro_f1": float(f1.mean()) if n_labels else 0.0,
        "micro_f1": float(micro_f1[0]),
        "weighted_f1": float((f1 * weights).sum()),
        "macro_precision": float(precision.mean()) if n_labels else 0.0,
        "macro_recall": float(recall.mean()) if n_labels else 0.0,
        "micro_precision": float(micro_p[0]),
        "micro_recall": float(micro_r[0]),
        "weighted_precision": float((precision * weights).sum()),
        "weighted_recall": float((recall * weights).sum()),
        "per_label": {
            name: {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
                   "support": int(support[i])}
            for i, name in enumerate(labels)
        },
        "confusion": confusion,
    }


def _ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given their average rank."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    ranks = np.empty(len(values), dtype=np.float64)
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(values)]
    for start, end in zip(starts, ends, strict=False):
        ranks[order[start:end]] = (start + 1 + end) / 2.0
    return ranks


def roc_auc(positive: np.ndarray, scores: np.ndarray) -> float | None:
    """Area under the ROC curve (ties count one half); None when only one class is present."""
    positive = np.asarray(positive, dtype=bool)
    scores = np.asarray(scores, dtype=np.float64)
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = _ranks(scores)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def _binary_counts(positive: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True and false positives at each distinct score, highest score first (as sklearn)."""
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="mergesort")
    s = np.asarray(scores, dtype=np.float64)[order]
    y = np.asarray(positive, dtype=bool)[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # the last index of each distinct score
    tps = np.cumsum(y)[last].astype(np.float64)
    fps = (last + 1 - tps).astype(np.float64)
    return fps, tps, s[last]


def precision_recall_curve(positive: np.ndarray, scores: np.ndarray) -> dict[str, list[float]]:
    """Precision and recall at each threshold, in sklearn's order (recall falling to 0, precision 1 at the end)."""
    fps, tps, thresholds = _binary_counts(positive, scores)
    if len(tps) == 0 or tps[-1] == 0:
        return {"precision": [1.0], "recall": [0.0], "thresholds": []}
    precision = _divide(tps, tps + fps)
    recall = tps / tps[-1]
    return {
        "precision": np.r_[precision[::-1], 1.0].tolist(),
        "recall": np.r_[recall[::-1], 0.0].tolist(),
        "thresholds": thresholds[::-1].tolist(),
    }


def roc_curve(positive: np.ndarray, scores: np.ndarray) -> dict[str, list[float]]:
    """False and true positive rates at each distinct score, highest first, from (0, 0): sklearn's
    ``roc_curve(drop_intermediate=False)``; its first threshold (infinity, no JSON) is left out."""
    fps, tps, thresholds = _binary_counts(positive, scores)
    fps, tps = np.r_[0.0, fps], np.r_[0.0, tps]
    fpr = fps / fps[-1] if fps[-1] > 0 else np.zeros_like(fps)
    tpr = tps / tps[-1] if tps[-1] > 0 else np.zeros_like(tps)
    return {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thresholds.tolist()}


def average_precision(positive: np.ndarray, scores: np.ndarray) -> float | None:
    """Sum over thresholds of (recall step) x precision, like sklearn's average_precision_score."""
    if not np.asarray(positive, dtype=bool).any():
        return None
    curve = precision_recall_curve(positive, scores)
    precision = np.asarray(curve["precision"])
    recall = np.asarray(curve["recall"])
    return float(-np.sum(np.diff(recall) * precision[:-1]))
