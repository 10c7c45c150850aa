"""Training tiny models end to end: metrics, checkpoints, cancel, exact resume, failures."""

from __future__ import annotations

import json

import pytest

from llmstudio.core.errors import ProjectError, StudioError
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, metric_series
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import EvalLogged, RunStarted, StepLogged, create_run, train_run


def _config(overrides: list[str], *extra: str) -> RunConfig:
    return RunConfig().with_overrides(overrides + list(extra))


def test_a_run_trains_records_metrics_and_checkpoints(tokenized_project: Project, tiny_overrides) -> None:
    events: list[object] = []
    run_id = create_run(tokenized_project, _config(tiny_overrides))
    result = train_run(tokenized_project, run_id, device="cpu", on_event=events.append)

    assert result.status == "completed" and result.step == 30
    run = get_run(tokenized_project, run_id)
    assert run.status == "completed" and run.device == "cpu"
    assert run.val_loss < run.first_val_loss
    assert isinstance(events[0], RunStarted)
    assert [e.step for e in events if isinstance(e, StepLogged)] == [5, 10, 15, 20, 25, 30]
    assert [e.step for e in events if isinstance(e, EvalLogged)] == [0, 10, 20, 30]
    assert [s for s, _ in metric_series(tokenized_project, run_id, "train_loss")] == [5, 10, 15, 20, 25, 30]
    assert len(metric_series(tokenized_project, run_id, "val_loss")) == 4
    run_dir = tokenized_project.absolute(run.checkpoint_dir)
    latest = json.loads((run_dir / "latest.json").read_text())
    assert latest["step"] == 30
    files = {p.name for p in (run_dir / latest["folder"]).iterdir()}
    assert {"model.safetensors", "optimizer.safetensors", "rng.safetensors", "meta.json"} <= files
    assert not list(run_dir.rglob("*.pt")) and not list(run_dir.rglob("*.pkl"))
    assert len(list(run_dir.glob("step-*"))) <= 2  # keep_last


def test_cancel_saves_a_checkpoint_and_resume_finishes(tokenized_project: Project, tiny_overrides) -> None:
    token = CancelToken()

    def stop_after_first_log(event: object) -> None:
        if isinstance(event, StepLogged):
            token.cancel()

    run_id = create_run(tokenized_project, _config(tiny_overrides))
    result = train_run(tokenized_project, run_id, device="cpu", cancel=token, on_event=stop_after_first_log)
    assert result.status == "cancelled" and result.step == 5
    assert get_run(tokenized_project, run_id).status == "cancelled"

    resumed = train_run(tokenized_project, run_id, device="cpu")
    assert resumed.status == "completed" and resumed.step == 30


def test_resume_continues_exactly_as_one_uninterrupted_run(tokenized_project: Project, tiny_overrides) -> None:
    straight = create_run(tokenized_project, _config(tiny_overrides))
    train_run(tokenized_project, straight, device="cpu")

    token = CancelToken()
    split = create_run(tokenized_project, _config(tiny_overrides))
    train_run(tokenized_project, split, device="cpu", cancel=token,
              on_event=lambda e: token.cancel() if isinstance(e, StepLogged) and e.step == 15 else None)
    assert get_run(tokenized_project, split).step == 15
    train_run(tokenized_project, split, device="cpu")

    a = dict(metric_series(tokenized_project, straight, "train_loss"))
    b = dict(metric_series(tokenized_project, split, "train_loss"))
    assert set(a) == set(b)
    assert all(a[step] == b[step] for step in a), (a, b)


def test_continue_a_finished_run_for_more_steps(tokenized_project: Project, tiny_overrides) -> None:
    run_id = create_run(tokenized_project, _config(tiny_overrides, "train.max_steps=10"))
    train_run(tokenized_project, run_id, device="cpu")
    result = train_run(tokenized_project, run_id, device="cpu", extra_steps=10)
    assert result.status == "completed" and result.step == 20
    assert get_run(tokenized_project, run_id).max_steps == 20


def test_a_diverging_run_stops_with_advice(tokenized_project: Project, tiny_overrides) -> None:
    config = _config(tiny_overrides, "train.lr=1e8", "train.min_lr=0", "train.grad_clip=0", "train.warmup_steps=0")
    run_id = create_run(tokenized_project, config)
    result = train_run(tokenized_project, run_id, device="cpu")
    assert result.status == "failed"
    assert "lower train.lr" in result.message
    assert get_run(tokenized_project, run_id).status == "failed"


def test_training_needs_a_tokenizer(cleaned_project: Project, tiny_overrides) -> None:
    with pytest.raises(ProjectError, match="no tokenizer yet"):
        create_run(cleaned_project, _config(tiny_overrides))


def test_a_context_longer_than_the_corpus_is_explained(tokenized_project: Project, tiny_overrides) -> None:
    run_id = create_run(tokenized_project, _config(tiny_overrides, "model.context_length=500000"))
    with pytest.raises(StudioError, match="lower model.context_length"):
        train_run(tokenized_project, run_id, device="cpu")


def test_an_unavailable_device_is_explained(tokenized_project: Project, tiny_overrides) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    run_id = create_run(tokenized_project, _config(tiny_overrides))
    with pytest.raises(StudioError, match="no CUDA GPU"):
        train_run(tokenized_project, run_id, device="cuda")
