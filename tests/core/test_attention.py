"""The explicit attention path: proper weights, and the same output as the fused kernel."""

from __future__ import annotations

import pytest
import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.attention import (
    EXAMPLE_TEXT,
    attention_map,
    explicit_attention,
    fast_forward_logits,
    forward_with_attention,
)
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run

SHAPES = {
    "gpt2": {},
    "llama": {"pos_encoding": "rope", "norm": "rmsnorm", "activation": "swiglu", "n_kv_head": 2},
    "sinusoidal": {"pos_encoding": "sinusoidal", "bias": True},
}


@pytest.mark.parametrize("shape", SHAPES)
def test_explicit_path_matches_the_fused_kernel(shape: str) -> None:
    torch.manual_seed(0)
    config = ModelConfig(vocab_size=50, n_layer=2, n_head=4, d_model=32, context_length=16, **SHAPES[shape])
    model = GPT(config).eval()
    idx = torch.randint(50, (2, 12))

    logits, weights = forward_with_attention(model, idx)
    assert torch.allclose(logits, fast_forward_logits(model, idx), atol=1e-5)
    assert weights.shape == (2, 2, 4, 12, 12)
    assert torch.allclose(weights.sum(-1), torch.ones(2, 2, 4, 12), atol=1e-6)
    assert float(weights.triu(1).abs().max()) == 0.0

    x = torch.randn(2, 12, 32)
    rope = (model.rope_cos, model.rope_sin) if config.pos_encoding == "rope" else None
    block = model.blocks[0].attn
    explicit, _ = explicit_attention(block, x, rope)
    assert torch.allclose(explicit, block(x, rope), atol=1e-5)


def test_attention_of_a_trained_run_for_the_guide_example(tokenized_project: Project, tiny_overrides) -> None:
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=5"]))
    train_run(tokenized_project, run_id, device="cpu")

    mean = attention_map(tokenized_project, run_id, EXAMPLE_TEXT, layer=0, query="fox")
    assert "".join(mean.tokens).strip() == EXAMPLE_TEXT
    assert mean.head == "mean" and len(mean.weights) == len(mean.tokens)
    for row_index, row in enumerate(mean.weights):
        assert sum(row) == pytest.approx(1.0, abs=1e-6)
        assert all(value == 0.0 for value in row[row_index + 1 :])
    fox = mean.query_index
    assert fox is not None and "fox" in "".join(mean.tokens[: fox + 1]).lower()
    assert "fox" not in "".join(mean.tokens[:fox]).lower()
    assert mean.query_weights == mean.weights[fox]

    one = attention_map(tokenized_project, run_id, EXAMPLE_TEXT, layer=0, head=1)
    assert one.head == 1 and one.to_json().keys() == {"tokens", "layer", "head", "weights"}
    with pytest.raises(StudioError, match="head must be between 0 and 1"):
        attention_map(tokenized_project, run_id, EXAMPLE_TEXT, head=5)
    with pytest.raises(StudioError, match="^layer 9 does not exist: the model has layer 0 only$"):
        attention_map(tokenized_project, run_id, EXAMPLE_TEXT, layer=9)  # once 'between 0 and 0'
    with pytest.raises(StudioError, match="not in the text"):
        attention_map(tokenized_project, run_id, EXAMPLE_TEXT, query="cat")
