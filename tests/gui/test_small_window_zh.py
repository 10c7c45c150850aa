"""What a user pass in Simplified Chinese at 1024x640 found: drop-downs that clipped their text, Evaluate
and Experiments panels that scrolled, and an Experiments results side that was blank before a sweep."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmstudio.core.changes import Changed
from llmstudio.core.demo import create_demo_project
from llmstudio.core.labels.schemas import create_schema
from llmstudio.gui.i18n import install_language
from llmstudio.gui.main_window import MainWindow
from tests.gui.ui_audit import clipped, untranslated


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo corpus imported and cleaned (snapshot 'demo-minimal')."""
    create_demo_project(tmp_path / "demo").close()
    return tmp_path / "demo"


@pytest.fixture
def small_chinese(window: MainWindow):  # type: ignore[no-untyped-def]
    window.set_language("zh_CN")
    window.resize(1024, 640)
    yield window
    install_language("en")


def _shown(qtbot, window: MainWindow, key: str):  # type: ignore[no-untyped-def]
    window.show_panel(key)
    qtbot.wait(50)
    return window.panels[key]


def test_label_and_clean_drop_downs_show_their_whole_text(qtbot, small_chinese: MainWindow, demo: Path) -> None:
    window = small_chinese
    assert window.open_project(demo)
    panel = _shown(qtbot, window, "label")
    assert panel.message.text()  # no schema yet: the panel says how to make one
    create_schema(window.project, "topic", ["sea", "land"])  # made after the panel was first shown
    window.notify(Changed.LABELS)
    qtbot.wait(50)
    box = panel.schema_box
    assert box.currentText() == "topic (单标签)"
    assert not [p for p in clipped(window) if "QComboBox" in p], clipped(window)
    need = box.fontMetrics().horizontalAdvance(box.currentText()) + 20  # what ui_audit.clipped asks for
    assert max(box.minimumWidth(), box.minimumSizeHint().width()) >= need  # a crowded row cannot squeeze it
    assert "New schema" not in panel.message.text() and "新建标注方案" not in panel.message.text()  # stale hint gone
    panel = _shown(qtbot, window, "clean")
    assert panel.snapshot.currentText().startswith("demo-minimal")
    assert not [p for p in clipped(window) if "QComboBox" in p], clipped(window)


def test_evaluate_fits_without_scrolling(qtbot, small_chinese: MainWindow, demo: Path) -> None:
    window = small_chinese
    assert window.open_project(demo)
    panel = _shown(qtbot, window, "evaluate")
    page = window._pages["evaluate"]
    for kind in range(panel.kinds.count()):
        panel.kinds.setCurrentIndex(kind)
        for tab in range(panel.tabs.count()):
            panel.tabs.setCurrentIndex(tab)
            qtbot.wait(20)
            assert page.verticalScrollBar().maximum() == 0, (kind, tab, page.verticalScrollBar().maximum())
    panel.empty.hide()  # with a trained run the hint goes; the rest still fits with room to spare
    qtbot.wait(20)
    assert page.verticalScrollBar().maximum() == 0


def test_experiments_says_what_to_do_before_the_first_sweep(qtbot, small_chinese: MainWindow, demo: Path) -> None:
    window = small_chinese
    assert window.open_project(demo)
    panel = _shown(qtbot, window, "experiments")
    results = panel.results
    assert results.hint.isVisible() and not results.body.isVisible()
    assert "扫描" in results.hint.text() and not untranslated(results), untranslated(results)
    page = window._pages["experiments"]
    for tab in range(panel.tabs.count()):  # the sweep form, the queue and the results fit, as does the lr finder
        panel.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        assert page.verticalScrollBar().maximum() == 0, (tab, page.verticalScrollBar().maximum())
