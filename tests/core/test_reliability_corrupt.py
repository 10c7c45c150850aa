"""Corrupt artefacts end in one line naming the file and the fix, never a traceback, and the
failed command changes nothing in the project (issue 18, item 10)."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import cli_env

from llmstudio.cli import main
from llmstudio.core.project import Project


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def state(root: Path) -> tuple[list[tuple[str, int]], dict[str, list]]:
    """What a user could see change: the files (but the database's own journal) and the rows."""
    files = sorted((p.relative_to(root).as_posix(), p.stat().st_size) for p in root.rglob("*")
                   if p.is_file() and not p.name.startswith(("project.sqlite", "search.sqlite"))
                   and p.parent.name != "locks")
    conn = sqlite3.connect(f"file:{root / 'project.sqlite'}?mode=ro", uri=True)
    try:
        tables = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall())  # noqa: S608 - our table names
                  for t in ("sources", "snapshots", "tokenizers", "runs")}
    finally:
        conn.close()
    return files, tables


def one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 1
    lines = [line for line in err.splitlines() if "error" in line]  # progress lines share stderr
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def trained(tokenized_project: Project, tiny_overrides: list[str], capsys: pytest.CaptureFixture[str]) -> Path:
    sets = [a for o in tiny_overrides for a in ("--set", o)]
    code, _, err = run(capsys, "train", tokenized_project.root, *sets, "--max-steps", "20", "--device", "cpu")
    assert code == 0, err
    return tokenized_project.root


def test_a_damaged_tokenizer_model(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(trained) as project:
        model = trained / project.tokenizer().model_path
    model.write_bytes(model.read_bytes()[:100])
    before = state(trained)
    code, _, err = run(capsys, "generate", trained, "--prompt", "The whale", "--device", "cpu")
    one_line_error(code, err, "tokenizer.model", "tokenizer again")
    assert state(trained) == before


def test_an_odd_length_token_file(tokenized_project: Project, tiny_overrides: list[str],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    train = tokenized_project.root / tokenized_project.tokenizer().train_path
    train.write_bytes(train.read_bytes() + b"\x01")
    sets = [a for o in tiny_overrides for a in ("--set", o)]
    code, _, err = run(capsys, "train", tokenized_project.root, *sets, "--device", "cpu")
    one_line_error(code, err, "train.bin", "tokenizer again")


def damage_pages(db: Path) -> None:
    """Overwrite the documents table's pages, as a bad sector or a torn copy would."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root_page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()
    conn.close()
    with open(db, "r+b") as handle:
        handle.seek((root_page - 1) * page_size)
        handle.write(b"\xa5" * page_size)


@pytest.mark.parametrize("command", [["clean", "--snapshot", "again"], ["tokenizer", "--vocab-size", "300"]])
def test_malformed_database_pages(cleaned_project: Project, command: list[str],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = cleaned_project.root
    cleaned_project.close()
    damage_pages(root / "project.sqlite")
    before = state(root) if command[0] == "tokenizer" else None
    code, _, err = run(capsys, command[0], root, *command[1:])
    one_line_error(code, err, "project.sqlite", "check")
    if before is not None:
        assert state(root) == before


@pytest.mark.skipif(sys.platform != "linux", reason="file size limits of a child process")
def test_a_full_disk_while_writing_token_files(cleaned_project: Project) -> None:
    root = cleaned_project.root
    cleaned_project.close()
    before = state(root)
    limit = 32 * 1024  # per file: the token files will not fit (SQLite writes only a few pages)

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "llmstudio", "tokenizer", str(root), "--vocab-size", "300"],
                          capture_output=True, text=True, env=cli_env(), preexec_fn=limited, check=False)
    one_line_error(done.returncode, done.stderr, "disk", "free")
    assert state(root) == before
    assert not [p for p in (root / "tokenizers").iterdir()]


def checkpoints(root: Path) -> list[Path]:
    return sorted((root / "runs" / "1").glob("step-*"))


def test_a_truncated_model_checkpoint(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = checkpoints(trained)[-1] / "model.safetensors"
    model.write_bytes(model.read_bytes()[:-50])
    before = state(trained)
    code, _, err = run(capsys, "generate", trained, "--prompt", "The whale", "--device", "cpu")
    one_line_error(code, err, "model.safetensors", "delete")
    assert state(trained) == before


def test_a_damaged_meta_json(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (checkpoints(trained)[-1] / "meta.json").write_text('{"step": 2')
    before = state(trained)
    code, _, err = run(capsys, "generate", trained, "--prompt", "The whale", "--device", "cpu")
    one_line_error(code, err, "meta.json", "delete")
    assert state(trained) == before


def test_a_damaged_optimizer_state(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    optimizer = checkpoints(trained)[-1] / "optimizer.safetensors"
    optimizer.write_bytes(b"\x00" * 64)
    code, _, err = run(capsys, "train", trained, "--resume", "--max-steps", "30", "--device", "cpu")
    one_line_error(code, err, "optimizer.safetensors", "delete")


def test_latest_json_naming_a_missing_folder_falls_back_to_the_newest_intact_checkpoint(
        trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    older, newest = checkpoints(trained)
    import shutil

    shutil.rmtree(newest)
    code, out, err = run(capsys, "generate", trained, "--prompt", "The whale", "--device", "cpu", "--seed", "1")
    assert code == 0, err
    assert out.strip()
