"""Help > Check project runs the project check in the background and shows what it found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from llmstudio.core.project import Project
from llmstudio.core.sources.importer import import_paths
from llmstudio.gui.main_window import MainWindow


def make_project(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text("first line about whales\nsecond line about the sea\n")
    with Project.create(tmp_path / "project") as project:
        from llmstudio.core.sources.importer import ImportOptions

        import_paths(project, [tmp_path / "notes.txt"], ImportOptions(split="line"))
    return tmp_path / "project"


def test_check_project_reports_a_changed_document(qtbot, window: MainWindow, tmp_path: Path, dialogs) -> None:
    root = make_project(tmp_path)
    assert not window.check_action.isEnabled()  # no project yet
    assert window.open_project(root)
    assert window.check_action.isEnabled()

    window.check_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.active_jobs() and bool(dialogs), timeout=30_000)
    title, text = dialogs[-1]
    assert "no problems" in text.lower()
    assert "1 database, 2 documents, 0 snapshots" in text and "1 search index" in text, text  # not "1 databases"

    conn = sqlite3.connect(root / "project.sqlite")
    with conn:
        conn.execute("UPDATE documents SET text = 'changed behind the app' WHERE id = 2")
    conn.close()
    window.check_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.active_jobs() and len(dialogs) == 2, timeout=30_000)
    title, text = dialogs[-1]
    assert "document 2" in text and "content hash" in text


def test_a_damaged_tokenizer_does_not_stop_the_project_from_opening(window: MainWindow, tokenized_project: Project,
                                                                   dialogs) -> None:
    model = tokenized_project.root / tokenized_project.tokenizer().model_path
    model.write_bytes(b"damaged")
    root = tokenized_project.root
    tokenized_project.close()
    assert window.open_project(root)
    window.show_panel("tokenizer")
    status = window.panels["tokenizer"].status.text()
    assert "tokenizer.model" in status and "damaged" in status


def test_the_check_counts_what_it_checked_in_chinese(qtbot, window: MainWindow, tmp_path: Path, dialogs) -> None:
    from llmstudio.gui.i18n import install_language

    assert window.open_project(make_project(tmp_path))
    try:
        window.set_language("zh_CN")
        window.check_action.trigger()
        qtbot.waitUntil(lambda: not window.jobs.active_jobs() and bool(dialogs), timeout=30_000)
    finally:
        install_language("en")
    title, text = dialogs[-1]
    assert title == "检查项目" and text.startswith("未发现问题。"), (title, text)  # was "No problems found."
    assert "1 个数据库、2 篇文档" in text and "database" not in text, text
