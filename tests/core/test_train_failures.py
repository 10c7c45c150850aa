"""How runs survive trouble: out of memory (simulated through the trainer's micro-batch
hook), a NaN loss then a resume at a lower learning rate, and keep-best for sampling."""

from __future__ import annotations

import json

import pytest
import torch

from llmstudio.core.errors import ConfigError
from llmstudio.core.evaluation.generate import Generator
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, metric_series, run_config
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.distributed import RankPlan
from llmstudio.core.training.loop import smaller_micro_batch
from llmstudio.core.training.runs import update_run_config
from llmstudio.core.training.trainer import StepLogged, create_run, train_run


def _config(overrides: list[str], *extra: str) -> RunConfig:
    return RunConfig().with_overrides(overrides + list(extra))


def test_out_of_memory_halves_the_micro_batch_and_keeps_the_step(tokenized_project: Project,
                                                                  tiny_overrides: list[str]) -> None:
    seen: list[tuple[int, int]] = []

    def run_out_of_memory_at_eight(step: int, micro: int) -> None:
        seen.append((step, micro))
        if micro >= 8:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB (simulated)")

    straight = create_run(tokenized_project, _config(tiny_overrides, "train.max_steps=10"))
    train_run(tokenized_project, straight, device="cpu")
    run_id = create_run(tokenized_project, _config(tiny_overrides, "train.max_steps=10"))
    result = train_run(tokenized_project, run_id, device="cpu", micro_hook=run_out_of_memory_at_eight)

    assert result.status == "completed" and result.step == 10
    assert "train.batch_size=4 and train.grad_accum=2" in result.message
    assert "same 8 sequences per step" in result.message
    assert seen[:3] == [(0, 8), (0, 4), (0, 4)]  # the failed step was retried in two halves
    stored = RunConfig.from_dict(run_config(tokenized_project, run_id)).train
    assert (stored.batch_size, stored.grad_accum) == (4, 2)  # a resume keeps the smaller micro-batch
    assert "train.batch_size=4" in get_run(tokenized_project, run_id).message
    # The same sequences per step: the curve matches the run that never ran out of memory.
    a = dict(metric_series(tokenized_project, straight, "train_loss"))
    b = dict(metric_series(tokenized_project, run_id, "train_loss"))
    assert max(abs(a[s] - b[s]) for s in a) < 1e-4


def test_out_of_memory_with_one_sequence_fails_with_advice(tokenized_project: Project,
                                                           tiny_overrides: list[str]) -> None:
    def always(step: int, micro: int) -> None:
        raise torch.OutOfMemoryError("simulated")

    run_id = create_run(tokenized_project, _config(tiny_overrides, "train.batch_size=2"))
    with pytest.raises(Exception, match="even with one sequence per micro-batch"):
        train_run(tokenized_project, run_id, device="cpu", micro_hook=always)
    assert get_run(tokenized_project, run_id).status == "failed"


def test_smaller_micro_batches_keep_the_sequences_per_step() -> None:
    assert smaller_micro_batch(16, 1) == RankPlan(8, 2)
    assert smaller_micro_batch(12, 2) == RankPlan(6, 4)
    assert smaller_micro_batch(9, 1) == RankPlan(3, 3)
    assert smaller_micro_batch(1, 4) is None


def test_after_a_nan_resume_at_a_lower_learning_rate(tokenized_project: Project, tiny_overrides: list[str]) -> None:
    token = CancelToken()
    run_id = create_run(tokenized_project, _config(tiny_overrides))
    train_run(tokenized_project, run_id, device="cpu", cancel=token,
              on_event=lambda e: token.cancel() if isinstance(e, StepLogged) and e.step == 10 else None)
    assert get_run(tokenized_project, run_id).step == 10  # a good checkpoint

    update_run_config(tokenized_project, run_id, ["train.lr=1e8", "train.grad_clip=0"])  # far too high
    result = train_run(tokenized_project, run_id, device="cpu")
    assert result.status == "failed" and "the loss became nan" in result.message.lower()
    assert f"--resume {run_id} --set train.lr=5e+07" in result.message
    assert "Resume at lower LR" in result.message
    run_dir = tokenized_project.absolute(get_run(tokenized_project, run_id).checkpoint_dir)
    assert json.loads((run_dir / "latest.json").read_text())["step"] == 10  # the NaN was never saved

    update_run_config(tokenized_project, run_id, ["train.lr=0.005", "train.grad_clip=1"])
    resumed = train_run(tokenized_project, run_id, device="cpu")
    assert resumed.status == "completed" and resumed.step == 30
    assert RunConfig.from_dict(run_config(tokenized_project, run_id)).train.lr == 0.005
    with pytest.raises(ConfigError, match="model.n_layer cannot change when resuming"):
        update_run_config(tokenized_project, run_id, ["model.n_layer=3"])


def test_generation_can_use_the_best_checkpoint(tokenized_project: Project, tiny_overrides: list[str]) -> None:
    run_id = create_run(tokenized_project, _config(tiny_overrides))
    train_run(tokenized_project, run_id, device="cpu")
    run_dir = tokenized_project.absolute(get_run(tokenized_project, run_id).checkpoint_dir)
    best = json.loads((run_dir / "best.json").read_text())
    best_meta = json.loads((run_dir / best["folder"] / "meta.json").read_text())
    assert best_meta["val_loss"] == pytest.approx(get_run(tokenized_project, run_id).best_val_loss)
    generator = Generator(tokenized_project, run_id, device="cpu", which="best")
    assert generator.step == best["step"]
    assert isinstance(generator.sample("Call me"), str)
