"""The Train and Model panels as a user drives them: a NaN run offers a resume at a lower
learning rate, a run's config is cloned, exported and the run deleted, and the Model
panel times steps in the background and warns before a config that will not fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from llmstudio.core.demo import create_demo_project
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, list_runs, metric_series, run_config
from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.runs import update_run_config
from llmstudio.core.training.trainer import StepLogged, create_run, train_run
from llmstudio.gui.main_window import MainWindow

TINY = ["model.n_layer=1", "model.n_head=2", "model.d_model=32", "model.context_length=32", "train.batch_size=4",
        "train.max_steps=20", "train.log_interval=2", "train.eval_interval=10", "train.eval_batches=1",
        "train.checkpoint_interval=10", "train.threads=1", "train.warmup_steps=2"]


@pytest.fixture
def project_with_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo project whose run 1 stopped at step 10, then was set to diverge (lr 1e8)."""
    monkeypatch.setenv("LLMSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "demo"
    project = create_demo_project(folder)
    train_tokenizer(project, TokenizerSettings(vocab_size=300))
    config = RunConfig().with_overrides(TINY)
    project.set_setting("run_config", config.to_dict())
    run_id = create_run(project, config)
    token = CancelToken()
    train_run(project, run_id, device="cpu", cancel=token,
              on_event=lambda e: token.cancel() if isinstance(e, StepLogged) and e.step == 10 else None)
    update_run_config(project, run_id, ["train.lr=1e8", "train.grad_clip=0"])
    project.close()
    return folder



def test_a_nan_run_offers_a_resume_at_a_lower_learning_rate(qtbot, window: MainWindow, project_with_a_run: Path,
                                                             monkeypatch: pytest.MonkeyPatch, dialogs) -> None:
    assert window.open_project(project_with_a_run)
    window.show_panel("train")
    train = window.panels["train"]
    train.runs.selectRow(0)
    qtbot.mouseClick(train.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: train.job is None, timeout=60_000)
    assert train.runs.item(0, 2).text() == "failed"
    assert "Resume at lower LR" in train.advice_label.text()  # the advice is shown, not only stored
    assert train.lower_lr_button.isEnabled()

    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(lambda *args, **kwargs: (0.002, True)))
    qtbot.mouseClick(train.lower_lr_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: train.job is None, timeout=60_000)
    project = Project.open(project_with_a_run)
    run = get_run(project, 1)
    assert run.status == "completed" and run.step == 20
    assert RunConfig.from_dict(run_config(project, 1)).train.lr == 0.002
    assert dialogs == []
    project.close()


def test_clone_export_and_delete_a_run(qtbot, window: MainWindow, project_with_a_run: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, dialogs) -> None:
    assert window.open_project(project_with_a_run)
    window.show_panel("train")
    train, model = window.panels["train"], window.panels["model"]
    model.model_form.set_values({"n_layer": 3})  # the user changed the Model panel since
    train.runs.selectRow(0)

    qtbot.mouseClick(train.clone_button, Qt.MouseButton.LeftButton)
    assert model.current_config().model.n_layer == 1  # the run's settings are back in the Model panel
    assert model.current_config().train.lr == 1e8

    out_dir = tmp_path / "export"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *args, **kwargs: str(out_dir)))
    qtbot.mouseClick(train.export_button, Qt.MouseButton.LeftButton)
    assert {p.name for p in out_dir.iterdir()} == {"config.toml", "launch_torchrun.sh", "launch_slurm.sbatch"}
    assert "--resume 1" in (out_dir / "launch_torchrun.sh").read_text()

    run_dir = project_with_a_run / "runs" / "1"
    assert run_dir.is_dir()
    qtbot.mouseClick(train.delete_button, Qt.MouseButton.LeftButton)
    assert dialogs and dialogs[-1][0] == "Delete run"  # asked first (the recorder answers Yes)
    assert train.runs.rowCount() == 0
    assert not run_dir.exists()
    project = Project.open(project_with_a_run)
    assert list_runs(project) == [] and metric_series(project, 1, "train_loss") == []
    project.close()


def test_model_panel_times_steps_in_the_background_and_warns_before_a_config_that_will_not_fit(
        qtbot, window: MainWindow, project_with_a_run: Path) -> None:
    assert window.open_project(project_with_a_run)
    window.show_panel("model")
    model = window.panels["model"]
    qtbot.waitUntil(lambda: model.device.count() >= 1, timeout=30_000)
    qtbot.waitUntil(lambda: model.last_estimate is not None, timeout=120_000)
    assert "per 1,000 steps" in model.estimate_label.text() and "≈" in model.estimate_label.text()
    assert model.last_estimate["seconds_per_1000_steps"] > 0
    assert model.fit_label.text() == ""

    model.model_form.set_values({"d_model": 1024, "n_head": 8, "n_layer": 24, "context_length": 8192})
    model.train_form.set_values({"batch_size": 4096})
    assert "will not fit" in model.fit_label.text()
