"""The arithmetic behind compared curves: smoothing, x axes, config differences."""

from __future__ import annotations

import math

import numpy as np

from llmstudio.core.experiments.curves import RunCurves, config_differences, ema


def test_ema_is_debiased_and_skips_gaps() -> None:
    values = np.array([4.0, 2.0, math.nan, 1.0])
    smooth = ema(values, 0.5)
    assert smooth[0] == 4.0  # debiased: the first value is not pulled towards 0
    assert smooth[1] == (0.5 * 0.5 * 4.0 + 0.5 * 2.0) / (1 - 0.25)
    assert math.isnan(smooth[2])
    expected = (0.5 * (0.25 * 4.0 + 0.5 * 2.0) + 0.5 * 1.0) / (1 - 0.125)
    assert smooth[3] == expected
    assert np.array_equal(ema(values[:2], 0.0), values[:2])
    assert np.allclose(ema(np.full(50, 3.0), 0.9), 3.0)


def test_tokens_and_wall_time_axes() -> None:
    run = RunCurves(1, "a", "completed", {}, tokens_per_step=256)
    run.series["step_time_s"] = (np.array([10.0, 20.0]), np.array([0.5, 1.0]))
    steps = np.array([10.0, 15.0, 20.0])
    assert run.x_values(steps, "tokens").tolist() == [2560, 3840, 5120]
    assert run.x_values(steps, "wall time").tolist() == [5.0, 10.0, 15.0]  # 10 steps × 0.5 s, then 10 × 1 s
    assert run.x_values(steps, "step").tolist() == [10, 15, 20]


def test_config_differences_name_only_what_differs() -> None:
    a = RunCurves(1, "a", "completed", {"model": {"n_layer": 2}, "train": {"lr": 0.01, "seed": 1}}, 1)
    b = RunCurves(2, "b", "completed", {"model": {"n_layer": 2}, "train": {"lr": 0.003, "seed": 1}}, 1)
    assert config_differences([a, b]) == {1: {"train.lr": 0.01}, 2: {"train.lr": 0.003}}
