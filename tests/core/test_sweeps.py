"""Sweeps from the command line: a 4-point grid and a 6-trial Optuna sweep with pruning."""

from __future__ import annotations

import json
from pathlib import Path

import optuna
import pytest

from llmstudio.cli import main
from llmstudio.core.errors import ConfigError
from llmstudio.core.experiments.space import load_space, parse_grid
from llmstudio.core.experiments.sweep import STORAGE_FILE, param_importances, sweep_summary, trial_config
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, run_config
from llmstudio.core.training.config import RunConfig

SPACE = """
[train.lr]
low = 1e-5
high = 3e-2
log = true
"""


def _sets(overrides: list[str]) -> list[str]:
    return [arg for item in overrides for arg in ("--set", item)]


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_grid_of_four_points_trains_four_runs(capsys, tokenized_project: Project, tiny_overrides) -> None:
    code, out, _ = run(capsys, "sweep", tokenized_project.root, "--grid", "train.lr=0.01,0.002",
                       "--grid", "model.n_layer=1,2", *_sets(tiny_overrides), "--set", "train.max_steps=10",
                       "--device", "cpu", "--json")
    assert code == 0
    summary = json.loads(out.strip().splitlines()[-1])
    params = [r["params"] for r in summary["runs"]]
    assert params == [{"train.lr": 0.01, "model.n_layer": 1}, {"train.lr": 0.01, "model.n_layer": 2},
                      {"train.lr": 0.002, "model.n_layer": 1}, {"train.lr": 0.002, "model.n_layer": 2}]
    for entry in summary["runs"]:
        config = run_config(tokenized_project, entry["run_id"])
        assert config["train"]["lr"] == entry["params"]["train.lr"]
        assert config["model"]["n_layer"] == entry["params"]["model.n_layer"]
        assert entry["val_loss"] == pytest.approx(get_run(tokenized_project, entry["run_id"]).best_val_loss)
    best = min(summary["runs"], key=lambda r: r["val_loss"])
    assert summary["best_run_id"] == best["run_id"]
    assert (tokenized_project.root / STORAGE_FILE).is_file()
    # the study is Optuna's own, readable by Optuna itself
    from llmstudio.core.experiments.sweep import storage

    study = optuna.load_study(study_name=f"sweep-{summary['sweep_id']}", storage=storage(tokenized_project))
    assert len(study.trials) == 4 and study.best_value == pytest.approx(best["val_loss"])
    assert trial_config(tokenized_project, summary["sweep_id"], 3).model.n_layer == 2


def test_an_optuna_sweep_of_six_trials_prunes_bad_ones(capsys, tokenized_project: Project, tiny_overrides,
                                                      tmp_path: Path) -> None:
    space = tmp_path / "space.toml"
    space.write_text(SPACE, encoding="utf-8")
    code, out, err = run(capsys, "sweep", tokenized_project.root, "--optuna", 6, "--space", space,
                         *_sets(tiny_overrides), "--set", "train.max_steps=30", "--set", "train.eval_interval=5",
                         "--device", "cpu", "--json")
    assert code == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert len(summary["runs"]) == 6
    states = [r["state"] for r in summary["runs"]]
    assert "pruned" in states and "complete" in states
    for entry in summary["runs"]:
        run_row = get_run(tokenized_project, entry["run_id"])
        if entry["state"] == "pruned":
            assert run_row.step < 30 and "pruned by sweep" in (run_row.message or "")
        else:
            assert run_row.step == 30
    finished = sweep_summary(tokenized_project, summary["sweep_id"])
    assert finished.best is not None and finished.best.run_id == summary["best_run_id"]
    importances = param_importances(tokenized_project, summary["sweep_id"])
    assert set(importances) <= {"train.lr"}


def test_bad_sweep_input_is_one_clear_line(capsys, tokenized_project: Project, tmp_path: Path) -> None:
    code, _, err = run(capsys, "sweep", tokenized_project.root, "--grid", "train.nope=1,2")
    assert code == 1 and "unknown setting train.nope" in err
    code, _, err = run(capsys, "sweep", tokenized_project.root, "--optuna", 3)
    assert code == 1 and "--space" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("[train.lr]\nlow = 0.1\nhigh = 0.01\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="low < high"):
        load_space(bad, RunConfig())
    with pytest.raises(ConfigError, match="train.batch_size must be at least 1"):
        parse_grid(["train.batch_size=0,4"], RunConfig())
    code, _, err = run(capsys, "sweep", tokenized_project.root, "--grid", "train.lr=abc,1e-3")
    assert code == 1 and "train.lr" in err and "'abc'" in err and "Traceback" not in err  # was a ValueError


def test_lr_find_rises_exponentially_and_suggests_a_rate(capsys, tokenized_project: Project, tiny_overrides) -> None:
    code, out, err = run(capsys, "lr-find", tokenized_project.root, *_sets(tiny_overrides),
                         "--set", "train.warmup_steps=40", "--steps", 30, "--min-lr", 1e-5, "--max-lr", 1,
                         "--device", "cpu", "--json")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"lrs", "losses", "suggested_lr"}
    lrs = result["lrs"]
    assert lrs[0] == pytest.approx(1e-5) and len(lrs) == len(result["losses"]) >= 10
    ratios = [b / a for a, b in zip(lrs, lrs[1:], strict=False)]
    assert max(ratios) == pytest.approx(min(ratios))  # exponential: a constant ratio
    assert 1e-5 < result["suggested_lr"] < 1
    assert "warmup_steps (40) is as long as the run" in err


def test_train_warns_when_warmup_is_as_long_as_the_run(capsys, tokenized_project: Project, tiny_overrides) -> None:
    code, _, err = run(capsys, "train", tokenized_project.root, *_sets(tiny_overrides), "--set",
                       "train.warmup_steps=10", "--max-steps", 10, "--device", "cpu")
    assert code == 0
    assert "train.warmup_steps (10) is as long as the run (train.max_steps 10)" in err
    code, _, err = run(capsys, "train", tokenized_project.root, *_sets(tiny_overrides), "--max-steps", 10,
                       "--device", "cpu")
    assert code == 0 and "warmup" not in err


def test_a_random_sweep_draws_from_the_space(capsys, tokenized_project: Project, tiny_overrides,
                                             tmp_path: Path) -> None:
    space = tmp_path / "space.toml"
    space.write_text("[train.lr]\nlow = 1e-3\nhigh = 1e-2\nlog = true\n\n[model.pos_encoding]\n"
                     "choices = ['learned', 'rope']\n", encoding="utf-8")
    code, out, err = run(capsys, "sweep", tokenized_project.root, "--random", 2, "--space", space,
                         *_sets(tiny_overrides), "--set", "train.max_steps=5", "--device", "cpu", "--json")
    assert code == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert len(summary["runs"]) == 2 and all(r["state"] == "complete" for r in summary["runs"])
    for entry in summary["runs"]:
        assert 1e-3 <= entry["params"]["train.lr"] <= 1e-2
        config = run_config(tokenized_project, entry["run_id"])
        assert config["model"]["pos_encoding"] == entry["params"]["model.pos_encoding"]
        assert config["train"]["min_lr"] == pytest.approx(entry["params"]["train.lr"] * 0.1)  # keeps the base ratio
