"""Clean: run a recipe over the documents and see what each step kept and removed."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.data.cleaning import PRESETS, run_recipe
from llmstudio.gui.context import DOCUMENTS, SNAPSHOTS, SOURCES, PanelContext


class CleanPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.recipe = QComboBox()
        self.recipe.addItems(list(PRESETS))
        self.run_button = QPushButton("Run cleaning")
        self.run_button.setObjectName("runClean")
        self.run_button.clicked.connect(self.run_clean)
        top = QHBoxLayout()
        top.addWidget(QLabel("Recipe"))
        top.addWidget(self.recipe)
        top.addWidget(self.run_button)
        top.addStretch(1)
        self.summary = QLabel()
        self.steps = QTableWidget(0, 4)
        self.steps.setHorizontalHeaderLabels(["step", "removed", "changed", "documents left"])
        self.steps.horizontalHeader().setStretchLastSection(True)
        self.reasons = QTableWidget(0, 2)
        self.reasons.setHorizontalHeaderLabels(["documents", "removed because"])
        self.reasons.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.reasons, 1)
        self.refresh(frozenset({SNAPSHOTS}))

    def run_clean(self) -> None:
        project, recipe = self.context.project, PRESETS[self.recipe.currentText()]
        self.context.jobs.run(
            "Cleaning",
            lambda progress, cancel: run_recipe(project, recipe, progress=progress, cancel=cancel),
            changed=frozenset({SNAPSHOTS}),
        )

    def refresh(self, changed: frozenset[str]) -> None:
        if not changed & {SNAPSHOTS, DOCUMENTS, SOURCES}:
            return
        project = self.context.project
        row = project.db.execute(
            "SELECT name, document_count, kept_count, stats_json FROM snapshots "
            "WHERE status = 'complete' ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            self.summary.setText(f"{project.document_count():,} documents, not cleaned yet. "
                                 "Choose a recipe and run it; originals are never changed.")
            self.steps.setRowCount(0)
            self.reasons.setRowCount(0)
            return
        stats = json.loads(row["stats_json"])
        self.summary.setText(f"Latest snapshot '{row['name']}': kept {row['kept_count']:,} of "
                             f"{row['document_count']:,} documents")
        steps = stats.get("steps", [])
        self.steps.setRowCount(len(steps))
        for r, step in enumerate(steps):
            for c, key in enumerate(("step", "removed", "changed", "documents_after")):
                self.steps.setItem(r, c, QTableWidgetItem(str(step.get(key, ""))))
        reasons = list(stats.get("reasons", {}).items())
        self.reasons.setRowCount(len(reasons))
        for r, (reason, count) in enumerate(reasons):
            self.reasons.setItem(r, 0, QTableWidgetItem(str(count)))
            self.reasons.setItem(r, 1, QTableWidgetItem(reason))
