"""Message boxes and the Label panel's small dialogs in Simplified Chinese at 1024x640.

Confirmations, warnings and the unexpected-error dialog are raised through the app's own
actions (remove a source, delete a run, start with invalid settings, open a folder that is
not a project, rename, merge or delete a label...). Each static ``QMessageBox`` /
``QInputDialog`` / ``QFileDialog`` call is answered by building the same dialog for real,
showing it, saving tests/gui/screenshots/zh_dialog_*.png and checking it like the panels:
no English interface words, nothing clipped. Questions are answered No (and input dialogs
cancelled), so the project is left as it was.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from llmstudio.core.project import Project
from llmstudio.gui.i18n import install_language
from llmstudio.gui.main_window import MainWindow
from tests.gui.ui_audit import clipped, untranslated

# The project's own words (label names, annotators, the schema, a typed value): content, not interface.
USER_WORDS = {"sea", "land", "ship", "ana", "ben", "topic", "oops", "plain"}
ICONS = {"warning": QMessageBox.Icon.Warning, "critical": QMessageBox.Icon.Critical,
         "information": QMessageBox.Icon.Information, "question": QMessageBox.Icon.Question}


class Shots:
    """Shows each dialog the app asks for, saves it and collects what a reviewer would flag."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[str] = []
        self.names: list[str] = []
        self.prefix = ""

    def check(self, name: str, dialog: QWidget) -> None:
        dialog.show()
        for _ in range(3):
            QApplication.processEvents()
        slug = f"{self.prefix}{len(self.names):02d}_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")  # ASCII file names
        self.names.append(slug)
        dialog.grab().save(str(self.folder / f"zh_dialog_{slug}.png"))
        self.problems += [f"[{name}] English: {p}" for p in untranslated(dialog, USER_WORDS)]
        self.problems += [f"[{name}] clipped: {p}" for p in clipped(dialog)]
        if dialog.width() > 1024 or dialog.height() > 640:
            self.problems.append(f"[{name}] {dialog.width()}x{dialog.height()} does not fit 1024x640")
        dialog.close()


@pytest.fixture
def shots(window: MainWindow, dialogs, monkeypatch: pytest.MonkeyPatch, screenshot_dir: Path) -> Shots:
    """Chinese interface; every message box, input dialog and file dialog is shown for real and audited."""
    from llmstudio.gui.i18n import CJK_FONT_PACKAGES, cjk_font_families

    if not cjk_font_families():
        pytest.fail(f"No installed font has Chinese characters, so these screenshots would show empty boxes. "
                    f"Install {CJK_FONT_PACKAGES} (.ci/run does where apt-get may be used).")
    window.set_language("zh_CN")
    recorder = Shots(screenshot_dir)

    def box(kind: str):  # type: ignore[no-untyped-def]
        def show(parent: QWidget | None, title: str, text: str, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
            buttons = (QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No if kind == "question"
                       else QMessageBox.StandardButton.Ok)
            message = QMessageBox(ICONS[kind], title, text, buttons, parent)
            dialogs.append((title, text))
            recorder.check(f"{kind} {title}", message)
            return QMessageBox.StandardButton.No if kind == "question" else QMessageBox.StandardButton.Ok
        return show

    for kind in ICONS:
        monkeypatch.setattr(QMessageBox, kind, staticmethod(box(kind)))

    def get_text(parent: QWidget | None, title: str, label: str, *args: Any, text: str = "", **kwargs: Any):  # type: ignore[no-untyped-def]
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        recorder.check(f"input {title}", dialog)
        return "", False

    def get_item(parent: QWidget | None, title: str, label: str, items: list[str], *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setComboBoxItems(items)
        recorder.check(f"choice {title}", dialog)
        return "", False

    def get_double(parent: QWidget | None, title: str, label: str, value: float = 0.0, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setDoubleDecimals(int(kwargs.get("decimals", 6)))
        dialog.setDoubleValue(value)
        recorder.check(f"number {title}", dialog)
        return value, False

    def file_dialog(kind: str):  # type: ignore[no-untyped-def]
        def show(parent: QWidget | None = None, caption: str = "", directory: str = "", filter: str = "",  # noqa: A002
                 *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
            dialog = QFileDialog(parent, caption, directory, filter)
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
            if kind == "save":
                dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            elif kind == "folder":
                dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.resize(900, 560)
            recorder.check(f"file {caption}", dialog)
            return "" if kind == "folder" else ("", "")
        return show

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(get_double))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(file_dialog("save")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(file_dialog("open")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(file_dialog("folder")))
    yield recorder
    install_language("en")


@pytest.fixture
def labeled_project(tokenized_project: Project) -> Project:
    from llmstudio.core.labels.annotations import add_annotations
    from llmstudio.core.labels.schemas import create_schema

    create_schema(tokenized_project, "topic", ["sea", "land", "ship"], guidelines="Where the chapter is set.")
    ids = [row[0] for row in tokenized_project.db.execute("SELECT id FROM documents ORDER BY id LIMIT 4")]
    add_annotations(tokenized_project, "topic", [(i, "sea") for i in ids[:2]], annotator="ana")
    add_annotations(tokenized_project, "topic", [(ids[0], "land")], annotator="ben")
    return tokenized_project


def test_message_boxes_in_chinese(qtbot, window: MainWindow, shots: Shots, labeled_project: Project,
                                  tmp_path: Path) -> None:
    from llmstudio.gui.errors import show_error_dialog

    shots.prefix = "box"
    assert window.open_project(labeled_project.root)
    window.resize(1024, 640)
    sources = window.panels["sources"]
    window.show_panel("sources")
    sources.sources.selectRow(0)
    sources._on_remove()  # a confirmation (answered No)
    model, train = window.panels["model"], window.panels["train"]
    model.model_form.editor("n_head").setValue(3)  # invalid: does not divide d_model
    train.start_new_run()  # an error naming the setting
    model.model_form.editor("n_head").setValue(4)
    window.show_panel("train")
    train.runs.selectRow(0)
    train.delete_selected()  # a confirmation (answered No)
    train._on_export()  # the folder dialog (cancelled)
    not_a_project = tmp_path / "plain"
    not_a_project.mkdir()
    window.open_project(not_a_project)  # a warning
    show_error_dialog(window, "RuntimeError: the slot broke", "Traceback ...")  # the unexpected-error dialog
    error = window.findChild(QMessageBox, "unexpectedError")
    assert error is not None
    shots.check("unexpected error", error)
    window.panels["sources"].import_paths([]).reject()
    assert len(shots.names) >= 4, shots.names
    assert not shots.problems, "\n".join(shots.problems)


def test_label_panel_and_its_dialogs_in_chinese(qtbot, window: MainWindow, shots: Shots,
                                                labeled_project: Project, screenshot_dir: Path) -> None:
    from llmstudio.gui.panels.label.schema_editor import NewSchemaDialog

    shots.prefix = "label"
    assert window.open_project(labeled_project.root)
    window.resize(1024, 640)
    window.show_panel("label")
    label = window.panels["label"]
    label.start()
    for index in range(label.tabs.count()):  # labeling, table, review, schema editor
        label.tabs.setCurrentIndex(index)
        for _ in range(3):
            QApplication.processEvents()
        window.grab().save(str(screenshot_dir / f"zh_label_tab{index}.png"))
        shots.problems += [f"[label tab {index}] English: {p}" for p in untranslated(label, USER_WORDS)]
        shots.problems += [f"[label tab {index}] clipped: {p}" for p in clipped(label)]
    new = NewSchemaDialog(labeled_project, window)
    shots.check("new schema", new)
    editor = label.editor
    editor.labels.setCurrentRow(0)
    editor.rename_label()  # an input dialog
    editor.change_shortcut()
    editor.merge_label()  # a choice
    editor.delete_label()  # a confirmation (answered No)
    editor.add_label()
    new.name.setText("topic")  # the name is taken: a warning from the dialog itself
    new.labels.setPlainText("a\nb")
    new.accept()
    label.ratios.setText("0.5,oops")
    label.split()  # a bad ratio says so in the panel
    shots.problems += [f"[split] English: {p}" for p in untranslated(label, USER_WORDS)]
    label.export()  # the save dialog (cancelled)
    window.panels["clean"]._on_import_clicked()  # the open dialog (cancelled)
    names = " ".join(shots.names)
    for expected in ("new_schema", "input", "choice", "question", "file"):
        assert expected in names, (expected, shots.names)
    assert not shots.problems, "\n".join(shots.problems)
