"""A tokenizer records the split its token shards followed; fine-tuning a classifier from a
language model whose tokenizer predates the current split says the test figure may be optimistic,
and `llmstudio split` says when the latest tokenizer's shards predate the split it made."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import TINY, labelled_project

from llmstudio.cli import main
from llmstudio.core.freshness import run_split_drift, split_fingerprint, tokenizer_split_drift
from llmstudio.core.project import Project
from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run

LM = ["model.n_layer=1", "model.n_head=2", "model.d_model=32", "model.context_length=32", "train.batch_size=8",
      "train.max_steps=3", "train.eval_interval=3", "train.eval_batches=1", "train.threads=1"]


def _language_model(project: Project) -> int:
    run_id = create_run(project, RunConfig().with_overrides(LM))
    train_run(project, run_id, device="cpu")
    return run_id


def _sets(*items: str) -> list[str]:
    return [arg for item in items for arg in ("--set", item)]


def test_fine_tuning_from_a_model_whose_tokenizer_predates_the_split_warns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "p"
    project = labelled_project(folder)  # the tokenizer was trained first, the split made after it
    early = _language_model(project)
    project.close()

    code = main(["classify", "train", str(folder), "--schema", "label", "--from-run", str(early), "--device", "cpu",
                 "--json", *_sets(*TINY, "classify.epochs=1")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    warning = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1, captured.err
    assert f"run {early} was trained on tokenizer 1, whose token shards were made" in warning[0]
    assert "test figure may be optimistic" in warning[0] and "train the tokenizer again" in warning[0]

    with Project.open(folder) as project:  # the order the docs give: split, tokenizer, language model, classifier
        tokenizer = train_tokenizer(project, TokenizerSettings(vocab_size=120, model_type="bpe"))
        settings = json.loads(project.db.execute("SELECT settings_json FROM tokenizers WHERE id = ?",
                                                 (tokenizer.id,)).fetchone()[0])
        assert settings["split_fingerprint"] == split_fingerprint(project)
        late = _language_model(project)
        assert run_split_drift(project, late) is None
        drift = run_split_drift(project, early)
        assert drift is not None and drift.recorded  # tokenizer 1 recorded the split of then: none
        # A tokenizer encoded before tokenizers recorded their split cannot be told apart: it warns too.
        project.db.execute("UPDATE tokenizers SET settings_json = '{}' WHERE id = 1")
        drift = run_split_drift(project, early)
        assert drift is not None and not drift.recorded and "before its split was recorded" in drift.consequence()

    code = main(["classify", "train", str(folder), "--schema", "label", "--from-run", str(late), "--device", "cpu",
                 "--json", *_sets(*TINY, "classify.epochs=1")])
    captured = capsys.readouterr()
    assert code == 0 and "warning:" not in captured.err, captured.err

    # Splitting again moves documents: the new tokenizer's shards no longer follow the split.
    code = main(["split", str(folder), "--ratios", "0.6,0.2,0.2", "--seed", "7", "--schema", "label", "-q"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"tokenizer {tokenizer.id}'s token shards predate this split: train the tokenizer again" in captured.out
    with Project.open(folder) as project:
        drift = tokenizer_split_drift(project, tokenizer.id)
        assert drift is not None and drift.recorded and "a different train/validation/test split" in drift.consequence()


def test_a_split_made_before_the_tokenizer_says_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from llmstudio.core.labels.splits import make_splits

    folder = tmp_path / "p"
    with labelled_project(folder, split=False) as project:
        assert tokenizer_split_drift(project, 1) is None  # nothing split: nothing held out, nothing to say
        make_splits(project, (0.7, 0.15, 0.15), seed=0, schema_name="label")
        train_tokenizer(project, TokenizerSettings(vocab_size=120, model_type="bpe"))
    code = main(["split", str(folder), "--ratios", "0.7,0.15,0.15", "--seed", "0", "--schema", "label", "-q"])
    captured = capsys.readouterr()  # the same split made again: the same documents, the shards still follow it
    assert code == 0 and "predate" not in captured.out, captured.out
