"""``llmstudio classify train|eval|predict`` and ``info --json``, run as a user would; eval's
figures are checked against scikit-learn computed from predict's own output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sklearn import metrics as skm

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import TINY, labelled_project

from llmstudio.cli import main


def _sets(*items: str) -> list[str]:
    return [arg for item in items for arg in ("--set", item)]


def _gold(folder: Path, split: str) -> dict[int, str]:
    from llmstudio.core.classify.data import resolve_schema
    from llmstudio.core.classify.evaluate import split_documents
    from llmstudio.core.project import Project

    with Project.open(folder) as project:
        docs = split_documents(project, resolve_schema(project), split)
        return {doc: names[0] for doc, names in zip(docs.ids, docs.labels, strict=False)}


def test_train_eval_predict_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "p"
    labelled_project(folder).close()
    code = main(["classify", "train", str(folder), "--schema", "label", "--baseline", "--device", "cpu", "--json",
                 *_sets(*TINY)])
    assert code == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["kind"] == "classifier" and last["schema"] == "label"
    run_id = last["run_id"]
    assert {"accuracy", "macro_f1", "per_label", "confusion"} <= set(last["test"])

    assert main(["classify", "eval", str(folder), "--run", str(run_id), "--split", "test", "--device", "cpu",
                 "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert {"run_id", "split", "n", "labels", "accuracy", "macro_f1", "micro_f1", "weighted_f1", "per_label",
            "confusion"} <= set(figures)
    assert figures["run_id"] == run_id and figures["split"] == "test"

    assert main(["classify", "predict", str(folder), "--run", str(run_id), "--split", "test", "--device", "cpu",
                 "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    gold = _gold(folder, "test")
    assert [r["id"] for r in rows] == sorted(gold)
    truth = [gold[r["id"]] for r in rows]
    predicted = [r["label"] for r in rows]
    labels = figures["labels"]
    report = skm.classification_report(truth, predicted, labels=labels, output_dict=True, zero_division=0)
    assert figures["n"] == len(rows)
    assert figures["accuracy"] == pytest.approx(skm.accuracy_score(truth, predicted))
    assert figures["macro_f1"] == pytest.approx(report["macro avg"]["f1-score"])
    assert figures["micro_f1"] == pytest.approx(skm.f1_score(truth, predicted, labels=labels, average="micro"))
    assert figures["weighted_f1"] == pytest.approx(report["weighted avg"]["f1-score"])
    for name in labels:
        for key, theirs in (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score"),
                            ("support", "support")):
            assert figures["per_label"][name][key] == pytest.approx(report[name][theirs])
    assert figures["confusion"] == skm.confusion_matrix(truth, predicted, labels=labels).tolist()
    assert all(abs(sum(r["scores"].values()) - 1) < 1e-5 for r in rows)

    assert main(["classify", "predict", str(folder), "--run", str(run_id), "--text", "the cast was superb",
                 "--device", "cpu", "--json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["id"] is None and one["label"] in labels

    assert main(["classify", "eval", str(folder), "--run", "baseline", "--json"]) == 0
    baseline = json.loads(capsys.readouterr().out)
    assert baseline["model"] == "baseline" and baseline["split"] == "test"

    assert main(["info", str(folder), "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert runs[-1]["kind"] == "classifier" and runs[-1]["macro_f1"] == pytest.approx(last["test"]["macro_f1"])


def test_bad_input_exits_non_zero_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "p"
    labelled_project(folder, n=60, split=False).close()
    assert main(["classify", "train", str(folder), "--device", "cpu", *_sets(*TINY)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no train/validation/test split yet" in err and "llmstudio split" in err
    assert main(["classify", "eval", str(folder), "--run", "1", "--json"]) == 1
    assert "no run with id 1" in capsys.readouterr().err
    assert main(["classify", "train", str(folder), "--freeze-body"]) == 1
    assert "classify.freeze_body needs classify.from_run" in capsys.readouterr().err
