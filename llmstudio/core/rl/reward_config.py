"""The ``reward.*`` settings of a reward-model run (Bradley-Terry on preference pairs).

``llmstudio reward train --set reward.KEY=VALUE`` sets these; ``model.*`` and ``train.*``
work as for language-model runs (the same trainer, precision, checkpoints and early
stopping). Each field carries its help text as metadata, so the app's form, ``--help`` and
``docs/settings.md`` say the same. No torch, and nothing from the trainer, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from llmstudio.core.settings import setting
from llmstudio.core.training.head_settings import (
    HEAD_MODEL_DEFAULTS,
    check_head_fields,
    head_train_defaults,
    need,
)

Truncation = Literal["start", "end"]
TRUNCATIONS: tuple[str, ...] = get_args(Truncation)

# Reward-model defaults for the train section (head_settings: what classifier runs share):
# evaluated often enough for early stopping (on held-out pair accuracy) to matter.
TRAIN_DEFAULTS = head_train_defaults(lr=5e-4, eval_interval=25, log_interval=5, early_stop_patience=6)
MODEL_DEFAULTS = dict(HEAD_MODEL_DEFAULTS)


@dataclass(frozen=True)
class RewardConfig:
    """What a reward-model run learns from and how it reads the pairs."""

    schema: str = setting("preferences", "The pairwise label schema whose answered pairs the model learns from.")
    max_length: int = setting(128, "Tokens per text (prompt + completion); longer texts are cut (see truncation).",
                              unit="tokens", minimum=2)
    truncation: Truncation = setting("start", "Which side of a long text is cut: start (keep the completion's "
                                              "end) or end (keep the prompt).")
    from_run: int = setting(0, "Start from this language-model run's weights (0: from scratch).", minimum=0)
    freeze_body: bool = setting(False, "With from_run: train the value head only; the Transformer body stays as "
                                       "the language model left it.")
    epochs: float = setting(6.0, "Passes over the training pairs; sets train.max_steps (0: use train.max_steps).",
                            minimum=0.0)
    tokenizer: int = setting(0, "Tokenizer id (0: from_run's tokenizer, else the latest); a from_run language "
                                "model must have been trained with it.", minimum=0)

    def __post_init__(self) -> None:
        need(bool(self.schema.strip()), "reward.schema must name a pairwise label schema (e.g. preferences)")
        need(self.tokenizer >= 0, "reward.tokenizer must be a tokenizer id, or 0")
        check_head_fields("reward", self, TRUNCATIONS)


def pair_text(prompt: str, completion: str) -> str:
    """The text a reward model scores: the prompt followed by the completion.

    A completion sampled from a run starts with its own space; an imported one may not, so
    a space is put between two words that would otherwise run together.
    """
    if not prompt or not completion or prompt[-1].isspace() or completion[0].isspace():
        return prompt + completion
    return f"{prompt} {completion}"
