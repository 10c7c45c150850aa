"""The Clean panel as a person uses it: pick a preset, edit the recipe, preview, run, and
check the funnel and the removed-documents table against the database."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSpinBox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

from cleaning_helpers import CHINESE_PROSE, add_documents, distinct_paragraphs  # noqa: E402

from llmstudio.core.changes import Changed  # noqa: E402
from llmstudio.core.cleaning.recipe import PRESETS, Recipe  # noqa: E402
from llmstudio.core.project import Project  # noqa: E402
from llmstudio.gui.jobs import JobRunner  # noqa: E402
from llmstudio.gui.panels.clean.panel import CleanPanel  # noqa: E402


@dataclass
class Context:
    project: Project
    jobs: JobRunner
    settings: QSettings
    notified: list[Changed] = field(default_factory=list)
    panel: CleanPanel | None = None

    def notify(self, changed: Changed) -> None:
        """As the main window does: record, then hand the flags to the panel."""
        self.notified.append(changed)
        if self.panel is not None:
            self.panel.refresh(changed)

    def show_panel(self, name: str) -> None:
        pass


@pytest.fixture
def panel(qtbot, tmp_path):
    project = Project.create(tmp_path / "proj")
    texts = distinct_paragraphs(30)
    texts += [texts[0], texts[1], "too short", "• one\n• two\n• three", CHINESE_PROSE]
    add_documents(project, texts)
    jobs = JobRunner()
    context = Context(project, jobs, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    jobs.notify = context.notify
    widget = CleanPanel(context)
    context.panel = widget
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    jobs.wait_all()
    project.close()


def _wait_idle(qtbot, panel):
    qtbot.waitUntil(lambda: panel.run_button.isEnabled() and not panel.context.jobs.active_jobs(), timeout=60_000)


def test_edit_preview_run_and_check_funnel_and_removed_table_against_db(qtbot, panel):
    editor = panel.editor
    index = list(PRESETS).index("Gopher")
    editor.source.setCurrentIndex(index)
    editor.source.activated.emit(index)
    assert [s.step for s in editor.recipe().steps] == [s.step for s in PRESETS["Gopher"].steps]

    # add a step from the menu, as a user would, and change one of its settings
    menu_action = next(a for sub in editor.add_button.menu().actions() if sub.menu()
                       for a in sub.menu().actions() if a.text().endswith("(min_length)"))
    editor.steps.setCurrentRow(editor.steps.count() - 1)
    menu_action.trigger()
    spin = editor.form.findChild(QSpinBox, "setting_min_chars")
    spin.setValue(300)
    editor.up_button.click()
    recipe = editor.recipe()
    assert [s.step for s in recipe.steps][-2:] == ["min_length", "gopher_quality"]
    assert recipe.steps[-2].settings == {"min_chars": 300}
    tip = editor.form.findChild(QSpinBox, "setting_min_chars").toolTip()
    assert "Default: 20" in tip  # every setting shows its default and where it comes from

    # preview: per-rule counts on a sample, nothing written
    panel.preview_button.click()
    _wait_idle(qtbot, panel)
    steps_table = panel.preview_view.steps
    assert steps_table.rowCount() == len(recipe.steps)
    removed_by_dedup = int(steps_table.item(1, 1).text())
    assert removed_by_dedup == 2
    assert panel.preview_view.examples.rowCount() >= 2
    assert panel.context.project.count("SELECT count(*) FROM snapshots") == 0

    # run with a name: progress, funnel and removed table
    panel.snapshot_name.setText("gui-run")
    panel.run_button.click()
    _wait_idle(qtbot, panel)
    project = panel.context.project
    snapshot_id, kept_count = project.db.execute(
        "SELECT id, kept_count FROM snapshots WHERE name = 'gui-run' AND status = 'complete'").fetchone()
    assert panel.current_snapshot() == snapshot_id
    assert "docs/s" in panel.progress_label.text()
    assert Changed.SNAPSHOTS in panel.context.notified  # declared by run_recipe, not guessed by the panel

    total = project.document_count()
    stages = panel.funnel.stages
    assert [s.label for s in stages] == ["input", *(s.step for s in recipe.steps)]
    left = total
    expected = [total]
    for spec in recipe.steps:
        left -= project.count("SELECT count(*) FROM snapshot_documents WHERE snapshot_id = ? AND step = ?",
                              (snapshot_id, spec.step))
        expected.append(left)
    assert [s.documents for s in stages] == expected
    assert stages[-1].documents == kept_count

    removed = panel.removed
    assert removed.table.rowCount() == total - kept_count
    reason_index = next(i for i in range(removed.reason.count())
                        if removed.reason.itemData(i) == ("exact_dedup", "exact duplicate of an earlier document"))
    removed.reason.setCurrentIndex(reason_index)
    db_ids = [r[0] for r in project.db.execute(
        "SELECT document_id FROM snapshot_documents WHERE snapshot_id = ? AND step = 'exact_dedup' ORDER BY document_id",
        (snapshot_id,))]
    assert [int(removed.table.item(r, 0).text()) for r in range(removed.table.rowCount())] == db_ids

    # before/after of a removed document, then force-keep it
    removed.table.selectRow(0)
    assert "removed by exact_dedup" in panel.diff.title.text()
    removed.keep_button.click()
    assert project.kept_document_count(snapshot_id) == kept_count + 1
    assert removed.table.rowCount() == len(db_ids) - 1

    # near-duplicate pairs appear in the duplicates tab
    assert panel.duplicates.table.rowCount() == 2

    # change one's mind: load the snapshot's recipe back into the editor
    editor.set_recipe(PRESETS["Minimal"])
    panel.reuse_button.click()
    assert editor.recipe() == recipe


def test_recipe_export_import_and_save(qtbot, panel, tmp_path):
    editor = panel.editor
    index = list(PRESETS).index("FineWeb")
    editor.source.setCurrentIndex(index)
    editor.source.activated.emit(index)
    editor.name.setText("My FineWeb")
    path = tmp_path / "mine.toml"
    panel.export_recipe(path)
    assert Recipe.load(path).name == "My FineWeb"
    editor.set_recipe(PRESETS["Minimal"])
    panel.import_recipe(path)
    assert editor.recipe() == Recipe("My FineWeb", PRESETS["FineWeb"].steps)
    panel.save_button.click()
    assert any(editor.source.itemText(i) == "saved: My FineWeb" for i in range(editor.source.count()))


def test_cancel_keeps_previous_snapshot(qtbot, panel, monkeypatch):
    from llmstudio.core.cleaning import pipeline

    project = panel.context.project
    add_documents(project, distinct_paragraphs(60) * 20)
    panel.run_button.click()
    _wait_idle(qtbot, panel)
    assert project.count("SELECT count(*) FROM snapshots") == 1
    monkeypatch.setattr(pipeline, "BATCH", 4)
    panel.editor.set_recipe(PRESETS["FineWeb"])
    panel.run_button.click()
    panel.cancel_button.click()
    _wait_idle(qtbot, panel)
    assert project.count("SELECT count(*) FROM snapshots") == 1
    assert "cancelled" in panel.progress_label.text()


def test_every_step_can_be_added_edited_and_previewed(qtbot, panel):
    from llmstudio.core.cleaning.steps import STEP_TYPES

    editor = panel.editor
    editor.set_recipe(Recipe("all", ()))
    actions = [a for sub in editor.add_button.menu().actions() if sub.menu() for a in sub.menu().actions()]
    for action in actions:
        action.trigger()
    recipe = editor.recipe()
    assert sorted(s.step for s in recipe.steps) == sorted(STEP_TYPES)
    for row in range(editor.steps.count()):
        editor.steps.setCurrentRow(row)  # builds the step's form; every setting has a typed editor and a tooltip
        assert editor.form is not None
        assert all("Default:" in spin.toolTip() for spin in editor.form.findChildren(QSpinBox))
    recipe.check()
    panel.preview_button.click()
    _wait_idle(qtbot, panel)
    assert panel.preview_view.steps.rowCount() == len(STEP_TYPES)
