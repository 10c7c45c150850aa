"""The Model panel's Import model... and Export... dialogs, driven as a user would."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox

from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs
from llmstudio.gui.context import PanelContext
from llmstudio.gui.jobs import JobRunner
from llmstudio.gui.panels.model.interop import ExportDialog, ImportModelDialog
from llmstudio.gui.panels.model.panel import ModelPanel

pytest.importorskip("transformers")

from tests.core.test_hf_import import make_model  # noqa: E402


def _context(project: Project, tmp_path: Path) -> PanelContext:
    jobs = JobRunner()
    notified: list[object] = []
    jobs.notify = notified.append
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return PanelContext(project, jobs, notified.append, settings, lambda key: None)


def test_import_dialog_describes_the_folder_and_the_panel_imports_and_exports(
        qtbot, cleaned_project: Project, tmp_path: Path) -> None:
    source = make_model(tmp_path / "made")
    dialog = ImportModelDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.source.setText(str(tmp_path / "nowhere"))
    assert not ok.isEnabled()
    dialog.source.setText(str(source))
    text = dialog.details.text()
    assert "LlamaForCausalLM" in text and "tokenizer.json" in text and "LICENSE" in text and "Parameters" in text
    assert ok.isEnabled()

    panel = ModelPanel(_context(cleaned_project, tmp_path))
    qtbot.addWidget(panel)
    panel.start_import(str(source), "made")
    qtbot.waitUntil(lambda: len(list_runs(cleaned_project)) == 1, timeout=60_000)
    qtbot.waitUntil(lambda: panel.imported.count() == 1, timeout=10_000)
    assert not panel.imported_form.isEnabled()
    assert panel.imported_form.values()["n_kv_head"] == 2  # the imported config, shown read-only

    export = ExportDialog(cleaned_project)
    qtbot.addWidget(export)
    assert "LlamaForCausalLM" in export.details.text() and "LICENSE" in export.details.text()
    export.format.setCurrentIndex(1)
    assert export.dtype.currentText() == "f16"
    export.out.setText(str(tmp_path / "model.gguf"))
    assert export.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    run_id, fmt, dtype, which, out = export.choice()
    panel.start_export(run_id, fmt, dtype, which, out)
    qtbot.waitUntil(lambda: (tmp_path / "model.gguf").is_file(), timeout=60_000)
