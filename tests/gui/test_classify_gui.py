"""The active-learning loop in the app: label in the Label view, train a classifier from the
Train panel, open a confusion-matrix cell in Evaluate, fix a mislabelled document, retrain,
and see the least-confident queue follow the new predictions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

from classify_helpers import GOOD, reviews  # noqa: E402

from llmstudio.core.project import Project  # noqa: E402
from llmstudio.core.runs import list_runs

TINY = ("model.n_layer=1 model.n_head=2 model.d_model=32 train.threads=1 train.lr=0.005 train.min_lr=0.0005 "
        "train.batch_size=16 train.eval_interval=5 classify.max_length=32")


def _project(folder: Path) -> None:
    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.labels.schemas import LabelSpec, create_schema
    from llmstudio.core.sources.importer import import_paths
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    data = folder.parent / "reviews.jsonl"
    data.write_text("".join(json.dumps({"text": r["text"]}) + "\n" for r in reviews(140, seed=3)), encoding="utf-8")
    with Project.create(folder) as project:
        import_paths(project, [data])
        run_recipe(project, preset("Minimal"))
        train_tokenizer(project, TokenizerSettings(vocab_size=120))
        create_schema(project, "sentiment", [LabelSpec("pos", shortcut="1"), LabelSpec("neg", shortcut="2")])


def _sentiment(text: str) -> str:
    first = text.split(",")[0]  # the review's first clause says it; a "though ..." clause may disagree
    return "pos" if any(word in first for word in GOOD) else "neg"


def _predictions(project: Project) -> dict[int, tuple[float, int]]:
    return {int(doc): (float(score), int(run)) for doc, score, run in project.db.execute(
        "SELECT document_id, max(score), run_id FROM label_predictions GROUP BY document_id")}


def test_label_train_fix_a_mistake_retrain_and_the_queue_follows(qtbot, window, tmp_path: Path,
                                                                  screenshot_dir: Path) -> None:
    _project(tmp_path / "p")
    assert window.open_project(tmp_path / "p")
    project = window.project
    label = window.panels["label"]
    label.annotator.setText("tester")
    label.schema_box.setCurrentIndex(label.schema_box.findData("sentiment"))
    label.order.setCurrentIndex(label.order.findData("unlabeled"))
    qtbot.mouseClick(label.start_button, Qt.MouseButton.LeftButton)
    view = label.labeling
    mislabelled: set[int] = set()
    for n in range(100):  # label 100 of 140 by keyboard, getting every sixth one wrong on purpose
        doc = view.item.document_id
        right = _sentiment(view.item.text)
        wrong = n % 6 == 5
        if wrong:
            mislabelled.add(doc)
        key = "1" if (right == "pos") != wrong else "2"
        qtbot.keyClick(view.text_view, key)
    assert project.count("SELECT count(*) FROM annotations WHERE annotator = 'tester'") == 100
    label.ratios.setText("0.5,0.2,0.3")
    label.split()  # the Split button: stratified by the labels just made
    qtbot.waitUntil(lambda: not window.jobs.active_jobs(), timeout=60_000)

    window.show_panel("train")
    tab = window.panels["train"].classifier
    tab.schema.setCurrentIndex(tab.schema.findData("sentiment"))
    tab.extra.setText(TINY)
    tab.epochs.setValue(12)
    qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.job is None, timeout=180_000)
    runs = [r for r in list_runs(project) if r.kind == "classifier"]
    assert len(runs) == 1 and runs[0].status == "completed", tab.status.text()
    first_run = runs[0].id
    assert tab.plot.point_count("val F1") >= 2

    window.show_panel("evaluate")
    evaluate = window.panels["evaluate"]
    evaluate.kinds.setCurrentWidget(evaluate.classifier)
    cls = evaluate.classifier
    assert cls.run_id() == first_run
    assert cls.summary.item(1, 0).text() == "macro-F1" and cls.summary.item(1, 2).text() != "-"  # baseline beside
    from llmstudio.core.classify import store

    stored = {m: store.stored_figures(project, first_run, "test", m) for m in (store.TRANSFORMER, store.BASELINE)}
    pr_drawn = {i.name(): i.getData() for i in cls.threshold_curves.pr.getPlotItem().listDataItems()}
    roc_drawn = {i.name(): i.getData() for i in cls.threshold_curves.roc.getPlotItem().listDataItems() if i.name()}
    for model, figures in stored.items():  # both models' stored curves are drawn, point for point
        assert figures is not None
        assert list(pr_drawn[model][0]) == figures["pr_curve"]["recall"]
        assert list(pr_drawn[model][1]) == figures["pr_curve"]["precision"]
        assert list(roc_drawn[model][0]) == figures["roc_curve"]["fpr"]
        assert list(roc_drawn[model][1]) == figures["roc_curve"]["tpr"]
    heatmap = cls.heatmap
    off_diagonal = [(r, c) for r in range(2) for c in range(2) if r != c and int(heatmap.item(r, c).text()) > 0]
    assert off_diagonal, "the mislabelled test documents show up as confusions"
    row, column = off_diagonal[0]
    qtbot.mouseClick(heatmap.viewport(), Qt.MouseButton.LeftButton,
                     pos=heatmap.visualItemRect(heatmap.item(row, column)).center())
    listed = cls.document_ids()
    assert len(listed) == int(heatmap.item(row, column).text())
    window.grab().save(str(screenshot_dir / "evaluate_classifier.png"))
    target = next((d for d in listed if d in mislabelled), listed[0])
    table = cls.documents
    cell = table.item(listed.index(target), 0)
    where = table.visualItemRect(cell).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double click is press, release,
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # then a second press and release

    assert window.current_panel() is label  # the main window routed the request to the Label view
    assert view.item.document_id == target
    fixed = _sentiment(view.item.text)
    qtbot.keyClick(view.text_view, "1" if fixed == "pos" else "2")
    from llmstudio.core.labels.annotations import read_decision
    from llmstudio.core.labels.schemas import get_schema

    schema = get_schema(project, "sentiment")
    assert read_decision(project, schema, target, "tester").labels == (fixed,)

    before = _predictions(project)
    window.show_panel("train")
    qtbot.mouseClick(tab.retrain_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.job is None, timeout=180_000)
    second_run = [r for r in list_runs(project) if r.kind == "classifier"][-1]
    assert second_run.id != first_run and second_run.status == "completed", tab.status.text()
    after = _predictions(project)
    assert {run for _, run in after.values()} == {second_run.id}
    assert after != before

    window.show_panel("label")
    label.order.setCurrentIndex(label.order.findData("uncertain"))
    qtbot.mouseClick(label.start_button, Qt.MouseButton.LeftButton)
    decided = {int(r[0]) for r in project.db.execute("SELECT document_id FROM annotations WHERE annotator = 'tester'")}
    expected = sorted((score, doc) for doc, (score, _) in after.items() if doc not in decided)
    shown = [view.item.document_id]
    for _ in range(2):
        view.forward()
        shown.append(view.item.document_id)
    assert shown == [doc for _, doc in expected[:3]]
