"""The composition root: builds the QApplication, the settings, the window and the project.

It also sets up what every window needs before the first one opens: the log file, the
interface language (the system's by default), the CJK font fallback, the light or dark
theme of the system, and the hooks that turn an unexpected error into a dialog.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from llmstudio.gui.errors import ErrorReporter, install_log_file
from llmstudio.gui.help import maybe_show_tour
from llmstudio.gui.i18n import chosen_language, install_font_fallback, install_language
from llmstudio.gui.main_window import MainWindow
from llmstudio.gui.theme import apply_theme, follow_system
from llmstudio.resources import resource_path


def make_settings() -> QSettings:
    return QSettings("llmstudio", "llmstudio")


def create_app(argv: list[str] | None = None, settings: QSettings | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("llmstudio")
    app.setOrganizationName("llmstudio")
    icon = QIcon()
    for name in ("llmstudio.svg", "llmstudio.png"):  # the vector icon stays sharp on high-DPI screens
        path = resource_path("icons", name)
        if path.is_file():
            icon.addFile(str(path))
    if not icon.isNull():
        app.setWindowIcon(icon)
    install_language(chosen_language(settings if settings is not None else make_settings()))
    install_font_fallback()
    apply_theme(app)
    follow_system(app)
    style = resource_path("styles", "app.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def run_app(project_dir: Path | None = None) -> int:
    install_log_file()
    settings = make_settings()
    app = create_app(settings=settings)
    window = MainWindow(settings)
    reporter = ErrorReporter(lambda: window)
    reporter.install()
    window.show()
    window.warn_missing_font(chosen_language(settings))
    if project_dir is not None:
        window.open_project(Path(project_dir))
    maybe_show_tour(window, settings)
    try:
        return app.exec()
    finally:
        reporter.uninstall()
