"""The operation builder: a core function runs in the background, says what changed, and the
window hands that to every panel, which redraws only what the flags name."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from llmstudio.core.changes import Changed, changes_of
from llmstudio.core.errors import JobCancelled
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportSummary, import_paths, remove_source
from llmstudio.gui.jobs import JobOutcome, JobRunner
from llmstudio.gui.main_window import MainWindow
from llmstudio.gui.operations import Op
from llmstudio.gui.widgets.job_status import JobStatus


@pytest.fixture
def project(tmp_path: Path):
    project = Project.create(tmp_path / "proj")
    yield project
    project.close()


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(3):
        (folder / f"n{i}.txt").write_text(f"note number {i} about the sea")
    return folder


def wait_until_stopped(cancel: CancelToken, progress: Progress = no_progress) -> str:
    """A long operation for the test: reports progress, then waits for Cancel."""
    progress(0.5, "waiting")
    while not cancel.cancelled:
        threading.Event().wait(0.01)
    raise JobCancelled()


def test_an_op_runs_a_core_function_reports_progress_and_notifies_its_declared_changes(
        qtbot, project: Project, notes: Path) -> None:
    runner = JobRunner()
    notified: list[Changed] = []
    runner.notify = notified.append
    results: list[ImportSummary] = []
    updates: list[object] = []
    started: list[str] = []
    runner.job_started.connect(lambda job: started.append(job.title))  # the status bar tracks it
    job = (Op(runner, "Importing", import_paths, project, [notes])
           .success(results.append)
           .progress(updates.append)
           .run())
    qtbot.waitUntil(lambda: not job.running, timeout=20_000)
    assert results[0].documents == 3 and started == ["Importing"]
    assert updates, "progress= was passed to the core function and reached the panel"
    assert notified == [changes_of(import_paths)]  # what import_paths declares, nothing guessed
    runner.wait_all()


def test_a_failure_goes_to_the_failure_callback_instead_of_the_dialog(qtbot, project: Project,
                                                                       tmp_path: Path) -> None:
    runner = JobRunner()
    dialogs: list[tuple[str, str]] = []
    runner.failed.connect(lambda title, message: dialogs.append((title, message)))
    failures: list[str] = []
    job = Op(runner, "Importing", import_paths, project, [tmp_path / "missing"]).failure(failures.append).run()
    qtbot.waitUntil(lambda: not job.running, timeout=20_000)
    assert failures and "missing" in failures[0] and dialogs == []

    job = Op(runner, "Importing", import_paths, project, [tmp_path / "missing"]).run()
    qtbot.waitUntil(lambda: not job.running, timeout=20_000)
    assert dialogs and dialogs[0][0] == "Importing"  # the window shows this one
    runner.wait_all()


def test_cancel_from_the_status_bar_ends_the_op_as_cancelled(qtbot) -> None:
    runner = JobRunner()
    strip = JobStatus()
    runner.job_started.connect(strip.track)
    outcomes: list[JobOutcome] = []
    job = Op(runner, "Waiting", wait_until_stopped).changes(Changed.RUNS).finished(outcomes.append).run()
    qtbot.waitUntil(lambda: "waiting" in strip.label.text(), timeout=10_000)
    notified: list[Changed] = []
    runner.notify = notified.append
    strip.cancel_button.click()
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert outcomes[0].status == "cancelled"
    assert notified == [Changed.RUNS]  # a cancelled job may have finished part of its work
    assert not strip.isVisible()
    runner.wait_all()


def test_run_now_writes_at_once_and_the_window_refreshes_only_the_panels_that_care(
        qtbot, window: MainWindow, tmp_path: Path, notes: Path) -> None:
    Project.create(tmp_path / "p").close()
    assert window.open_project(tmp_path / "p")
    sources = window.panels["sources"]
    received: dict[str, list[Changed]] = {key: [] for key in window.panels}
    for key, panel in window.panels.items():
        original = panel.refresh

        def spy(changed: Changed, key: str = key, original=original) -> None:  # type: ignore[no-untyped-def]
            received[key].append(changed)
            original(changed)

        panel.refresh = spy  # type: ignore[method-assign]
    job = Op(window.jobs, "Importing", import_paths, window.project, [notes]).run()
    qtbot.waitUntil(lambda: not job.running, timeout=20_000)
    assert sources.sources.rowCount() == 1  # the Sources panel redrew from the declared flags
    assert all(flags == [changes_of(import_paths)] for flags in received.values())

    removed = Op(window.jobs, "Remove source", remove_source, window.project, 1).run_now()
    assert (removed.status, removed.result) == ("completed", 3) and sources.sources.rowCount() == 0
    assert window.project.document_count() == 0
