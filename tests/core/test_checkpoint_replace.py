"""Saving a step that already has a checkpoint (a keep-best save and a periodic one on the same
step) must never leave ``latest.json`` naming a folder that is gone, whenever the process dies.

Seen in the fault-injection suite: a training run killed between removing the old folder and
renaming the new one into place could not be resumed ("no checkpoint found").
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from llmstudio.core.training import checkpoint as ckpt


def _save(run_dir: Path, step: int, value: float) -> Path:
    weights = {"w": torch.full((2, 2), value)}
    return ckpt.save_checkpoint(run_dir, step, weights, {"state": {}, "param_groups": []},
                                {"torch": torch.get_rng_state()}, {"run_id": 1})


def test_a_save_killed_while_replacing_the_same_step_leaves_a_resumable_checkpoint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_dir = tmp_path / "runs" / "1"
    _save(run_dir, 20, 1.0)  # the keep-best save of step 20: the run's first checkpoint
    real_replace = os.replace

    def dies_before_the_new_folder_lands(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src).name.startswith(".step-") and Path(dst).name == "step-0000020":
            raise SystemExit("killed")  # the process dies here: the new folder never lands
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dies_before_the_new_folder_lands)
    with pytest.raises(SystemExit):
        _save(run_dir, 20, 2.0)  # the periodic save of the same step
    monkeypatch.setattr(os, "replace", real_replace)

    found = ckpt.find_checkpoint(run_dir)  # what --resume does
    assert found.folder.name == "step-0000020" and found.step == 20
    assert float(load_file(str(found.folder / "model.safetensors"))["w"][0, 0]) == 1.0
    assert not list(run_dir.glob(".step-*")), "the set-aside folder was put back"


def test_saving_a_step_again_replaces_it_and_leaves_nothing_aside(tmp_path: Path) -> None:
    run_dir = tmp_path / "runs" / "1"
    _save(run_dir, 20, 1.0)
    _save(run_dir, 20, 2.0)
    found = ckpt.find_checkpoint(run_dir)
    assert float(load_file(str(found.folder / "model.safetensors"))["w"][0, 0]) == 2.0
    assert sorted(p.name for p in run_dir.iterdir()) == ["latest.json", "step-0000020"]
