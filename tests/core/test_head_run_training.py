"""What classifier and reward-model runs share when they train (``training.head_trainer`` and
``head_loop``): running out of memory halves the micro-batch and the stored run config keeps its
head section (a reward run lost its ``reward`` section here before the two loops were one), and
the best checkpoint carries the kind's score."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import TINY, labelled_project
from test_reward_model import TINY as REWARD_TINY
from test_reward_model import prefer_praise

from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.runs import create_classifier_run
from llmstudio.core.classify.trainer import train_classifier
from llmstudio.core.project import Project
from llmstudio.core.rl.reward_runs import RewardRunConfig, create_reward_run
from llmstudio.core.rl.reward_train import train_reward_run
from llmstudio.core.runs import get_run, run_config, run_folder
from llmstudio.core.training import checkpoint as ckpt


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    project = labelled_project(tmp_path_factory.mktemp("head") / "project", n=120)
    prefer_praise(project)
    yield project
    project.close()


def out_of_memory_once(seen: list[int]):
    """Run out of memory at the first forward pass only (a micro-batch of 16 examples, 32 sequences for
    16 pairs); the loop retries the step with half the micro-batch, twice accumulated."""

    def hook(step: int, micro: int) -> None:
        seen.append(micro)
        if len(seen) == 1:
            raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
    return hook


def _best_meta(project: Project, run_id: int) -> dict:
    return ckpt.find_checkpoint(run_folder(project, get_run(project, run_id)), "best").meta


def test_a_classifier_run_out_of_memory_keeps_its_classify_section(project: Project) -> None:
    seen: list[int] = []
    run_id = create_classifier_run(project, ClassifierRunConfig.default().with_overrides(
        [*TINY, "classify.epochs=1", "classify.predict_all=false", "classify.pooling=last"]))
    result = train_classifier(project, run_id, device="cpu", micro_hook=out_of_memory_once(seen))
    assert result.status == "completed" and seen[:2] == [16, 8]
    stored = ClassifierRunConfig.from_dict(run_config(project, run_id))
    assert (stored.train.batch_size, stored.train.grad_accum) == (8, 2)
    assert (stored.classify.pooling, stored.classify.max_length, stored.classify.schema) == ("last", 32, "label")
    meta = _best_meta(project, run_id)
    assert meta["kind"] == "classifier" and meta["labels"] == ["pos", "neg"] and "best_val_f1" in meta
    assert meta["config"]["classify"]["pooling"] == "last"


def test_a_reward_run_out_of_memory_keeps_its_reward_section(project: Project) -> None:
    seen: list[int] = []
    run_id = create_reward_run(project, RewardRunConfig.default().with_overrides(
        [*REWARD_TINY, "reward.epochs=1", "reward.truncation=end"]))
    result = train_reward_run(project, run_id, device="cpu", micro_hook=out_of_memory_once(seen))
    assert result.status == "completed" and seen[:2] == [32, 16]  # chosen and rejected: two sequences a pair
    assert 0.0 <= result.pair_accuracy <= 1.0
    stored = RewardRunConfig.from_dict(run_config(project, run_id))
    assert (stored.train.batch_size, stored.train.grad_accum) == (8, 2)
    assert (stored.reward.truncation, stored.reward.max_length) == ("end", 32)  # not the defaults (start, 128)
    meta = _best_meta(project, run_id)
    assert meta["kind"] == "reward" and "best_pair_accuracy" in meta and "labels" not in meta
    assert meta["config"]["reward"]["truncation"] == "end"
