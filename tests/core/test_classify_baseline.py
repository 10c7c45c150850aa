"""The TF-IDF + logistic regression baseline, with and without the cleaning code's classic steps."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn import metrics as skm

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import reviews  # noqa: E402

from llmstudio.core.classify.baseline import Baseline, preprocessor  # noqa: E402
from llmstudio.core.classify.data import LabelledDocs  # noqa: E402


def _docs(split: str, rows: list[dict[str, str]]) -> LabelledDocs:
    return LabelledDocs(split, list(range(len(rows))), [(r["label"],) for r in rows], [r["text"] for r in rows])


def test_stemming_and_stop_words_are_the_cleaning_steps() -> None:
    prepare = preprocessor(stem=True, stop_words=True)
    assert prepare("The films were moving and the actors were charming").split() == ["film", "move", "actor", "charm"]
    assert preprocessor(False, False)("The films") == "The films"


def test_the_baseline_learns_the_words_and_its_probabilities_are_sklearns() -> None:
    rows = reviews(200, seed=5)
    train, validation, test = _docs("train", rows[:140]), _docs("validation", rows[140:170]), _docs("test", rows[170:])
    for stem in (False, True):
        baseline = Baseline(["pos", "neg"], multi=False, stem=stem, stop_words=stem).fit(train, validation)
        decisions, probs = baseline.predict(test.texts)
        truth = [0 if names[0] == "pos" else 1 for names in test.labels]
        assert skm.f1_score(truth, decisions, average="macro") > 0.8
        np.testing.assert_allclose(probs.sum(1), 1.0)
        assert list(decisions) == list(probs.argmax(1))
