"""TensorBoard export, read back with TensorBoard's own reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from llmstudio.cli import main
from llmstudio.core.errors import StudioError
from llmstudio.core.experiments.tensorboard import export_tensorboard, tag_for
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run


def test_every_stored_metric_becomes_a_scalar_series(tokenized_project: Project, tiny_overrides,
                                                      tmp_path: Path, capsys) -> None:
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=10"]))
    train_run(tokenized_project, run_id, device="cpu")
    folder = export_tensorboard(tokenized_project, run_id, tmp_path / "tb")

    events = EventAccumulator(str(folder))
    events.Reload()
    stored = tokenized_project.db.execute(
        "SELECT name, step, value FROM metrics WHERE run_id = ? AND value IS NOT NULL", (run_id,)).fetchall()
    names = {row[0] for row in stored}
    assert set(events.Tags()["scalars"]) == {tag_for(n) for n in names}
    for name in names:
        series = {e.step: e.value for e in events.Scalars(tag_for(name))}
        expected = {int(s): float(v) for n, s, v in stored if n == name}
        assert series.keys() == expected.keys()
        assert all(series[step] == pytest.approx(expected[step], rel=1e-6) for step in expected)  # float32
    assert "train/loss" in events.Tags()["scalars"] and "val/loss" in events.Tags()["scalars"]
    with pytest.raises(StudioError, match="already holds event files"):
        export_tensorboard(tokenized_project, run_id, tmp_path / "tb")

    code = main(["tensorboard", str(tokenized_project.root), "--run", str(run_id), "--out", str(tmp_path / "cli")])
    assert code == 0 and (tmp_path / "cli" / f"run-{run_id}").is_dir()
    assert f"run-{run_id}" in capsys.readouterr().out
