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
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio import __version__
from llmstudio.core.changes import Changed
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.core.runs import recover_interrupted
from llmstudio.gui.context import PanelContext
from llmstudio.gui.jobs import Job, JobRunner
from llmstudio.gui.operations import Op
from llmstudio.gui.panels import PANELS
from llmstudio.gui.widgets.job_status import JobStatus

log = logging.getLogger(__name__)
MAX_RECENT = 8


class MainWindow(QMainWindow):
    project_opened = Signal(object)  # Project
    changed = Signal(object)  # Changed

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.project: Project | None = None
        self.panels: dict[str, QWidget] = {}
        self.jobs = JobRunner(cleanup=self._close_thread_connection, parent=self)
        self.jobs.notify = self.notify
        self.jobs.failed.connect(self._on_job_failed)
        self.jobs.job_started.connect(self._on_job_started)
        self.setWindowTitle("llmstudio")
        self.setAcceptDrops(True)
        self.resize(1200, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        for number, (key, title, _, _) in enumerate(PANELS, start=1):
            item = QListWidgetItem(f"{number}  {title}")
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
        title = QLabel("<h1>llmstudio</h1><p>Build a small language model from your own text, "
                       "on your own machine.</p>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        for text, slot, name in (
            ("New project…", self.new_project, "newProject"),
            ("Open project…", self.open_project_dialog, "openProject"),
            ("Open the demo project (Moby-Dick)…", self.open_demo_dialog, "openDemo"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setMinimumWidth(320)
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
        file_menu = self.menuBar().addMenu("&File")
        for text, slot, shortcut in (
            ("&New project…", self.new_project, QKeySequence.StandardKey.New),
            ("&Open project…", self.open_project_dialog, QKeySequence.StandardKey.Open),
        ):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._refresh_recent_menu()
        demo = QAction("Open the &demo project…", self)
        demo.triggered.connect(self.open_demo_dialog)
        file_menu.addAction(demo)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.check_action = QAction(self.tr("&Check project"), self)
        self.check_action.setToolTip(self.tr("Look for damaged documents, tokenizers, checkpoints and search index"))
        self.check_action.setEnabled(False)
        self.check_action.triggered.connect(self.check_project)
        help_menu.addAction(self.check_action)
        about = QAction("&About llmstudio", self)
        about.triggered.connect(lambda: QMessageBox.about(
            self, "About llmstudio", f"<b>llmstudio {__version__}</b><p>A desktop studio for building "
            "small language models from your own text, on your own machine.</p>"))
        help_menu.addAction(about)

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
        folder = QFileDialog.getExistingDirectory(self, "Choose an empty folder for the new project")
        if folder:
            self._guard(lambda: self._set_project(Project.create(Path(folder))))

    def open_project_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a project folder")
        if folder:
            self.open_project(Path(folder))

    def open_demo_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose an empty folder for the demo project")
        if folder:
            self.open_demo(Path(folder))

    def open_demo(self, folder: Path) -> Job:
        return Op(self.jobs, "Creating the demo project", _build_demo, folder).success(self.open_project).run()

    def open_project(self, folder: Path) -> bool:
        return self._guard(lambda: self._set_project(Project.open(Path(folder))))

    def _guard(self, action) -> bool:
        try:
            action()
            return True
        except StudioError as exc:
            QMessageBox.warning(self, "llmstudio", str(exc))
            return False

    def _set_project(self, project: Project) -> None:
        if self.jobs.active_jobs():
            raise StudioError("a job is still running; wait for it or cancel it before switching projects")
        interrupted = recover_interrupted(project)  # only runs no process is training (their lock is free)
        if interrupted:
            log.info("marked interrupted runs %s as cancelled", interrupted)
        old = self.project
        for panel in self.panels.values():
            self.stack.removeWidget(panel)
            panel.deleteLater()
        self.panels.clear()
        if old is not None:
            old.close()
        self.project = project
        context = PanelContext(project, self.jobs, self.notify, self.settings, self.show_panel,
                               self.open_document)
        for key, title, module_name, class_name in PANELS:
            panel = self._build_panel(context, key, title, module_name, class_name)
            self.panels[key] = panel
            self.stack.addWidget(panel)
        self.nav.setEnabled(True)
        self.check_action.setEnabled(True)
        self.setWindowTitle(f"llmstudio — {project.root.name}")
        self._remember(project.root)
        last = str(self.settings.value("window/panel", "sources"))
        self.show_panel(last if last in self.panels else "sources")
        self.project_opened.emit(project)

    def _build_panel(self, context: PanelContext, key: str, title: str, module_name: str,
                     class_name: str) -> QWidget:
        """Build one panel; a panel that fails shows its error instead of taking the app down."""
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
            panel = cls(context)
        except Exception as exc:  # a bug or an unreadable project part: keep the other panels
            log.exception("the %s panel failed to open", key)
            panel = QLabel(f"<h3>The {title} panel could not open</h3><p>{type(exc).__name__}: {exc}</p>"
                           "<p>The rest of the project is unaffected. Please report this.</p>")
            panel.setWordWrap(True)
            panel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        panel.setObjectName(f"{key}Panel")
        return panel

    def _remember(self, root: Path) -> None:
        recent = [p for p in self._recent() if p != str(root)]
        self.settings.setValue("recent/projects", [str(root), *recent][:MAX_RECENT])
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
        self.recent_label.setText(f"<p><b>Recent projects</b></p>{links}")

    # ------------------------------------------------------------------ panels
    def show_panel(self, key: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                return

    def _on_nav_changed(self, row: int) -> None:
        if row < 0 or not self.panels:
            return
        key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        self.stack.setCurrentWidget(self.panels[key])
        self.settings.setValue("window/panel", key)

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
        QMessageBox.warning(self, title, message)

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
        active = self.jobs.active_jobs()
        if active:
            answer = QMessageBox.question(
                self, "Jobs are running",
                f"{len(active)} job(s) are running ({', '.join(j.title for j in active)}). "
                "Stop them and quit? Training saves a checkpoint first.")
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
