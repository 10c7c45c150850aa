"""Language-model runs over the run store: create one, change a stopped run's settings, clone one.

The store (``llmstudio.core.runs``) keeps configs as dicts for every kind of run; this module
converts them to and from ``RunConfig`` for ``lm`` runs. Resuming with new settings
(``--resume ID --set train.lr=...``) rewrites the run's stored config so the change is kept
for later resumes; the model's shape cannot change under a checkpoint, so ``model.*``
overrides are refused with a pointer to cloning instead. A run another process is training
cannot be changed: its lock is taken (``llmstudio.core.runs.liveness``). Torch-free.
"""

from __future__ import annotations

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import ConfigError
from llmstudio.core.project import Project
from llmstudio.core.runs import RunLock, acquire_run_lock, add_run, run_config, set_run_config
from llmstudio.core.training.config import RunConfig, parse_override


@declares(Changed.RUNS)
def create_run(project: Project, config: RunConfig, tokenizer_id: int | None = None, name: str = "") -> int:
    """Add a language-model run in state 'created' (on the project's tokenizer); returns its id."""
    tokenizer = project.tokenizer(tokenizer_id)
    return add_run(project, "lm", config.to_dict(), max_steps=config.train.max_steps, tokenizer_id=tokenizer.id,
                   name=name)


def load_run_config(project: Project, run_id: int) -> RunConfig:
    """A language-model run's stored config."""
    return RunConfig.from_dict(run_config(project, run_id))


@declares(Changed.RUNS)
def update_run_config(project: Project, run_id: int, overrides: list[str], lock: RunLock | None = None) -> RunConfig:
    """Apply ``section.key=value`` overrides to a stored run; returns the new config.

    Refuses (``RunBusy``) while another process trains the run; a caller that holds the
    run's lock (the CLI before it resumes) passes it as ``lock``.
    """
    current = load_run_config(project, run_id)
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
    fixed = ("lora_rank", "lora_targets", "instruct", "chat_template")  # the checkpoint's adapters and data
    changed = [key for key in fixed if getattr(config.train, key) != getattr(current.train, key)]
    if changed:
        raise ConfigError(f"train.{changed[0]} cannot change when resuming run {run_id}: its checkpoint was trained "
                          f"with the old value; start a new run from its weights instead (--from-run {run_id})")
    if lock is not None and lock.held and lock.run_id == run_id:
        save_run_config(project, run_id, config)
    else:
        with acquire_run_lock(project, run_id):
            save_run_config(project, run_id, config)
    return config


@declares(Changed.RUNS)
def save_run_config(project: Project, run_id: int, config: RunConfig) -> None:
    set_run_config(project, run_id, config.to_dict(), config.train.max_steps)


def clone_config(project: Project, run_id: int) -> RunConfig:
    """A run's config, to start a new run from (the Model panel loads it)."""
    return load_run_config(project, run_id)
