"""Managing runs as a whole: change a stopped run's settings, clone one, delete one.

Resuming with new settings (``--resume ID --set train.lr=...``) rewrites the run's stored
config so the change is kept for later resumes; the model's shape cannot change under a
checkpoint, so ``model.*`` overrides are refused with a pointer to cloning instead.
Deleting removes the database rows (metrics go with them) and the run's checkpoint folder.
"""

from __future__ import annotations

import json
import shutil

from llmstudio.core.db import transaction
from llmstudio.core.errors import ConfigError, StudioError
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig, parse_override


def update_run_config(project: Project, run_id: int, overrides: list[str]) -> RunConfig:
    """Apply ``section.key=value`` overrides to a stored run; returns the new config."""
    current = RunConfig.from_dict(project.run_config(run_id))
    if not overrides:
        return current
    for item in overrides:
        section, key, _ = parse_override(item)
        if section == "model":
            raise ConfigError(
                f"model.{key} cannot change when resuming run {run_id}: its checkpoint has the old shape; "
                f"clone the run's config and start a new run instead"
            )
    config = current.with_overrides(overrides)
    save_run_config(project, run_id, config)
    return config


def save_run_config(project: Project, run_id: int, config: RunConfig) -> None:
    with transaction(project.db) as conn:
        conn.execute("UPDATE runs SET config_json = ?, max_steps = ? WHERE id = ?",
                     (json.dumps(config.to_dict()), config.train.max_steps, run_id))


def clone_config(project: Project, run_id: int) -> RunConfig:
    """A run's config, to start a new run from (the Model panel loads it)."""
    return RunConfig.from_dict(project.run_config(run_id))


def delete_run(project: Project, run_id: int) -> None:
    """Remove a run, its metrics and its checkpoint files. Refuses a run that is training."""
    run = project.run(run_id)
    if run.status == "running":
        raise StudioError(f"run {run_id} is training; stop it before deleting it")
    folder = project.absolute(run.checkpoint_dir) if run.checkpoint_dir else None
    with transaction(project.db) as conn:
        conn.execute("DELETE FROM metrics WHERE run_id = ?", (run_id,))
        conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
    if folder is not None and folder.is_dir() and project.root.resolve() in folder.resolve().parents:
        shutil.rmtree(folder, ignore_errors=True)
