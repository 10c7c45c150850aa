"""The composition root: builds the QApplication, the settings, the window and the project."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from llmstudio.gui.main_window import MainWindow
from llmstudio.resources import resource_path


def make_settings() -> QSettings:
    return QSettings("llmstudio", "llmstudio")


def create_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("llmstudio")
    app.setOrganizationName("llmstudio")
    icon = resource_path("icons", "llmstudio.png") if (resource_path("icons")).is_dir() else None
    if icon is not None and icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    style = resource_path("styles", "app.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def run_app(project_dir: Path | None = None) -> int:
    app = create_app()
    window = MainWindow(make_settings())
    window.show()
    if project_dir is not None:
        window.open_project(Path(project_dir))
    return app.exec()
