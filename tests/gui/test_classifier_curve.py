"""A classifier run shorter than train.log_interval still draws its train loss (a user saw an empty curve).

The loop logs the train loss at each evaluation too, so every validation point has a train point
beside it; the curve draws a symbol, so even a single point shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from llmstudio.core.runs import list_runs, metric_series
from llmstudio.gui.main_window import MainWindow
from tests.core.classify_helpers import labelled_project

SHORT = ("model.n_layer=1 model.n_head=2 model.d_model=32 train.threads=1 train.batch_size=16 train.eval_interval=2 "
         "train.log_interval=50 train.early_stop_patience=0 classify.max_length=32 classify.baseline=false")


def test_a_run_shorter_than_the_log_interval_draws_its_train_loss(qtbot, window: MainWindow, tmp_path: Path) -> None:
    labelled_project(tmp_path / "p", n=60).close()
    assert window.open_project(tmp_path / "p")
    window.show_panel("train")
    tab = window.panels["train"].classifier
    tab.schema.setCurrentIndex(tab.schema.findData("label"))
    tab.extra.setText(SHORT)
    tab.epochs.setValue(2)  # 42 training documents, 16 a step: 6 steps, fewer than log_interval
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.job is None, timeout=180_000)
    run = list_runs(window.project, kind="classifier")[-1]
    assert run.status == "completed" and 1 < run.step < 50, (run.status, run.step, run.message)
    val_steps = [step for step, _ in metric_series(window.project, run.id, "val_loss") if step > 0]
    train_steps = [step for step, _ in metric_series(window.project, run.id, "train_loss")]
    assert len(val_steps) >= 2 and train_steps == val_steps  # a train point beside every evaluation
    tab.plot.flush()
    assert tab.plot.point_count("train loss") == len(train_steps)
    assert tab.plot._series["train loss"].curve.opts["symbol"] is not None  # a lone point would show too
