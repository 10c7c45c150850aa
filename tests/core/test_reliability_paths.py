"""Paths read from a project resolve inside it: a project file cannot make the app read token or
tokenizer files from elsewhere (issue 18, item 7; run and checkpoint folders: test_runs_store)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from llmstudio.cli import main
from llmstudio.core.errors import ProjectError
from llmstudio.core.project import Project
from llmstudio.core.tokenizer import load_processor


def edit(root: Path, sql: str) -> None:
    conn = sqlite3.connect(root / "project.sqlite")
    with conn:
        conn.execute(sql)
    conn.close()


def test_a_tokenizer_model_outside_the_project_is_refused(tokenized_project: Project, tmp_path: Path) -> None:
    tok = tokenized_project.tokenizer()
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(tokenized_project.root / tok.model_path, outside / "tokenizer.model")  # it would load
    edit(tokenized_project.root, "UPDATE tokenizers SET model_path = '../outside/tokenizer.model'")
    with pytest.raises(ProjectError, match="outside the project"):
        load_processor(tokenized_project, tokenized_project.tokenizer())


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside/train.bin"])
def test_a_token_file_outside_the_project_is_refused(tokenized_project: Project, tmp_path: Path,
                                                    tiny_overrides: list[str], path: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    tok = tokenized_project.tokenizer()
    (tmp_path / "outside").mkdir()
    shutil.copy(tokenized_project.root / tok.train_path, tmp_path / "outside" / "train.bin")
    edit(tokenized_project.root, f"UPDATE tokenizers SET train_path = '{path}'")
    sets = [a for o in tiny_overrides for a in ("--set", o)]
    code = main(["train", str(tokenized_project.root), *sets, "--device", "cpu"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "outside the project" in err or "absolute path" in err
