"""The tokenizer, model and evaluate panels, used through their widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from llmstudio.core.demo import create_demo_project
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run
from llmstudio.gui.main_window import MainWindow


def _window(qtbot, settings, folder: Path) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(folder)
    return window


def test_train_a_tokenizer_from_its_panel(qtbot, settings, tmp_path: Path) -> None:
    create_demo_project(tmp_path / "demo").close()
    window = _window(qtbot, settings, tmp_path / "demo")
    panel = window.panels["tokenizer"]
    panel.vocab_size.setValue(400)
    panel.test_fraction.setValue(0.1)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=60_000)
    assert panel.table.item(0, 3).text() == "400"
    assert "tokens:" in panel.pieces.text()
    assert len(window.project.tokenizers()) == 1
    import json

    stored = window.project.db.execute("SELECT settings_json FROM tokenizers").fetchone()[0]
    assert json.loads(stored)["test_fraction"] == 0.1


def test_model_panel_shows_size_and_names_a_bad_setting(qtbot, settings, tmp_path: Path) -> None:
    create_demo_project(tmp_path / "demo").close()
    window = _window(qtbot, settings, tmp_path / "demo")
    panel = window.panels["model"]
    assert "parameters" in panel.size_label.text()
    before = panel.size_label.text()
    panel.model_form.editor("n_layer").setValue(8)
    assert panel.size_label.text() != before
    assert window.project.get_setting("run_config")["model"]["n_layer"] == 8
    panel.model_form.editor("n_head").setValue(5)
    assert "model.n_head (5) must divide model.d_model" in panel.error_label.text()
    assert window.project.get_setting("run_config")["model"]["n_head"] != 5  # invalid configs are not saved


def test_evaluate_panel_generates_text(qtbot, settings, tmp_path: Path, tiny_overrides) -> None:
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    project = create_demo_project(tmp_path / "demo")
    train_tokenizer(project, TokenizerSettings(vocab_size=300))
    train_run(project, create_run(project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=10"])),
              device="cpu")
    project.close()
    window = _window(qtbot, settings, tmp_path / "demo")
    panel = window.panels["evaluate"]
    assert "perplexity" in panel.metrics.text()
    panel.prompt.setPlainText("The whale")
    panel.max_tokens.setValue(10)
    qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.output.toPlainText() != "", timeout=60_000)
    assert panel.output.toPlainText().startswith("The whale")


def test_a_job_failure_becomes_a_dialog_and_the_app_lives_on(qtbot, settings, tmp_path: Path, dialogs) -> None:
    Project.create(tmp_path / "empty").close()
    window = _window(qtbot, settings, tmp_path / "empty")
    clean = window.panels["clean"]
    qtbot.mouseClick(clean.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=30_000)
    assert "no documents to clean" in dialogs[0][1]
    assert window.jobs.active_jobs() == []
