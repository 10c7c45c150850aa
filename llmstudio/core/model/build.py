"""The one way a model is built from a config and a tokenizer.

Training, resuming, sampling, benchmarking and (later) import/export all build the model
here, so the vocabulary always comes from the tokenizer the same way (``model.vocab_size``
in a stored config is only a placeholder until then) and the seed, dtype and device are
the caller's business.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT


class HasVocab(Protocol):
    @property
    def vocab_size(self) -> int: ...


class HasModelConfig(Protocol):
    @property
    def model(self) -> ModelConfig: ...


def model_config_for(config: ModelConfig | HasModelConfig, tokenizer: HasVocab | int) -> ModelConfig:
    """The model's config with the tokenizer's vocabulary size (torch-free)."""
    model = config if isinstance(config, ModelConfig) else config.model
    vocab = tokenizer if isinstance(tokenizer, int) else tokenizer.vocab_size
    # An imported model's embedding may have more rows than its tokenizer has tokens.
    return ModelConfig(**{**dataclasses.asdict(model), "vocab_size": max(model.vocab_size, vocab)})


def build_model(config: ModelConfig | HasModelConfig, tokenizer: HasVocab | int) -> GPT:
    """A freshly initialised GPT for ``config`` (a ``RunConfig`` or its ``ModelConfig``) and a
    tokenizer (anything with ``vocab_size``, or the size itself), on the CPU."""
    return GPT(model_config_for(config, tokenizer))
