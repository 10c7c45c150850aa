"""Advice a newcomer needs while training: is the model overfitting?

A training loss far below the validation loss means the model memorises its training
text instead of learning the language; the Train and Evaluate panels say so in words,
with what to do about it. Shared by both panels (panels never import each other).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

OVERFIT_RATIO = 1.3  # validation loss 30% above training loss ...
OVERFIT_GAP = 0.5  # ... and at least half a nat above it


def is_overfitting(train_loss: float | None, val_loss: float | None) -> bool:
    if train_loss is None or val_loss is None or math.isnan(train_loss) or math.isnan(val_loss):
        return False
    return val_loss > OVERFIT_RATIO * train_loss and val_loss - train_loss > OVERFIT_GAP


def overfitting_note(train_loss: float | None, val_loss: float | None) -> str:
    """A sentence for the user when the losses show overfitting, else ''."""
    if not is_overfitting(train_loss, val_loss):
        return ""
    return QCoreApplication.translate(
        "Advice",
        "⚠ Overfitting: the training loss ({train}) is far below the validation loss ({val}); the model memorises "
        "its training text. Use the best checkpoint (Evaluate does by default), keep early stopping on "
        "(train.early_stop_patience), or train a smaller model, with more dropout or on more text.").format(
        train=f"{train_loss:.2f}", val=f"{val_loss:.2f}")
