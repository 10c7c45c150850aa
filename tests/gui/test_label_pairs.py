"""The Label panel on a pairwise schema: keys A, B, T, S, F and Ctrl+Z, the empty states, and
importing and generating pairs as jobs."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt

from llmstudio.core.changes import Changed
from llmstudio.core.labels.pairs import (
    add_pairs,
    create_pair_schema,
    list_pairs,
    preference_pairs,
    read_answer,
)
from llmstudio.core.labels.schemas import create_schema
from llmstudio.core.project import Project
from llmstudio.gui.context import PanelContext
from llmstudio.gui.jobs import JobRunner
from llmstudio.gui.panels.label.panel import LabelPanel

PAIRS = [("Greet me.", "Hello, friend!", "Go away."), ("Rate the film.", "A lovely film.", "A dull film."),
         ("Weather?", "Sunny and warm.", "Cold rain."), ("", "Once upon a time", "The end.")]


def make_panel(qtbot, project: Project, tmp_path: Path) -> tuple[LabelPanel, list[Changed]]:
    notified: list[Changed] = []
    jobs = JobRunner()
    jobs.notify = notified.append
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    panel = LabelPanel(PanelContext(project, jobs, notified.append, settings, lambda key: None))
    qtbot.addWidget(panel)
    panel.resize(1200, 760)
    panel.show()
    return panel, notified


def choose(panel: LabelPanel, schema: str) -> None:
    panel.schema_box.setCurrentIndex(panel.schema_box.findData(schema))


def test_labeling_pairs_with_keys_and_undo(qtbot, tmp_path: Path, screenshot_dir: Path) -> None:
    with Project.create(tmp_path / "p") as project:
        create_schema(project, "sentiment", ["pos", "neg"])
        add_pairs(project, "prefs", PAIRS, "test")
        ids = [p.id for p in list_pairs(project, "prefs")]
        panel, notified = make_panel(qtbot, project, tmp_path)
        panel.annotator.setText("carol")
        choose(panel, "prefs")
        view = panel.pairs
        assert panel.stack.currentWidget() is view and not panel.order.isEnabled()
        assert view.a_view.toPlainText() == "Hello, friend!" and view.b_view.toPlainText() == "Go away."
        panel.grab().save(str(screenshot_dir / "label_pairs.png"))

        qtbot.keyClick(view.prompt_view, Qt.Key.Key_A)
        qtbot.keyClick(view.a_view, Qt.Key.Key_B)
        assert view.prompt_view.toPlainText() == "Weather?"
        qtbot.keyClick(view.b_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the B
        assert read_answer(project, ids[1], "carol") is None
        assert view.a_view.toPlainText() == "A lovely film."  # shown again
        qtbot.keyClick(view.prompt_view, Qt.Key.Key_T)
        qtbot.keyClick(view.prompt_view, Qt.Key.Key_F)
        assert view.flag_button.isChecked()
        qtbot.keyClick(view.prompt_view, Qt.Key.Key_S)
        qtbot.keyClick(view.prompt_view, Qt.Key.Key_B)
        answers = [read_answer(project, i, "carol") for i in ids]
        assert [(a.choice, a.flagged) for a in answers if a] == [("a", False), ("tie", False), ("skip", True),
                                                                 ("b", False)]
        assert "4 of 4 pairs answered by carol" in view.progress.text()
        assert view.empty.isVisible() and "Every pair of 'prefs' is answered by carol" in view.empty.text()
        qtbot.keyClick(view.prompt_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert view.pair_area.isVisible() and view.prompt_view.toPlainText().startswith("(no prompt")
        qtbot.keyClick(view.prompt_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert read_answer(project, ids[3], "carol").choice == "b"  # type: ignore[union-attr]
        assert [(p.chosen, p.rejected) for p in preference_pairs(project, "prefs")] == [
            ("Hello, friend!", "Go away."), ("The end.", "Once upon a time")]
        qtbot.waitUntil(lambda: any(Changed.LABELS in c for c in notified), timeout=5000)

        panel.annotator.setText("dave")  # a second annotator starts at the first pair
        panel.start()
        qtbot.keyClick(view.prompt_view, Qt.Key.Key_A)
        assert "Agreement carol / dave: kappa" in view.agreement.text()
        choose(panel, "sentiment")  # a document schema brings the document views back
        assert panel.stack.currentWidget() is panel.tabs and panel.order.isEnabled()
        panel.context.jobs.wait_all()


def test_empty_state_import_and_generate_as_jobs(qtbot, tokenized_project: Project, tiny_overrides: list[str],
                                                 tmp_path: Path) -> None:
    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run, train_run

    project = tokenized_project
    create_pair_schema(project, "empty")
    panel, _ = make_panel(qtbot, project, tmp_path)
    choose(panel, "empty")
    assert "'empty' has no pairs yet" in panel.pairs.empty.text() and "Import pairs" in panel.pairs.empty.text()

    source = tmp_path / "pairs.jsonl"
    source.write_text("".join(json.dumps({"prompt": f"p{i}", "chosen": f"good {i}", "rejected": f"bad {i}"}) + "\n"
                              for i in range(5)), encoding="utf-8")
    panel.import_pairs(str(source))
    qtbot.waitUntil(lambda: "5 of 5" in panel.pairs.progress.text() or "0 of 5" in panel.pairs.progress.text(),
                    timeout=10_000)
    assert len(preference_pairs(project, "empty")) == 5 and "Imported 5 pairs" in panel.message.text()

    run_id = create_run(project, RunConfig().with_overrides(tiny_overrides))
    train_run(project, run_id, device="cpu")
    job = panel.generate_pairs(run_id, ["Call me Ishmael.", "The whale"], 2)
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=60_000)
    qtbot.waitUntil(lambda: "pairs from run" in panel.message.text(), timeout=5_000)
    assert {p.prompt for p in list_pairs(project, "empty")} >= {"p0"}
    assert len(list_pairs(project, "empty")) >= 6
    panel.context.jobs.wait_all()
