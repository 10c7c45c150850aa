"""A clean killed with SIGKILL: its snapshot name is free again, its unfinished snapshot is
recovered, and its worker processes exit by themselves (issue 18, item 5)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from reliability_helpers import (
    children_of,
    integrity,
    kill_and_collect,
    query,
    run_cli,
    start_cli,
    wait_for,
    wait_orphans_gone,
)

from llmstudio.core.cleaning.pipeline import IN_PROCESS_BELOW

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find the worker processes")


def make_corpus(tmp_path: Path, documents: int) -> Path:
    root = tmp_path / "project"
    run_cli("new", root)
    lines = [f"Line {i} of the corpus says something about whales, ships and the sea." for i in range(documents)]
    (tmp_path / "corpus.txt").write_text("\n".join(lines) + "\n")
    run_cli("import", root, tmp_path / "corpus.txt", "--split", "line", "-q")
    return root


def test_a_killed_clean_frees_its_name_and_leaves_no_workers_behind(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, IN_PROCESS_BELOW + 1000)  # enough documents for worker processes
    db = root / "project.sqlite"
    proc = start_cli("clean", root, "--snapshot", "mine")
    try:
        wait_for(lambda: bool(query(db, "SELECT 1 FROM snapshots WHERE status = 'building'"))
                 and len(children_of(proc.pid)) >= 2, 120, "the clean to start its workers")
    finally:
        workers = kill_and_collect(proc)
    assert workers
    wait_orphans_gone(workers)
    assert integrity(db) == "ok"

    again = run_cli("clean", root, "--snapshot", "mine", check=False)
    assert again.returncode == 0, again.stderr
    assert query(db, "SELECT name, status FROM snapshots") == [("mine", "complete")]
    assert query(db, "SELECT count(*) FROM snapshot_documents WHERE snapshot_id NOT IN (SELECT id FROM snapshots)") == [(0,)]
    assert list((root / "locks").glob("*")) == []  # the dead clean's lock was cleared with its snapshot
