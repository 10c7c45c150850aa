"""The run store as its users see it: runs of several kinds, configs, metric series, paths
that never leave the project, and the one lower-LR policy."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from llmstudio.core.db import APPLICATION_ID, SCHEMA_VERSION
from llmstudio.core.db.schema import MIGRATIONS
from llmstudio.core.errors import ProjectError, StudioError
from llmstudio.core.project import DB_NAME, Project
from llmstudio.core.runs import (
    RUN_KINDS,
    add_run,
    append_metrics,
    delete_run,
    get_run,
    list_runs,
    lower_lr,
    lower_lr_command,
    lower_lr_overrides,
    metric_names,
    metric_series,
    run_config,
    run_folder,
    set_run_config,
    update_run,
)


def test_runs_made_before_kinds_existed_become_language_model_runs(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for version in range(5):
        MIGRATIONS[version](conn)
    conn.execute("PRAGMA user_version = 5")
    for kind in ("lm", "rl"):
        conn.execute("INSERT INTO runs(name, kind, status, config_json, created_at) VALUES ('r', ?, 'completed', "
                     "'{}', 'now')", (kind,))
    conn.close()
    project = Project.open(folder)
    assert project.count("PRAGMA user_version") == SCHEMA_VERSION
    assert [run.kind for run in list_runs(project)] == ["lm", "lm"]
    assert [run.id for run in list_runs(project, kind="lm")] == [1, 2]
    project.close()


def test_runs_of_each_kind_are_kept_apart(new_project: Project) -> None:
    assert RUN_KINDS == ("lm", "classifier", "reward", "policy")
    lm = add_run(new_project, "lm", {"train": {"lr": 0.001}}, max_steps=10, name="base")
    clf = add_run(new_project, "classifier", {"head": "linear"}, parent_run_id=lm)
    assert [r.id for r in list_runs(new_project)] == [lm, clf]
    assert [r.id for r in list_runs(new_project, kind="classifier")] == [clf]
    assert get_run(new_project).id == clf  # the latest of any kind
    assert get_run(new_project, kind="lm").id == lm
    run = get_run(new_project, clf)
    assert (run.name, run.status, run.parent_run_id, run.checkpoint_dir) == (f"run {clf}", "created", lm, f"runs/{clf}")
    with pytest.raises(ProjectError, match="is a classifier run, not a language-model run"):
        get_run(new_project, clf, kind="lm")
    with pytest.raises(StudioError, match="unknown run kind 'rl'"):
        add_run(new_project, "rl", {})
    with pytest.raises(ProjectError, match="no run with id 99"):
        get_run(new_project, 99)
    with pytest.raises(ProjectError, match="no reward run yet"):
        get_run(new_project, kind="reward")


def test_config_and_status_updates(new_project: Project) -> None:
    run_id = add_run(new_project, "lm", {"train": {"lr": 0.001}}, max_steps=10)
    set_run_config(new_project, run_id, {"train": {"lr": 0.0005}}, max_steps=20)
    assert run_config(new_project, run_id) == {"train": {"lr": 0.0005}}
    update_run(new_project, run_id, status="running", device="cpu", step=3)
    run = get_run(new_project, run_id)
    assert (run.status, run.device, run.step, run.max_steps) == ("running", "cpu", 3, 20)
    assert run.updated_at is not None
    with pytest.raises(ValueError, match="cannot set"):
        update_run(new_project, run_id, kind="policy")
    with pytest.raises(ValueError, match="unknown run status"):
        update_run(new_project, run_id, status="done")


def test_metric_series_are_appended_in_batches_and_read_by_step(new_project: Project) -> None:
    run_id = add_run(new_project, "lm", {})
    append_metrics(new_project, run_id, [("train_loss", 10, 2.5), ("train_loss", 5, 3.0), ("val_loss", 10, None)],
                   step=10, train_loss=2.5)
    append_metrics(new_project, run_id, [("train_loss", 10, 2.4)])  # the same step again replaces it
    assert metric_series(new_project, run_id, "train_loss") == [(5, 3.0), (10, 2.4)]
    (step, value), = metric_series(new_project, run_id, "val_loss")
    assert step == 10 and math.isnan(value)
    assert metric_names(new_project, run_id) == ["train_loss", "val_loss"]
    assert get_run(new_project, run_id).train_loss == 2.5
    delete_run(new_project, run_id)
    assert list_runs(new_project) == [] and metric_series(new_project, run_id, "train_loss") == []


@pytest.mark.parametrize("stored", ["../OUTSIDE", "runs/../../OUTSIDE", "/tmp/OUTSIDE", "C:\\OUTSIDE"])
def test_a_checkpoint_folder_outside_the_project_is_refused(new_project: Project, tmp_path: Path,
                                                            stored: str) -> None:
    outside = tmp_path / "OUTSIDE"
    (outside / "step-0000010").mkdir(parents=True)
    run_id = add_run(new_project, "lm", {})
    with new_project.db:
        new_project.db.execute("UPDATE runs SET checkpoint_dir = ? WHERE id = ?", (stored, run_id))
    with pytest.raises(ProjectError, match="(outside the project|absolute path)"):
        run_folder(new_project, get_run(new_project, run_id))
    with pytest.raises(ProjectError):
        delete_run(new_project, run_id)
    assert (outside / "step-0000010").is_dir()  # nothing outside was touched


def test_a_symlinked_run_folder_that_leads_outside_is_refused(new_project: Project, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    run_id = add_run(new_project, "lm", {})
    (new_project.root / "runs" / str(run_id)).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ProjectError, match="outside the project"):
        run_folder(new_project, get_run(new_project, run_id))


def test_the_lower_lr_policy_halves_and_keeps_min_lr_below(tmp_path: Path) -> None:
    assert lower_lr(0.002) == 0.001
    assert lower_lr_overrides(0.001, 0.0001) == ["train.lr=0.001"]
    assert lower_lr_overrides(0.0001, 0.0005) == ["train.lr=0.0001", "train.min_lr=1e-05"]
    assert lower_lr_command(tmp_path, 3, 0.0001, 0.0005) == (
        f"llmstudio train {tmp_path} --resume 3 --set train.lr=0.0001 --set train.min_lr=1e-05")


def test_the_info_json_lists_runs_with_their_kind(new_project: Project) -> None:
    add_run(new_project, "classifier", {})
    (run,) = json.loads(json.dumps(new_project.info()))["runs"]
    assert run["kind"] == "classifier" and run["status"] == "created"
