"""tests/benchmarks/bench_train_gpu.py stays runnable where no GPU is lent: a skip, or a CPU dry run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_train_gpu.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SCRIPT.parents[2])}
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env,
                          timeout=600, check=False)


@pytest.mark.skipif(torch.cuda.is_available(), reason="with a GPU the script measures instead of skipping")
def test_without_a_gpu_the_benchmark_says_it_skipped() -> None:
    done = run("--steps", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("skipped: torch sees no CUDA GPU")
    assert "Traceback" not in done.stderr


def test_the_dry_run_goes_through_the_script_on_the_cpu() -> None:
    done = run("--dry-run")
    assert done.returncode == 0, done.stderr
    body, _, last = done.stdout.rstrip().rpartition("\n")
    result = json.loads(body)
    assert result["device"] == "cpu" and result["steps"] == 2 and result["tokens_per_s"] > 0
    assert last.startswith("dry run on the CPU")
