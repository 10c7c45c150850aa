"""A warning under a "Start from" choice: the chosen language model may have seen the test documents.

A language model trains on its tokenizer's token shards, which follow the project's split as
it was when the tokenizer encoded them. A classifier (or reward model) fine-tuned from a model
whose tokenizer predates the current split may be scored on documents its body trained on.
The Train panel's classifier tab and reward section put this label under their run choice
and call ``show_for(project, run_id)`` when the choice, the runs or the split change.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from llmstudio.core.freshness import run_split_drift
from llmstudio.core.project import Project


class SplitWarning(QLabel):
    """Hidden unless the chosen run's tokenizer encoded its shards with another split than the current one."""

    def __init__(self, held_out: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.held_out = held_out  # a reward model's figure is its held-out pair accuracy, a classifier's its test
        self.setWordWrap(True)
        self.setStyleSheet("color: #b35900;")
        self.hide()

    def show_for(self, project: Project, run_id: int | None) -> None:
        drift = run_split_drift(project, run_id) if run_id else None
        if drift is None:
            self.hide()
            return
        figure = (self.tr("the held-out figure may be optimistic") if self.held_out
                  else self.tr("the test figure may be optimistic"))
        self.setText(self.tr(
            "⚠ Run {run} was trained on tokenizer {tokenizer}, whose token shards were made before the current "
            "train/validation/test split: it may have trained on documents now in the test split, so {figure}. "
            "Train the tokenizer again after splitting, then the language model.").format(
            run=run_id, tokenizer=drift.tokenizer_id, figure=figure))
        self.show()
