"""The duplicate check while importing: the hash index deferred in a new project, the file hash beside it.

The first import into an empty project drops ``documents_hash`` inside its transaction and
builds it before the commit, checking duplicates against a set meanwhile; later imports
use the index. Both must skip exactly the same documents, a rolled-back file must not
leave its hashes behind, and the index must be there after every commit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from pathlib import Path

import pytest

from llmstudio.core.project import Project
from llmstudio.core.sources import duplicates
from llmstudio.core.sources.importer import ImportOptions, import_paths
from llmstudio.core.text import content_hash

WORDS = "whale ship sea captain harbour storm wind sail rope deck wave island shore light".split()


def lines(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(12)) + f" {seed}-{i}" for i in range(count)]


def write_jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "n": i}) + "\n" for i, t in enumerate(texts)))
    return path


def hash_index_used(project: Project) -> bool:
    plan = project.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM documents WHERE content_hash = ?", ("x",)
    ).fetchall()
    return any("documents_hash" in str(row[3]) for row in plan)


def corpus(folder: Path) -> Path:
    """Duplicates inside a file, across files, and across the two paths (small and streamed)."""
    folder.mkdir()
    first = lines(3000, 1)
    write_jsonl(folder / "a.jsonl", first + first[:500])  # 500 repeats inside the file
    write_jsonl(folder / "b.jsonl", first[1000:1500] + lines(700, 2))  # 500 seen in a.jsonl
    for i in range(30):
        (folder / f"note{i:02d}.txt").write_text(first[i] if i % 3 == 0 else f"note number {i}")
    (folder / "again.txt").write_text("note number 1")  # the same bytes as note01.txt
    return folder


def stored(project: Project) -> list[tuple]:
    return [
        tuple(r) for r in project.db.execute(
            "SELECT origin, content_hash, chars FROM documents WHERE origin != 'seed' ORDER BY origin"
        )
    ]


def test_an_empty_and_a_non_empty_project_skip_the_same_duplicates(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    with Project.create(tmp_path / "empty") as fresh, Project.create(tmp_path / "seeded") as seeded:
        seed = tmp_path / "seed.txt"
        seed.write_text("a document that was there before")
        import_paths(seeded, [seed], ImportOptions())
        seeded.db.execute("UPDATE documents SET origin = 'seed'")

        deferred = import_paths(fresh, [folder], ImportOptions())
        indexed = import_paths(seeded, [folder], ImportOptions())

        assert stored(fresh) == stored(seeded)
        assert (deferred.documents, deferred.skipped_duplicates) == (indexed.documents, indexed.skipped_duplicates)
        assert deferred.skipped_duplicates == 500 + 500 + 10
        assert deferred.skipped_files == indexed.skipped_files == 1  # again.txt has note01.txt's bytes
        texts = [r[0] for r in fresh.db.execute("SELECT text FROM documents")]
        assert len(texts) == len(set(texts))
        for project in (fresh, seeded):
            assert hash_index_used(project)
            assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert all(content_hash(t) == h for t, h in project.db.execute("SELECT text, content_hash FROM documents"))


@pytest.mark.parametrize("max_hashes", [duplicates.MAX_HASHES, 1500])
def test_a_rolled_back_file_leaves_no_hashes_behind(tmp_path: Path, monkeypatch, max_hashes: int) -> None:
    """a.jsonl.gz stores batches of documents, then unpacks past its limit and is rolled back;
    b.jsonl, in the same transaction, holds lines stored from a.jsonl.gz: every one of them
    is new. With a small limit the index is built in the middle of a.jsonl.gz, and the
    rollback undoes the build (it is done again at once)."""
    monkeypatch.setattr(duplicates, "MAX_HASHES", max_hashes)
    texts = lines(60_000, 3)  # 5 MB unpacked: thousands of documents are stored before the limit
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl.gz").write_bytes(gzip.compress("".join(json.dumps({"text": t}) + "\n" for t in texts).encode()))
    texts = texts[:6000]
    write_jsonl(folder / "b.jsonl", texts)
    statements: list[str] = []
    with Project.create(tmp_path / "p") as project:
        project.db.set_trace_callback(statements.append)
        summary = import_paths(project, [folder], ImportOptions(max_unpacked_mb=3))
        project.db.set_trace_callback(None)
        assert summary.rejected_files == 1
        assert any("max_unpacked_mb" in p.reason for p in summary.problems)
        assert summary.documents == 6000 and summary.skipped_duplicates == 0
        assert [r[0] for r in project.db.execute("SELECT DISTINCT origin LIKE 'b.jsonl:%' FROM documents")] == [1]
        assert hash_index_used(project)
        assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rolled_back = statements.index("ROLLBACK TO import_file")
        assert sum(s.startswith("INSERT INTO documents") for s in statements[:rolled_back]) > 6000 // 64
        builds = [i for i, s in enumerate(statements) if s.startswith("CREATE INDEX documents_hash")]
        if max_hashes == 1500:  # built inside a.jsonl.gz, undone with it, built again at once
            assert builds[0] < rolled_back < builds[1] and len(builds) == 2
        else:  # never built before the rollback; built before each commit (small files commit about
            # once a second, so a slow machine may commit between a.jsonl.gz and b.jsonl: two builds)
            assert builds and all(b > rolled_back for b in builds)
            commits = [i for i, s in enumerate(statements) if s == "COMMIT"]
            assert commits and all(any(b < c for b in builds) for c in commits if c > rolled_back)
        # The next import (the project is no longer empty) finds every one through the index.
        again = tmp_path / "again.jsonl"
        write_jsonl(again, texts[::-1])
        later = import_paths(project, [again], ImportOptions())
        assert (later.documents, later.skipped_duplicates) == (0, 6000)


def test_the_index_is_built_mid_import_past_the_memory_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(duplicates, "MAX_HASHES", 1000)
    texts = lines(5000, 4)
    source = write_jsonl(tmp_path / "big.jsonl", texts + texts[:2500] + lines(100, 5))
    with Project.create(tmp_path / "p") as project:
        summary = import_paths(project, [source], ImportOptions())
        assert (summary.documents, summary.skipped_duplicates) == (5100, 2500)
        assert hash_index_used(project)


def test_without_duplicate_skipping_the_index_is_still_built(tmp_path: Path) -> None:
    texts = lines(2000, 6)
    source = write_jsonl(tmp_path / "twice.jsonl", texts + texts)
    with Project.create(tmp_path / "p") as project:
        summary = import_paths(project, [source], ImportOptions(skip_duplicates=False))
        assert summary.documents == 4000
        assert hash_index_used(project)
        assert project.count("SELECT count(DISTINCT content_hash) FROM documents") == 2000


def test_a_large_file_is_hashed_beside_the_import_and_recognised_again(tmp_path: Path) -> None:
    """Files of 4 MB and more are hashed on a thread when no file of their size was imported."""
    big = write_jsonl(tmp_path / "big.jsonl", lines(60_000, 7))
    assert big.stat().st_size >= 4 * 1024 * 1024
    twin = tmp_path / "twin.jsonl"  # the same size, other bytes: not the same file
    twin.write_bytes(big.read_bytes().replace(b"whale", b"wha1e"))
    assert twin.stat().st_size == big.stat().st_size
    with Project.create(tmp_path / "p") as project:
        first = import_paths(project, [big], ImportOptions())
        recorded = project.db.execute("SELECT file_hash, bytes FROM import_files").fetchone()
        assert tuple(recorded) == (hashlib.blake2b(big.read_bytes(), digest_size=16).hexdigest(), big.stat().st_size)
        assert first.documents == 60_000
        again = import_paths(project, [big], ImportOptions())
        assert (again.skipped_files, again.documents) == (1, 0)
        other = import_paths(project, [twin], ImportOptions())
        assert other.skipped_files == 0 and other.files == 1
        hashes = [r[0] for r in project.db.execute("SELECT file_hash FROM import_files ORDER BY id")]
        assert hashes[-1] == hashlib.blake2b(twin.read_bytes(), digest_size=16).hexdigest()
