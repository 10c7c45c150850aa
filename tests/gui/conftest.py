"""GUI test setup: offscreen Qt, settings in a temporary folder, dialogs recorded not shown."""

from __future__ import annotations

import gc
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(autouse=True)
def gc_on_gui_thread(qapp):  # type: ignore[no-untyped-def]
    """As in the app: cycles are collected on the GUI thread only (llmstudio/gui/gc_guard.py);
    each test's leftovers are collected here, not in a later test's job threads."""
    from llmstudio.gui.gc_guard import install_gc_guard

    install_gc_guard(qapp)
    yield
    gc.collect()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes would block an offscreen test; record (title, text) and answer Yes."""
    shown: list[tuple[str, str]] = []

    def record(kind: str):  # type: ignore[no-untyped-def]
        def show(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((title, text))
            return QMessageBox.StandardButton.Yes

        return show

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return shown


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def window(qtbot, settings):
    """The main window, shown offscreen at a fixed size; running jobs are stopped afterwards."""
    from llmstudio.gui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    yield window
    window.jobs.cancel_all()
    window.jobs.wait_all()


@pytest.fixture(autouse=True, scope="session")
def english_plurals(qapp):  # type: ignore[no-untyped-def]
    """As the app does at start: English is installed too (its catalogue holds the plural forms, "1 file")."""
    from llmstudio.gui.i18n import install_language

    install_language("en")
    yield
