"""The Reinforcement tab's table of policy runs: what each started from, how far it got, where it ended.

Selecting a row redraws that run from the database (curves, samples, frontier); Resume works
on the selected run. The id and status travel as item data, never parsed from cell text.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs, metric_series
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, run_status, sentence
from llmstudio.gui.panels.train.rl_frontier import policy_config
from llmstudio.gui.panels.train.runs_table import fmt

DATA = Qt.ItemDataRole.UserRole
COLUMNS = (QT_TRANSLATE_NOOP("PolicyRunsTable", "id"), QT_TRANSLATE_NOOP("PolicyRunsTable", "algorithm"),
           QT_TRANSLATE_NOOP("PolicyRunsTable", "start from"), QT_TRANSLATE_NOOP("PolicyRunsTable", "reward"),
           QT_TRANSLATE_NOOP("PolicyRunsTable", "status"), QT_TRANSLATE_NOOP("PolicyRunsTable", "step"),
           QT_TRANSLATE_NOOP("PolicyRunsTable", "held-out reward"), QT_TRANSLATE_NOOP("PolicyRunsTable", "KL"),
           QT_TRANSLATE_NOOP("PolicyRunsTable", "message"))
ID_COLUMN, STATUS_COLUMN, ALGO_COLUMN = 0, 4, 1


def _last(project: Project, run_id: int, name: str) -> float:
    series = metric_series(project, run_id, name)
    return series[-1][1] if series else math.nan


def _reward_name(spec: str) -> str:
    """``rule:/long/path/positive.toml`` reads ``rule:positive.toml`` in the table (the tooltip has it all)."""
    if spec.startswith("rule:"):
        return "rule:" + Path(spec[5:]).name
    return spec or "-"


class PolicyRunsTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("policyRuns")
        self.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def fill(self, project: Project, follow: int | None = None) -> None:
        """Show the policy runs, newest first, keeping the selection (or selecting ``follow``)."""
        selected = follow if follow is not None else self.selected_run()
        runs = list(reversed(list_runs(project, kind="policy")))
        self.blockSignals(True)
        self.clearSelection()
        self.setRowCount(len(runs))
        for row, run in enumerate(runs):
            policy, _ = policy_config(project, run.id)
            algo = str(policy.get("algo", ""))
            start = policy.get("start_run", run.parent_run_id)
            values: tuple[Any, ...] = (
                run.id, algo.upper(), "-" if start is None else start, _reward_name(str(policy.get("reward") or "")),
                run_status(run.status), f"{run.step:,} / {run.max_steps or 0:,}",
                fmt(_last(project, run.id, "eval_reward"), 3), fmt(_last(project, run.id, "eval_kl"), 4),
                sentence(run.message or ""))
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if column == ID_COLUMN:
                    item.setData(DATA, run.id)
                elif column == STATUS_COLUMN:
                    item.setData(DATA, run.status)
                elif column == ALGO_COLUMN:
                    item.setData(DATA, algo)
                self.setItem(row, column, item)
            if run.id == selected:
                self.selectRow(row)
        self.blockSignals(False)

    def _selected(self, column: int) -> Any:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        item = self.item(rows[0].row(), column) if rows else None
        return item.data(DATA) if item is not None else None

    def selected_run(self) -> int | None:
        return self._selected(ID_COLUMN)

    def selected_status(self) -> str | None:
        return self._selected(STATUS_COLUMN)

    def selected_algo(self) -> str:
        return self._selected(ALGO_COLUMN) or "grpo"

    def select_run(self, run_id: int) -> None:
        for row in range(self.rowCount()):
            item = self.item(row, ID_COLUMN)
            if item is not None and item.data(DATA) == run_id:
                self.selectRow(row)
                return
