"""classify.windows: a long document read as several windows and judged on all of them, with
the project's real sentencepiece tokenizer and a real model; training, evaluation and the
scoring API agree."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from classify_helpers import TINY, labelled_project  # noqa: E402

from llmstudio.core.classify.batches import (  # noqa: E402
    cut,
    document_examples,
    encode_documents,
    encode_windows,
)
from llmstudio.core.classify.config import ClassifierRunConfig  # noqa: E402
from llmstudio.core.classify.inference import load_classifier  # noqa: E402
from llmstudio.core.classify.runs import create_classifier_run  # noqa: E402
from llmstudio.core.classify.store import stored_figures, stored_predictions  # noqa: E402
from llmstudio.core.classify.trainer import train_classifier  # noqa: E402
from llmstudio.core.errors import ConfigError  # noqa: E402
from llmstudio.core.model.classifier import GPTClassifier  # noqa: E402
from llmstudio.core.model.config import ModelConfig  # noqa: E402
from llmstudio.core.text_tokenizer import load_text_tokenizer  # noqa: E402

LONG = "Review 1: " + ", ".join(f"the film was great {i}" for i in range(40)) + "."
SHORT = "Review 2: dull."


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    project = labelled_project(tmp_path_factory.mktemp("windows") / "p", n=160)
    yield project
    project.close()


@pytest.mark.parametrize("truncation", ["end", "start", "middle"])
def test_windows_hold_the_cut_document_in_order(project, truncation: str) -> None:
    processor = load_text_tokenizer(project, project.tokenizer())
    ids, short = processor.encode_batch([LONG, SHORT])
    width, windows = 16, 3
    assert len(ids) > width * windows  # so the cut matters too
    tokens, lengths, offsets = encode_windows(processor, [LONG, SHORT], width, truncation, windows)
    assert offsets.tolist() == [0, 3, 4]
    assert lengths.tolist() == [16, 16, 16, len(short) + 1]
    joined = [t for row in range(3) for t in tokens[row, : lengths[row]].tolist()]
    assert joined == [*cut(ids, width * windows - 1, truncation), processor.eos_id]
    assert tokens[3, : len(short) + 1].tolist() == [*short, processor.eos_id]
    one, one_lengths, one_offsets = encode_windows(processor, [LONG, SHORT], width, truncation, 1)
    assert one_offsets.tolist() == [0, 1, 2]
    expected = encode_documents(processor, [LONG, SHORT], width, truncation)
    assert np.array_equal(one, expected[0]) and np.array_equal(one_lengths, expected[1])


@pytest.mark.parametrize("pooling", ["mean", "last"])
def test_a_document_is_pooled_over_all_its_windows(project, pooling: str) -> None:
    """The batched forward pass (padding, owners) equals each window run alone, pooled by hand."""
    processor = load_text_tokenizer(project, project.tokenizer())
    torch.manual_seed(0)
    model = GPTClassifier(ModelConfig(vocab_size=processor.vocab_size, n_layer=1, n_head=2, d_model=32,
                                      context_length=16), 3, pooling).eval()
    texts = [SHORT, LONG, "Review 3: " + "superb, " * 9]
    batches = document_examples(processor, texts, 16, "end", 4, None, 0, "test")
    assert len(batches) == 3 and batches.offsets is not None and batches.offsets.tolist()[-1] > 3
    with torch.no_grad():
        logits, loss = model(*batches.load(np.arange(3), torch.device("cpu")))
        assert loss is None and logits.shape == (3, 3)
        for doc in range(3):
            vectors, weights = [], []
            for row in range(batches.offsets[doc], batches.offsets[doc + 1]):
                n = int(batches.lengths[row])
                states = model.hidden_states(torch.from_numpy(batches.tokens[row:row + 1, :n]))[0]
                vectors.append(states.sum(0) if pooling == "mean" else states[-1])
                weights.append(n if pooling == "mean" else 1)
            expected = model.score(torch.stack(vectors).sum(0) / sum(weights))
            assert torch.allclose(logits[doc], expected, atol=1e-5)


def test_a_windowed_run_trains_and_scores_as_it_was_evaluated(project) -> None:
    config = ClassifierRunConfig.default().with_overrides(
        [*TINY, "classify.max_length=8", "classify.windows=4", "classify.epochs=4"])
    run_id = create_classifier_run(project, config)
    result = train_classifier(project, run_id, device="cpu")
    assert result.status == "completed"
    assert result.test["macro_f1"] >= 0.8  # the sentiment word is often past the first 8 tokens
    classifier = load_classifier(project, run_id, device="cpu")
    assert classifier.config.classify.windows == 4
    texts = [LONG, SHORT]
    probs = classifier.scores(texts)
    assert probs.shape == (2, 2) and np.allclose(probs.sum(1), 1.0, atol=1e-5)
    # what the run stored for its test split is what the scoring API says now, document by document
    stored = stored_predictions(project, run_id, "test")
    assert len(stored) == stored_figures(project, run_id, "test")["n"]
    texts = dict(project.db.execute("SELECT id, text FROM documents").fetchall())
    now = classifier.predict([texts[p.document_id] for p in stored])
    assert [p.predicted for p in stored] == [labels for labels, _ in now]
    for p, (_, scores) in zip(stored, now, strict=True):
        assert scores == pytest.approx(p.scores, abs=1e-4)


def test_windows_below_one_are_refused_with_the_fix() -> None:
    with pytest.raises(ConfigError, match="classify.windows must be at least 1"):
        ClassifierRunConfig.default().with_overrides(["classify.windows=0"])
