"""The same `llmstudio train` under torchrun: two CPU processes (gloo) learn exactly what one
process learns with the same global batch, and rank 0 alone records the run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from llmstudio.core.errors import ConfigError
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, list_runs, metric_series
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.distributed import RankPlan, rank_plan
from llmstudio.core.training.trainer import create_run, train_run

# Two ranks reduce gradients in a different order than one process: float sums differ in the
# last bits, and 30 AdamW steps carry that along. Measured differences are ~1e-6; allow 1e-3.
LOSS_TOLERANCE = 1e-3


def test_the_global_batch_is_split_evenly_over_ranks() -> None:
    assert rank_plan(8, 1, 1) == RankPlan(8, 1)
    assert rank_plan(8, 4, 2) == RankPlan(8, 2)  # fewer accumulation steps first
    assert rank_plan(8, 1, 2) == RankPlan(4, 1)  # else smaller micro-batches
    assert rank_plan(6, 2, 4) == RankPlan(3, 1)  # 12 sequences: 3 per rank
    with pytest.raises(ConfigError, match="cannot be split evenly over 4 processes"):
        rank_plan(3, 1, 4)


def _torchrun() -> list[str]:
    exe = Path(sys.executable).with_name("torchrun")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "torch.distributed.run"]


# `llmstudio` as torchrun starts it, then the native threads each rank still has when it exits
# (Linux names them in /proc). A gloo worker thread alive while the interpreter shuts down can
# abort the rank ("terminate called without an active exception") after training went well.
RANK_SCRIPT = """
import os, sys
from llmstudio.cli import main
code = main(sys.argv[1:])
names = sorted(open(f"/proc/self/task/{task}/comm").read().strip() for task in os.listdir("/proc/self/task"))
os.write(2, f"rank {os.environ['RANK']} threads at exit: {names}\\n".encode())  # one write: lines stay whole
sys.exit(code)
"""


@pytest.mark.skipif(not torch.distributed.is_available(), reason="this torch build has no torch.distributed")
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="lists a process's threads the Linux way")
def test_two_gloo_processes_match_one_process(tokenized_project: Project, tiny_overrides: list[str],
                                              tmp_path: Path) -> None:
    overrides = tiny_overrides + ["train.max_steps=20"]
    single = create_run(tokenized_project, RunConfig().with_overrides(overrides))
    train_run(tokenized_project, single, device="cpu")

    script = tmp_path / "rank.py"
    script.write_text(RANK_SCRIPT, encoding="utf-8")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MASTER_PORT": "0"}
    command = _torchrun() + ["--standalone", "--nproc-per-node=2", str(script), "train",
                             str(tokenized_project.root), "--device", "cpu"]
    for item in overrides:
        command += ["--set", item]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.count("completed") == 1  # rank 0 alone reports
    exits = re.findall(r"rank \d threads at exit: \[[^]]*\]", done.stderr)
    assert len(exits) == 2, done.stderr[-3000:]
    for line in exits:  # the process group was torn down: its gloo threads were joined, none is left
        assert "gloo" not in line, line

    runs = list_runs(tokenized_project)
    assert len(runs) == 2  # rank 0 alone created the run
    ddp = runs[-1]
    assert ddp.status == "completed" and ddp.step == 20 and ddp.device == "cpu × 2"
    for metric in ("train_loss", "val_loss"):
        a = dict(metric_series(tokenized_project, single, metric))
        b = dict(metric_series(tokenized_project, ddp.id, metric))
        assert set(a) == set(b)
        worst = max(abs(a[s] - b[s]) for s in a)
        assert worst < LOSS_TOLERANCE, (metric, worst, a, b)


@pytest.mark.skipif(not torch.distributed.is_available(), reason="this torch build has no torch.distributed")
def test_fsdp_on_two_gloo_processes_matches_and_resumes(tokenized_project: Project, tiny_overrides: list[str]) -> None:
    overrides = tiny_overrides + ["train.max_steps=10"]
    single = create_run(tokenized_project, RunConfig().with_overrides(overrides))
    train_run(tokenized_project, single, device="cpu")

    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    base = _torchrun() + ["--standalone", "--nproc-per-node=2", "-m", "llmstudio", "train", str(tokenized_project.root),
                          "--device", "cpu"]
    sets = [arg for item in overrides + ["train.fsdp=true", "train.max_steps=5"] for arg in ("--set", item)]
    first = subprocess.run(base + sets, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    fsdp = list_runs(tokenized_project)[-1].id
    again = subprocess.run(base + ["--resume", str(fsdp), "--max-steps", "10"], env=env, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert get_run(tokenized_project, fsdp).step == 10
    a = dict(metric_series(tokenized_project, single, "train_loss"))
    b = dict(metric_series(tokenized_project, fsdp, "train_loss"))
    assert max(abs(a[s] - b[s]) for s in a) < LOSS_TOLERANCE  # sharded, stopped and resumed: the same curve
