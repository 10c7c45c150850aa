"""Evaluation on the whole held-out split, checked against a hand-written loop."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from safetensors.torch import load_file

from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.evaluate import evaluate_run
from llmstudio.core.evaluation.evaluate_store import stored_evaluations
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, run_config
from llmstudio.core.tokenizer import load_processor, split_path
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run


@pytest.fixture
def trained(tokenized_project: Project, tiny_overrides: list[str]) -> tuple[Project, int]:
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=20"]))
    train_run(tokenized_project, run_id, device="cpu")
    return tokenized_project, run_id


def _hand_written(project: Project, run_id: int, split: str) -> tuple[float, int, int]:
    """Load the weights by hand and score every token, one window and one position at a time."""
    run = get_run(project, run_id)
    tokenizer = project.tokenizer(run.tokenizer_id)
    config = RunConfig.from_dict(run_config(project, run_id)).model
    model = GPT(ModelConfig(**{**config.to_dict(), "vocab_size": tokenizer.vocab_size}))
    folder = ckpt.find_checkpoint(project.absolute(run.checkpoint_dir)).folder
    state = load_file(str(folder / "model.safetensors"))
    state.setdefault("head.weight", state.get("tok_emb.weight"))
    model.load_state_dict(state, strict=False)
    model.eval()
    tokens = np.fromfile(project.absolute(split_path(tokenizer, split)), dtype=tokenizer.dtype).astype(np.int64)
    T = config.context_length
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(tokens) - 1, T):
            window = torch.from_numpy(tokens[start : min(start + T + 1, len(tokens))])
            logits, _ = model(window[None, :-1], window[None, 1:])
            log_probs = torch.log_softmax(logits[0].double(), dim=-1)
            for position, target in enumerate(window[1:].tolist()):
                total -= float(log_probs[position, target])
                count += 1
    text = load_processor(project, tokenizer).decode(tokens[1:].tolist())
    return total, count, len(text.encode("utf-8"))


@pytest.mark.parametrize("split", ["validation", "test"])
def test_evaluate_scores_every_token_like_a_hand_written_loop(trained: tuple[Project, int], split: str) -> None:
    project, run_id = trained
    result = evaluate_run(project, run_id, split=split, device="cpu", batch_size=3)
    nats, count, n_bytes = _hand_written(project, run_id, split)

    assert result.tokens == count
    assert abs(result.loss - nats / count) < 1e-4
    assert result.perplexity == pytest.approx(math.exp(result.loss), rel=1e-12)
    assert result.bytes == n_bytes
    assert abs(result.bits_per_byte - nats / math.log(2) / n_bytes) < 1e-4
    assert result.to_json().keys() >= {"run_id", "split", "tokens", "loss", "perplexity", "bits_per_byte"}


def test_evaluations_are_stored_per_run_and_checkpoint(trained: tuple[Project, int]) -> None:
    project, run_id = trained
    first = evaluate_run(project, run_id, split="validation", device="cpu")
    train_run(project, run_id, device="cpu", extra_steps=10)
    second = evaluate_run(project, run_id, split="validation", device="cpu")
    stored = stored_evaluations(project, run_id)
    assert [(e.split, e.step) for e in stored] == [("validation", first.step), ("validation", second.step)]
    assert stored[0].loss == pytest.approx(first.loss) and stored[1].tokens == second.tokens


def test_an_old_tokenizer_without_a_test_split_says_what_to_do(trained: tuple[Project, int]) -> None:
    project, run_id = trained
    tokenizer = project.tokenizer(get_run(project, run_id).tokenizer_id)
    project.absolute(split_path(tokenizer, "test")).unlink()  # as made before test splits existed
    with pytest.raises(StudioError, match="train the tokenizer again"):
        evaluate_run(project, run_id, split="test", device="cpu")
    assert evaluate_run(project, run_id, split="validation", device="cpu").tokens > 0


def test_a_run_of_another_kind_is_refused_by_name(trained: tuple[Project, int]) -> None:
    project, run_id = trained
    with project.db:
        project.db.execute("UPDATE runs SET kind = 'classifier' WHERE id = ?", (run_id,))
    with pytest.raises(StudioError, match=f"run {run_id} is a classifier run"):
        evaluate_run(project, run_id, device="cpu")
