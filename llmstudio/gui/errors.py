"""Unexpected errors: written to the log file, shown in a dialog, and the app keeps running.

A Python exception raised inside a Qt slot does not reach any ``try``; PySide hands it to
``sys.excepthook`` (and exceptions in plain threads go to ``threading.excepthook``). The
GUI replaces both hooks with one that logs the traceback to the log file and shows the
message and the log's location, so a bug costs the user one click instead of their work.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, QStandardPaths, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

log = logging.getLogger(__name__)
LOG_NAME = "llmstudio.log"


def log_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".llmstudio") / "logs"


def log_file() -> Path:
    return log_dir() / LOG_NAME


def install_log_file() -> Path:
    """Send INFO and above to a rotating log file (1 MB x 3) in the user's data folder."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as exc:  # a read-only home: keep running without a log file
        log.warning("cannot write the log file %s: %s", path, exc)
        return path
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path


class ErrorReporter(QObject):
    """Receives uncaught exceptions from any thread and shows them on the GUI thread."""

    reported = Signal(str, str)  # message, details

    def __init__(self, parent_widget: Callable[[], QWidget | None]) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._pending: list[tuple[str, str]] = []
        self.shown: list[str] = []  # the messages shown, for tests and the log

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def excepthook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, value, tb)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error:\n%s", details)
        self._pending.append((f"{kind.__name__}: {value}", details))
        # Show it from the event loop: the hook may run on any thread, or inside a paint event.
        QMetaObject.invokeMethod(self, "_show_pending", Qt.ConnectionType.QueuedConnection)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        self.excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    @Slot()
    def _show_pending(self) -> None:
        while self._pending:
            message, details = self._pending.pop(0)
            self.shown.append(message)
            self.reported.emit(message, details)
            if QApplication.instance() is not None:
                show_error_dialog(self._parent_widget(), message, details)


def show_error_dialog(parent: QWidget | None, message: str, details: str) -> None:
    """The error in the interface language; the exception's own words (English, from Python or a
    library) sit below it as the informative text, marked as content rather than interface."""
    title = QCoreApplication.translate("ErrorReporter", "Unexpected error")
    text = QCoreApplication.translate(
        "ErrorReporter",
        "Something went wrong inside llmstudio. Your project is safe and the app keeps running. "
        "The details are in the log file:\n{path}").format(path=log_file())
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(message)
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if informative is not None:
        informative.setProperty("content", True)
    box.setDetailedText(details)
    box.setObjectName("unexpectedError")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # non-blocking: a second error does not nest event loops
