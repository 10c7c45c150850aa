"""Training against an unlucky project (issue #18, items 3, 4 and 7): another writer holding
the database for longer than the busy timeout, resuming a run that already finished, and a
project file whose run paths lead outside the project."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from llmstudio.core.db import connect, connection
from llmstudio.core.errors import ProjectError
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, metric_series
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.events import StepLogged
from llmstudio.core.training.runs import create_run
from llmstudio.core.training.trainer import train_run

BUSY_TIMEOUT_MS = 200  # the project's 10 s, shortened so the test holds the lock 2.5 s instead of a minute
HOLD_SECONDS = 2.5


class BusyWriter:
    """Another connection (a long import) holding the write lock, from its own thread."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.holding = threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def start(self) -> None:
        self.thread.start()
        self.holding.wait()

    def _hold(self) -> None:
        conn = connect(self.db_path)
        conn.execute("BEGIN IMMEDIATE")
        self.holding.set()
        threading.Event().wait(HOLD_SECONDS)  # longer than the busy timeout, many times over
        conn.execute("COMMIT")
        conn.close()


def test_a_long_write_elsewhere_does_not_kill_training(tokenized_project: Project, tiny_overrides,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides))
    tokenized_project.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    writer = BusyWriter(tokenized_project.db_path)

    def on_event(event: object) -> None:
        if isinstance(event, StepLogged) and event.step == 5:
            writer.start()  # from step 5 on, every write the trainer tries finds the database locked

    result = train_run(tokenized_project, run_id, device="cpu", on_event=on_event)
    writer.thread.join()
    assert result.status == "completed" and result.step == 30
    run = get_run(tokenized_project, run_id)
    assert (run.status, run.step) == ("completed", 30)  # the end of the run was written
    assert run.train_loss == pytest.approx(result.train_loss)
    assert [s for s, _ in metric_series(tokenized_project, run_id, "train_loss")] == [5, 10, 15, 20, 25, 30]
    assert len(metric_series(tokenized_project, run_id, "val_loss")) == 4  # no row lost while the lock was held


def test_resuming_a_completed_run_keeps_its_losses(tokenized_project: Project, tiny_overrides) -> None:
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides))
    train_run(tokenized_project, run_id, device="cpu")
    before = get_run(tokenized_project, run_id)
    assert before.train_loss is not None and before.val_loss is not None

    result = train_run(tokenized_project, run_id, device="cpu")  # what 'train --resume' does
    after = get_run(tokenized_project, run_id)
    assert result.status == "completed" and "already trained 30 of 30 steps" in result.message
    assert (after.status, after.step) == ("completed", 30)
    assert (after.train_loss, after.val_loss, after.best_val_loss) == (
        before.train_loss, before.val_loss, before.best_val_loss)
    assert (result.train_loss, result.val_loss) == (before.train_loss, before.val_loss)


def test_a_checkpoint_folder_outside_the_project_is_never_written_or_pruned(
        tokenized_project: Project, tiny_overrides, tmp_path: Path) -> None:
    outside = tmp_path / "OUTSIDE"
    for step in (1, 2, 3):
        (outside / f"step-{step:07d}").mkdir(parents=True)
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides))
    relative = Path("..") / ".." / outside.relative_to(tmp_path.parent)
    with tokenized_project.db:
        tokenized_project.db.execute("UPDATE runs SET checkpoint_dir = ? WHERE id = ?", (str(relative), run_id))
    assert (tokenized_project.root / relative).resolve() == outside.resolve()
    with pytest.raises(ProjectError, match="points outside the project folder"):
        train_run(tokenized_project, run_id, device="cpu")
    assert sorted(p.name for p in outside.iterdir()) == ["step-0000001", "step-0000002", "step-0000003"]


def test_latest_json_naming_a_folder_outside_the_run_is_refused(tokenized_project: Project, tiny_overrides,
                                                                tmp_path: Path) -> None:
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=10"]))
    train_run(tokenized_project, run_id, device="cpu")
    run_dir = tokenized_project.root / "runs" / str(run_id)
    (run_dir / ckpt.LATEST).write_text(json.dumps({"folder": "../../..", "step": 10}))
    with pytest.raises(ProjectError, match="not a checkpoint folder of this run"):
        ckpt.find_checkpoint(run_dir)
    with pytest.raises(ProjectError, match="not a checkpoint folder of this run"):
        train_run(tokenized_project, run_id, device="cpu", extra_steps=5)
