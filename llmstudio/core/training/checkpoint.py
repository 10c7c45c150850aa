"""Checkpoints as safetensors + JSON, written atomically, never unpickled.

A checkpoint is a folder ``step-NNNNNNN`` holding the model weights, the optimizer state,
the random-number states (all safetensors) and ``meta.json`` (step, config, metrics,
data position). ``latest.json`` names the newest complete checkpoint and is replaced
atomically after the folder is fully written, so a crash mid-save leaves the previous
checkpoint in charge. Older folders beyond ``keep_last`` (except the best) are pruned.
When ``latest.json`` is missing, unreadable or names a folder that is gone, the newest
intact checkpoint is used instead; a damaged file in the chosen checkpoint ends in one
line naming the file and the fix (delete that folder to fall back to the previous one).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from llmstudio.core.artifacts import checkpoint_problems, safetensors_problem
from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.errors import ProjectError, StudioError

log = logging.getLogger(__name__)

LATEST = "latest.json"
BEST = "best.json"
_STEP_FOLDER = re.compile(r"step-[0-9]{7,}")


@dataclass(frozen=True)
class Checkpoint:
    folder: Path
    meta: dict[str, Any]

    @property
    def step(self) -> int:
        return int(self.meta["step"])


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _flatten_optimizer(state: dict[str, Any]) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, dict[str, Any]] = {}
    for index, values in state["state"].items():
        for key, value in values.items():
            if torch.is_tensor(value):
                tensors[f"{index}::{key}"] = value.detach().cpu().contiguous()
            else:
                scalars.setdefault(str(index), {})[key] = value
    return tensors, {"param_groups": state["param_groups"], "scalars": scalars}


def _unflatten_optimizer(tensors: dict[str, torch.Tensor], extra: dict[str, Any]) -> dict[str, Any]:
    # Keys are parameter indices (one process) or names (FSDP's full state dict).
    state: dict[int | str, dict[str, Any]] = {}
    for name, tensor in tensors.items():
        index, key = name.split("::", 1) if "::" in name else name.split(".", 1)
        state.setdefault(_index(index), {})[key] = tensor
    for index, values in extra.get("scalars", {}).items():
        state.setdefault(_index(index), {}).update(values)
    return {"state": state, "param_groups": extra["param_groups"]}


def model_tensors(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Weights ready for safetensors: CPU, contiguous, one copy of tied tensors, no
    ``_orig_mod.`` (torch.compile) or ``module.`` (DDP) prefixes."""
    tensors: dict[str, torch.Tensor] = {}
    seen: set[int] = set()
    for name, tensor in state.items():
        for prefix in ("_orig_mod.", "module."):
            name = name.replace(prefix, "")
        key = tensor.data_ptr()
        if key in seen and tensor.numel():
            continue  # a tied weight (the output layer sharing the token embedding)
        seen.add(key)
        tensors[name] = tensor.detach().cpu().contiguous()
    return tensors


def _index(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def save_checkpoint(
    run_dir: Path,
    step: int,
    model_state: dict[str, torch.Tensor],
    optimizer_state: dict[str, Any],
    rng: dict[str, torch.Tensor],
    meta: dict[str, Any],
    keep_last: int = 2,
    is_best: bool = False,
) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    folder = run_dir / f"step-{step:07d}"
    tmp = run_dir / f".step-{step:07d}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        save_file(model_tensors(model_state), str(tmp / "model.safetensors"))
        opt_tensors, opt_extra = _flatten_optimizer(optimizer_state)
        save_file(opt_tensors, str(tmp / "optimizer.safetensors"))
        save_file({k: v.contiguous() for k, v in rng.items()}, str(tmp / "rng.safetensors"))
        (tmp / "optimizer.json").write_text(json.dumps(opt_extra), encoding="utf-8")
        (tmp / "meta.json").write_text(json.dumps({**meta, "step": step}, indent=2), encoding="utf-8")
        for file in tmp.iterdir():
            _fsync_file(file)
        # Saving a step again (a keep-best save and a periodic one can fall on the same step): the
        # old folder steps aside under a name find_checkpoint restores, so a kill between the two
        # renames never leaves latest.json naming a folder that is gone.
        aside = _aside(folder)
        shutil.rmtree(aside, ignore_errors=True)
        if folder.exists():
            os.replace(folder, aside)
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(_aside(folder), ignore_errors=True)
    write_text_atomic(run_dir / LATEST, json.dumps({"folder": folder.name, "step": step}))
    if is_best:
        write_text_atomic(run_dir / BEST, json.dumps({"folder": folder.name, "step": step}))
    _prune(run_dir, keep_last)
    return folder


def _prune(run_dir: Path, keep_last: int) -> None:
    # A save cut short by a kill leaves its temporary folder (or pointer file) behind; only the
    # process holding the run's lock saves, so every temporary left now is such a leftover.
    for leftover in run_dir.glob(".*.tmp"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    protected = {_safe_pointer(run_dir, LATEST), _safe_pointer(run_dir, BEST)}
    folders = sorted(p for p in run_dir.glob("step-*") if p.is_dir())
    for folder in folders[:-keep_last] if keep_last > 0 else folders:
        if folder.name not in protected:
            _remove_folder(folder)


def _remove_folder(folder: Path) -> None:
    """Delete a checkpoint folder so that a kill midway never leaves half of one under its name:
    rename it to a temporary name first (one atomic step), then delete that."""
    if not folder.exists():
        return
    doomed = folder.with_name(f".{folder.name}.deleting.tmp")
    shutil.rmtree(doomed, ignore_errors=True)
    os.replace(folder, doomed)
    shutil.rmtree(doomed, ignore_errors=True)


def _pointer(run_dir: Path, name: str) -> str | None:
    """The checkpoint folder ``latest.json`` / ``best.json`` names: a ``step-NNNNNNN`` folder of this run.

    Anything else (``../../..``, an absolute path) is refused: a project file must never make
    the app load weights from, or prune folders in, a place outside the run's folder.
    """
    try:
        folder = json.loads((run_dir / name).read_text(encoding="utf-8"))["folder"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(folder, str) or not _STEP_FOLDER.fullmatch(folder):
        raise ProjectError(f"{run_dir / name} names {folder!r}, which is not a checkpoint folder of this run; "
                           f"refusing to use it (delete {name} to fall back to the run's own checkpoints)")
    return folder


def _safe_pointer(run_dir: Path, name: str) -> str | None:
    try:
        return _pointer(run_dir, name)
    except ProjectError:
        return None


def _aside(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}.replaced.tmp")


def _restore_aside(run_dir: Path) -> None:
    """A save killed while replacing a folder of the same step left the old one aside: put it back."""
    for aside in run_dir.glob(".step-*.replaced.tmp"):
        folder = run_dir / aside.name[1:-len(".replaced.tmp")]
        if _STEP_FOLDER.fullmatch(folder.name) and not folder.exists() and not any(checkpoint_problems(aside)):
            log.warning("%s: restoring %s, set aside by a save that was interrupted", run_dir, folder.name)
            os.replace(aside, folder)


def find_checkpoint(run_dir: Path, which: str = "latest") -> Checkpoint:
    _restore_aside(run_dir)
    name = _pointer(run_dir, BEST if which == "best" else LATEST)
    if name is None and which == "best":
        name = _pointer(run_dir, LATEST)
    if name is not None and (run_dir / name).is_dir():
        return Checkpoint(run_dir / name, _read_meta(run_dir / name))
    # The pointer is missing, unreadable or names a folder that is gone: the newest intact one.
    for folder in sorted((p for p in run_dir.glob("step-*") if _STEP_FOLDER.fullmatch(p.name)), reverse=True):
        if folder.is_dir() and not any(checkpoint_problems(folder)):
            log.warning("%s: %s names no usable checkpoint; using %s", run_dir, LATEST, folder.name)
            return Checkpoint(folder, _read_meta(folder))
    raise StudioError(f"no checkpoint found in {run_dir}; the run saved none (train it for a few steps first)")


def _damaged(path: Path, reason: str) -> StudioError:
    return StudioError(f"the checkpoint file {path} is damaged ({reason}); delete the folder {path.parent.name} "
                       "to fall back to the previous checkpoint, or train the run again")


def _read_meta(folder: Path) -> dict[str, Any]:
    path = folder / "meta.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise _damaged(path, "it is missing") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _damaged(path, type(exc).__name__) from exc
    if not isinstance(meta, dict) or not isinstance(meta.get("step"), int):
        raise _damaged(path, "it does not record the step")
    return meta


def _load_tensors(path: Path, device: str = "cpu") -> dict[str, torch.Tensor]:
    """``load_file``, with a damaged or truncated file named in a one-line message."""
    problem = safetensors_problem(path)
    if problem:
        raise _damaged(path, problem)
    try:
        return load_file(str(path), device=device)
    except Exception as exc:  # safetensors' own error for what the header check cannot see
        raise _damaged(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


TIED = ("tok_emb.weight", "head.weight")  # the output layer may share the token embedding


def load_weights(checkpoint: Checkpoint, model: torch.nn.Module, device: torch.device) -> None:
    """Load safetensors weights; a tied pair may be stored under either name, or both.

    LoRA adapters in the file are folded into the weights when the model has none (a plain
    model for generation or evaluation); a model with adapters loads base weights alone too
    (a LoRA run starting from another run's weights), its adapters keeping their start values.
    """
    from llmstudio.core.model.lora import has_lora, is_lora_key, merge_lora_state

    tensors = model_tensors(_load_tensors(checkpoint.folder / "model.safetensors", str(device)))
    model_has_lora = has_lora(model.state_dict())
    if has_lora(tensors) and not model_has_lora:
        tensors = merge_lora_state(tensors)  # a LoRA run's checkpoint into a plain model: adapters folded in
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    tied = getattr(getattr(model, "config", None), "tie_embeddings", False)
    if tied and any(name in tensors for name in TIED):
        missing = [m for m in missing if m not in TIED]
    if model_has_lora and not has_lora(tensors):
        missing = [m for m in missing if not is_lora_key(m)]  # base weights only: the adapters start fresh
    if unexpected or missing:
        raise StudioError(
            f"checkpoint {checkpoint.folder} does not match the model (missing {list(missing)[:3]}, "
            f"unexpected {list(unexpected)[:3]})"
        )


def load_optimizer_state(checkpoint: Checkpoint) -> dict[str, Any]:
    """The optimizer's state dict as saved (tensors on the CPU)."""
    tensors = _load_tensors(checkpoint.folder / "optimizer.safetensors")
    path = checkpoint.folder / "optimizer.json"
    try:
        extra = json.loads(path.read_text(encoding="utf-8"))
        return _unflatten_optimizer(tensors, extra)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged(path, type(exc).__name__) from exc


def load_rng_state(checkpoint: Checkpoint) -> dict[str, torch.Tensor]:
    return _load_tensors(checkpoint.folder / "rng.safetensors")
