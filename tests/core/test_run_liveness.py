"""A run's liveness is a lock held by the process training it, never the status column alone.

Each story is one a user met (issue #18, items 1 and 2), with real processes killed with
SIGKILL: a killed run resumes from the CLI at once; two resumes of one run cannot both
train; recovering interrupted runs (what opening the app does) leaves a live CLI run alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from llmstudio.cli import main
from llmstudio.core.project import Project
from llmstudio.core.runs import INTERRUPTED_MESSAGE, get_run, is_live, recover_interrupted, run_config
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.runs import create_run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parents[2]
# A run that would train for a long time: only a kill ends it.
LONG = ["train.max_steps=100000", "train.checkpoint_interval=5", "train.log_interval=5", "train.eval_interval=100000"]


def _sets(overrides: list[str]) -> list[str]:
    return [item for setting in overrides for item in ("--set", setting)]


@pytest.fixture
def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}  # the session's cache: one GEMM probe


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:  # never leave a trainer behind, whatever the test did
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _train_in_background(processes: list[subprocess.Popen[str]], env: dict[str, str], *argv: str
                         ) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "llmstudio", "train", *argv, "--device", "cpu"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    processes.append(proc)
    return proc


def _wait_for_step(proc: subprocess.Popen[str], step: int) -> None:
    """Read the trainer's output until it has logged ``step`` (it prints 'step N/M ...' lines)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        words = line.split()
        if len(words) > 1 and words[0] == "step" and "/" in words[1] and int(words[1].split("/")[0]) >= step:
            return
    raise AssertionError(f"the trainer ended before step {step}: {proc.stderr.read() if proc.stderr else ''}")


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def _long_run(project: Project, tiny_overrides: list[str]) -> int:
    return create_run(project, RunConfig().with_overrides(tiny_overrides + LONG))


def test_a_killed_run_resumes_from_the_cli_at_once(tokenized_project: Project, tiny_overrides, cli_env, processes,
                                                   capsys) -> None:
    run_id = _long_run(tokenized_project, tiny_overrides)
    trainer = _train_in_background(processes, cli_env, str(tokenized_project.root), "--resume", str(run_id))
    _wait_for_step(trainer, 10)
    _kill(trainer)
    run = get_run(tokenized_project, run_id)
    assert run.status == "running"  # what a kill leaves behind: the status alone cannot tell
    assert not is_live(tokenized_project, run)

    code = main(["train", str(tokenized_project.root), "--resume", str(run_id), "--max-steps", "20",
                 "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == 0, err
    run = get_run(tokenized_project, run_id)
    assert (run.status, run.step) == ("completed", 20)
    assert "already training" not in err


def test_two_resumes_of_one_run_cannot_both_train(tokenized_project: Project, tiny_overrides, cli_env, processes,
                                                  capsys) -> None:
    run_id = _long_run(tokenized_project, tiny_overrides)
    first = _train_in_background(processes, cli_env, str(tokenized_project.root), "--resume", str(run_id))
    _wait_for_step(first, 5)

    code = main(["train", str(tokenized_project.root), "--resume", str(run_id), "--set", "train.lr=0.5",
                 "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"run {run_id} is already training (process {first.pid})" in err
    assert run_config(tokenized_project, run_id)["train"]["lr"] == 0.01  # the refused resume changed nothing
    assert first.poll() is None  # and the first one trains on
    _wait_for_step(first, 15)
    _kill(first)


def test_recovering_interrupted_runs_leaves_a_live_cli_run_alone(tokenized_project: Project, tiny_overrides,
                                                                  cli_env, processes, capsys) -> None:
    run_id = _long_run(tokenized_project, tiny_overrides)
    trainer = _train_in_background(processes, cli_env, str(tokenized_project.root), "--resume", str(run_id))
    _wait_for_step(trainer, 5)
    assert recover_interrupted(tokenized_project) == []  # what opening the app does
    assert get_run(tokenized_project, run_id).status == "running"
    assert is_live(tokenized_project, run_id)
    _wait_for_step(trainer, 10)  # still training, still writing

    _kill(trainer)
    assert recover_interrupted(tokenized_project) == [run_id]
    run = get_run(tokenized_project, run_id)
    assert (run.status, run.message) == ("cancelled", INTERRUPTED_MESSAGE)
    code = main(["train", str(tokenized_project.root), "--resume", str(run_id), "--max-steps", "15",
                 "--device", "cpu"])
    assert code == 0, capsys.readouterr().err
    assert get_run(tokenized_project, run_id).status == "completed"
