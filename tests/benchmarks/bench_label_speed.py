"""Labeling speed on a large project, driving the real widgets with pytest-qt.

Run on demand (not part of the unit tests; nothing here asserts on time):

    LLMSTUDIO_BENCH_DOCS=1000000 .venv/bin/python -m pytest tests/benchmarks/bench_label_speed.py -s -q

Figures printed: keypress-to-next-document p50/p95 (label keys and undo), opening the table
view and jumping to its last page, plus baselines measured in the same run (one bare
SQLite commit; one bare setPlainText + paint) so the ratios travel between machines.
The project is built once per run into a temporary folder (set LLMSTUDIO_BENCH_KEEP to a
folder to reuse it between runs).
"""

from __future__ import annotations

import os
import random
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QPlainTextEdit, QTableView

from llmstudio.core.db import transaction
from llmstudio.core.labels.annotations import add_annotations, read_decision
from llmstudio.core.labels.schemas import LabelSpec, create_schema, get_schema
from llmstudio.core.project import Project, utc_now
from llmstudio.core.text import content_hash
from llmstudio.gui.panels.label.labeling_view import LabelingView
from llmstudio.gui.panels.label.table_view import LabelTableView

N_DOCS = int(os.environ.get("LLMSTUDIO_BENCH_DOCS", "1000000"))
KEYPRESSES = int(os.environ.get("LLMSTUDIO_BENCH_KEYS", "400"))
PRELABELED = 0.1  # a tenth already labeled, scattered, so the queue must skip them
WORDS = ("the of and to in is was for on that with as by at from it an be this are or his had not "
         "but what all were when we there can more if no out so said about up one time very film story "
         "great terrible plot actor music scene boring loved hated watch again never always").split()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def build_project(root: Path) -> Project:
    if (root / "project.sqlite").exists():
        return Project.open(root)
    project = Project.create(root)
    rng = random.Random(0)
    started = time.perf_counter()
    with transaction(project.db) as conn:
        source = conn.execute(
            "INSERT INTO sources(kind, format, path, created_at) VALUES ('file', 'jsonl', 'bench', ?)", (utc_now(),)
        ).lastrowid
        batch = []
        for i in range(N_DOCS):
            text = f"review {i}: " + " ".join(rng.choices(WORDS, k=rng.randint(20, 80)))
            batch.append((source, f"bench:{i + 1}", text, content_hash(text), len(text)))
            if len(batch) == 20_000:
                conn.executemany(
                    "INSERT INTO documents(source_id, origin, text, content_hash, chars) VALUES (?,?,?,?,?)", batch
                )
                batch = []
        conn.executemany("INSERT INTO documents(source_id, origin, text, content_hash, chars) VALUES (?,?,?,?,?)", batch)
    create_schema(project, "sentiment", [LabelSpec("positive", shortcut="1"), LabelSpec("negative", shortcut="2"),
                                         LabelSpec("neutral", shortcut="3")])
    picks = rng.sample(range(1, N_DOCS + 1), int(N_DOCS * PRELABELED))
    add_annotations(project, "sentiment", [(d, rng.choice(["positive", "negative", "neutral"])) for d in picks], "earlier")
    print(f"\nbuilt {N_DOCS:,} documents (+{len(picks):,} labels) in {time.perf_counter() - started:.1f} s")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    keep = os.environ.get("LLMSTUDIO_BENCH_KEEP")
    root = Path(keep) if keep else tmp_path_factory.mktemp("bench") / "proj"
    project = build_project(root)
    yield project
    project.close()


def test_keypress_to_next_document(qtbot, project: Project) -> None:
    app = QApplication.instance()
    schema = get_schema(project, "sentiment")
    # Baseline 1: one bare committed SQLite write in the same database.
    project.db.execute("CREATE TABLE IF NOT EXISTS bench_baseline (k INTEGER PRIMARY KEY, v TEXT)")
    commits = []
    for i in range(200):
        t0 = time.perf_counter()
        with transaction(project.db) as conn:
            conn.execute("INSERT OR REPLACE INTO bench_baseline VALUES (?, ?)", (i % 10, "x"))
        commits.append((time.perf_counter() - t0) * 1000)
    # Baseline 2: show a document's text in a bare QPlainTextEdit and paint it.
    bare = QPlainTextEdit(readOnly=True)
    qtbot.addWidget(bare)
    bare.resize(900, 600)
    bare.show()
    texts = [r[0] for r in project.db.execute("SELECT text FROM documents WHERE id <= 200")]
    paints = []
    for text in texts:
        t0 = time.perf_counter()
        bare.setPlainText(text)
        app.processEvents()
        paints.append((time.perf_counter() - t0) * 1000)

    view = LabelingView(project)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    t0 = time.perf_counter()
    view.start(schema, "bench")
    app.processEvents()
    start_ms = (time.perf_counter() - t0) * 1000
    keys, undo = [], []
    durable_checked = 0
    checker = Project.open(project.root)
    for i in range(KEYPRESSES):
        doc = view.item.document_id
        t0 = time.perf_counter()
        qtbot.keyClick(view.text_view, "123"[i % 3])
        app.processEvents()  # the next document is painted
        keys.append((time.perf_counter() - t0) * 1000)
        if i % 20 == 0:  # durable before the next document showed: a second connection sees it
            assert read_decision(checker, schema, doc, "bench") is not None
            durable_checked += 1
        if i % 10 == 9:
            t0 = time.perf_counter()
            qtbot.keyClick(view.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            app.processEvents()
            undo.append((time.perf_counter() - t0) * 1000)
            qtbot.keyClick(view.text_view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    checker.close()
    c50, p50_paint = statistics.median(commits), statistics.median(paints)
    k50, k95 = statistics.median(keys), percentile(keys, 95)
    print(f"\n[labels] documents: {N_DOCS:,}; keypresses: {len(keys)}; durable checks passed: {durable_checked}")
    print(f"[labels] start labeling view: {start_ms:.1f} ms")
    print(f"[labels] keypress -> next document shown: p50 {k50:.2f} ms, p95 {k95:.2f} ms, max {max(keys):.2f} ms")
    print(f"[labels] undo (Ctrl+Z) -> document shown: p50 {statistics.median(undo):.2f} ms, p95 {percentile(undo, 95):.2f} ms")
    print(f"[labels] baseline bare SQLite commit p50 {c50:.3f} ms; bare setPlainText+paint p50 {p50_paint:.2f} ms")
    print(f"[labels] keypress p50 = {k50 / (c50 + p50_paint):.1f}x (commit + paint baseline)")


class _ConstantModel(QAbstractTableModel):
    """Baseline: a table model with the same shape that does no work at all."""

    def rowCount(self, parent: object = None) -> int:
        return N_DOCS

    def columnCount(self, parent: object = None) -> int:
        return 8

    def data(self, index: object, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return "x" if role == Qt.ItemDataRole.DisplayRole else None


def test_table_open_and_last_page(qtbot, project: Project) -> None:
    app = QApplication.instance()
    schema = get_schema(project, "sentiment")
    t0 = time.perf_counter()
    bare = QTableView()
    qtbot.addWidget(bare)
    bare.resize(1200, 800)
    bare.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    bare.setModel(_ConstantModel())
    bare.show()
    app.processEvents()
    bare.scrollToBottom()
    app.processEvents()
    bare_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    view = LabelTableView(project, lambda: "bench")
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.set_schema(schema)
    app.processEvents()
    open_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    view.table.scrollToBottom()
    app.processEvents()
    last = view.model.data(view.model.index(view.model.rowCount() - 1, 0))
    last_ms = (time.perf_counter() - t0) * 1000
    assert last == N_DOCS
    total = view.model.rowCount()
    qtbot.waitUntil(lambda: view.model._table.verified, timeout=60000)  # background count done
    t0 = time.perf_counter()
    view.table.scrollTo(view.model.index(view.model.rowCount() // 2, 0))
    app.processEvents()
    middle_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    view.label_filter.setCurrentIndex(view.label_filter.findData("positive"))
    app.processEvents()
    filter_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    view.table.scrollToBottom()
    app.processEvents()
    filtered_last_ms = (time.perf_counter() - t0) * 1000
    labelled = view.model.rowCount()
    view.label_filter.setCurrentIndex(0)
    view.search.setText("terrible")
    t0 = time.perf_counter()
    view._apply_filter()
    app.processEvents()
    search_ms = (time.perf_counter() - t0) * 1000
    print(f"[labels] text search 'terrible' ({view.model.rowCount():,} rows, FTS5): {search_ms:.1f} ms")
    print(f"\n[labels] table open ({total:,} rows): {open_ms:.1f} ms; "
          f"jump to last page: {last_ms:.1f} ms; open + last page: {open_ms + last_ms:.1f} ms; "
          f"to the middle: {middle_ms:.1f} ms")
    print(f"[labels] baseline: bare QTableView over a do-nothing {N_DOCS:,}-row model, open + last page: "
          f"{bare_ms:.1f} ms (ours is {(open_ms + last_ms) / bare_ms:.1f}x)")
    print(f"[labels] filter by label (materialise {labelled:,} rows): {filter_ms:.1f} ms; "
          f"then last page: {filtered_last_ms:.1f} ms")
