"""Classifier runs end to end on a small labelled corpus: training, stored figures, the
scoring API, predictions for the Label panel, from-run fine-tuning, and every refusal."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn import metrics as skm

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import TINY, labelled_project

from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.evaluate import evaluate_run
from llmstudio.core.classify.inference import load_classifier
from llmstudio.core.classify.runs import create_classifier_run, read_info
from llmstudio.core.classify.store import (
    cell_documents,
    learning_curve,
    misclassified,
    stored_figures,
)
from llmstudio.core.classify.trainer import ClassifierEvalLogged, train_classifier
from llmstudio.core.errors import ConfigError, StudioError
from llmstudio.core.labels.queue import LabelQueue
from llmstudio.core.labels.schemas import add_labels, delete_label, get_schema
from llmstudio.core.labels.splits import make_splits
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, metric_series


def _config(*extra: str) -> ClassifierRunConfig:
    return ClassifierRunConfig.default().with_overrides(TINY + list(extra))


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory):
    project = labelled_project(tmp_path_factory.mktemp("classify") / "project")
    events: list[object] = []
    run_id = create_classifier_run(project, _config("classify.baseline=true"))
    result = train_classifier(project, run_id, device="cpu", on_event=events.append)
    yield project, run_id, result, events
    project.close()


def test_a_classifier_trains_early_stops_on_validation_and_stores_test_figures(trained) -> None:
    project, run_id, result, events = trained
    assert result.status == "completed"
    run = get_run(project, run_id)
    assert run.kind == "classifier" and run.status == "completed"
    evals = [e for e in events if isinstance(e, ClassifierEvalLogged)]
    assert evals[0].step == 0 and evals[-1].val_f1 > evals[0].val_f1
    assert result.test["macro_f1"] >= 0.8  # the words say the label: a working classifier finds it
    assert stored_figures(project, run_id, "test") == result.test
    assert stored_figures(project, run_id, "test", "baseline")["macro_f1"] >= 0.8
    assert [s for s, _ in metric_series(project, run_id, "val_f1")] == [e.step for e in evals]
    info = project.info()
    entry = next(r for r in info["runs"] if r["id"] == run_id)
    assert entry["kind"] == "classifier" and entry["macro_f1"] == pytest.approx(result.test["macro_f1"])


def test_eval_equals_sklearn_on_the_runs_own_predictions(trained) -> None:
    project, run_id, _, _ = trained
    figures = evaluate_run(project, run_id, "test", device="cpu")
    classifier = load_classifier(project, run_id, device="cpu")
    schema = get_schema(project, "label")
    from llmstudio.core.classify.evaluate import split_documents

    docs = split_documents(project, schema, "test")
    truth = [names[0] for names in docs.labels]
    predicted = [chosen[0] for chosen, _ in classifier.predict(docs.texts)]
    labels = classifier.labels
    report = skm.classification_report(truth, predicted, labels=labels, output_dict=True, zero_division=0)
    assert figures["n"] == len(truth)
    assert figures["accuracy"] == pytest.approx(skm.accuracy_score(truth, predicted))
    assert figures["macro_f1"] == pytest.approx(report["macro avg"]["f1-score"])
    assert figures["weighted_f1"] == pytest.approx(report["weighted avg"]["f1-score"])
    for name in labels:
        assert figures["per_label"][name]["f1"] == pytest.approx(report[name]["f1-score"])
    assert figures["confusion"] == skm.confusion_matrix(truth, predicted, labels=labels).tolist()
    positive = np.array([t == labels[1] for t in truth])
    scores = classifier.probability(docs.texts, labels[1])
    assert figures["roc_auc"] == pytest.approx(skm.roc_auc_score(positive, scores))


def test_scoring_api_gives_probabilities_of_a_chosen_label(trained) -> None:
    project, run_id, _, _ = trained
    classifier = load_classifier(project, run_id, device="cpu")
    probs = classifier.scores(["the film was wonderful, the cast was superb", "the script was awful and dull"])
    assert probs.shape == (2, 2)
    np.testing.assert_allclose(probs.sum(1), 1.0, rtol=1e-5)
    reward = classifier.probability(["the film was wonderful, the cast was superb"], "pos")
    assert reward[0] > 0.5
    with pytest.raises(ValueError, match="no label 'meh'"):
        classifier.probability(["x"], "meh")


def test_predictions_feed_the_least_confident_queue_and_the_evaluate_lists(trained) -> None:
    project, run_id, _, _ = trained
    schema = get_schema(project, "label")
    rows = project.db.execute("SELECT document_id, max(score) FROM label_predictions WHERE run_id = ? "
                              "GROUP BY document_id", (run_id,)).fetchall()
    assert len(rows) == project.document_count()
    queue = LabelQueue(project, schema, "someone-new", "uncertain")
    first = next(iter(queue))
    assert first == min(rows, key=lambda r: (r[1], r[0]))[0]
    test = stored_figures(project, run_id, "test")
    for i, true_label in enumerate(test["labels"]):
        for j, predicted in enumerate(test["labels"]):
            assert len(cell_documents(project, run_id, "test", true_label, predicted)) == test["confusion"][i][j]
    wrong = misclassified(project, run_id, "test")
    assert len(wrong) == sum(test["confusion"][i][j] for i in range(2) for j in range(2) if i != j)
    curve = learning_curve(project, "label")
    assert set(curve) == {"transformer", "baseline"} and curve["transformer"][0][0] == read_info(project, run_id).train_documents


def test_from_an_lm_run_with_a_frozen_body_only_the_head_changes(tmp_path: Path) -> None:
    from safetensors.torch import load_file

    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run, train_run

    project = labelled_project(tmp_path / "p", n=120)
    lm_config = RunConfig().with_overrides(["model.n_layer=1", "model.n_head=2", "model.d_model=32",
                                            "model.context_length=32", "train.batch_size=4", "train.max_steps=6",
                                            "train.eval_interval=6", "train.eval_batches=1", "train.threads=1"])
    lm = create_run(project, lm_config)
    train_run(project, lm, device="cpu")
    run_id = create_classifier_run(project, _config(f"classify.from_run={lm}", "classify.freeze_body=true",
                                                    "classify.pooling=last", "classify.predict_all=false"))
    assert train_classifier(project, run_id, device="cpu").status == "completed"
    before = load_file(str(next((project.root / "runs" / str(lm)).glob("step-*")) / "model.safetensors"))
    after = load_file(str(next((project.root / "runs" / str(run_id)).glob("step-*")) / "model.safetensors"))
    assert np.array_equal(before["blocks.0.mlp.up.weight"].numpy(), after["blocks.0.mlp.up.weight"].numpy())
    assert "score.weight" in after and "head.weight" not in after


def test_multi_label_uses_sigmoids_and_tuned_thresholds(tmp_path: Path) -> None:
    from llmstudio.core.labels.annotations import add_annotations

    project = labelled_project(tmp_path / "p", n=120, split=False)
    rows = project.db.execute("SELECT id, text FROM documents ORDER BY id").fetchall()
    pairs = [(doc, tag) for doc, text in rows for tag, words in (("cast", "cast"), ("music", "music"))
             if words in text]
    pairs += [(doc, "other") for doc, text in rows if "cast" not in text and "music" not in text]
    add_annotations(project, "topics", pairs, kind="multi")
    make_splits(project, (0.6, 0.2, 0.2), seed=1, schema_name="topics")
    run_id = create_classifier_run(project, _config("classify.schema=topics", "classify.epochs=10"))
    result = train_classifier(project, run_id, device="cpu")
    assert result.test["multi_label"] is True
    assert len(read_info(project, run_id).thresholds) == 3
    assert np.array(result.test["confusion"]).shape == (3, 2, 2)


def _runs(project: Project) -> int:
    return project.count("SELECT count(*) FROM runs")


def test_bad_input_is_refused_with_the_fix_and_nothing_written(tmp_path: Path) -> None:
    from llmstudio.core.labels.annotations import add_annotations
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run, train_run

    project = labelled_project(tmp_path / "p", n=80, split=False)
    with pytest.raises(StudioError, match="no train/validation/test split yet.*llmstudio split"):
        create_classifier_run(project, _config())
    make_splits(project, (0.8, 0.2, 0.0), seed=0, schema_name="label")
    with pytest.raises(StudioError, match="test part of the split holds no labelled document.*--ratios"):
        create_classifier_run(project, _config())
    make_splits(project, (0.7, 0.15, 0.15), seed=0, schema_name="label")
    add_annotations(project, "one", [(1, "pos"), (2, "pos")])
    with pytest.raises(StudioError, match="fewer than two labels in use"):
        create_classifier_run(project, _config("classify.schema=one"))
    add_labels(project, "label", ["mixed"])
    with pytest.raises(StudioError, match="'mixed'.*no example in the train split"):
        create_classifier_run(project, _config("classify.schema=label"))
    with pytest.raises(ConfigError, match="classify.freeze_body needs classify.from_run"):
        _config("classify.freeze_body=true")
    with pytest.raises(ConfigError, match="classify.pooling must be one of mean, last"):
        _config("classify.pooling=max")
    lm = create_run(project, RunConfig().with_overrides(["model.n_layer=1", "model.n_head=2", "model.d_model=32",
                                                         "model.context_length=32", "train.batch_size=4",
                                                         "train.max_steps=2", "train.threads=1"]))
    train_run(project, lm, device="cpu")
    train_tokenizer(project, TokenizerSettings(vocab_size=100))
    delete_label(project, "label", "mixed")
    with pytest.raises(StudioError, match=f"run {lm} was trained with tokenizer 1, but the classifier uses tokenizer 2"):
        create_classifier_run(project, _config("classify.schema=label", f"classify.from_run={lm}"))
    assert _runs(project) == 1  # only the language-model run
    assert sorted(p.name for p in (project.root / "runs").iterdir()) == [str(lm)]


def test_labels_changed_since_the_run_are_refused(trained, tmp_path: Path) -> None:
    project = labelled_project(tmp_path / "p", n=80)
    run_id = create_classifier_run(project, _config("classify.epochs=1", "classify.predict_all=false"))
    train_classifier(project, run_id, device="cpu")
    add_labels(project, "label", ["mixed"])
    with pytest.raises(StudioError, match=f"labels of schema 'label' changed since classifier run {run_id}.*retrain"):
        evaluate_run(project, run_id, "test", device="cpu")
    before = json.loads(json.dumps(stored_figures(project, run_id, "test")))
    with pytest.raises(StudioError, match="changed since"):
        load_classifier(project, run_id, device="cpu")
    assert stored_figures(project, run_id, "test") == before


def test_a_classifier_run_holds_the_run_lock_like_a_language_model_run(tmp_path: Path) -> None:
    from llmstudio.core.runs import RunBusy, acquire_run_lock, is_live, recover_interrupted, update_run

    project = labelled_project(tmp_path / "p", n=80)
    run_id = create_classifier_run(project, _config("classify.epochs=1", "classify.predict_all=false"))
    with acquire_run_lock(project, run_id):  # another process (or job) is training it
        with pytest.raises(RunBusy, match=f"run {run_id} is already training"):
            train_classifier(project, run_id, device="cpu")
        assert get_run(project, run_id).status == "created"  # refused before anything changed
        update_run(project, run_id, status="running")
        assert recover_interrupted(project) == []  # a live run is left alone
    assert recover_interrupted(project) == [run_id]  # nobody holds it: interrupted
    assert get_run(project, run_id).status == "cancelled"

    run_id = create_classifier_run(project, _config("classify.epochs=1", "classify.predict_all=false"))
    live: list[bool] = []
    train_classifier(project, run_id, device="cpu", on_event=lambda event: live.append(is_live(project, run_id)))
    assert live and all(live)  # held while it trained
    assert not is_live(project, run_id) and get_run(project, run_id).status == "completed"


def test_early_stopping_names_what_it_judged_validation_macro_f1(tmp_path: Path) -> None:
    # A learning rate too small to move a float32 weight: every evaluation scores the same, so
    # the run stops after the patience; its message names the measure it waited on (a classifier's
    # is validation macro-F1, not the language model's val loss).
    project = labelled_project(tmp_path / "project")
    config = _config("train.lr=1e-12", "train.min_lr=0", "train.eval_interval=2", "train.early_stop_patience=2")
    result = train_classifier(project, create_classifier_run(project, config), device="cpu")
    assert result.status == "completed"
    assert "validation macro-F1 did not improve for 2 evaluations" in result.message, result.message
    project.close()
