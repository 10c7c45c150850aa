"""Start a new run from another run's weights (``llmstudio train DIR --from-run ID``).

Continuing a finished run in place changes its history; starting a new run from its
weights keeps both, which is what fine-tuning an imported model needs. The new run takes
the source's model shape and tokenizer (the weights only fit those), its own training
settings, and a copy of the source's latest weights as ``init/model.safetensors``; the
trainer loads them instead of a random initialisation when the run has no checkpoint yet
(a LoRA source's adapters merged in).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from llmstudio.core.db import transaction
from llmstudio.core.errors import ConfigError
from llmstudio.core.project import Project
from llmstudio.core.runs import add_run, get_run, run_config, run_folder
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.config import RunConfig, parse_override

INIT_FOLDER = "init"


def create_run_from(project: Project, source_run_id: int, config: RunConfig, overrides: list[str] | None = None,
                    name: str = "", which: str = "latest") -> int:
    """A new run (state 'created') with ``source_run_id``'s model and weights and ``config``'s
    training settings; returns its id. ``model.*`` overrides are refused: the weights fix the shape."""
    for item in overrides or []:
        section, key, _ = parse_override(item)
        if section == "model":
            raise ConfigError(f"model.{key} cannot change with --from-run: the weights of run {source_run_id} "
                              "fix the model's shape; only train.* settings apply")
    source = get_run(project, source_run_id, kind="lm")
    found = ckpt.find_checkpoint(run_folder(project, source), which)
    source_config = RunConfig.from_dict(run_config(project, source.id))
    train = config.with_overrides(list(overrides or [])).train
    new_config = RunConfig(model=source_config.model, train=train)
    run_id = add_run(project, "lm", new_config.to_dict(), max_steps=new_config.train.max_steps,
                     tokenizer_id=source.tokenizer_id, name=name or f"{source.name} (continued)",
                     parent_run_id=source.id)
    folder = project.absolute(f"runs/{run_id}") / INIT_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy_weights(found.folder / "model.safetensors", folder / "model.safetensors")
    except BaseException:
        shutil.rmtree(folder.parent, ignore_errors=True)
        with transaction(project.db) as conn:
            conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        raise
    return run_id


def _copy_weights(source: Path, target: Path) -> None:
    """Copy a checkpoint's weights; a LoRA run's adapters are merged in, so the new run starts
    from plain weights (and may put adapters of its own on them)."""
    from safetensors import safe_open
    from safetensors.torch import load_file, save_file

    from llmstudio.core.model.lora import has_lora, merge_lora_state

    with safe_open(str(source), framework="pt") as handle:
        names = list(handle.keys())
    if not has_lora(names):
        shutil.copyfile(source, target)
        return
    save_file(merge_lora_state(load_file(str(source), device="cpu")), str(target))


def initial_weights(run_dir: Path) -> ckpt.Checkpoint | None:
    """The weights a run starts from instead of a random initialisation, if it has any."""
    folder = Path(run_dir) / INIT_FOLDER
    if not (folder / "model.safetensors").is_file():
        return None
    return ckpt.Checkpoint(folder, {"step": 0})

