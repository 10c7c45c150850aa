"""Exporting a run for a bigger machine: its config as TOML plus launch scripts for
``torchrun`` (one or several machines) and a SLURM batch template.

The scripts run the same ``llmstudio train`` the app runs; torchrun starts one process
per GPU, and the trainer picks up ``RANK`` / ``WORLD_SIZE`` / ``LOCAL_RANK`` by itself.
"""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.training.config import RunConfig, dump_toml

CONFIG_NAME = "config.toml"
TORCHRUN_NAME = "launch_torchrun.sh"
SLURM_NAME = "launch_slurm.sbatch"


def _train_args(project_dir: Path, run_id: int | None) -> str:
    project = shlex.quote(str(project_dir))
    if run_id is not None:
        return f'{project} --resume {run_id}'
    return f'{project} --config "$HERE/{CONFIG_NAME}"'


def export_launch_files(folder: Path, config: RunConfig, project_dir: Path, run_id: int | None = None,
                        name: str = "llmstudio-run") -> list[Path]:
    """Write config.toml, launch_torchrun.sh and launch_slurm.sbatch into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    args = _train_args(Path(project_dir).resolve(), run_id)
    header = (f"# llmstudio run configuration ({name}).\n"
              f"# Train it with: llmstudio train PROJECT --config {CONFIG_NAME}\n"
              f"# or on several GPUs with {TORCHRUN_NAME} / {SLURM_NAME} beside this file.\n\n")
    torchrun = f"""#!/usr/bin/env bash
# Train {name} with llmstudio on every GPU of this machine (DDP; set train.fsdp = true in
# {CONFIG_NAME} for models that do not fit one GPU). The global batch per step is
# train.batch_size x train.grad_accum sequences whatever the number of GPUs.
#   NPROC=4 ./{TORCHRUN_NAME}              # four GPUs
#   NPROC=2 DEVICE=cpu ./{TORCHRUN_NAME}   # two CPU processes (gloo), for a try-out
# Several machines: run it on each with NNODES, NODE_RANK and MASTER_ADDR set.
set -euo pipefail
HERE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
NPROC="${{NPROC:-$(nvidia-smi -L 2>/dev/null | wc -l)}}"
[ "$NPROC" -ge 1 ] 2>/dev/null || NPROC=1
DEVICE="${{DEVICE:-auto}}"
if [ -n "${{NNODES:-}}" ]; then
  exec torchrun --nnodes="$NNODES" --node-rank="${{NODE_RANK:?set NODE_RANK}}" --nproc-per-node="$NPROC" \\
    --rdzv-backend=c10d --rdzv-endpoint="${{MASTER_ADDR:?set MASTER_ADDR}}:${{MASTER_PORT:-29500}}" \\
    -m llmstudio train {args} --device "$DEVICE"
fi
exec torchrun --standalone --nproc-per-node="$NPROC" -m llmstudio train {args} --device "$DEVICE"
"""
    slurm = f"""#!/bin/bash
# SLURM batch template for {name}: edit the #SBATCH lines for your cluster, then
#   sbatch {SLURM_NAME}
# The project folder must be on a file system every node can see; only rank 0 writes to it.
#SBATCH --job-name={name}
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=8
#SBATCH --cpus-per-task=32
#SBATCH --time=24:00:00
#SBATCH --output=%x-%j.out
set -euo pipefail
HERE="${{SLURM_SUBMIT_DIR:-$(pwd)}}"
GPUS_PER_NODE="${{GPUS_PER_NODE:-8}}"
HEAD_NODE="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"
srun torchrun --nnodes="$SLURM_NNODES" --nproc-per-node="$GPUS_PER_NODE" \\
  --rdzv-id="$SLURM_JOB_ID" --rdzv-backend=c10d --rdzv-endpoint="$HEAD_NODE:29500" \\
  -m llmstudio train {args} --device cuda
"""
    paths = [folder / CONFIG_NAME, folder / TORCHRUN_NAME, folder / SLURM_NAME]
    for path, text in zip(paths, (header + dump_toml(config), torchrun, slurm), strict=False):
        write_text_atomic(path, text)
    for script in paths[1:]:
        mode = os.stat(script).st_mode
        os.chmod(script, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return paths
