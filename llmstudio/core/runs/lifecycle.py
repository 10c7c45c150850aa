"""What happens to a run as a whole: recovering interrupted runs, and deleting one.

Both depend on whether a process is training the run now (``liveness``), never on the
status column alone: a run left ``running`` by a killed process is recovered as
interrupted, a run another process is training is left alone.
"""

from __future__ import annotations

import logging
import shutil

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.errors import ProjectError, StudioError
from llmstudio.core.project import Project, utc_now
from llmstudio.core.runs.liveness import is_live
from llmstudio.core.runs.store import get_run, list_runs, run_folder

log = logging.getLogger(__name__)

INTERRUPTED_MESSAGE = "interrupted: the process training it stopped; resume to continue"


@declares(Changed.RUNS)
@declares(Changed.RUNS)
def recover_interrupted(project: Project) -> list[int]:
    """Mark as cancelled every run that says 'running' but that no process is training.

    Returns the ids it recovered. A run whose lock is held (a CLI or torchrun process is
    training it) keeps its status.
    """
    recovered: list[int] = []
    for run in list_runs(project):
        if run.status != "running":
            continue
        try:
            live = is_live(project, run)
        except ProjectError as exc:  # its folder is outside the project: nothing can train it
            log.warning("%s", exc)
            live = False
        if live:
            continue
        with transaction(project.db) as conn:
            cur = conn.execute(
                "UPDATE runs SET status = 'cancelled', message = ?, finished_at = ?, updated_at = ? "
                "WHERE id = ? AND status = 'running'", (INTERRUPTED_MESSAGE, utc_now(), utc_now(), run.id))
        if cur.rowcount:
            recovered.append(run.id)
    return recovered


@declares(Changed.RUNS)
@declares(Changed.RUNS)
def delete_run(project: Project, run_id: int) -> None:
    """Remove a run, its metrics and its folder. Refuses a run that a process is training."""
    run = get_run(project, run_id)
    if is_live(project, run):
        raise StudioError(f"run {run_id} is training; stop it before deleting it")
    folder = run_folder(project, run)
    if folder in (project.root, project.root / "runs"):
        raise ProjectError(f"run {run_id}'s checkpoint folder is the project's own folder; refusing to delete it "
                           f"(fix runs.checkpoint_dir in the project file)")
    with transaction(project.db) as conn:
        conn.execute("DELETE FROM metrics WHERE run_id = ?", (run_id,))
        conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
