"""Choosing a language model to start a classifier (or reward model) from warns, under the choice,
when that model's tokenizer encoded its shards before the current split; a tokenizer trained
after the split clears it."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

from classify_helpers import labelled_project  # noqa: E402

from llmstudio.core.project import Project  # noqa: E402
from llmstudio.core.training.config import RunConfig  # noqa: E402
from llmstudio.core.training.trainer import create_run, train_run  # noqa: E402

LM = ["model.n_layer=1", "model.n_head=2", "model.d_model=32", "model.context_length=32", "train.batch_size=8",
      "train.max_steps=2", "train.eval_interval=2", "train.eval_batches=1", "train.threads=1"]


def _language_model(project: Project) -> int:
    run_id = create_run(project, RunConfig().with_overrides(LM))
    train_run(project, run_id, device="cpu")
    return run_id


def test_a_model_whose_tokenizer_predates_the_split_is_flagged(qtbot, window, tmp_path: Path) -> None:
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
    from llmstudio.gui.context import RUNS

    with labelled_project(tmp_path / "p") as project:  # tokenizer first, split after: the wrong order
        early = _language_model(project)
    assert window.open_project(tmp_path / "p")
    train = window.panels["train"]
    tab = train.classifier
    assert tab.split_warning.isHidden()  # "scratch" is chosen: no body, nothing to warn about
    tab.from_run.setCurrentIndex(tab.from_run.findData(early))
    assert tab.split_warning.isVisibleTo(tab)
    assert f"Run {early} was trained on tokenizer 1" in tab.split_warning.text()
    assert "the test figure may be optimistic" in tab.split_warning.text()

    reward_warning = train.findChild(QLabel, "rewardSplitWarning")
    reward_runs = train.findChild(QComboBox, "rewardFromRun")
    reward_runs.setCurrentIndex(reward_runs.findData(early))
    assert not reward_warning.isHidden() and "the held-out figure may be optimistic" in reward_warning.text()

    tokenizer = train_tokenizer(window.project, TokenizerSettings(vocab_size=120, model_type="bpe"))
    late = _language_model(window.project)
    assert window.project.tokenizer().id == tokenizer.id
    train.refresh(RUNS)
    tab.from_run.setCurrentIndex(tab.from_run.findData(late))
    assert tab.split_warning.isHidden()  # split, then tokenizer, then the model: its test documents stayed out
    reward_runs.setCurrentIndex(reward_runs.findData(late))
    assert reward_warning.isHidden()
