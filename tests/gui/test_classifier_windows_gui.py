"""The Classifier tab's windows box reaches the run: a long document read as several windows
is what the run trains with."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.runs import list_runs, run_config
from llmstudio.gui.main_window import MainWindow
from tests.core.classify_helpers import labelled_project

SHORT = ("model.n_layer=1 model.n_head=2 model.d_model=32 train.threads=1 train.batch_size=16 train.eval_interval=2 "
         "train.early_stop_patience=0 classify.baseline=false")


def test_windows_per_document_reach_the_run(qtbot, window: MainWindow, tmp_path: Path) -> None:
    labelled_project(tmp_path / "p", n=60).close()
    assert window.open_project(tmp_path / "p")
    window.show_panel("train")
    tab = window.panels["train"].classifier
    assert tab.windows.value() == ClassifierRunConfig.default().classify.windows
    tab.schema.setCurrentIndex(tab.schema.findData("label"))
    tab.extra.setText(SHORT)
    tab.max_length.setValue(8)
    tab.windows.setValue(3)
    tab.epochs.setValue(1)
    assert tab.windows.text().endswith("windows")
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.job is None, timeout=180_000)
    run = list_runs(window.project, kind="classifier")[-1]
    assert run.status == "completed", run.message
    classify = ClassifierRunConfig.from_dict(run_config(window.project, run.id)).classify
    assert (classify.max_length, classify.windows) == (8, 3)
