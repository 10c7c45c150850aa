"""What a newcomer tripped over (issue 17), each point replayed as a user would meet it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QSpinBox

from llmstudio.core.project import Project
from llmstudio.gui.main_window import MainWindow


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path) -> MainWindow:
    project = Project.create(tmp_path / "project")
    project.close()
    assert window.open_project(tmp_path / "project")
    return window


def _set_int(form, name: str, value: int) -> None:
    editor = form.editor(name)
    assert isinstance(editor, QSpinBox)
    editor.setValue(value)


def _set_text(form, name: str, text: str) -> None:
    editor = form.editor(name)
    assert isinstance(editor, QLineEdit)
    editor.setText(text)
    editor.editingFinished.emit()


# 1 ------------------------------------------------------------------------------------------------
def test_1_invalid_model_settings_block_start_with_the_reason(qtbot, opened: MainWindow, dialogs) -> None:
    model, train = opened.panels["model"], opened.panels["train"]
    _set_int(model.model_form, "n_layer", 3)
    assert "3 layers" in train.config_label.text()  # the Train summary follows the form
    sizes = model.size_label.text()
    _set_int(model.model_form, "n_head", 3)  # does not divide d_model
    assert "n_head" in model.error_label.text()
    assert model.size_label.text() != sizes  # no stale figures of the last valid config
    assert not train.start_button.isEnabled()
    assert "n_head" in train.start_button.toolTip() and "n_head" in train.config_label.text()
    train.start_new_run()
    assert opened.project.runs() == []  # nothing trained with the old settings
    _set_int(model.model_form, "n_head", 4)
    assert train.start_button.isEnabled()
    _set_text(model.train_form, "lr", "-1")
    assert "train.lr" in train.config_label.text() and not train.start_button.isEnabled()


# 7 ------------------------------------------------------------------------------------------------
def test_7_timing_steps_waits_for_training_stays_cancelled_and_never_blocks_quitting(
        qtbot, opened: MainWindow, dialogs) -> None:
    import threading

    model = opened.panels["model"]
    opened.show_panel("model")
    qtbot.waitUntil(lambda: model.device.count() > 0, timeout=30_000)
    qtbot.waitUntil(lambda: model._estimate_job is None and not model._estimate_timer.isActive()
                    or model._estimate_job is not None, timeout=10_000)
    if model._estimate_job is not None:
        model._estimate_job.cancel()
        qtbot.waitUntil(lambda: model._estimate_job is None, timeout=60_000)
    release = threading.Event()
    training = opened.jobs.run("Training run 1", lambda progress, cancel: release.wait(60))
    _set_int(model.model_form, "n_layer", 3)  # a change during training
    assert not model._estimate_timer.isActive()
    model.start_estimate()
    assert model._estimate_job is None and "another job" in model.estimate_label.text()
    release.set()
    qtbot.waitUntil(lambda: not training.running, timeout=10_000)

    model.measure_button.click()
    assert model._estimate_job is not None
    opened.jobs.cancel_all()
    qtbot.waitUntil(lambda: model._estimate_job is None, timeout=60_000)
    assert not model._estimate_timer.isActive()  # no restart after Cancel all
    assert "cancelled" in model.estimate_label.text()
    model.measure_button.click()
    opened.close()  # a running estimate does not ask "jobs are running"
    assert not [d for d in dialogs if "running" in d[0].lower()]
