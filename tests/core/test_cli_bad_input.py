"""A bad input to a slow command is refused in one line before any progress is shown, and writes nothing.

Found by a user pass: ``llmstudio model DIR export --run 99`` printed "reading the checkpoint"
(after seconds of loading torch) before saying the run does not exist. Runs here are real rows
made by the run store (``add_run``), so the project is a real SQLite project with no trained
weights: every command must find the mistake before it reads any.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from llmstudio.cli import main
from llmstudio.core.project import Project
from llmstudio.core.runs import add_run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A project with a language-model run (1) and a classifier run (2), neither with a checkpoint."""
    project = tmp_path / "p"
    assert main(["new", str(project)]) == 0
    with Project.open(project) as opened:
        assert add_run(opened, "lm", {}) == 1
        assert add_run(opened, "classifier", {}, name="sentiment classifier") == 2
    capsys.readouterr()
    return project


def _files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


@pytest.mark.parametrize(("argv", "error"), [
    (["model", "{p}", "export", "--run", "99", "--format", "hf", "{out}"],
     "llmstudio model export: error: there is no run with id 99 in this project"),
    (["model", "{p}", "export", "--run", "99", "--format", "gguf", "{out}.gguf"],
     "llmstudio model export: error: there is no run with id 99 in this project"),
    (["model", "{p}", "export", "--run", "2", "--format", "gguf", "{out}.gguf"],
     "llmstudio model export: error: run 2 is a classifier run; only language-model runs export as a causal LM "
     "(a classifier exports with --format hf, as ...ForSequenceClassification)"),
    (["model", "{p}", "export", "--run", "1", "--format", "hf", "{out}"],
     "llmstudio model export: error: no checkpoint found in {p}/runs/1; the run saved none (train it for a few "
     "steps first)"),
    (["model", "{p}", "export", "--run", "1", "--format", "gguf", "{out}.gguf", "--checkpoint", "best"],
     "llmstudio model export: error: no checkpoint found in {p}/runs/1; the run saved none (train it for a few "
     "steps first)"),
    (["model", "{p}", "export", "--run", "1", "--format", "gguf", "{p}/gone/model.gguf"],
     "llmstudio model export: error: the folder {p}/gone does not exist; create it first or choose another "
     "place for OUT"),
    (["classify", "eval", "{p}", "--run", "99", "--json"],
     "llmstudio classify eval: error: there is no run with id 99 in this project"),
    (["classify", "predict", "{p}", "--run", "1", "--all"],
     "llmstudio classify predict: error: run 1 is a language-model run, not a classifier; pick a classifier run "
     "('llmstudio info DIR' lists them)"),
    (["evaluate", "{p}", "--run", "2", "--json"],
     "llmstudio evaluate: error: run 2 is a classifier run, not a language-model run; pick another run "
     "('llmstudio info DIR' lists them)"),
    (["generate", "{p}", "--run", "2", "--prompt", "hi"],
     "llmstudio generate: error: run 2 is a classifier run, not a language-model run; pick another run "
     "('llmstudio info DIR' lists them)"),
    (["pairs", "{p}", "generate", "--run", "99"],
     "llmstudio pairs generate: error: there is no run with id 99 in this project"),
    (["rl", "{p}", "--run", "2", "--algo", "grpo", "--reward", "rule:{p}/rule.toml"],
     "llmstudio rl: error: run 2 is a classifier run; a policy starts from a language-model run (pass --run with "
     "the id of one: 'llmstudio info DIR' lists them)"),
    (["train", "{p}", "--set", "train.lrr=1"],  # the closest key, and where every key is (not all 30 of them)
     "llmstudio train: error: unknown setting train.lrr; did you mean train.lr? (all settings: docs/settings.md, "
     "or --help)"),
    (["train", "{p}", "--set", "model.nlayer=3"],
     "llmstudio train: error: unknown setting model.nlayer; did you mean model.n_layer? (all settings: "
     "docs/settings.md, or --help)"),
    (["train", "{p}", "--set", "train.nope=1"],
     "llmstudio train: error: unknown setting train.nope (all settings: docs/settings.md, or --help)"),
    (["classify", "train", "{p}", "--set", "classify.epoch=2"],
     "llmstudio classify train: error: unknown setting classify.epoch; did you mean classify.epochs? (all "
     "settings: docs/settings.md, or --help)"),
    (["rl", "{p}", "--resume", "1"],
     "llmstudio rl: error: run 1 is a language-model run, not a policy run; --resume takes a policy run's id"),
])
def test_a_bad_input_gets_one_line_before_any_progress_and_writes_nothing(
        folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], error: str) -> None:
    before = _files(folder)
    out = tmp_path / "export"
    code = main([a.format(p=folder, out=out) for a in argv])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.splitlines() == [error.format(p=folder)]  # no progress line, no second line
    assert captured.out == ""
    assert _files(folder) == before
    assert not any(p.name.startswith(("export", ".export")) for p in tmp_path.iterdir())


def test_info_lists_runs_by_id_with_the_names_people_chose(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The default name 'run 1' would only repeat the id; a chosen name and a kind are said in words."""
    assert main(["info", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"project    {folder} (project format {lines[0].rsplit(' ', 1)[1][:-1]})"
    runs = [line for line in lines if line.startswith("run ")]
    assert runs == ["run        1: created, step 0",
                    "run        2 'sentiment classifier' (classifier): created, step 0"]


def test_a_mistyped_key_in_a_config_file_is_named_with_the_closest_one(folder: Path, tmp_path: Path) -> None:
    """Through the installed entry point (``python -m llmstudio``): a TOML key gets the same one line."""
    config = tmp_path / "run.toml"
    config.write_text("[model]\nn_layer = 2\n\n[train]\nwarmup_step = 10\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "llmstudio", "train", str(folder), "--config", str(config)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "llmstudio train: error: unknown setting train.warmup_step; did you mean train.warmup_steps? "
        "(all settings: docs/settings.md, or --help)"], done.stderr
    assert (ROOT / "docs" / "settings.md").is_file() and "`train.warmup_steps`" in (
        ROOT / "docs" / "settings.md").read_text(encoding="utf-8")  # the pointer leads to the key
