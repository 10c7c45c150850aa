"""Import a mixed folder through the dialog as a user would, and read the problem table."""

from __future__ import annotations

import gzip
import json
import os
import sys
import zipfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from sources_fixtures import HTML_PAGE, make_docx, make_pdf  # noqa: E402

from llmstudio.core.changes import Changed  # noqa: E402
from llmstudio.core.project import Project  # noqa: E402
from llmstudio.gui.context import PanelContext  # noqa: E402
from llmstudio.gui.jobs import JobRunner  # noqa: E402
from llmstudio.gui.panels.sources.panel import SourcesPanel  # noqa: E402


@pytest.fixture
def project(tmp_path: Path):
    project = Project.create(tmp_path / "proj")
    yield project
    project.close()


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    (folder / "web").mkdir(parents=True)
    (folder / "notes.txt").write_text("Remember the lighthouse keeper.\n")
    rows = [{"text": "Loved the harbour walk", "label": "pos"}, {"text": "Cold and grey", "label": "neg"}]
    (folder / "reviews.jsonl").write_text(json.dumps(rows[0]) + "\n{broken json\n" + json.dumps(rows[1]) + "\n")
    (folder / "table.csv").write_text("text,stars\nA calm sea,5\nragged,row,here\nStorm warning,1\n")
    (folder / "web" / "page.html").write_bytes(HTML_PAGE)
    (folder / "paper.pdf").write_bytes(make_pdf(["Tides follow the moon"]))
    make_docx(folder / "letter.docx", ["Dear keeper, the lamp is lit."])
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8)
    packed = gzip.compress(b"a long story " * 5000)
    (folder / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("inside.md", "A note inside the zip")
        archive.writestr("../escape.txt", "should never be read")
    return folder


@pytest.fixture
def panel(qtbot, project: Project, tmp_path: Path):
    runner = JobRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    notified: list[Changed] = []
    holder: dict[str, SourcesPanel] = {}

    def notify(changed: Changed) -> None:
        notified.append(changed)
        holder["panel"].refresh(changed)

    runner.notify = notify
    context = PanelContext(project, runner, notify, settings, lambda key: None)
    widget = SourcesPanel(context)
    holder["panel"] = widget
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    runner.cancel_all()
    runner.wait_all()


def test_import_a_mixed_folder_through_the_dialog(qtbot, panel: SourcesPanel, mixed_folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = panel.import_paths([mixed_folder])  # what a drop on the window does
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.files > 0, timeout=20_000)
    assert dialog.preview.files == 9
    assert dialog.documents.rowCount() > 0
    assert "9 files" in dialog.detected.text()
    origins = [dialog.documents.item(r, 0).text() for r in range(dialog.documents.rowCount())]
    assert "notes.txt" in origins and "reviews.jsonl:1" in origins

    # The user names the label field; the preview follows.
    dialog.preview = None
    dialog.label_field.setEditText("label")
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    labels = {dialog.documents.item(r, 1).text() for r in range(dialog.documents.rowCount())}
    assert {"pos", "neg"} <= labels

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not dialog.importing, timeout=10_000)
    summary = dialog.summary
    assert summary.files == 7 and summary.labelled == 2
    assert dialog.progress.value() == 1000
    assert "Imported" in dialog.status.text()

    problems = [
        tuple(dialog.problems.item(r, c).text() for c in range(4)) for r in range(dialog.problems.rowCount())
    ]
    by_file = {p[0]: p for p in problems}
    assert "binary" in by_file["photo.txt"][3]
    assert "truncated or corrupt" in by_file["cut.txt.gz"][3]
    assert by_file["reviews.jsonl"][1] == "2" and "JSON" in by_file["reviews.jsonl"][3]
    assert by_file["table.csv"][1] == "3" and "fields" in by_file["table.csv"][3]
    assert any(p[0] == "bundle.zip" and "'../escape.txt'" in p[3] for p in problems)
    assert "problems" in dialog.problems_title.text().lower()

    # The Sources view shows the new source, and its documents are searchable.
    assert panel.sources.rowCount() == 1
    assert panel.sources.item(0, 4).text() == "label_field=label"
    assert panel.sources.item(0, 6).text() == str(summary.documents)
    assert int(panel.sources.item(0, 8).text()) == summary.errors
    browser = panel.browser
    assert browser.browser.total == summary.documents
    browser.search.setText("lighthouse")
    browser.run_search()
    assert [browser.table.item(r, 1).text() for r in range(browser.table.rowCount())] == ["notes.txt"]
    browser.table.selectRow(0)
    assert "Remember the lighthouse keeper." in browser.text.toPlainText()

    # Remove the source, after confirming.
    dialog.close()
    panel.sources.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.remove_button.click()
    assert panel.sources.rowCount() == 0
    assert panel.context.project.document_count() == 0


def test_cancel_keeps_finished_files_and_rolls_back_the_current_one(
    qtbot, panel: SourcesPanel, tmp_path: Path
) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "a_small.txt").write_text("small and done first")
    with open(folder / "b_large.jsonl", "w") as handle:
        for i in range(400_000):
            handle.write(f'{{"text": "record {i} of a large file"}}\n')
    dialog = panel.import_paths([folder])
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.files == 2, timeout=20_000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "b_large" in dialog.status.text(), timeout=30_000)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.importing, timeout=30_000)
    assert "Cancelled" in dialog.status.text()
    db = panel.context.project.db
    assert [r[0] for r in db.execute("SELECT origin FROM documents")] == ["a_small.txt"]
    assert panel.sources.rowCount() == 1


def test_dialog_options_follow_the_form(qtbot, panel: SourcesPanel) -> None:
    dialog = panel.import_paths([])
    dialog.format.setCurrentText("csv")
    dialog.split.setCurrentText("record")
    dialog.text_field.setEditText("body")
    dialog.label_field.setEditText("stars")
    dialog.encoding.setEditText("cp1252")
    dialog.delimiter.setEditText("tab")
    dialog.include.setText("*.csv, *.tsv")
    dialog.exclude.setText("old/*")
    dialog.skip_duplicates.setChecked(False)
    options = dialog.options()
    assert (options.format, options.split, options.text_field, options.label_field) == ("csv", "record", "body", "stars")
    assert (options.encoding, options.csv_delimiter) == ("cp1252", "\t")
    assert options.include == ("*.csv", "*.tsv") and options.exclude == ("old/*",)
    assert options.skip_duplicates is False
    assert not dialog.import_button.isEnabled()  # nothing to import yet


def test_search_catches_up_in_the_background_and_says_what_is_missing(qtbot, project: Project, tmp_path: Path) -> None:
    from llmstudio.core.search import index as search_index
    from llmstudio.core.sources.importer import import_paths
    from llmstudio.gui.context import DOCUMENTS

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("the lighthouse keeper")
    (notes / "b.txt").write_text("the harbour master")
    import_paths(project, [notes])
    project.close()
    for suffix in ("", "-wal", "-shm"):  # an older project: no search index yet
        Path(str(project.root / "search.sqlite") + suffix).unlink(missing_ok=True)
    runner = JobRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    holder: dict[str, SourcesPanel] = {}
    runner.notify = lambda changed: holder["panel"].refresh(changed)
    widget = SourcesPanel(PanelContext(project, runner, runner.notify, settings, lambda key: None))
    holder["panel"] = widget
    qtbot.addWidget(widget)
    assert widget.index_job is not None  # opening the panel started the catch-up
    qtbot.waitUntil(lambda: widget.index_job is None, timeout=10_000)
    browser = widget.browser
    browser.search.setText("lighthouse")
    browser.run_search()
    assert [r.origin for r in browser.rows] == ["a.txt"]
    assert "indexed" not in browser.page_label.text()

    # A document the index has not seen (as after an interrupted import): the view says so.
    project.db.execute(
        "INSERT INTO documents(id, source_id, origin, text, content_hash, chars) "
        "VALUES (100, 1, 'late.txt', 'a late lighthouse', 'h', 17)"
    )
    browser.run_search()
    assert "1 document is still being indexed" in browser.page_label.text()
    widget.refresh(DOCUMENTS)
    qtbot.waitUntil(lambda: widget.index_job is None, timeout=10_000)
    assert [r.origin for r in browser.rows] == ["a.txt", "late.txt"]  # the search ran again
    assert "indexed" not in browser.page_label.text()
    assert search_index.pending(project) == 0
    runner.wait_all()
