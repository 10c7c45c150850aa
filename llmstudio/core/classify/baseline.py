"""The classic baseline beside every Transformer classifier: TF-IDF + logistic regression.

Word 1-2 grams with sublinear term frequency and a logistic regression (one-vs-rest for
multi-label schemas), trained on the same train split. Optionally the text first goes
through the cleaning code's Stemming and Stop-word removal steps, the guide's classic
preprocessing, so a user sees whether it helps. The regularisation strength C is chosen on
the validation split from a short list; the fitted model is not kept (never pickled): its
figures and per-document predictions are stored with the run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from llmstudio.core.classify.data import LabelledDocs
from llmstudio.core.classify.metrics import classification_figures

log = logging.getLogger(__name__)
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)


def preprocessor(stem: bool, stop_words: bool) -> Callable[[str], str]:
    """The cleaning code's classic steps as one text -> text function (identity when both are off)."""
    steps: list[Any] = []
    if stop_words:
        from llmstudio.core.cleaning.steps.classic import RemoveStopWords

        steps.append(RemoveStopWords())
    if stem:
        from llmstudio.core.cleaning.steps.classic import Stem

        steps.append(Stem())

    def apply(text: str) -> str:
        for step in steps:
            result = step.apply(text)
            text = result if isinstance(result, str) else text
        return text

    return apply


class Baseline:
    def __init__(self, labels: Sequence[str], multi: bool, stem: bool = False, stop_words: bool = False,
                 class_weights: str = "balanced") -> None:
        self.labels, self.multi = list(labels), multi
        self.prepare = preprocessor(stem, stop_words)
        self.class_weight = "balanced" if class_weights == "balanced" else None
        self.C = 1.0
        self.vectorizer: object = None
        self.model: object = None

    def _targets(self, docs: LabelledDocs) -> np.ndarray:
        from llmstudio.core.classify.batches import targets_for

        return targets_for(docs.labels, self.labels, self.multi)

    def _fit(self, x: object, y: np.ndarray, C: float) -> object:
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        model = LogisticRegression(C=C, max_iter=2000, class_weight=self.class_weight)
        if self.multi:
            model = OneVsRestClassifier(model)
        model.fit(x, y)
        return model

    def fit(self, train: LabelledDocs, validation: LabelledDocs) -> Baseline:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=200_000)
        x = self.vectorizer.fit_transform([self.prepare(t) for t in train.texts])  # type: ignore[attr-defined]
        y = self._targets(train)
        val_x = self.vectorizer.transform([self.prepare(t) for t in validation.texts])  # type: ignore[attr-defined]
        val_y = self._targets(validation)
        best = (-1.0, self.C)
        for C in C_GRID:
            model = self._fit(x, y, C)
            predicted = self._decide(self._probabilities(model, val_x))
            f1 = classification_figures(self.labels, val_y, predicted, self.multi)["macro_f1"]
            best = max(best, (f1, C), key=lambda pair: pair[0])
        self.C = best[1]
        log.info("baseline: C=%g (validation macro-F1 %.4f)", self.C, best[0])
        self.model = self._fit(x, y, self.C)
        return self

    def _probabilities(self, model: object, x: object) -> np.ndarray:
        probs = np.asarray(model.predict_proba(x))  # type: ignore[attr-defined]
        if self.multi:
            return probs
        # Columns follow model.classes_ (the label indices seen in training): place them.
        full = np.zeros((probs.shape[0], len(self.labels)))
        full[:, np.asarray(model.classes_, dtype=np.int64)] = probs  # type: ignore[attr-defined]
        return full

    def _decide(self, probs: np.ndarray) -> np.ndarray:
        return (probs >= 0.5).astype(np.int64) if self.multi else probs.argmax(1)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        x = self.vectorizer.transform([self.prepare(t) for t in texts])  # type: ignore[attr-defined]
        return self._probabilities(self.model, x)

    def predict(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(decisions, probabilities): class indices or a 0/1 matrix, and (documents, labels) scores."""
        probs = self.predict_proba(texts)
        return self._decide(probs), probs
