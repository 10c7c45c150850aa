"""Help for a newcomer: the first-run tour of the seven steps and the Help menu.

The tour is a small dialog, one page per step, shown once on the first start (the app
remembers that it was shown) and again from Help > Getting started. The Help menu also
lists the keyboard shortcuts and says where the log file is, for bug reports.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio import __version__
from llmstudio.gui.errors import log_file

TOUR_SETTING = "help/tour_shown"


def tour_steps() -> list[tuple[str, str]]:
    return [
        (QCoreApplication.translate("Help", "1 · Sources"), QCoreApplication.translate("Help", "Import your text: files, folders, archives or web addresses. Drop files on the "
                               "window or use Import. Every document keeps where it came from.")),
        (QCoreApplication.translate("Help", "2 · Clean"), QCoreApplication.translate("Help", "Choose a cleaning recipe and run it. Nothing is deleted: each removed document keeps "
                             "the reason, and the result is a new snapshot of the text.")),
        (QCoreApplication.translate("Help", "3 · Label"), QCoreApplication.translate("Help", "Optional: label documents (for example by topic or quality) to filter them or to "
                             "train a classifier later.")),
        (QCoreApplication.translate("Help", "4 · Tokenizer"), QCoreApplication.translate("Help", "Train a tokenizer on the cleaned snapshot. It splits text into the tokens the "
                                 "model reads and writes the training and validation sets.")),
        (QCoreApplication.translate("Help", "5 · Model"), QCoreApplication.translate("Help", "Pick a preset or set the size of the Transformer. The panel shows the parameters, "
                             "memory and time a run will cost before you start.")),
        (QCoreApplication.translate("Help", "6 · Train"), QCoreApplication.translate("Help", "Start a run and watch the training and validation loss. Stop at any time: a "
                             "checkpoint is saved and the run can be resumed.")),
        (QCoreApplication.translate("Help", "7 · Evaluate"), QCoreApplication.translate("Help", "Score the model on held-out text and generate samples from a prompt.")),
    ]


class TourDialog(QDialog):
    """The seven steps, one page each, with Back / Next and 'show at start'."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tour")
        self.setWindowTitle(self.tr("Getting started with llmstudio"))
        self.settings = settings
        self.pages = QStackedWidget()
        for title, text in tour_steps():
            label = QLabel(f"<h2>{title}</h2><p>{text}</p>")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop)
            label.setMinimumWidth(420)
            self.pages.addWidget(label)
        self.back_button = QPushButton(self.tr("Back"))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.show_again = QCheckBox(self.tr("Show this tour at start"))
        self.show_again.setChecked(False)
        self.back_button.clicked.connect(lambda: self._go(-1))
        self.next_button.clicked.connect(lambda: self._go(+1))
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_again)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.finished.connect(self._remember)
        self._go(0)

    def _go(self, delta: int) -> None:
        index = min(max(0, self.pages.currentIndex() + delta), self.pages.count() - 1)
        self.pages.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.pages.count() - 1)

    def _remember(self) -> None:
        self.settings.setValue(TOUR_SETTING, not self.show_again.isChecked())


def maybe_show_tour(window: QMainWindow, settings: QSettings) -> TourDialog | None:
    """Show the tour on the first start only (tests build the window directly and never see it)."""
    if settings.value(TOUR_SETTING, False, type=bool):
        return None
    dialog = TourDialog(settings, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def shortcuts_text() -> str:
    rows = [
        (QKeySequence(QKeySequence.StandardKey.New).toString(QKeySequence.SequenceFormat.NativeText),
         QCoreApplication.translate("Help", "New project")),
        (QKeySequence(QKeySequence.StandardKey.Open).toString(QKeySequence.SequenceFormat.NativeText),
         QCoreApplication.translate("Help", "Open a project")),
        (QKeySequence("Ctrl+1").toString(QKeySequence.SequenceFormat.NativeText) + " … "
         + QKeySequence("Ctrl+7").toString(QKeySequence.SequenceFormat.NativeText), QCoreApplication.translate("Help", "Go to step 1 to 7")),
        (QKeySequence(QKeySequence.StandardKey.Quit).toString(QKeySequence.SequenceFormat.NativeText) or "Alt+F4",
         QCoreApplication.translate("Help", "Quit")),
        ("F1", QCoreApplication.translate("Help", "Getting started")),
    ]
    body = "".join(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{what}</td></tr>" for keys, what in rows)
    return f"<table>{body}</table>"


def build_help_menu(window: QMainWindow, menu: QMenu, settings: QSettings) -> None:
    tour = QAction(QCoreApplication.translate("Help", "&Getting started"), window)
    tour.setShortcut(QKeySequence("F1"))
    tour.triggered.connect(lambda: TourDialog(settings, window).open())
    shortcuts = QAction(QCoreApplication.translate("Help", "&Keyboard shortcuts"), window)
    shortcuts.triggered.connect(lambda: QMessageBox.information(window, QCoreApplication.translate("Help", "Keyboard shortcuts"), shortcuts_text()))
    logs = QAction(QCoreApplication.translate("Help", "Where is the &log file?"), window)
    logs.triggered.connect(lambda: show_log_location(window))
    about = QAction(QCoreApplication.translate("Help", "&About llmstudio"), window)
    about.triggered.connect(lambda: QMessageBox.about(
        window, QCoreApplication.translate("Help", "About llmstudio"), "<b>llmstudio {}</b><p>{}</p>".format(__version__, QCoreApplication.translate("Help", 
            "A desktop studio for building small language models from your own text, on your own machine."))))
    for action in (tour, shortcuts, logs, about):
        menu.addAction(action)


def show_log_location(parent: QWidget) -> None:
    path = log_file()
    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("Help", "Log file"),
                      QCoreApplication.translate("Help", "llmstudio writes what it does and any errors to:\n{path}\n\nAttach this file when you "
                         "report a problem.").format(path=path), QMessageBox.StandardButton.Ok, parent)
    open_folder = box.addButton(QCoreApplication.translate("Help", "Open folder"), QMessageBox.ButtonRole.ActionRole)
    open_folder.clicked.connect(lambda: QDesktopServices.openUrl(path.parent.as_uri()) if path.parent.exists()
                                else None)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
