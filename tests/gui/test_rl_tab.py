"""The Reinforcement tab before a run: it says what to do when a piece is missing, and keeps Start
disabled with the reason while the reward, the pairs or a setting is unusable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QTabWidget

from llmstudio.core.changes import Changed
from llmstudio.core.project import Project
from llmstudio.core.runs import add_run, update_run
from llmstudio.gui.main_window import MainWindow


def _tab(window: MainWindow):
    window.show_panel("train")
    panel = window.panels["train"]
    tabs = panel.findChild(QTabWidget, "trainKinds")
    tabs.setCurrentWidget(panel.rl)
    return panel.rl, tabs


def test_an_empty_project_points_to_the_language_model_tab(qtbot, window: MainWindow, tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    assert window.open_project(tmp_path / "p")
    tab, tabs = _tab(window)
    assert tab.empty.isVisibleTo(tab) and not tab.start_button.isEnabled()
    assert "Language model tab" in tab.reason.text() and "Language model tab" in tab.start_button.toolTip()
    assert tab.reward_model.empty.isVisibleTo(tab.reward_model)  # no pairs: it says where to make them
    assert not tab.reward_model.start_button.isEnabled()
    tab.empty.button.click()
    assert tabs.currentIndex() == 0


def test_invalid_rewards_pairs_and_settings_block_start_with_the_reason(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Project.create(tmp_path / "p") as project:
        run_id = add_run(project, "lm", {}, max_steps=10, name="tiny")
        update_run(project, run_id, step=10, status="completed")
    assert window.open_project(tmp_path / "p")
    tab, _ = _tab(window)
    setup = tab.setup
    assert not tab.empty.isVisibleTo(tab) and setup.start_run.currentData() == run_id
    assert "classifier" in tab.reason.text().lower() and not tab.start_button.isEnabled()

    setup.reward.kind.setCurrentIndex(setup.reward.kind.findData("rule"))
    assert "rule file" in tab.reason.text()
    bad = tmp_path / "bad.toml"
    bad.write_text('[[regex]]\npattern = "(unclosed"\nweight = 1.0\n', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    setup.reward.choose.click()  # the file dialog
    assert setup.reward.rule.text() == str(bad)
    assert "regular expression" in tab.reason.text() and not tab.start_button.isEnabled()
    good = tmp_path / "positive.toml"
    good.write_text("[keywords]\ngreat = 1.0\nawful = -1.0\n", encoding="utf-8")
    setup.reward.set_rule(good)
    assert tab.reason.text() == "" and tab.start_button.isEnabled()
    assert setup.reward.spec() == f"rule:{good}"

    clip = setup.settings.editor("clip")
    assert isinstance(clip, QLineEdit) and clip.toolTip()  # the setting's help, range and default
    clip.setText("2")
    clip.editingFinished.emit()
    assert "rl.clip" in tab.reason.text() and not tab.start_button.isEnabled()
    clip.setText("0.2")
    clip.editingFinished.emit()
    assert tab.start_button.isEnabled()
    assert "rl.clip=0.2" in setup.overrides()

    setup.set_algo("dpo")
    assert "pairs" in tab.reason.text() and not tab.start_button.isEnabled()
    from llmstudio.core.labels.pairs import add_pairs, annotate_pair, list_pairs

    add_pairs(window.project, "preferences", [("The film was", "great fun", "dull"), ("I felt", "happy", "sad")],
              source="typed")
    window.notify(Changed.LABELS)  # what the Label panel says after adding pairs
    assert setup.pairs.currentData() == "preferences"
    assert "answered" in tab.reason.text() and not tab.start_button.isEnabled()  # none answered yet
    annotate_pair(window.project, list_pairs(window.project, "preferences")[0].id, "a", "tester")
    window.notify(Changed.LABELS)
    assert setup.pairs.currentText() == "preferences (1 answered)"
    assert tab.start_button.isEnabled()  # DPO: the rule reward only scores the held-out prompts
    setup.reward.kind.setCurrentIndex(setup.reward.kind.findData("none"))
    assert tab.start_button.isEnabled()
    setup.set_algo("grpo")
    assert "GRPO learns from a reward" in tab.reason.text()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_each_side_page_fits_1024_by_640_without_a_horizontal_scrollbar(
        qtbot, window: MainWindow, tmp_path: Path, language: str) -> None:
    """A long run name and the devices found while the tab was hidden (a GPU's full name) must not widen the
    left pages past the window: the drop-downs shrink and the settings form wraps its rows."""
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication

    from llmstudio.core.training.device import DeviceInfo
    from llmstudio.gui.i18n import install_language

    with Project.create(tmp_path / "p") as project:
        run_id = add_run(project, "lm", {}, max_steps=10, name="my first model on the whole demo corpus")
        update_run(project, run_id, step=10, status="completed")
    try:
        window.set_language(language)
        window.resize(1024, 640)
        assert window.open_project(tmp_path / "p")
        window.show_panel("train")
        panel = window.panels["train"]
        panel._on_devices([DeviceInfo("cuda:0", "NVIDIA H200 NVL", 150 * 10**9),
                           DeviceInfo("cpu", "CPU (16 cores)", 135 * 10**9)])
        assert panel.rl.device.findData("cuda:0") > 0  # the Reinforcement tab lists the devices too
        tab, _ = _tab(window)
        wide = []
        for algo in ("grpo", "dpo"):
            tab.setup.set_algo(algo)
            for side in range(tab.sides.count()):
                tab.sides.setCurrentIndex(side)
                QApplication.processEvents()
                page = tab.sides.currentWidget()
                wide += [f"{algo}/{tab.sides.tabText(side)}: {type(area).__name__} {area.objectName()}"
                         for area in [page, *page.findChildren(QAbstractScrollArea)]
                         if area.isVisible() and area.horizontalScrollBar().isVisible()]
        assert not wide, wide
    finally:
        install_language("en")
