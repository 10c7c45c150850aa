"""A job killed right after taking its lock (before making anything), or right after committing
(before releasing it), leaves a lock file that recovery never found: the next run of the same
step clears it, and a live job's lock is never touched.

Seen in the fault-injection suite: a tokenizer killed at such a moment left ``locks/`` non-empty
after the next tokenizer run had recovered the project.
"""

from __future__ import annotations

from llmstudio.core.cleaning.pipeline import recover_interrupted_snapshots
from llmstudio.core.locks import ProcessLock, clear_stale_locks, lock_path
from llmstudio.core.project import Project
from llmstudio.core.tokenizer import recover_interrupted_tokenizers


def _leave_a_dead_lock(project: Project, kind: str, key: str) -> None:
    path = lock_path(project.root, kind, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("12345")  # what a killed process leaves: the file, and no lock on it


def test_the_next_tokenizer_and_clean_recoveries_clear_dead_locks_and_keep_live_ones(new_project: Project) -> None:
    _leave_a_dead_lock(new_project, "tokenizer", "bpe-300-killed")
    _leave_a_dead_lock(new_project, "snapshot", "killed clean")
    live = ProcessLock(lock_path(new_project.root, "tokenizer", "bpe-300-building-now"))
    assert live.try_acquire()
    try:
        recover_interrupted_tokenizers(new_project)
        recover_interrupted_snapshots(new_project)
        left = sorted(p.name for p in (new_project.root / "locks").iterdir())
        assert left == [live.path.name], "dead locks cleared, the live one kept"
        assert live.held and not ProcessLock(live.path).try_acquire()
    finally:
        live.release()


def test_clear_stale_locks_only_touches_its_kind(new_project: Project) -> None:
    _leave_a_dead_lock(new_project, "tokenizer", "a")
    _leave_a_dead_lock(new_project, "run", "1")
    cleared = clear_stale_locks(new_project.root, "tokenizer")
    assert [p.name for p in cleared] == [lock_path(new_project.root, "tokenizer", "a").name]
    assert lock_path(new_project.root, "run", "1").exists()
