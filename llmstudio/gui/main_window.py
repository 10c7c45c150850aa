"""The main window: a sidebar of workflow steps, one panel per step, and the job strip.

It composes panels for the open project, routes what an operation changed (``Changed``
flags, declared by the core operation) to every panel, shows
job progress with Cancel, reports failures in a dialog, remembers recent projects and
its layout (QSettings), and accepts files dropped on it (imported as sources).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.core.runs import recover_interrupted
from llmstudio.gui.context import PanelContext
from llmstudio.gui.errors import log_file
from llmstudio.gui.help import build_help_menu
from llmstudio.gui.i18n import (
    LANGUAGE_SETTING,
    LANGUAGES,
    chosen_language,
    install_language,
    missing_cjk_font,
    sentence,
)
from llmstudio.gui.jobs import Job, JobRunner
from llmstudio.gui.operations import Op
from llmstudio.gui.panels import PANELS, panel_title
from llmstudio.gui.widgets.job_status import JobStatus

log = logging.getLogger(__name__)
MAX_RECENT = 8
MIN_WIDTH, MIN_HEIGHT = 760, 480  # fits a 1024x640 screen with room for the window frame


class MainWindow(QMainWindow):
    project_opened = Signal(object)  # Project
    changed = Signal(object)  # Changed

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.project: Project | None = None
        self.panels: dict[str, QWidget] = {}
        self._pages: dict[str, QScrollArea] = {}
        self.jobs = JobRunner(cleanup=self._close_thread_connection, parent=self)
        self.jobs.notify = self.notify
        self.jobs.failed.connect(self._on_job_failed)
        self.jobs.job_started.connect(self._on_job_started)
        self.setWindowTitle("llmstudio")
        self.setAcceptDrops(True)
        self.resize(1200, 800)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        for number, (key, title, _, _) in enumerate(PANELS, start=1):
            item = QListWidgetItem(f"{number}  {panel_title(title)}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.welcome = self._make_welcome()
        self.stack.addWidget(self.welcome)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.nav.currentRowChanged.connect(self._on_nav_changed)
        self.nav.setEnabled(False)

        self.job_status = JobStatus()
        self.statusBar().addPermanentWidget(self.job_status)
        self._build_menus()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    # ------------------------------------------------------------------ building
    def _make_welcome(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("<h1>llmstudio</h1><p>{}</p>".format(
            self.tr("Build a small language model from your own text, on your own machine.")))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        for text, slot, name in (
            (self.tr("New project…"), self.new_project, "newProject"),
            (self.tr("Open project…"), self.open_project_dialog, "openProject"),
            (self.tr("Open the demo project (Moby-Dick)…"), self.open_demo_dialog, "openDemo"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setMinimumWidth(300)
            button.clicked.connect(slot)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        self.recent_label = QLabel()
        self.recent_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recent_label.setOpenExternalLinks(False)
        self.recent_label.linkActivated.connect(lambda path: self.open_project(Path(path)))
        layout.addWidget(self.recent_label)
        self._refresh_recent_label()
        return page

    def _build_menus(self) -> None:
        self.menuBar().clear()
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for text, slot, shortcut in (
            (self.tr("&New project…"), self.new_project, QKeySequence.StandardKey.New),
            (self.tr("&Open project…"), self.open_project_dialog, QKeySequence.StandardKey.Open),
        ):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self._refresh_recent_menu()
        demo = QAction(self.tr("Open the &demo project…"), self)
        demo.triggered.connect(self.open_demo_dialog)
        file_menu.addAction(demo)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.language_menu = view_menu.addMenu(self.tr("&Language"))
        current = chosen_language(self.settings)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current)
            action.setData(code)
            action.triggered.connect(lambda checked=False, c=code: self.set_language(c))
            self.language_menu.addAction(action)
        for number, (key, title, _, _) in enumerate(PANELS, start=1):
            go = QAction(panel_title(title), self)
            go.setShortcut(QKeySequence(f"Ctrl+{number}"))
            go.triggered.connect(lambda checked=False, k=key: self.show_panel(k))
            view_menu.addAction(go)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        build_help_menu(self, help_menu, self.settings)
        self.check_action = QAction(self.tr("&Check project"), self)
        self.check_action.setToolTip(self.tr("Look for damaged documents, tokenizers, checkpoints and search index"))
        self.check_action.setEnabled(self.project is not None)
        self.check_action.triggered.connect(self.check_project)
        help_menu.insertAction(help_menu.actions()[-1], self.check_action)  # before About

    def set_language(self, language: str) -> None:
        """Switch the interface language now; panels rebuild unless a job holds them."""
        self.settings.setValue(LANGUAGE_SETTING, language)
        install_language(language)
        self.retranslate()
        self.warn_missing_font(language)

    def warn_missing_font(self, language: str) -> None:
        """Chinese chosen and no font can draw it: say which package to install (also logged)."""
        message = missing_cjk_font(language)
        if message:
            self.statusBar().showMessage(message, 60_000)
            QMessageBox.warning(self, "llmstudio", message)

    def retranslate(self) -> None:
        self._build_menus()
        for row, (_, title, _, _) in enumerate(PANELS):
            self.nav.item(row).setText(f"{row + 1}  {panel_title(title)}")
        index = self.stack.indexOf(self.welcome)
        self.stack.removeWidget(self.welcome)
        self.welcome.deleteLater()
        self.welcome = self._make_welcome()
        self.stack.insertWidget(index, self.welcome)
        self.job_status.retranslate()
        if self.project is None:
            self.stack.setCurrentWidget(self.welcome)
        elif [job for job in self.jobs.active_jobs() if not job.background]:
            self.statusBar().showMessage(self.tr(
                "The panels switch language when the running jobs have finished and the project is reopened."),
                15_000)
        else:
            self.jobs.drop_background()
            self._build_panels(self.project)
            self.show_panel(str(self.settings.value("window/panel", "sources")))

    def check_project(self) -> Job | None:
        """Help > Check project: check the open project in the background, then say what was found."""
        if self.project is None:
            return None
        from llmstudio.core.check import check_project
        from llmstudio.gui.check_report import show_check_report

        return (Op(self.jobs, self.tr("Checking the project"), check_project, self.project)
                .success(lambda report: show_check_report(self, report)).run())

    # ------------------------------------------------------------------ projects
    def new_project(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose an empty folder for the new project"))
        if folder:
            self._guard(lambda: self._set_project(Project.create(Path(folder))))

    def open_project_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a project folder"))
        if folder:
            self.open_project(Path(folder))

    def open_demo_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose an empty folder for the demo project"))
        if folder:
            self.open_demo(Path(folder))

    def open_demo(self, folder: Path) -> Job:
        return Op(self.jobs, self.tr("Creating the demo project"), _build_demo, folder).success(self.open_project).run()

    def open_project(self, folder: Path) -> bool:
        folder = Path(folder)
        if not (folder / "project.sqlite").is_file() and str(folder) in self._recent():
            self._forget(folder)  # a recent project that was moved or deleted leaves the list
            QMessageBox.warning(self, "llmstudio", self.tr(
                "The project folder {} no longer exists or is not a project; it was removed from the recent "
                "projects.").format(folder))
            return False
        return self._guard(lambda: self._set_project(Project.open(folder)))

    def _guard(self, action) -> bool:
        try:
            action()
            return True
        except StudioError as exc:
            QMessageBox.warning(self, "llmstudio", sentence(str(exc)))
            return False

    def _set_project(self, project: Project) -> None:
        self.jobs.drop_background()
        if [job for job in self.jobs.active_jobs() if not job.background]:
            raise StudioError(self.tr("A job is still running; wait for it or cancel it before switching projects."))
        interrupted = recover_interrupted(project)  # only runs no process is training (their lock is free)
        if interrupted:
            log.info("marked interrupted runs %s as cancelled", interrupted)
        old = self.project
        if old is not None and old is not project:
            old.close()
        self.project = project
        self._build_panels(project)
        self.nav.setEnabled(True)
        self.check_action.setEnabled(True)
        self.setWindowTitle(f"llmstudio — {project.root.name}")
        self._remember(project.root)
        last = str(self.settings.value("window/panel", "sources"))
        self.show_panel(last if last in self.panels else "sources")
        self.project_opened.emit(project)

    def _build_panels(self, project: Project) -> None:
        self.stack.setCurrentWidget(self.welcome)  # removing the current page would show (and start) another
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.panels.clear()
        self._pages.clear()
        context = PanelContext(project, self.jobs, self.notify, self.settings, self.show_panel,
                               self.open_document)
        for key, title, module_name, class_name in PANELS:
            panel = self._build_panel(context, key, title, module_name, class_name)
            self.panels[key] = panel
            # A panel wider or taller than a small screen scrolls instead of widening the window.
            page = QScrollArea()
            page.setObjectName(f"{key}Page")
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setWidgetResizable(True)
            page.setWidget(panel)
            self._pages[key] = page
            self.stack.addWidget(page)

    def _build_panel(self, context: PanelContext, key: str, title: str, module_name: str,
                     class_name: str) -> QWidget:
        """Build one panel; a panel that fails shows its error instead of taking the app down."""
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
            panel = cls(context)
        except Exception as exc:  # a bug or an unreadable project part: keep the other panels
            log.exception("the %s panel failed to open", key)
            panel = QLabel(self.tr("<h3>The {title} panel could not open</h3><p>{error}</p><p>The rest of the "
                                   "project is unaffected. The details are in the log file: {log}</p>").format(
                title=panel_title(title), error=f"{type(exc).__name__}: {exc}", log=log_file()))
            panel.setWordWrap(True)
            panel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        panel.setObjectName(f"{key}Panel")
        return panel

    def _remember(self, root: Path) -> None:
        recent = [p for p in self._recent() if p != str(root)]
        self.settings.setValue("recent/projects", [str(root), *recent][:MAX_RECENT])
        self._refresh_recent_menu()
        self._refresh_recent_label()

    def _forget(self, root: Path) -> None:
        self.settings.setValue("recent/projects", [p for p in self._recent() if p != str(root)])
        self._refresh_recent_menu()
        self._refresh_recent_label()

    def _recent(self) -> list[str]:
        value = self.settings.value("recent/projects", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = QAction(path, self)
            action.triggered.connect(lambda checked=False, p=path: self.open_project(Path(p)))
            self.recent_menu.addAction(action)
        self.recent_menu.setEnabled(bool(self._recent()))

    def _refresh_recent_label(self) -> None:
        recent = self._recent()
        if not recent:
            self.recent_label.setText("")
            return
        links = "<br>".join(f'<a href="{p}">{p}</a>' for p in recent)
        self.recent_label.setText("<p><b>{}</b></p>{}".format(self.tr("Recent projects"), links))

    # ------------------------------------------------------------------ panels
    def show_panel(self, key: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                if self.nav.currentRow() == row:
                    self._on_nav_changed(row)  # panels rebuilt (a language switch): show the new page
                else:
                    self.nav.setCurrentRow(row)
                return

    def _on_nav_changed(self, row: int) -> None:
        if row < 0 or not self.panels:
            return
        key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        self.stack.setCurrentWidget(self._pages[key])
        self.settings.setValue("window/panel", key)

    def current_panel(self) -> QWidget | None:
        page = self.stack.currentWidget()
        return page.widget() if isinstance(page, QScrollArea) else None

    def open_document(self, document_id: int, schema: str) -> None:
        """Open a document in the Label view (a misclassified one from Evaluate, to fix its label)."""
        label = self.panels.get("label")
        if label is not None and hasattr(label, "open_document"):
            self.show_panel("label")
            label.open_document(document_id, schema)

    def notify(self, changed: Changed | Iterable[Changed]) -> None:
        """Tell every panel what changed; each refreshes only what the flags name."""
        flags = Changed.of(changed)
        if not flags:
            return
        log.debug("changed: %s", ", ".join(flags.names()))
        for panel in self.panels.values():
            refresh = getattr(panel, "refresh", None)
            if refresh is not None:
                refresh(flags)
        self.changed.emit(flags)

    # ------------------------------------------------------------------ jobs
    def _on_job_started(self, job: Job) -> None:
        self.job_status.track(job)

    def _on_job_failed(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, sentence(message))

    def _close_thread_connection(self) -> None:
        if self.project is not None:
            self.project.close_thread_connection()

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.project is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        sources = self.panels.get("sources")
        if paths and sources is not None and hasattr(sources, "import_paths"):
            self.show_panel("sources")
            sources.import_paths(paths)
            event.acceptProposedAction()

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        # Background look-ups (devices, the time estimate) never hold the window open.
        active = [job for job in self.jobs.active_jobs() if not getattr(job, "background", False)]
        if active:
            answer = QMessageBox.question(
                self, self.tr("Jobs are running"),
                self.tr("Running: {jobs}. Stop them and quit? Training saves a checkpoint first.").format(
                    jobs=", ".join(j.title for j in active)))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.jobs.cancel_all()
        self.jobs.wait_all()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if self.project is not None:
            self.project.close()
        event.accept()


def _build_demo(folder: Path, progress: Progress = no_progress, cancel: CancelToken | None = None) -> Path:
    """Runs in the job: create (or open) the demo project there and close it for the window to open."""
    from llmstudio.core.demo import create_demo_project

    create_demo_project(folder, progress, cancel).close()
    return folder
