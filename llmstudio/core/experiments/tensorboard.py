"""Export a run's metrics as TensorBoard event files, for users who keep their TensorBoard habits.

Needs the optional ``tensorboard`` extra (``pip install llmstudio[tensorboard]``); the
event files are written by TensorBoard's own writer, one folder per run (``run-<id>``), with
every stored metric as a scalar series (``train/loss``, ``val/loss``, ``lr``, ...) at its
step and the run's config as text. Point ``tensorboard --logdir`` at the folder.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from llmstudio.core.errors import StudioError
from llmstudio.core.experiments.curves import load_curves
from llmstudio.core.project import Project

TAGS = {"train_loss": "train/loss", "val_loss": "val/loss", "eval_train_loss": "train/loss_estimate"}


def tag_for(metric: str) -> str:
    return TAGS.get(metric, metric)


def export_tensorboard(project: Project, run_id: int, folder: Path) -> Path:
    """Write run ``run_id``'s metrics under ``folder/run-<id>``; returns that folder."""
    try:
        from tensorboard.compat.proto.event_pb2 import Event
        from tensorboard.compat.proto.summary_pb2 import Summary
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError as exc:
        raise StudioError("TensorBoard export needs the tensorboard package; install it with "
                          "'pip install llmstudio[tensorboard]' (or 'pip install tensorboard')") from exc
    curves = load_curves(project, run_id)
    target = Path(folder) / f"run-{run_id}"
    if target.exists() and any(target.iterdir()):
        raise StudioError(f"{target} already holds event files; choose another folder or delete it first")
    target.mkdir(parents=True, exist_ok=True)
    writer = EventFileWriter(str(target))
    try:
        config = json.dumps(curves.config, indent=2)
        text = Summary(value=[Summary.Value(tag="config", metadata=_text_metadata(), tensor=_text_tensor(config))])
        writer.add_event(Event(step=0, summary=text))
        for metric, (steps, values) in sorted(curves.series.items()):
            tag = tag_for(metric)
            for step, value in zip(steps.tolist(), values.tolist(), strict=True):
                if not math.isfinite(value):
                    continue
                summary = Summary(value=[Summary.Value(tag=tag, simple_value=float(value))])
                writer.add_event(Event(step=int(step), summary=summary))
    finally:
        writer.close()
    return target


def _text_metadata() -> Any:
    from tensorboard.compat.proto.summary_pb2 import SummaryMetadata

    return SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="text"))


def _text_tensor(text: str) -> Any:
    from tensorboard.compat.proto.tensor_pb2 import TensorProto
    from tensorboard.compat.proto.tensor_shape_pb2 import TensorShapeProto
    from tensorboard.compat.proto.types_pb2 import DT_STRING

    return TensorProto(dtype=DT_STRING, string_val=[text.encode("utf-8")],
                       tensor_shape=TensorShapeProto(dim=[TensorShapeProto.Dim(size=1)]))
