"""The Experiments panel: a 4-point grid sweep and a 6-trial Optuna sweep with pruning,
queued, paused, reordered and run from the app, then the results and a run from a trial."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs, run_config
from llmstudio.gui.main_window import MainWindow

SPACE = "[train.lr]\nlow = 1e-5\nhigh = 3e-2\nlog = true\n"


def _window(qtbot, settings, project: Project, tiny_overrides: list[str]) -> MainWindow:
    from llmstudio.core.training.config import RunConfig

    config = RunConfig().with_overrides(tiny_overrides + ["train.eval_interval=5"])
    project.set_setting("run_config", config.to_dict())  # what the Model panel saves
    root = project.root
    project.close()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    assert window.open_project(root)
    window.show_panel("experiments")
    return window


def test_grid_sweep_from_the_queue(qtbot, settings, tokenized_project: Project, tiny_overrides,
                                   screenshot_dir: Path) -> None:
    window = _window(qtbot, settings, tokenized_project, tiny_overrides)
    panel = window.panels["experiments"]
    panel.device.setCurrentIndex(panel.device.findData("cpu"))
    panel.kind.setCurrentIndex(panel.kind.findData("grid"))
    panel.spec.setPlainText("train.lr=0.01,0.002\nmodel.n_layer=1,2\n")
    panel.overrides.setPlainText("train.max_steps=10")
    panel.queue.pause_button.setChecked(True)  # paused: nothing starts yet
    assert panel.results.hint.isVisible() and not panel.results.body.isVisible()  # no sweep yet: what to do
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert not panel.results.hint.isVisible() and panel.results.body.isVisible()
    queue = panel.queue
    assert len(queue.entries) == 4 and not queue.busy
    assert queue.entries[0].params == {"train.lr": 0.01, "model.n_layer": 1}
    queue.move_entry(3, -1)  # the last point runs third
    assert queue.entries[2].params == {"train.lr": 0.002, "model.n_layer": 2}
    queue.pause_button.setChecked(False)
    qtbot.waitUntil(lambda: not queue.busy and not queue.entries, timeout=180_000)

    results = panel.results
    assert results.table.rowCount() == 4
    losses = [float(results.table.item(row, 3).text()) for row in range(4)]
    assert losses == sorted(losses)  # sorted by the objective
    ran = [t.params for t in sorted(results.summary.trials, key=lambda t: t.number)]
    assert ran[2] == {"train.lr": 0.002, "model.n_layer": 2}  # the order the user chose
    assert len(results.scatter.data) == 4
    window.grab().save(str(screenshot_dir / "experiments-grid-sweep.png"))

    runs_before = len(list_runs(window.project))
    results.table.selectRow(0)
    qtbot.mouseClick(results.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list_runs(window.project)) == runs_before + 1, timeout=30_000)
    new = list_runs(window.project)[-1]
    best = results.sorted_trials()[0]
    assert new.status == "created" and run_config(window.project, new.id)["train"]["lr"] == best.params["train.lr"]


def test_optuna_sweep_of_six_trials_with_pruning(qtbot, settings, tokenized_project: Project, tiny_overrides) -> None:
    window = _window(qtbot, settings, tokenized_project, tiny_overrides)
    panel = window.panels["experiments"]
    panel.device.setCurrentIndex(panel.device.findData("cpu"))
    panel.kind.setCurrentIndex(panel.kind.findData("optuna"))
    panel.spec.setPlainText(SPACE)
    panel.trials.setValue(7)
    panel.overrides.setPlainText("train.max_steps=30")
    panel.queue.pause_button.setChecked(True)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert len(panel.queue.entries) == 7
    panel.queue.remove(6)  # the user cancels one queued trial: six remain
    panel.queue.pause_button.setChecked(False)
    qtbot.waitUntil(lambda: not panel.queue.busy and not panel.queue.entries, timeout=240_000)

    summary = panel.results.summary
    assert len(summary.trials) == 6
    states = {t.state for t in summary.trials}
    assert "pruned" in states and "complete" in states
    assert panel.results.table.item(0, 2).text() == "complete"
    assert panel.results.param.currentData() == "train.lr"


def test_learning_rate_finder_plots_and_suggests(qtbot, settings, tokenized_project: Project, tiny_overrides) -> None:
    window = _window(qtbot, settings, tokenized_project, tiny_overrides)
    panel = window.panels["experiments"]
    panel.device.setCurrentIndex(panel.device.findData("cpu"))
    view = panel.lr_finder
    panel.tabs.setCurrentWidget(view)
    view.steps.setValue(30)
    qtbot.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.result is not None, timeout=60_000)
    xs, ys = view.curve.getOriginalDataset()
    assert list(xs) == view.result.lrs and list(ys) == view.result.losses
    assert view.result.suggested_lr and "Suggested train.lr" in view.suggestion.text()
