"""The Label panel end to end: schema editing, labeling, table, review, split and export."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings, Qt

from llmstudio.core.changes import Changed
from llmstudio.core.labels.annotations import add_annotations, read_decision
from llmstudio.core.labels.schemas import create_schema, get_schema
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths
from llmstudio.gui.context import PanelContext
from llmstudio.gui.jobs import JobRunner
from llmstudio.gui.panels.label.panel import LabelPanel


@dataclass
class Recorder:
    notified: list[Changed] = field(default_factory=list)

    def __call__(self, changed: Changed) -> None:
        self.notified.append(changed)


def make_context(project: Project, tmp_path: Path) -> tuple[PanelContext, Recorder]:
    """The app's real context: a JobRunner on QThreads, settings in a temp file."""
    recorder = Recorder()
    jobs = JobRunner()
    jobs.notify = recorder
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return PanelContext(project, jobs, recorder, settings, lambda key: None), recorder


@pytest.fixture
def project(tmp_path: Path):
    project = Project.create(tmp_path / "proj")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"text": f"text number {i}"}) + "\n" for i in range(1, 41)), encoding="utf-8")
    import_paths(project, [corpus], ImportOptions(skip_duplicates=False))
    yield project
    project.close()


def test_panel_label_table_review_and_export(qtbot, project: Project, tmp_path: Path, screenshot_dir: Path) -> None:
    create_schema(project, "spam", ["spam", "ham"], guidelines="Spam sells something.")
    add_annotations(project, "spam", [(30, "spam"), (31, "ham")], "alice")
    add_annotations(project, "spam", [(30, "ham"), (31, "ham")], "bob")
    context, recorder = make_context(project, tmp_path)
    panel = LabelPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    panel.annotator.setText("carol")
    panel.start()
    view = panel.labeling
    for key in "1212":
        qtbot.keyClick(view.text_view, key)
    assert [read_decision(project, get_schema(project, "spam"), d, "carol").labels for d in (1, 2, 3, 4)] == [
        ("spam",), ("ham",), ("spam",), ("ham",)
    ]
    panel.resize(1280, 800)
    panel.labeling.highlight.setText("number")
    qtbot.wait(20)  # let the layout settle before the picture
    panel.grab().save(str(screenshot_dir / "label_labeling.png"))
    qtbot.waitUntil(lambda: Changed.LABELS in recorder.notified, timeout=5000)
    assert context.settings.value("labels/annotator") == "carol"

    panel.tabs.setCurrentWidget(panel.table)
    model = panel.table.model
    assert model.rowCount() == 40
    assert [model.data(model.index(r, 2)) for r in range(4)] == ["spam", "ham", "spam", "ham"]
    panel.table.label_filter.setCurrentIndex(panel.table.label_filter.findData("spam"))
    assert model.rowCount() == 3  # docs 1, 3 and 30 (alice said spam)
    panel.table.label_filter.setCurrentIndex(0)
    selection = panel.table.table.selectionModel()
    panel.table.table.selectRow(4)
    selection.select(model.index(5, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    panel.table.batch_label.setCurrentIndex(panel.table.batch_label.findData("spam"))
    panel.table.apply.click()
    assert model.data(model.index(4, 2)) == "spam" and model.data(model.index(5, 2)) == "spam"

    qtbot.wait(20)  # let the layout settle before the picture
    panel.grab().save(str(screenshot_dir / "label_table.png"))
    panel.tabs.setCurrentWidget(panel.review)
    assert "kappa" in panel.review.summary.text()
    qtbot.wait(20)  # let the layout settle before the picture
    panel.grab().save(str(screenshot_dir / "label_review.png"))
    assert panel.review.items.count() == 1  # document 30
    panel.review.resolve_current("spam")
    assert panel.review.items.count() == 0

    panel.ratios.setText("0.5,0.25,0.25")
    panel.split()  # runs on a worker thread with its own connection
    qtbot.waitUntil(lambda: "Split: train" in panel.message.text(), timeout=10000)
    qtbot.waitUntil(lambda: Changed.SPLITS in recorder.notified, timeout=5000)  # declared by make_splits
    out = tmp_path / "spam.csv"
    panel.export(str(out))
    qtbot.waitUntil(lambda: "Exported 8 documents" in panel.message.text(), timeout=10000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,text,label,split,annotator,schema" and len(lines) == 9


def test_schema_editor_rename_merge_delete_with_confirmation(qtbot, project: Project, tmp_path: Path) -> None:
    create_schema(project, "mood", ["happy", "sad", "glad"])
    add_annotations(project, "mood", [(1, "happy"), (2, "glad"), (3, "sad")], "x")
    panel = LabelPanel(make_context(project, tmp_path)[0])
    qtbot.addWidget(panel)
    editor = panel.editor
    editor.labels.setCurrentRow(2)
    editor.ask_choice = lambda title, prompt, items: "happy"
    editor.merge_label()
    assert [lab.name for lab in get_schema(project, "mood").labels] == ["happy", "sad"]
    editor.labels.setCurrentRow(0)
    editor.ask_text = lambda title, prompt, value: "joyful"
    editor.rename_label()
    assert read_decision(project, get_schema(project, "mood"), 2, "x").labels == ("joyful",)
    asked: list[str] = []
    editor.confirm = lambda title, text: asked.append(text) or False
    editor.labels.setCurrentRow(1)
    editor.delete_label()
    assert "removes 1 annotation" in asked[0]
    assert len(get_schema(project, "mood").labels) == 2  # said no: nothing deleted
    editor.confirm = lambda title, text: True
    editor.delete_label()
    assert [lab.name for lab in get_schema(project, "mood").labels] == ["joyful"]
    warnings: list[str] = []
    editor.warn = warnings.append
    editor.ask_text = lambda title, prompt, value: "meh = 1"
    editor.add_label()  # key 1 is taken by joyful
    assert "already" in warnings[0] or "both use" in warnings[0]
    assert panel.schema_box.count() == 1


def test_editing_the_schema_while_labeling_and_a_vanished_document(qtbot, project: Project, tmp_path: Path) -> None:
    create_schema(project, "spam", ["spam", "ham"])
    panel = LabelPanel(make_context(project, tmp_path)[0])
    qtbot.addWidget(panel)
    panel.show()
    panel.annotator.setText("dee")
    panel.start()
    view = panel.labeling
    qtbot.keyClick(view.text_view, "1")
    panel.editor.labels.setCurrentRow(0)
    panel.editor.ask_text = lambda title, prompt, value: "junk"
    panel.editor.rename_label()
    assert "junk (1)" in [b.text() for b in view._buttons.values()]
    qtbot.keyClick(view.text_view, "1")  # the renamed label, on document 2
    schema = get_schema(project, "spam")
    assert read_decision(project, schema, 2, "dee").labels == ("junk",)
    assert read_decision(project, schema, 1, "dee").labels == ("junk",)
    current = view.item.document_id
    project.db.execute("DELETE FROM documents WHERE id = ?", (current + 1,))  # its source went away
    qtbot.keyClick(view.text_view, "2")  # labels the current one, then the next is missing
    assert read_decision(project, schema, current, "dee").labels == ("ham",)
    assert view.item.document_id == current + 2  # the vanished one is passed over
    qtbot.keyClick(view.text_view, Qt.Key.Key_Left)
    assert view.item.document_id == current


def test_new_schema_dialog_refuses_clashes_and_creates(qtbot, project: Project, dialogs) -> None:
    from llmstudio.gui.panels.label.schema_editor import NewSchemaDialog

    dialog = NewSchemaDialog(project)
    qtbot.addWidget(dialog)
    dialog.name.setText("sentiment")
    dialog.labels.setPlainText("positive = 1\nnegative = 1\n")
    dialog.accept()
    assert dialogs and "both use the shortcut '1'" in dialogs[-1][1]
    assert dialog.schema is None and dialog.result() == 0  # still open, nothing created
    dialog.labels.setPlainText("positive = p\nnegative = n\nneutral\n")
    dialog.kind.setCurrentIndex(dialog.kind.findData("multi"))
    dialog.guidelines.setPlainText("Tick every mood that applies.")
    dialog.accept()
    schema = get_schema(project, "sentiment")
    assert dialog.schema == schema and schema.multi
    assert [(lab.name, lab.shortcut) for lab in schema.labels] == [("positive", "p"), ("negative", "n"), ("neutral", "1")]
    assert schema.guidelines == "Tick every mood that applies."
