"""The lazy label table as a user scrolls, filters and finds the row count corrected."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt

from llmstudio.core.labels.annotations import add_annotations
from llmstudio.core.labels.schemas import create_schema
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths
from llmstudio.gui.panels.label.table_view import PAGE_SIZE, LabelTableView


@pytest.fixture
def project(tmp_path: Path):
    project = Project.create(tmp_path / "proj")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"text": f"line {i} {'odd' if i % 2 else 'even'}"}) + "\n"
                              for i in range(1, 1201)), encoding="utf-8")
    import_paths(project, [corpus], ImportOptions(skip_duplicates=False))
    yield project
    project.close()


def test_scroll_filter_and_count_correction(qtbot, project: Project) -> None:
    schema = create_schema(project, "parity", ["odd", "even"])
    add_annotations(project, "parity", [(i, "odd" if i % 2 else "even") for i in range(1, 101)], "x")
    project.db.execute("DELETE FROM documents WHERE id = 600")
    view = LabelTableView(project, lambda: "x")
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    view.set_schema(schema)
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() == 1199, timeout=10000)  # guess 1200, then counted
    assert len(model._pages) <= 2  # only what was painted was fetched
    view.table.scrollToBottom()
    assert model.data(model.index(1198, 0)) == 1200
    assert model.data(model.index(599, 0)) == 601
    assert len(model._pages) <= 1 + 1200 // PAGE_SIZE
    view.label_filter.setCurrentIndex(view.label_filter.findData("even"))
    assert model.rowCount() == 50 and view.count.text() == "50 documents"
    view.search.setText("odd")
    view.label_filter.setCurrentIndex(0)
    assert model.rowCount() == 600
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == 1199


def test_label_colours_stay_in_the_label_column(qtbot, project: Project) -> None:
    """The delegate reuses one role buffer per cell; a colour must not leak to other cells."""
    schema = create_schema(project, "parity", ["odd", "even"])
    add_annotations(project, "parity", [(1, "odd")], "x")
    view = LabelTableView(project, lambda: "x")
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    view.set_schema(schema)
    qtbot.wait(20)
    table = view.table
    image = table.viewport().grab().toImage()

    def colour_at(row: int, column: int):  # type: ignore[no-untyped-def]
        rect = table.visualRect(view.model.index(row, column))
        return image.pixelColor(rect.left() + 2, rect.bottom() - 2)

    base = table.palette().base().color()
    assert colour_at(0, 2) != base  # the label cell of document 1 is tinted
    assert colour_at(0, 1) == base and colour_at(0, 3) == base  # its neighbours are not
    assert colour_at(1, 2) == base  # nor the next, unlabeled row


def test_search_count_says_when_documents_are_not_searchable_yet(qtbot, project: Project) -> None:
    from llmstudio.core.search import indexer as search_indexer

    schema = create_schema(project, "parity", ["odd", "even"])
    # A document the index has not seen yet (as after an interrupted import).
    project.db.execute(
        "INSERT INTO documents(id, source_id, origin, text, content_hash, chars) "
        "VALUES (5000, 1, 'late', 'line late odd', 'h', 13)"
    )
    view = LabelTableView(project, lambda: "x")
    qtbot.addWidget(view)
    view.set_schema(schema)
    view.search.setText("odd")
    view._apply_filter()
    qtbot.waitUntil(lambda: view.model.rowCount() == 600, timeout=10000)
    view._update_count()
    assert view.count.text() == "600 documents (1 more not searchable yet: still being indexed)"
    search_indexer.ensure_current(project)
    view._apply_filter()
    qtbot.waitUntil(lambda: view.model.rowCount() == 601, timeout=10000)
    view._update_count()
    assert view.count.text() == "601 documents"


def test_times_read_as_local_dates_and_still_sort_by_the_stored_value(qtbot, project: Project) -> None:
    from PySide6.QtCore import QDateTime, QLocale

    from llmstudio.gui.i18n import install_language

    schema = create_schema(project, "parity", ["odd", "even"])
    add_annotations(project, "parity", [(1, "odd"), (2, "even"), (3, "odd")], "x")
    for doc, stamp in ((1, "2026-03-05T09:30:00+00:00"), (2, "2026-11-30T08:00:00+00:00"),
                       (3, "2025-12-31T23:59:59+00:00")):
        project.db.execute("UPDATE annotations SET updated_at = ? WHERE document_id = ?", (stamp, doc))
    try:
        install_language("zh_CN")
        view = LabelTableView(project, lambda: "x")
        qtbot.addWidget(view)
        view.show()
        view.set_schema(schema)
        model = view.model
        shown = model.data(model.index(0, 4))
        expected = QDateTime.fromSecsSinceEpoch(1772703000).toLocalTime()  # 2026-03-05 09:30 UTC
        assert shown == QLocale("zh_CN").toString(expected, QLocale.FormatType.ShortFormat)
        assert "T" not in shown and shown.startswith("2026/3/5"), shown
        assert model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole) == "2026-03-05 09:30:00"
        model.sort(4, Qt.SortOrder.DescendingOrder)  # sorts by the stored value, not the shown text
        assert [model.data(model.index(r, 0)) for r in range(3)][:3] == [2, 1, 3]
    finally:
        install_language("en")
