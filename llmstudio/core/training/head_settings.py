"""What the settings of a Transformer-with-a-head run kind share (classifier and reward runs).

A classifier run (``classify.*``) and a reward-model run (``reward.*``) are the same thing
seen from the trainer: a small Transformer body, started from scratch or from a language
model's weights (optionally frozen), with one head section beside ``model`` and ``train``.
Their starting ``model`` values, most of their ``train`` values and the checks of the head
fields they have in common live here once. Like the head sections themselves, this module
imports neither torch nor the trainer's config, so the settings page can list them.
"""

from __future__ import annotations

from typing import Any

from llmstudio.core.errors import ConfigError

# A head run's model section from scratch (--from-run takes the language model's shape).
HEAD_MODEL_DEFAULTS: dict[str, Any] = {"n_layer": 2, "n_head": 4, "d_model": 128, "dropout": 0.1}


def head_train_defaults(*, lr: float, eval_interval: int, log_interval: int,
                        early_stop_patience: int) -> dict[str, Any]:
    """A head run's train section: a few epochs over a few thousand examples (a language-model run's
    defaults suit millions of tokens), evaluated often enough for early stopping to matter."""
    return {"lr": lr, "min_lr": 5e-5, "warmup_steps": 20, "batch_size": 32, "eval_interval": eval_interval,
            "log_interval": log_interval, "checkpoint_interval": 100000, "early_stop_patience": early_stop_patience,
            "weight_decay": 0.1, "keep_last": 1}


def need(condition: bool, message: str) -> None:
    """A ``ConfigError`` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ConfigError(message)


def check_head_fields(section: str, head: Any, truncations: tuple[str, ...]) -> None:
    """Check the fields every head section has: truncation, max_length, from_run, epochs, freeze_body.

    Each message names the user-facing key (``section.field``) and the fix."""
    need(head.truncation in truncations,
         f"{section}.truncation must be one of {', '.join(truncations)}, not {head.truncation!r}")
    need(head.max_length >= 2, f"{section}.max_length must be at least 2, not {head.max_length}")
    need(head.from_run >= 0, f"{section}.from_run must be a run id, or 0 to start from scratch")
    need(head.epochs >= 0, f"{section}.epochs must be >= 0, not {head.epochs}")
    need(not (head.freeze_body and not head.from_run),
         f"{section}.freeze_body needs {section}.from_run (a language-model run to keep frozen); "
         "pass --from-run ID or leave the body trainable")
