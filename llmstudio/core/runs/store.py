"""The rows of the ``runs`` table: create, read, list, update and delete runs of any kind.

This module is the only code that writes SQL for a run's own row; trainers, panels and
commands call it with plain values (a run's config is a dict here, so that a classifier or
policy trainer can store its own config shape). Paths stored in a run are checked with
``resolve_inside`` before they are used.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.errors import ProjectError, StudioError
from llmstudio.core.paths import resolve_inside
from llmstudio.core.project import Project, utc_now

RunKind = Literal["lm", "classifier", "reward", "policy"]
RUN_KINDS: tuple[str, ...] = get_args(RunKind)
RUN_STATUSES = ("created", "running", "completed", "cancelled", "failed")
# What each kind is called in a sentence ("run 3 is a language-model run"): never the code "lm".
KIND_WORDS = {"lm": "language-model", "classifier": "classifier", "reward": "reward-model", "policy": "policy"}

# Columns a caller may set with ``update_run`` (the id, kind and created_at never change).
UPDATABLE = frozenset({
    "name", "status", "device", "step", "max_steps", "train_loss", "val_loss", "first_val_loss", "best_val_loss",
    "tokens_per_s", "message", "started_at", "updated_at", "finished_at", "config_json", "tokenizer_id",
})


def kind_phrase(kind: str) -> str:
    """``"a language-model run"`` for ``"lm"``: a run's kind as an error message says it."""
    return f"a {KIND_WORDS.get(kind, kind)} run"


@dataclass(frozen=True)
class RunSummary:
    """One run as a user sees it in a table: what it is, how far it got, how it ended."""

    id: int
    name: str
    kind: str
    status: str
    step: int
    max_steps: int | None
    train_loss: float | None
    val_loss: float | None
    first_val_loss: float | None
    best_val_loss: float | None
    device: str | None
    tokenizer_id: int | None
    checkpoint_dir: str | None
    message: str | None
    created_at: str
    parent_run_id: int | None = None
    started_at: str | None = None
    updated_at: str | None = None
    finished_at: str | None = None


_COLUMNS = ", ".join(f.name for f in dataclasses.fields(RunSummary))


def _check_kind(kind: str) -> None:
    if kind not in RUN_KINDS:
        raise StudioError(f"unknown run kind {kind!r}; use one of {', '.join(RUN_KINDS)}")


@declares(Changed.RUNS)
@declares(Changed.RUNS)
def add_run(project: Project, kind: str, config: dict[str, Any], *, max_steps: int | None = None,
            tokenizer_id: int | None = None, name: str = "", parent_run_id: int | None = None) -> int:
    """Add a run in state 'created' and return its id; its folder is ``runs/<id>``."""
    _check_kind(kind)
    with transaction(project.db) as conn:
        cur = conn.execute(
            "INSERT INTO runs(name, kind, status, tokenizer_id, parent_run_id, config_json, max_steps, created_at) "
            "VALUES (?, ?, 'created', ?, ?, ?, ?, ?)",
            (name or "run", kind, tokenizer_id, parent_run_id, json.dumps(config), max_steps, utc_now()),
        )
        run_id = int(cur.lastrowid or 0)
        conn.execute("UPDATE runs SET name = ?, checkpoint_dir = ? WHERE id = ?",
                     (name or f"run {run_id}", f"runs/{run_id}", run_id))
    return run_id


def list_runs(project: Project, kind: str | None = None) -> list[RunSummary]:
    """Every run (or every run of one kind), oldest first."""
    if kind is None:
        rows = project.db.execute(f"SELECT {_COLUMNS} FROM runs ORDER BY id").fetchall()
    else:
        _check_kind(kind)
        rows = project.db.execute(f"SELECT {_COLUMNS} FROM runs WHERE kind = ? ORDER BY id", (kind,)).fetchall()
    return [RunSummary(**dict(row)) for row in rows]


def get_run(project: Project, run_id: int | None = None, kind: str | None = None) -> RunSummary:
    """A run by id, or the latest run (of ``kind`` when given); a clear error when there is none."""
    if run_id is None:
        where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
        row = project.db.execute(f"SELECT {_COLUMNS} FROM runs {where} ORDER BY id DESC LIMIT 1", params).fetchone()
        if row is None:
            what = "training run" if kind in (None, "lm") else f"{kind} run"
            raise ProjectError(f"this project has no {what} yet; train a model first")
        return RunSummary(**dict(row))
    row = project.db.execute(f"SELECT {_COLUMNS} FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise ProjectError(f"there is no run with id {run_id} in this project")
    run = RunSummary(**dict(row))
    if kind is not None and run.kind != kind:
        raise ProjectError(f"run {run_id} is {kind_phrase(run.kind)}, not {kind_phrase(kind)}; pick another run "
                           "('llmstudio info DIR' lists them)")
    return run


def run_config(project: Project, run_id: int) -> dict[str, Any]:
    """The run's stored config, as the dict its trainer saved."""
    row = project.db.execute("SELECT config_json FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise ProjectError(f"there is no run with id {run_id} in this project")
    config = json.loads(row[0])
    if not isinstance(config, dict):
        raise ProjectError(f"run {run_id}'s stored config is not an object; the project file is damaged")
    return config


@declares(Changed.RUNS)
@declares(Changed.RUNS)
def set_run_config(project: Project, run_id: int, config: dict[str, Any], max_steps: int | None = None) -> None:
    """Replace a run's stored config (and its step target when given)."""
    fields: dict[str, Any] = {"config_json": json.dumps(config)}
    if max_steps is not None:
        fields["max_steps"] = max_steps
    update_run(project, run_id, **fields)


@declares(Changed.RUNS)
@declares(Changed.RUNS)
def update_run(project: Project, run_id: int, **fields: Any) -> None:
    """Set columns of a run's row in one transaction (``updated_at`` too)."""
    bad = set(fields) - UPDATABLE
    if bad:
        raise ValueError(f"update_run cannot set {sorted(bad)}")
    if "status" in fields and fields["status"] not in RUN_STATUSES:
        raise ValueError(f"unknown run status {fields['status']!r}")
    fields.setdefault("updated_at", utc_now())
    assignments = ", ".join(f"{key} = ?" for key in fields)
    with transaction(project.db) as conn:
        conn.execute(f"UPDATE runs SET {assignments} WHERE id = ?", (*fields.values(), run_id))


def run_folder(project: Project, run: RunSummary) -> Path:
    """The run's folder (checkpoints, lock file), checked to lie inside the project."""
    return resolve_inside(project.root, run.checkpoint_dir or f"runs/{run.id}", f"run {run.id}'s checkpoint folder")
