"""The classifier's figures equal scikit-learn's on the same predictions (sklearn is the oracle)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics as skm

from llmstudio.core.classify.metrics import (
    average_precision,
    classification_figures,
    precision_recall_curve,
    roc_auc,
    roc_curve,
)

LABELS = ["neg", "neutral", "pos", "never"]  # "never" is neither true nor predicted: zero division


def _random_case(seed: int, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k - 1, n)
    predicted = np.where(rng.random(n) < 0.6, truth, rng.integers(0, k - 1, n))
    return truth, predicted


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_single_label_figures_equal_classification_report(seed: int) -> None:
    truth, predicted = _random_case(seed, 300, len(LABELS))
    ours = classification_figures(LABELS, truth, predicted)
    labels = list(range(len(LABELS)))
    report = skm.classification_report(truth, predicted, labels=labels, target_names=LABELS,
                                       output_dict=True, zero_division=0)
    assert ours["accuracy"] == pytest.approx(skm.accuracy_score(truth, predicted))
    for name in LABELS:
        for key in ("precision", "recall", "f1-score", "support"):
            ours_key = "f1" if key == "f1-score" else key
            assert ours["per_label"][name][ours_key] == pytest.approx(report[name][key]), (name, key)
    assert ours["macro_f1"] == pytest.approx(report["macro avg"]["f1-score"])
    assert ours["weighted_f1"] == pytest.approx(report["weighted avg"]["f1-score"])
    assert ours["macro_precision"] == pytest.approx(report["macro avg"]["precision"])
    assert ours["weighted_recall"] == pytest.approx(report["weighted avg"]["recall"])
    assert ours["micro_f1"] == pytest.approx(skm.f1_score(truth, predicted, labels=labels, average="micro"))
    assert ours["confusion"] == skm.confusion_matrix(truth, predicted, labels=labels).tolist()


def test_multi_label_figures_equal_classification_report() -> None:
    rng = np.random.default_rng(7)
    truth = (rng.random((200, 3)) < 0.4).astype(int)
    predicted = np.where(rng.random((200, 3)) < 0.7, truth, 1 - truth)
    names = ["a", "b", "c"]
    ours = classification_figures(names, truth, predicted, multi=True)
    report = skm.classification_report(truth, predicted, target_names=names, output_dict=True, zero_division=0)
    for name in names:
        assert ours["per_label"][name]["f1"] == pytest.approx(report[name]["f1-score"])
        assert ours["per_label"][name]["support"] == report[name]["support"]
    assert ours["macro_f1"] == pytest.approx(report["macro avg"]["f1-score"])
    assert ours["micro_f1"] == pytest.approx(report["micro avg"]["f1-score"])
    assert ours["weighted_f1"] == pytest.approx(report["weighted avg"]["f1-score"])
    assert ours["accuracy"] == pytest.approx(skm.accuracy_score(truth, predicted))
    assert ours["confusion"] == skm.multilabel_confusion_matrix(truth, predicted).tolist()


@pytest.mark.parametrize("seed", [0, 3])
def test_roc_auc_and_precision_recall_curve_equal_sklearn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    positive = rng.random(250) < 0.3
    scores = np.round(np.clip(positive * 0.3 + rng.random(250) * 0.7, 0, 1), 2)  # rounded: many ties
    assert roc_auc(positive, scores) == pytest.approx(skm.roc_auc_score(positive, scores))
    precision, recall, thresholds = skm.precision_recall_curve(positive, scores)
    curve = precision_recall_curve(positive, scores)
    np.testing.assert_allclose(curve["precision"], precision)
    np.testing.assert_allclose(curve["recall"], recall)
    np.testing.assert_allclose(curve["thresholds"], thresholds)
    assert average_precision(positive, scores) == pytest.approx(skm.average_precision_score(positive, scores))
    fpr, tpr, roc_thresholds = skm.roc_curve(positive, scores, drop_intermediate=False)
    roc = roc_curve(positive, scores)
    np.testing.assert_allclose(roc["fpr"], fpr)
    np.testing.assert_allclose(roc["tpr"], tpr)
    np.testing.assert_allclose(roc["thresholds"], roc_thresholds[1:])
    assert np.isinf(roc_thresholds[0])


def test_roc_auc_needs_both_classes() -> None:
    assert roc_auc(np.array([True, True]), np.array([0.2, 0.9])) is None
