"""Classifier runs export as ``LlamaForSequenceClassification`` / ``GPT2ForSequenceClassification``.

``transformers`` is the oracle: the exported model's logits equal our classifier's within 1e-4,
for one document and for a right-padded batch, with ``id2label`` / ``label2id`` in class order.
GPT-2 layouts carry the score bias exactly (folded into the final LayerNorm's bias); Llama
layouts need ``classify.score_bias=false``; mean pooling and several windows per document are
refused with the setting to change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from llmstudio.cli import main
from llmstudio.core.classify.batches import encode_documents
from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.inference import Classifier
from llmstudio.core.classify.runs import create_classifier_run
from llmstudio.core.classify.trainer import train_classifier
from llmstudio.core.errors import StudioError
from llmstudio.core.interop.hf_export import export_hf
from llmstudio.core.project import Project
from tests.core.classify_helpers import TINY, labelled_project

transformers = pytest.importorskip("transformers")

LLAMA = ["model.pos_encoding=rope", "model.norm=rmsnorm", "model.activation=swiglu", "model.n_head=4",
         "model.n_kv_head=2", "classify.score_bias=false"]
GPT2 = ["model.pos_encoding=learned", "model.norm=layernorm", "model.activation=gelu", "model.bias=true"]
TEXTS = ["Review 1: the film was wonderful, the cast was superb.", "Review 2: dull.",
         "Review 3: its ending was painful, though the music was lovely."]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    made = labelled_project(tmp_path_factory.mktemp("cls") / "p", n=100)
    yield made
    made.close()


def _classifier_run(project: Project, overrides: list[str]) -> int:
    config = ClassifierRunConfig.default().with_overrides(
        [*TINY, "classify.epochs=2", "classify.predict_all=false", *overrides])
    run_id = create_classifier_run(project, config)
    assert train_classifier(project, run_id, device="cpu").status == "completed"
    return run_id


@pytest.mark.slow
@pytest.mark.parametrize("layout,overrides", [("llama", LLAMA), ("gpt2", GPT2)])
def test_exported_classifier_matches_transformers(project: Project, tmp_path: Path, layout: str,
                                                  overrides: list[str]) -> None:
    run_id = _classifier_run(project, ["classify.pooling=last", *overrides])
    ours = Classifier(project, run_id, device="cpu")
    if layout == "gpt2":
        assert float(ours.model.score.bias.detach().abs().max()) > 0  # a real bias, carried exactly
    out = tmp_path / "export"
    assert main(["model", str(project.root), "export", "--run", str(run_id), "--format", "hf", str(out),
                 "--quiet"]) == 0
    config = json.loads((out / "config.json").read_text())
    expected = {"llama": "LlamaForSequenceClassification", "gpt2": "GPT2ForSequenceClassification"}[layout]
    assert config["architectures"] == [expected]
    theirs = transformers.AutoModelForSequenceClassification.from_pretrained(out, dtype=torch.float32).eval()
    assert type(theirs).__name__ == expected
    assert theirs.config.id2label == dict(enumerate(ours.labels))
    assert theirs.config.label2id == {label: i for i, label in enumerate(ours.labels)}

    tokens, lengths = encode_documents(ours.processor, TEXTS, 32)
    width = int(lengths.max())
    ids = torch.from_numpy(tokens[:, :width])
    ids[torch.arange(width)[None, :] >= torch.from_numpy(lengths)[:, None]] = theirs.config.pad_token_id
    with torch.no_grad():
        our_logits, _ = ours.model(ids, torch.from_numpy(lengths))
        batch_logits = theirs(ids).logits  # right-padded: transformers reads the last non-pad token
        one = theirs(ids[1:2, : int(lengths[1])]).logits
    assert torch.allclose(batch_logits, our_logits, atol=1e-4, rtol=0)
    assert torch.allclose(one, our_logits[1:2], atol=1e-4, rtol=0)

    # A user's plain tokenizer(texts, padding=True) gives what our classifier reads, and the same scores.
    tokenizer = transformers.AutoTokenizer.from_pretrained(out)
    assert tokenizer.pad_token_id == theirs.config.pad_token_id
    encoded = tokenizer(TEXTS, padding=True, return_tensors="pt")
    assert encoded["input_ids"].tolist() == ids.tolist()
    with torch.no_grad():
        probabilities = ours.model.probabilities(theirs(**encoded).logits)
    assert torch.allclose(probabilities, torch.from_numpy(ours.scores(TEXTS)).float(), atol=1e-4, rtol=0)


def test_mean_pooling_and_a_llama_bias_are_refused_with_the_setting(project: Project, tmp_path: Path) -> None:
    mean = _classifier_run(project, ["classify.epochs=0", "train.max_steps=2", *GPT2])
    with pytest.raises(StudioError, match="classify.pooling=last"):
        export_hf(project, mean, tmp_path / "a")
    biased = _classifier_run(project, ["classify.epochs=0", "train.max_steps=2", "classify.pooling=last",
                                       *LLAMA[:-1]])
    with pytest.raises(StudioError, match="classify.score_bias=false"):
        export_hf(project, biased, tmp_path / "b")
    windowed = _classifier_run(project, ["classify.epochs=0", "train.max_steps=2", "classify.pooling=last",
                                         "classify.windows=3", *GPT2])
    with pytest.raises(StudioError, match="up to 3 windows.*classify.windows=1"):
        export_hf(project, windowed, tmp_path / "c")
    assert not any((tmp_path / name).exists() for name in "abc")
