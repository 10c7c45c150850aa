"""The model config validates with messages naming the setting; the GPT matches its size formula."""

from __future__ import annotations

import itertools

import pytest
import torch

from llmstudio.core.errors import ConfigError
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.model.size import flops_per_token, parameter_count, training_memory


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"d_model": 130, "n_head": 4}, r"model.n_head \(4\) must divide model.d_model \(130\)"),
        ({"n_layer": 0}, "model.n_layer must be at least 1"),
        ({"n_head": 4, "n_kv_head": 3}, "model.n_kv_head"),
        ({"dropout": 1.5}, "model.dropout"),
        ({"pos_encoding": "alibi"}, "model.pos_encoding must be one of"),
        ({"norm": "batchnorm"}, "model.norm"),
        ({"activation": "relu"}, "model.activation"),
        ({"context_length": 1}, "model.context_length"),
    ],
)
def test_invalid_settings_are_named(settings: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ModelConfig(**settings)


@pytest.mark.parametrize(
    ("pos", "norm", "act", "bias", "tie", "kv"),
    list(itertools.product(["learned", "sinusoidal", "rope"], ["layernorm", "rmsnorm"], ["gelu", "swiglu"],
                           [False, True], [True, False], [0, 1]))[::5],
)
def test_parameter_formula_matches_the_built_model(pos, norm, act, bias, tie, kv) -> None:
    config = ModelConfig(vocab_size=97, n_layer=2, n_head=4, d_model=32, context_length=16, pos_encoding=pos,
                         norm=norm, activation=act, bias=bias, tie_embeddings=tie, n_kv_head=kv)
    assert parameter_count(config) == GPT(config).num_parameters()


def test_forward_shapes_and_loss() -> None:
    torch.manual_seed(0)
    config = ModelConfig(vocab_size=50, n_layer=2, n_head=4, n_kv_head=2, d_model=32, context_length=16,
                         pos_encoding="rope", norm="rmsnorm", activation="swiglu")
    model = GPT(config)
    idx = torch.randint(0, 50, (3, 16))
    logits, loss = model(idx, idx)
    assert logits.shape == (3, 16, 50)
    assert loss is not None and torch.isfinite(loss)
    last, none = model(idx)
    assert last.shape == (3, 1, 50) and none is None
    with pytest.raises(ValueError, match="longer than context_length"):
        model(torch.zeros(1, 17, dtype=torch.long))


def test_attention_is_causal() -> None:
    """Changing a later token must not change earlier logits."""
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=20, n_layer=2, n_head=2, d_model=16, context_length=8)).eval()
    a = torch.randint(0, 20, (1, 8))
    b = a.clone()
    b[0, -1] = (a[0, -1] + 1) % 20
    la, _ = model(a, a)
    lb, _ = model(b, b)
    assert torch.allclose(la[0, :-1], lb[0, :-1], atol=1e-6)
    assert not torch.allclose(la[0, -1], lb[0, -1])


def test_costs_grow_with_the_model() -> None:
    small = ModelConfig(vocab_size=1000, n_layer=2, d_model=64, n_head=4)
    large = ModelConfig(vocab_size=1000, n_layer=8, d_model=256, n_head=4)
    assert flops_per_token(large) > flops_per_token(small) > 6 * 1000 * 64
    assert training_memory(large, 16).total > training_memory(small, 16).total
    mem = training_memory(small, 16)
    assert mem.optimizer == 2 * mem.weights == 2 * mem.gradients
