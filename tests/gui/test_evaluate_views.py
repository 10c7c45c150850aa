"""The Evaluate panel's attention view and whole-split score, driven like a user would."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from llmstudio.core.changes import Changed
from llmstudio.core.demo import create_demo_project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run
from llmstudio.gui.main_window import MainWindow


def _trained_window(qtbot, settings, tmp_path: Path, tiny_overrides) -> MainWindow:
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    project = create_demo_project(tmp_path / "demo")
    train_tokenizer(project, TokenizerSettings(vocab_size=300))
    train_run(project, create_run(project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=10"])),
              device="cpu")
    project.close()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    assert window.open_project(tmp_path / "demo")
    return window


def test_attention_heatmap_for_the_guide_example(qtbot, settings, tmp_path: Path, tiny_overrides,
                                                 screenshot_dir: Path) -> None:
    window = _trained_window(qtbot, settings, tmp_path, tiny_overrides)
    window.show_panel("evaluate")
    panel = window.panels["evaluate"]
    view = panel.attention
    panel.tabs.setCurrentWidget(view)
    assert view.text.text() == "The quick brown fox jumps over the lazy dog"
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.stack is not None, timeout=60_000)

    assert view.head.itemText(0) == "mean of heads" and view.head.count() == 1 + 2
    fox_at = view.query.currentData()
    assert "fox" in "".join(view.stack.tokens[: fox_at + 1]) and "fox" not in "".join(view.stack.tokens[:fox_at])
    mean = view.current_matrix()
    assert mean is not None and mean.shape == (len(view.stack.tokens),) * 2
    assert np.allclose(mean.sum(axis=1), 1.0, atol=1e-5) and np.all(np.triu(mean, 1) == 0)
    view.head.setCurrentIndex(2)  # head 1
    head = view.current_matrix()
    assert np.allclose(head, view.stack.weights[0, 1])
    assert np.allclose(view.image.image, head.T)
    fox = view.query.currentData()
    assert np.allclose(view.bars.opts["height"], head[fox])

    image = window.grab()
    assert not image.isNull()
    image.save(str(screenshot_dir / "evaluate-attention.png"))


def test_score_the_whole_validation_split(qtbot, settings, tmp_path: Path, tiny_overrides) -> None:
    window = _trained_window(qtbot, settings, tmp_path, tiny_overrides)
    panel = window.panels["evaluate"]
    view = panel.full_split
    panel.tabs.setCurrentWidget(view)
    qtbot.mouseClick(view.evaluate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=60_000)
    assert "bits per byte" in view.result.text()
    assert view.table.item(0, 0).text() == "validation" and view.table.item(0, 1).text() == "10"


def test_playground_streams_tinted_tokens_and_compares_two_runs(qtbot, settings, tmp_path: Path,
                                                                tiny_overrides, screenshot_dir: Path) -> None:
    window = _trained_window(qtbot, settings, tmp_path, tiny_overrides)
    project = window.project
    second = create_run(project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=5"]))
    train_run(project, second, device="cpu")
    window.notify(Changed.RUNS)
    window.show_panel("evaluate")
    panel = window.panels["evaluate"]
    play = panel.playground
    play.prompt.setPlainText("The whale")
    play.max_tokens.setValue(12)
    play.seed.setValue(5)
    play.top_p.setValue(0.9)
    play.repetition.setValue(1.2)
    play.compare.setChecked(True)
    play.other_run.setCurrentIndex(play.other_run.findData(second))
    qtbot.mouseClick(play.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not play.running, timeout=60_000)

    assert play.output.toPlainText().startswith("The whale") and play.output.spans
    assert not play.other_output.isHidden() and play.other_output.toPlainText().startswith("The whale")
    start, end, step = play.output.spans[0]
    assert play.output.step_at(start) is step and len(step.alternatives) == 5
    assert "top 5" in play.output.describe(step)
    cursor = play.output.textCursor()
    cursor.setPosition(start)
    assert cursor.charFormat().background().color().isValid()  # tinted by its probability
    # the same seed and settings, sampled directly, give the same text
    from llmstudio.core.evaluation.generate import Generator

    expected = "".join(s.text for s in Generator(project, panel.run.currentData(), "cpu").stream("The whale",
                                                                                               play.settings()))
    assert play.output.toPlainText() == "The whale" + expected
    window.grab().save(str(screenshot_dir / "evaluate-playground.png"))
