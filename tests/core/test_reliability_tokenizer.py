"""A tokenizer run killed with SIGKILL leaves no half-made tokenizer folder behind: the next run
clears it and builds a complete one (issue 18, item 6)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from reliability_helpers import integrity, kill_and_collect, query, run_cli, start_cli, wait_for

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="kills a child process")


def test_a_killed_tokenizer_leaves_no_orphan_folder(tmp_path: Path) -> None:
    root = tmp_path / "project"
    run_cli("new", root)
    words = "whale ship sea harpoon captain deck sail storm island crew".split()
    lines = [" ".join(words[(i * 7 + j) % len(words)] for j in range(12)) + f" {i}" for i in range(20000)]
    (tmp_path / "corpus.txt").write_text("\n".join(lines) + "\n")
    run_cli("import", root, tmp_path / "corpus.txt", "--split", "line", "-q")
    run_cli("clean", root)
    proc = start_cli("tokenizer", root, "--vocab-size", "300")
    try:
        wait_for(lambda: any((root / "tokenizers").rglob("*.tmp")), 120, "the tokenizer to start encoding")
    finally:
        kill_and_collect(proc)
    assert integrity(root / "project.sqlite") == "ok"

    run_cli("tokenizer", root, "--vocab-size", "300")
    (model_path,) = [r[0] for r in query(root / "project.sqlite", "SELECT model_path FROM tokenizers")]
    folders = sorted(p.name for p in (root / "tokenizers").iterdir())
    assert folders == [Path(model_path).parent.name]
    names = {p.name for p in (root / model_path).parent.iterdir()}
    assert {"tokenizer.model", "train.bin", "val.bin"} <= names
    assert not [n for n in names if n.endswith(".tmp") or n.startswith(".")]
    assert list((root / "locks").glob("*")) == []
