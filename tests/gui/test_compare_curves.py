"""Compare runs in the Train panel: overlay three runs, smooth, log-y, export the series."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from llmstudio.core.changes import Changed
from llmstudio.core.experiments.curves import ema
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run
from llmstudio.gui.main_window import MainWindow


def test_overlay_three_runs_smooth_log_y_and_export_csv(qtbot, settings, tokenized_project: Project,
                                                        tiny_overrides, tmp_path: Path,
                                                        screenshot_dir: Path) -> None:
    run_ids = []
    for lr in ("0.01", "0.003", "0.001"):
        config = RunConfig().with_overrides(tiny_overrides + ["train.max_steps=20", f"train.lr={lr}",
                                                              "train.min_lr=0.0001"])
        run_ids.append(create_run(tokenized_project, config))
        train_run(tokenized_project, run_ids[-1], device="cpu")
    root = tokenized_project.root
    stored = {(int(r[0]), str(r[1]), int(r[2])): r[3] for r in tokenized_project.db.execute(
        "SELECT run_id, name, step, value FROM metrics").fetchall()}
    tokenized_project.close()

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    assert window.open_project(root)
    window.show_panel("train")
    panel = window.panels["train"]
    view = panel.curves
    panel.plot_tabs.setCurrentWidget(view)
    view.set_checked(run_ids)
    view.smoothing.setValue(80)
    view.log_y.setChecked(True)

    assert view.checked_runs() == sorted(run_ids)
    assert len(view.legend.items) == 3
    assert view.panes["loss"].ctrl.logYCheck.isChecked()
    for run_id in run_ids:
        steps, raw = view.curves[run_id].series["train_loss"]
        _, smooth_y = view.items[(run_id, "train_loss", "smooth")].getOriginalDataset()
        assert np.allclose(smooth_y, ema(raw, 0.8))
        assert view.items[(run_id, "train_loss", "raw")].opts["pen"].color().alpha() < 255  # faint raw curve
        assert (run_id, "lr", "smooth") in view.items and (run_id, "grad_norm", "smooth") in view.items
    assert "train.lr=0.01" in view.differences.text() and "train.lr=0.001" in view.differences.text()
    assert "model.n_layer" not in view.differences.text()
    view.x_axis.setCurrentIndex(view.x_axis.findData("tokens"))
    xs, _ = view.items[(run_ids[0], "train_loss", "smooth")].getOriginalDataset()
    assert xs[0] == 5 * 8 * 32  # step 5 × batch 8 × context 32

    written = view.export(tmp_path / "curves.csv")
    with open(tmp_path / "curves.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert written == len(rows) == len(stored)
    for row in rows:
        value = stored[(int(row["run_id"]), row["metric"], int(row["step"]))]
        assert (row["value"] == "" and value is None) or float(row["value"]) == pytest.approx(value, rel=1e-12)
    view.export(tmp_path / "curves.svg")
    view.export(tmp_path / "curves.png")
    assert (tmp_path / "curves.svg").stat().st_size > 0 and (tmp_path / "curves.png").stat().st_size > 0
    folders = view.export_tensorboard(tmp_path / "tb")
    assert [f.name for f in folders] == [f"run-{run_id}" for run_id in sorted(run_ids)]
    window.grab().save(str(screenshot_dir / "train-compare-runs.png"))


def test_a_live_run_keeps_updating_while_overlaid(qtbot, settings, tokenized_project: Project,
                                                  tiny_overrides) -> None:
    finished = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=10"]))
    train_run(tokenized_project, finished, device="cpu")
    live = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides))
    root = tokenized_project.root
    tokenized_project.close()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(root)
    trainer = Project.open(root)  # the trainer's own connection: the run is training and logging
    with trainer.db:
        trainer.db.execute("UPDATE runs SET status = 'running' WHERE id = ?", (live,))
        trainer.db.executemany("INSERT INTO metrics(run_id, name, step, value) VALUES (?, 'train_loss', ?, ?)",
                               [(live, 5, 5.0), (live, 10, 4.5)])
    window.notify(Changed.RUNS)
    window.show_panel("train")
    view = window.panels["train"].curves
    window.panels["train"].plot_tabs.setCurrentWidget(view)
    view.set_checked([finished, live])
    assert len(view.curves[live].series["train_loss"][0]) == 2

    with trainer.db:  # more steps logged
        trainer.db.execute("INSERT INTO metrics(run_id, name, step, value) VALUES (?, 'train_loss', 15, 4.2)",
                           (live,))
    trainer.close()
    qtbot.waitUntil(lambda: len(view.curves[live].series["train_loss"][0]) == 3, timeout=10_000)
    xs, _ = view.items[(live, "train_loss", "smooth")].getOriginalDataset()
    assert list(xs) == [5, 10, 15]
    assert len(view.curves[finished].series["train_loss"][0]) == 2  # finished runs are not re-read
