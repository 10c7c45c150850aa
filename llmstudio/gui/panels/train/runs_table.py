"""The Train panel's table of runs: one row per language-model run, newest last.

Each row's id and status travel as item data (``RUN_ID`` role), never parsed back from
the cell text, so the shown text can change freely. Values come from the run store.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project
from llmstudio.core.runs import RunSummary, list_runs
from llmstudio.core.training.runs import load_run_config

RUN_ID = Qt.ItemDataRole.UserRole  # the id column's item carries the run id; the status column's, its status
RUN_COLUMNS = ["id", "name", "status", "step", "train loss", "val loss", "best val", "device", "duration", "config",
               "message"]
ID_COLUMN, STATUS_COLUMN = 0, 2


def fmt(value: float | None, digits: int = 4) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h {m:02d}m" if h else f"{m}m {s:02d}s"


def run_duration(run: RunSummary) -> str:
    ended = run.finished_at or run.updated_at
    if not (run.started_at and ended):
        return "-"
    try:
        span = _dt.datetime.fromisoformat(ended) - _dt.datetime.fromisoformat(run.started_at)
    except ValueError:
        return "-"
    return duration(span.total_seconds())


def config_summary(project: Project, run_id: int) -> str:
    try:
        config = load_run_config(project, run_id)
    except StudioError:
        return "?"
    m, t = config.model, config.train
    return (f"{m.n_layer}L×{m.d_model} h{m.n_head} ctx {m.context_length}, batch {t.batch_size}×{t.grad_accum}, "
            f"lr {t.lr:g}")


class RunsTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(RUN_COLUMNS), parent)
        self.setObjectName("runsTable")
        self.setHorizontalHeaderLabels(RUN_COLUMNS)
        self.horizontalHeader().setStretchLastSection(True)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def fill(self, project: Project, select_latest: bool) -> None:
        """Show the project's runs, keeping the selection (or selecting the latest when asked)."""
        selected = self.selected_run()
        runs = list_runs(project, kind="lm")
        self.blockSignals(True)
        self.setRowCount(len(runs))
        for r, run in enumerate(runs):
            values = (run.id, run.name, run.status, run.step, fmt(run.train_loss), fmt(run.val_loss),
                      fmt(run.best_val_loss), run.device or "-", run_duration(run), config_summary(project, run.id),
                      run.message or "")
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c == ID_COLUMN:
                    item.setData(RUN_ID, run.id)
                elif c == STATUS_COLUMN:
                    item.setData(RUN_ID, run.status)
                self.setItem(r, c, item)
            if run.id == selected:
                self.selectRow(r)
        self.blockSignals(False)
        if selected is None and runs and select_latest:
            self.selectRow(len(runs) - 1)

    def _selected_data(self, column: int) -> Any:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        item = self.item(rows[0].row(), column) if rows else None
        return item.data(RUN_ID) if item is not None else None

    def selected_run(self) -> int | None:
        return self._selected_data(ID_COLUMN)

    def selected_status(self) -> str | None:
        return self._selected_data(STATUS_COLUMN)
