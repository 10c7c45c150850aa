"""Training curves of several runs, ready to overlay: series, x axes, smoothing, differences, CSV.

The Train panel compares runs by drawing their stored metrics on shared axes. This module
does the arithmetic without Qt or torch: it reads each run's metric series, derives the
other x axes (tokens seen = step × tokens per step; wall time = the logged step times
added up), smooths with an exponential moving average (TensorBoard's debiased EMA), lists
the config keys in which the runs differ, and writes the series as CSV rows, one per stored
metric value.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, run_config

X_AXES = ("step", "tokens", "wall time")
CORE_METRICS = ("train_loss", "val_loss", "lr", "grad_norm", "tokens_per_s")
CSV_COLUMNS = ("run_id", "run_name", "metric", "step", "tokens", "wall_time_s", "value")


@dataclass
class RunCurves:
    run_id: int
    name: str
    status: str
    config: dict[str, Any]
    tokens_per_step: int
    series: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # name -> (steps, values)

    def wall_time(self, steps: np.ndarray) -> np.ndarray:
        """Seconds since the start at each step, from the logged step times (interpolated)."""
        known_steps, step_times = self.series.get("step_time_s", (np.zeros(0), np.zeros(0)))
        if len(known_steps) == 0:
            return np.full(len(steps), np.nan)
        widths = np.diff(np.concatenate([[0.0], known_steps]))
        elapsed = np.cumsum(widths * np.nan_to_num(step_times))
        return np.interp(steps, np.concatenate([[0.0], known_steps]), np.concatenate([[0.0], elapsed]))

    def x_values(self, steps: np.ndarray, axis: str) -> np.ndarray:
        if axis == "tokens":
            return steps * float(self.tokens_per_step)
        if axis == "wall time":
            return self.wall_time(steps)
        return steps.astype(np.float64)


def load_curves(project: Project, run_id: int) -> RunCurves:
    run = get_run(project, run_id)
    config = run_config(project, run_id)
    model, train = config.get("model", {}), config.get("train", {})
    tokens_per_step = int(train.get("batch_size", 1)) * int(train.get("grad_accum", 1)) * int(
        model.get("context_length", 1))
    curves = RunCurves(run.id, run.name, run.status, config, tokens_per_step)
    rows = project.db.execute("SELECT name, step, value FROM metrics WHERE run_id = ? ORDER BY name, step",
                              (run_id,)).fetchall()
    grouped: dict[str, tuple[list[int], list[float]]] = {}
    for name, step, value in rows:
        steps, values = grouped.setdefault(str(name), ([], []))
        steps.append(int(step))
        values.append(math.nan if value is None else float(value))
    for name, (steps, values) in grouped.items():
        curves.series[name] = (np.asarray(steps, dtype=np.float64), np.asarray(values, dtype=np.float64))
    return curves


def ema(values: np.ndarray, weight: float) -> np.ndarray:
    """Debiased exponential moving average (weight 0 = raw); NaN values are skipped, not spread."""
    if weight <= 0 or len(values) == 0:
        return values.copy()
    out = np.empty_like(values)
    average, count = 0.0, 0
    for index, value in enumerate(values):
        if math.isfinite(value):
            average = weight * average + (1 - weight) * value
            count += 1
            out[index] = average / (1 - weight**count)
        else:
            out[index] = math.nan
    return out


def _flatten(config: dict[str, Any]) -> dict[str, Any]:
    return {f"{section}.{key}": value for section, values in config.items() if isinstance(values, dict)
            for key, value in values.items()}


def config_differences(runs: list[RunCurves]) -> dict[int, dict[str, Any]]:
    """For each run, the config keys whose values are not the same in every run."""
    flat = {run.run_id: _flatten(run.config) for run in runs}
    keys = sorted({key for values in flat.values() for key in values})
    differing = [key for key in keys if len({repr(values.get(key)) for values in flat.values()}) > 1]
    return {run_id: {key: values.get(key) for key in differing} for run_id, values in flat.items()}


def csv_rows(runs: list[RunCurves]) -> list[dict[str, Any]]:
    """One row per stored metric value, with the step's tokens seen and wall time."""
    rows = []
    for run in runs:
        for name in sorted(run.series):
            steps, values = run.series[name]
            tokens, wall = run.x_values(steps, "tokens"), run.wall_time(steps)
            for index in range(len(steps)):
                rows.append({"run_id": run.run_id, "run_name": run.name, "metric": name, "step": int(steps[index]),
                             "tokens": int(tokens[index]), "wall_time_s": _number(wall[index]),
                             "value": _number(values[index])})
    return rows


def _number(value: float) -> float | str:
    return "" if not math.isfinite(value) else float(value)


def write_csv(runs: list[RunCurves], path: Path) -> int:
    """Write the runs' series as CSV (atomically); returns the number of data rows."""
    rows = csv_rows(runs)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(Path(path), buffer.getvalue())
    return len(rows)
