"""What a newcomer tripped over (issue 17), each point replayed as a user would meet it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QSpinBox

from llmstudio.core.project import Project
from llmstudio.gui.main_window import MainWindow


@pytest.fixture
def opened(window: MainWindow, tmp_path: Path) -> MainWindow:
    project = Project.create(tmp_path / "project")
    project.close()
    assert window.open_project(tmp_path / "project")
    return window


def _shown_texts(root) -> str:  # type: ignore[no-untyped-def]
    """Every visible label's text under ``root``: what a person reads, whatever the widget is called."""
    from PySide6.QtWidgets import QLabel

    return "\n".join(w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root))


def _set_int(form, name: str, value: int) -> None:
    editor = form.editor(name)
    assert isinstance(editor, QSpinBox)
    editor.setValue(value)


def _set_text(form, name: str, text: str) -> None:
    editor = form.editor(name)
    assert isinstance(editor, QLineEdit)
    editor.setText(text)
    editor.editingFinished.emit()


# 1 ------------------------------------------------------------------------------------------------
def test_1_invalid_model_settings_block_start_with_the_reason(qtbot, window: MainWindow, tokenized_project,
                                                              dialogs) -> None:
    from llmstudio.core.runs import list_runs

    assert window.open_project(tokenized_project.root)
    opened = window
    model, train = opened.panels["model"], opened.panels["train"]
    assert train.start_button.isEnabled()
    _set_int(model.model_form, "n_layer", 3)
    assert "3 layers" in train.config_label.text()  # the Train summary follows the form
    sizes = model.size_label.text()
    _set_int(model.model_form, "n_head", 3)  # does not divide d_model
    assert "n_head" in model.error_label.text()
    assert model.size_label.text() != sizes  # no stale figures of the last valid config
    assert not train.start_button.isEnabled()
    assert "n_head" in train.start_button.toolTip() and "n_head" in train.config_label.text()
    train.start_new_run()
    assert list_runs(opened.project) == [] and "n_head" in dialogs[-1][1]  # nothing trained with the old settings
    _set_int(model.model_form, "n_head", 4)
    assert train.start_button.isEnabled()
    _set_text(model.train_form, "lr", "-1")
    assert "train.lr" in train.config_label.text() and not train.start_button.isEnabled()


# 7 ------------------------------------------------------------------------------------------------
def _model_panel_settled(qtbot, opened: MainWindow):  # type: ignore[no-untyped-def]
    """The Model panel shown, its first automatic estimate started and stopped again."""
    model = opened.panels["model"]
    opened.show_panel("model")
    qtbot.waitUntil(lambda: model.device.count() > 0, timeout=30_000)
    qtbot.waitUntil(lambda: model._estimate_job is None and not model._estimate_timer.isActive()
                    or model._estimate_job is not None, timeout=10_000)
    if model._estimate_job is not None:
        model._estimate_job.cancel()
        qtbot.waitUntil(lambda: model._estimate_job is None, timeout=60_000)
    return model


def test_7_timing_steps_waits_for_training(qtbot, opened: MainWindow) -> None:
    import threading

    model = _model_panel_settled(qtbot, opened)
    release = threading.Event()
    training = opened.jobs.run("Training run 1", lambda progress, cancel: release.wait(60))
    _set_int(model.model_form, "n_layer", 3)  # a change during training
    assert not model._estimate_timer.isActive()
    model.start_estimate()
    assert model._estimate_job is None and "another job" in model.estimate_label.text()
    release.set()
    qtbot.waitUntil(lambda: not training.running, timeout=10_000)


def test_7_timing_steps_stays_cancelled_after_cancel_all(qtbot, opened: MainWindow) -> None:
    model = _model_panel_settled(qtbot, opened)
    assert not model._estimate_timer.isActive()
    model.start_estimate()  # what "Measure" does
    assert model._estimate_job is not None
    opened.jobs.cancel_all()
    qtbot.waitUntil(lambda: model._estimate_job is None, timeout=60_000)
    assert not model._estimate_timer.isActive()  # no restart after Cancel all
    assert "cancelled" in model.estimate_label.text()


def test_7_timing_steps_never_blocks_quitting(qtbot, opened: MainWindow, dialogs) -> None:
    model = _model_panel_settled(qtbot, opened)
    model.start_estimate()
    assert model._estimate_job is not None
    opened.close()  # a running estimate does not ask "jobs are running"
    assert not [d for d in dialogs if "running" in (d[0] + d[1]).lower()]


# 2 ------------------------------------------------------------------------------------------------
def test_2_failed_and_repeated_imports_leave_no_empty_sources(qtbot, opened: MainWindow, tmp_path: Path) -> None:
    import os

    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "ok.txt").write_text("Call me Ishmael. Some years ago, never mind how long precisely.")
    (folder / "blob.bin").write_bytes(b"\0\1\2" + os.urandom(3000))
    (folder / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(64))
    (folder / "empty.txt").write_text("")
    sources = opened.panels["sources"]

    def run_import(paths: list[str]) -> None:
        dialog = sources.import_paths([])
        dialog.paths.clear()
        dialog.preview = None
        dialog.add_paths(paths)
        qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._timer.isActive(), timeout=30_000)
        dialog.start_import()  # what Import does (even where the button is disabled, as the CLI would)
        qtbot.waitUntil(lambda: not dialog.importing, timeout=30_000)

    run_import([str(folder / "ok.txt")])
    for paths in ([str(folder / "ok.txt")], [str(folder / "blob.bin")], [str(folder / "pic.png")],
                  [str(folder / "empty.txt")], ["http://127.0.0.1:9/unreachable"]):
        run_import(paths)
    assert sources.sources.rowCount() == 1  # only the source that holds a document

    dialog = sources.import_paths([])
    dialog.paths.clear()
    dialog.preview = None
    dialog.add_paths([str(folder / "blob.bin"), str(folder / "pic.png")])
    qtbot.waitUntil(lambda: dialog.preview is not None and bool(dialog.preview.problems), timeout=30_000)
    assert not dialog.import_button.isEnabled()  # the preview rejected every file
    assert "format: txt" not in dialog.detected.text() and "rejected" in dialog.detected.text()
    dialog.reject()
    assert not sources.empty.isVisibleTo(sources)  # a project with a source shows it, not the empty state


# 3 ------------------------------------------------------------------------------------------------
def test_3_clean_and_tokenizer_say_when_their_input_changed(qtbot, window: MainWindow, tokenized_project,
                                                             demo_corpus: Path) -> None:
    from llmstudio.core.changes import Changed
    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.sources.importer import import_paths

    assert window.open_project(tokenized_project.root)
    clean, tokenizer = window.panels["clean"], window.panels["tokenizer"]
    snapshot = tokenized_project.latest_snapshot_id()
    import_paths(tokenized_project, sorted(demo_corpus.glob("*.txt"))[8:10])  # new documents arrive
    window.notify(Changed.DOCUMENTS | Changed.SOURCES)
    assert "2 new" in _shown_texts(clean) and "arrived" in _shown_texts(tokenizer)  # both panels say so
    headers = [tokenizer.table.horizontalHeaderItem(c).text() for c in range(tokenizer.table.columnCount())]
    assert "snapshot" in headers and tokenizer.table.item(0, headers.index("snapshot")).text() == str(
        snapshot)  # the table says which snapshot the tokenizer used
    assert clean.stale.isVisibleTo(clean) and "2 new" in clean.stale.label.text()
    assert tokenizer.stale.isVisibleTo(tokenizer) and "arrived" in tokenizer.stale.label.text()
    tokenizer.stale.button.click()
    assert window.current_panel() is clean  # the step that brings it up to date

    run_recipe(tokenized_project, preset("Minimal"))
    window.notify(Changed.SNAPSHOTS)
    assert not clean.stale.isVisibleTo(clean)
    assert tokenizer.stale.isVisibleTo(tokenizer) and "newer" in tokenizer.stale.label.text()


# 4 ------------------------------------------------------------------------------------------------
def test_4_a_capped_vocabulary_and_thin_data_are_pointed_out(qtbot, window: MainWindow, cleaned_project) -> None:
    from dataclasses import replace

    from llmstudio.gui.i18n import human_number

    assert window.open_project(cleaned_project.root)
    tokenizer = window.panels["tokenizer"]
    tokenizer.vocab_size.setValue(1_000_000)
    tokenizer.train_button.click()
    qtbot.waitUntil(lambda: bool(cleaned_project.tokenizers()) and tokenizer.table.rowCount() > 0, timeout=120_000)
    got = cleaned_project.tokenizers()[-1]
    assert got.vocab_size < 1_000_000
    qtbot.waitUntil(lambda: human_number(got.vocab_size) in _shown_texts(tokenizer), timeout=5_000)
    assert human_number(1_000_000) in _shown_texts(tokenizer)  # the panel says it was capped, with both sizes
    text = tokenizer.notice.text()
    assert human_number(1_000_000) in text and human_number(got.vocab_size) in text
    assert "training tokens" in text  # the vocabulary is close to the number of training tokens
    tokenizer._cap_message = ""
    tokenizer._show_notices([replace(got, vocab_size=500, train_tokens=500_000, val_tokens=300)])
    assert "validation set has only 300 tokens" in tokenizer.notice.text()  # a tiny validation set
    assert "training tokens" not in tokenizer.notice.text()


@pytest.fixture
def short_documents_run(tmp_path: Path, tiny_overrides: list[str]):
    """A tiny model trained on many one-line documents: it learns to end documents often."""
    import random

    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.sources.importer import ImportOptions, import_paths
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run, train_run

    words = "the whale sea ship captain rope sail storm harbour night deck crew wind".split()
    rng = random.Random(0)
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 6))).capitalize() + "." for _ in range(3000)]
    corpus = tmp_path / "lines.txt"
    corpus.write_text("\n".join(lines))
    project = Project.create(tmp_path / "short")
    import_paths(project, [corpus], ImportOptions(split="line", skip_duplicates=False))
    run_recipe(project, preset("Minimal"))
    train_tokenizer(project, TokenizerSettings(vocab_size=60))
    config = RunConfig().with_overrides([*tiny_overrides, "train.max_steps=60"])
    run_id = create_run(project, config)
    train_run(project, run_id, device="cpu")
    yield project, run_id
    project.close()


# 5 ------------------------------------------------------------------------------------------------
def test_5_a_sample_that_ends_its_document_says_so_and_the_seed_repeats_it(
        qtbot, window: MainWindow, short_documents_run) -> None:
    project, run_id = short_documents_run
    assert window.open_project(project.root)
    evaluate = window.panels["evaluate"]
    evaluate.prompt.setPlainText("The whale")
    evaluate.max_tokens.setValue(400)
    evaluate.playground.seed.setValue(7)
    evaluate.generate_button.click()
    qtbot.waitUntil(lambda: evaluate.generate_button.isEnabled() and bool(evaluate.output.toPlainText()),
                    timeout=60_000)
    first = evaluate.output.toPlainText()
    assert "end of a document" in _shown_texts(evaluate)  # the sample stopped at end-of-document, and says so
    assert "end of a document" in evaluate.playground.stop_note.text()
    evaluate.output.clear()
    evaluate.playground.stop_note.clear()
    evaluate.generate_button.click()
    qtbot.waitUntil(lambda: evaluate.generate_button.isEnabled() and bool(evaluate.output.toPlainText()),
                    timeout=60_000)
    assert evaluate.output.toPlainText() == first  # same seed, same sample


# 6 ------------------------------------------------------------------------------------------------
def test_6_overfitting_is_pointed_out_early_stopping_is_on_and_evaluate_uses_the_best(
        qtbot, window: MainWindow, short_documents_run) -> None:
    from llmstudio.core.training.config import RunConfig

    project, run_id = short_documents_run
    assert RunConfig().train.early_stop_patience > 0  # early stopping is on by default
    project.db.execute("UPDATE runs SET train_loss = 0.13, val_loss = 9.67 WHERE id = ?", (run_id,))
    assert window.open_project(project.root)
    train, evaluate = window.panels["train"], window.panels["evaluate"]
    train.runs.selectRow(0)
    assert "Overfitting" in train.advice_label.text() and "0.13" in train.advice_label.text()
    assert "Overfitting" in evaluate.metrics.text()
    assert evaluate.checkpoint.currentData() == "best"
    assert window.panels["model"].train_form.editor("early_stop_patience").value() > 0


# 9 ------------------------------------------------------------------------------------------------
def test_9_dialogs_name_the_apps_controls_not_cli_commands_and_start_with_a_capital(
        qtbot, opened: MainWindow, tmp_path: Path, dialogs) -> None:
    opened.panels["train"].start_new_run()  # no tokenizer yet
    title, text = dialogs[-1]
    assert "llmstudio " not in text and "Tokenizer panel" in text
    assert text[0].isupper()
    missing = tmp_path / "moved-away"
    opened.settings.setValue("recent/projects", [str(missing), *opened._recent()])
    assert not opened.open_project(missing)
    assert str(missing) not in opened._recent()
    assert "llmstudio new" not in dialogs[-1][1]


# 8 ------------------------------------------------------------------------------------------------
def test_8_the_run_table_selects_the_new_run_and_follows_its_live_figures(
        qtbot, window: MainWindow, short_documents_run, tiny_overrides: list[str]) -> None:
    from llmstudio.core.training.config import RunConfig

    project, first_run = short_documents_run
    long = RunConfig().with_overrides([*tiny_overrides, "train.max_steps=100000", "train.log_interval=2",
                                       "train.eval_interval=1000", "train.early_stop_patience=0"])
    project.set_setting("run_config", long.to_dict())
    assert window.open_project(project.root)
    window.show_panel("train")
    train = window.panels["train"]
    train.runs.selectRow(0)
    assert train._selected_run() == first_run
    train.start_button.click()
    qtbot.waitUntil(lambda: train.plot.point_count("train") >= 4, timeout=60_000)
    assert train._selected_run() == train.active_run != first_run  # the new run, not the previous one
    row = [train.runs.item(r, 0).text() for r in range(train.runs.rowCount())].index(str(train.active_run))
    live_step = train.stats["step"].text().split(" / ")[0].replace(",", "")
    assert train.runs.item(row, 3).text() == live_step != "0"  # the table shows the live step
    train.stop_button.click()
    qtbot.waitUntil(lambda: train.job is None, timeout=60_000)


# 10 -----------------------------------------------------------------------------------------------
def test_10_an_empty_project_disables_what_cannot_run_and_says_what_to_do(qtbot, opened: MainWindow) -> None:
    from tests.gui.ui_audit import inputs_without_tooltip

    panels = opened.panels
    assert not panels["sources"].remove_button.isEnabled() and not panels["sources"].all_button.isEnabled()
    assert not panels["clean"].run_button.isEnabled() and not panels["clean"].preview_button.isEnabled()
    assert not panels["tokenizer"].train_button.isEnabled()
    assert not panels["train"].start_button.isEnabled() and "tokenizer" in panels["train"].start_button.toolTip()
    assert not panels["evaluate"].generate_button.isEnabled()
    assert not panels["experiments"].start_button.isEnabled()
    for key in ("sources", "clean", "label", "tokenizer", "train", "evaluate", "experiments"):
        assert panels[key].empty.isVisibleTo(panels[key]), key  # a hint and the button to the next step
    assert panels["train"].plot.hint.text() and "Start" in panels["train"].plot.hint.text()
    assert not panels["clean"].progress.isVisibleTo(panels["clean"])  # no idle bar that looks like a text field
    help_menu = opened.menuBar().actions()[-1].menu()
    assert len(help_menu.actions()) >= 4
    for key, panel in panels.items():
        opened.show_panel(key)
        assert not inputs_without_tooltip(panel), key


def test_10_sizes_counts_dates_flops_scope_and_memory_read_well(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from llmstudio.core.sources.importer import import_paths
    from llmstudio.gui.i18n import human_size
    from tests.gui.ui_audit import clipped

    text = tmp_path / "one.txt"
    text.write_text("Call me Ishmael. " * 2060)  # 35 KB
    project = Project.create(tmp_path / "p")
    import_paths(project, [text])
    project.close()
    assert window.open_project(tmp_path / "p")
    window.resize(1024, 640)
    sources = window.panels["sources"]
    assert sources.sources.item(0, 5).text() == human_size(text.stat().st_size) and "kB" in human_size(35_000)
    assert "1 source," in sources.summary.text() and "1 document" in sources.summary.text()
    imported = sources.sources.item(0, 7).text()
    assert "T" not in imported and ":" in imported  # a local date and time, not an ISO stamp
    browser = sources.browser
    assert browser.scope.text() == "In all documents:"
    sources.sources.selectRow(0)
    assert browser.scope.text() == "In source 1 only:"  # a search covers what the label says
    model = window.panels["model"]
    _set_int(model.train_form, "max_steps", 100_000_000)
    _set_int(model.model_form, "n_layer", 48)
    import re

    assert not re.search(r"\d{4,}(\.\d+)? ?[kMGTPE]?FLOPs", model.size_label.text())  # not "6424477.76T FLOPs"
    _set_int(model.model_form, "n_layer", 1)  # small again: the time estimate of a 48-layer model is slow to stop
    assert "Train panel" in model.size_label.toolTip()  # the two memory figures explain each other
    assert "Model panel" in window.panels["train"].stats["memory"].toolTip()
    dialog = sources.import_paths([])
    assert not dialog.progress.isVisibleTo(dialog)
    dialog.reject()
    for key, panel in window.panels.items():
        window.show_panel(key)
        assert not clipped(panel), key
