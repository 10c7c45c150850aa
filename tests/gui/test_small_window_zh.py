"""What a user pass in Simplified Chinese at 1024x640 found: drop-downs that clipped their text, Evaluate
and Experiments panels that scrolled, an Experiments results side that was blank before a sweep, and a Train
panel that scrolled (the Classifier tab's tall form; the no-tokenizer hint said twice)."""

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


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_train_fits_without_scrolling(qtbot, window: MainWindow, demo: Path, language: str) -> None:
    """No tokenizer yet (the empty state shows, and the summary does not say it again), and the Classifier tab
    with its whole form, a result line and the split warning (its longest state): nothing scrolls."""
    from llmstudio.core.project import Project
    from llmstudio.gui.i18n import run_status

    with Project.open(demo) as project:
        create_schema(project, "topic", ["sea", "land"])
    try:
        window.set_language(language)
        window.resize(1024, 640)
        assert window.open_project(demo)
        panel = _shown(qtbot, window, "train")
        page = window._pages["train"]
        assert panel.empty.isVisible() and panel.empty.isVisibleTo(panel)
        no_tokenizer = panel.tr("There is no tokenizer yet: train one in the Tokenizer panel first.")
        assert no_tokenizer not in panel.config_label.text() and not panel.start_button.isEnabled()
        assert page.verticalScrollBar().maximum() == 0, page.verticalScrollBar().maximum()
        tab = panel.classifier
        panel.findChild(type(panel.plot_tabs), "trainKinds").setCurrentWidget(tab)
        tab.status.setText(tab.tr("Classifier run {0} {1}: test macro-F1 {2:.4f}, accuracy {3:.4f}").format(
            2, run_status("completed"), 0.25, 0.3333) + tab.tr(" (TF-IDF baseline: macro-F1 {0:.4f})").format(0.4))
        warning = tab.split_warning
        warning.setText(warning.tr(
            "⚠ Run {run} was trained on tokenizer {tokenizer}, whose token shards were made before the current "
            "train/validation/test split: it may have trained on documents now in the test split, so {figure}. "
            "Train the tokenizer again after splitting, then the language model.").format(
            run=3, tokenizer=1, figure=warning.tr("the test figure may be optimistic")))
        warning.show()
        qtbot.wait(50)
        assert tab.isVisible() and tab.extra.isVisible() and tab.baseline.isVisible()
        assert page.verticalScrollBar().maximum() == 0, page.verticalScrollBar().maximum()
        assert page.horizontalScrollBar().maximum() == 0, page.horizontalScrollBar().maximum()
        assert tab.plot.height() >= 200, tab.plot.height()  # the curve keeps most of the room
        assert not [p for p in clipped(window) if "QComboBox" in p or "QCheckBox" in p], clipped(window)
    finally:
        install_language("en")
