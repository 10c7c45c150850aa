"""What a classifier run reports while it trains (torch-free, so the GUI can test for it
without importing the trainer)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ClassifierEvalLogged:
    """A validation pass of a classifier run: loss, macro-F1 and accuracy on the whole split."""

    run_id: int
    step: int
    val_loss: float
    val_f1: float
    val_accuracy: float
    train_loss: float = math.nan
