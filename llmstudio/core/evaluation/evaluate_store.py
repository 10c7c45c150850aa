"""Evaluation results, stored with their run: one per checkpoint step and split.

Kept in the run's metrics (``eval_<split>_loss``, ``_bits_per_byte``, ``_tokens``,
``_bytes`` at the checkpoint's step), so no table is added and deleting a run deletes
them. This module does not import torch: the app lists stored results on the GUI thread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from llmstudio.core.changes import Changed, declares
from llmstudio.core.project import Project
from llmstudio.core.runs import append_metrics, metric_series

EVAL_SPLITS = ("validation", "test")


@dataclass(frozen=True)
class Evaluation:
    run_id: int
    split: str
    checkpoint: str
    step: int
    tokens: int
    loss: float
    bits_per_byte: float
    bytes: int

    @property
    def perplexity(self) -> float:
        return math.exp(self.loss) if self.loss < 700 else math.inf

    def to_json(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "split": self.split, "tokens": self.tokens, "loss": self.loss,
                "perplexity": self.perplexity, "bits_per_byte": self.bits_per_byte,
                "checkpoint": self.checkpoint, "step": self.step, "bytes": self.bytes}


@declares(Changed.RUNS)
def store_evaluation(project: Project, result: Evaluation) -> None:
    prefix = f"eval_{result.split}"
    rows = [(f"{prefix}_{name}", result.step, value if math.isfinite(value) else None) for name, value in
            (("loss", result.loss), ("bits_per_byte", result.bits_per_byte), ("tokens", float(result.tokens)),
             ("bytes", float(result.bytes)))]
    append_metrics(project, result.run_id, rows)


def stored_evaluations(project: Project, run_id: int) -> list[Evaluation]:
    """Every stored evaluation of a run, by split and checkpoint step."""
    found: list[Evaluation] = []
    for split in EVAL_SPLITS:
        prefix = f"eval_{split}"
        series = {name: dict(metric_series(project, run_id, f"{prefix}_{name}"))
                  for name in ("loss", "bits_per_byte", "tokens", "bytes")}
        for step, loss in sorted(series["loss"].items()):
            found.append(Evaluation(run_id, split, f"step {step}", step, int(series["tokens"].get(step, 0)), loss,
                                    series["bits_per_byte"].get(step, math.nan), int(series["bytes"].get(step, 0))))
    return found
