"""Drive the app as a user would: open the demo, train with a live plot, stop, resume."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from llmstudio.core.demo import create_demo_project
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, list_runs
from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
from llmstudio.core.training.config import RunConfig
from llmstudio.gui.main_window import MainWindow

LONG_RUN = ["model.n_layer=1", "model.n_head=2", "model.d_model=32", "model.context_length=32",
            "train.batch_size=4", "train.max_steps=100000", "train.log_interval=2", "train.eval_interval=10",
            "train.eval_batches=1", "train.checkpoint_interval=1000", "train.threads=1"]


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    project = create_demo_project(folder)
    train_tokenizer(project, TokenizerSettings(vocab_size=300))
    project.set_setting("run_config", RunConfig().with_overrides(LONG_RUN).to_dict())
    project.close()
    return folder



def test_train_see_points_stop_and_resume(qtbot, window: MainWindow, demo_dir: Path, screenshot_dir: Path,
                                          dialogs) -> None:
    assert window.open_project(demo_dir)
    window.show_panel("train")
    train = window.panels["train"]
    qtbot.waitUntil(lambda: train.device.count() > 1, timeout=30_000)  # devices listed in the background

    qtbot.mouseClick(train.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: train.plot.point_count("train") >= 3, timeout=60_000)
    assert train.plot.point_count("val") >= 1
    assert not train.start_button.isEnabled() and train.stop_button.isEnabled()
    train.plot.flush()
    window.grab().save(str(screenshot_dir / "main_window_training.png"))

    qtbot.mouseClick(train.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: train.job is None, timeout=60_000)
    project = Project.open(demo_dir)
    (run,) = list_runs(project)
    assert run.status == "cancelled" and run.step > 0
    stopped_at = run.step
    assert train.runs.item(0, 2).text() == "cancelled"

    train.runs.selectRow(0)
    points_before = train.plot.point_count("train")
    qtbot.mouseClick(train.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: train.plot.point_count("train") >= points_before + 2, timeout=60_000)
    last_step = train.plot._series["train"].x[train.plot.point_count("train") - 1]
    assert last_step > stopped_at  # the curve continues where it stopped
    qtbot.mouseClick(train.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: train.job is None, timeout=60_000)
    assert get_run(project, run.id).status == "cancelled"
    assert get_run(project, run.id).step > stopped_at
    assert dialogs == []
    project.close()


def test_each_panel_opens_and_is_saved_as_a_screenshot(qtbot, window: MainWindow, demo_dir: Path,
                                                       screenshot_dir: Path) -> None:
    window.grab().save(str(screenshot_dir / "welcome.png"))
    assert window.open_project(demo_dir)
    for key in window.panels:
        window.show_panel(key)
        qtbot.wait(50)
        assert window.stack.currentWidget() is window.panels[key]
        window.grab().save(str(screenshot_dir / f"panel_{key}.png"))
    assert "demo" in window.windowTitle()


def test_opening_a_folder_that_is_not_a_project_shows_a_dialog(window: MainWindow, tmp_path: Path,
                                                               dialogs) -> None:
    assert not window.open_project(tmp_path)
    assert dialogs and "not an llmstudio project" in dialogs[0][1]
    assert window.project is None


def test_recent_projects_are_remembered(qtbot, settings, demo_dir: Path) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.open_project(demo_dir)
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    assert str(demo_dir.resolve()) in second._recent()
    assert second.recent_menu.actions()[0].text() == str(demo_dir.resolve())
