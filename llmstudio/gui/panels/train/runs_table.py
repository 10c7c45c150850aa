"""The Train panel's table of runs: one row per language-model run, newest last.

Each row's id and status travel as item data (``RUN_ID`` role), never parsed back from
the cell text, so the shown text can change freely. Values come from the run store.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project
from llmstudio.core.runs import RunSummary, list_runs
from llmstudio.core.training.runs import load_run_config
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, run_name, run_status, sentence

RUN_ID = Qt.ItemDataRole.UserRole  # the id column's item carries the run id; the status column's, its status
RUN_COLUMNS = [QT_TRANSLATE_NOOP("RunsTable", "id"), QT_TRANSLATE_NOOP("RunsTable", "name"),
               QT_TRANSLATE_NOOP("RunsTable", "status"), QT_TRANSLATE_NOOP("RunsTable", "step"),
               QT_TRANSLATE_NOOP("RunsTable", "train loss"), QT_TRANSLATE_NOOP("RunsTable", "val loss"),
               QT_TRANSLATE_NOOP("RunsTable", "best val"), QT_TRANSLATE_NOOP("RunsTable", "device"),
               QT_TRANSLATE_NOOP("RunsTable", "duration"), QT_TRANSLATE_NOOP("RunsTable", "config"),
               QT_TRANSLATE_NOOP("RunsTable", "message")]
STEP_COLUMN, TRAIN_LOSS_COLUMN = 3, 4
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


def config_summary(project: Project, run_id: int, tokenizer_id: int | None = None) -> str:
    try:
        config = load_run_config(project, run_id)
    except StudioError:
        return "?"
    m, t = config.model, config.train
    tokenizer = "" if tokenizer_id is None else QCoreApplication.translate("RunsTable", "tokenizer {id}, ").format(
        id=tokenizer_id)
    return (f"{tokenizer}{m.n_layer}L×{m.d_model} h{m.n_head} ctx {m.context_length}, "
            f"batch {t.batch_size}×{t.grad_accum}, lr {t.lr:g}")


class RunsTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(RUN_COLUMNS), parent)
        self.setObjectName("runsTable")
        self.setHorizontalHeaderLabels([self.tr(c) for c in RUN_COLUMNS])
        self.horizontalHeader().setStretchLastSection(True)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def fill(self, project: Project, select_latest: bool, follow: int | None = None) -> None:
        """Show the project's runs, keeping the selection (or selecting the latest when asked);
        ``follow``: the run being trained, selected as soon as it exists."""
        selected = follow if follow is not None else self.selected_run()
        runs = list_runs(project, kind="lm")
        self.blockSignals(True)
        self.setRowCount(len(runs))
        for r, run in enumerate(runs):
            values = (run.id, run_name(run.id, run.name), run_status(run.status), run.step, fmt(run.train_loss),
                      fmt(run.val_loss),
                      fmt(run.best_val_loss), run.device or "-", run_duration(run),
                      config_summary(project, run.id, run.tokenizer_id), sentence(run.message or ""))
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

    def show_live(self, run_id: int, step: int, train_loss: float) -> None:
        """Keep the running run's row in step with the live figures between evaluations."""
        for row in range(self.rowCount()):
            item = self.item(row, ID_COLUMN)
            if item is not None and item.data(RUN_ID) == run_id:
                self.setItem(row, STEP_COLUMN, QTableWidgetItem(str(step)))
                self.setItem(row, TRAIN_LOSS_COLUMN, QTableWidgetItem(fmt(train_loss)))
                return
