"""The one "resume at a lower learning rate" policy, used after a run's loss became NaN.

The app's dialog, the run's failure message and the CLI command it suggests all take the
suggested rate from here, so they always agree. The choice is to halve: a divergence at a
peak learning rate is usually stopped by a modest step down, and halving keeps most of the
run's speed of learning; should the loss diverge again, the advice halves it again (lr/4,
lr/8, ...), reaching a tenth in three or four tries. Dividing by ten at once, as the app
once did, slows every later step by ten for a fault a factor of two usually cures.
A floor learning rate (``train.min_lr``) above the new rate would undo the change, so it
is lowered to a tenth of the new rate with it.
"""

from __future__ import annotations

LOWER_LR_FACTOR = 0.5


def lower_lr(lr: float) -> float:
    """The learning rate to suggest after a NaN at ``lr``."""
    return lr * LOWER_LR_FACTOR


def lower_lr_overrides(lr: float, min_lr: float) -> list[str]:
    """``section.key=value`` overrides that resume at ``lr`` (already lowered), keeping min_lr below it."""
    overrides = [f"train.lr={lr:g}"]
    if min_lr > lr:
        overrides.append(f"train.min_lr={lr / 10:g}")
    return overrides


def lower_lr_command(project_root: object, run_id: int, lr: float, min_lr: float) -> str:
    """The CLI command that resumes ``run_id`` at ``lr``."""
    sets = " ".join(f"--set {item}" for item in lower_lr_overrides(lr, min_lr))
    return f"llmstudio train {project_root} --resume {run_id} {sets}"
