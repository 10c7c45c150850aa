"""The ``reward.*`` settings of a reward-model run (Bradley-Terry on preference pairs).

``llmstudio reward train --set reward.KEY=VALUE`` sets these; ``model.*`` and ``train.*``
work as for language-model runs (the same trainer, precision, checkpoints and early
stopping). Each field carries its help text as metadata, so the app's form, ``--help`` and
``docs/settings.md`` say the same. No torch, and nothing from the trainer, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from llmstudio.core.errors import ConfigError
from llmstudio.core.settings import setting

Truncation = Literal["start", "end"]
TRUNCATIONS: tuple[str, ...] = get_args(Truncation)

# Reward-model defaults for the train section: a few epochs over the pairs, evaluated often
# enough for early stopping (on held-out pair accuracy) to matter.
TRAIN_DEFAULTS = {"lr": 5e-4, "min_lr": 5e-5, "warmup_steps": 20, "batch_size": 32, "eval_interval": 25,
                  "log_interval": 5, "checkpoint_interval": 100000, "early_stop_patience": 6,
                  "weight_decay": 0.1, "keep_last": 1}
MODEL_DEFAULTS = {"n_layer": 2, "n_head": 4, "d_model": 128, "dropout": 0.1}


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
        def need(condition: bool, message: str) -> None:
            if not condition:
                raise ConfigError(message)

        need(bool(self.schema.strip()), "reward.schema must name a pairwise label schema (e.g. preferences)")
        need(self.truncation in TRUNCATIONS,
             f"reward.truncation must be one of {', '.join(TRUNCATIONS)}, not {self.truncation!r}")
        need(self.max_length >= 2, f"reward.max_length must be at least 2, not {self.max_length}")
        need(self.from_run >= 0, "reward.from_run must be a run id, or 0 to start from scratch")
        need(self.epochs >= 0, f"reward.epochs must be >= 0, not {self.epochs}")
        need(self.tokenizer >= 0, "reward.tokenizer must be a tokenizer id, or 0")
        need(not (self.freeze_body and not self.from_run),
             "reward.freeze_body needs reward.from_run (a language-model run to keep frozen); "
             "pass --from-run ID or leave the body trainable")


def pair_text(prompt: str, completion: str) -> str:
    """The text a reward model scores: the prompt followed by the completion.

    A completion sampled from a run starts with its own space; an imported one may not, so
    a space is put between two words that would otherwise run together.
    """
    if not prompt or not completion or prompt[-1].isspace() or completion[0].isspace():
        return prompt + completion
    return f"{prompt} {completion}"
