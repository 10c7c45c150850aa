"""`llmstudio check DIR`: silent damage is found and reported, and the project is left as it was
(issue 18, item 11)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from llmstudio.cli import main
from llmstudio.core.check import check_project
from llmstudio.core.project import Project


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edit(project: Project, sql: str, params: tuple = ()) -> None:
    """Change the project file behind llmstudio's back, as another program would."""
    conn = sqlite3.connect(project.db_path)
    with conn:
        conn.execute(sql, params)
    conn.close()


def test_a_healthy_project_checks_clean(capsys: pytest.CaptureFixture[str], tokenized_project: Project) -> None:
    code, out, err = run(capsys, "check", tokenized_project.root, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ok"] and report["problems"] == []
    assert report["checked"]["documents"] == tokenized_project.document_count()
    assert report["checked"]["tokenizers"] == 1


def test_a_document_changed_outside_the_app_is_found(capsys: pytest.CaptureFixture[str],
                                                     tokenized_project: Project) -> None:
    edit(tokenized_project, "UPDATE documents SET text = text || ' (edited)' WHERE id = 3")
    before = tokenized_project.db_path.read_bytes()
    code, out, err = run(capsys, "check", tokenized_project.root)
    assert code == 1
    assert "document 3" in out and "content hash" in out and "Traceback" not in out + err
    assert tokenized_project.db_path.read_bytes() == before  # checking changes nothing


def test_damaged_tokenizer_files_are_found(capsys: pytest.CaptureFixture[str], tokenized_project: Project) -> None:
    tok = tokenized_project.tokenizer()
    train = tokenized_project.root / tok.train_path
    train.write_bytes(train.read_bytes()[:-1])  # an odd length: cut short mid-token
    (tokenized_project.root / tok.model_path).write_bytes(b"not a sentencepiece model")
    code, out, err = run(capsys, "check", tokenized_project.root, "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    subjects = {p["subject"]: p["problem"] for p in problems}
    assert "whole number" in subjects[tok.train_path]
    assert "sentencepiece" in subjects[tok.model_path]
    assert all(p["fix"] for p in problems)


def test_a_tokenizer_path_outside_the_project_is_reported(tokenized_project: Project) -> None:
    edit(tokenized_project, "UPDATE tokenizers SET model_path = '../../outside/tokenizer.model'")
    report = check_project(tokenized_project)
    (problem,) = report.problems
    assert problem.area == "tokenizers" and "outside the project" in problem.problem


def test_damaged_checkpoints_and_search_index_are_found(capsys: pytest.CaptureFixture[str],
                                                       tokenized_project: Project, tiny_overrides: list[str]) -> None:
    root = tokenized_project.root
    sets = [a for o in tiny_overrides for a in ("--set", o)]
    code, _, err = run(capsys, "train", root, *sets, "--max-steps", "20", "--device", "cpu")
    assert code == 0, err
    steps = sorted((root / "runs" / "1").glob("step-*"))
    assert len(steps) == 2
    model = steps[-1] / "model.safetensors"
    model.write_bytes(model.read_bytes()[:-100])
    (steps[0] / "meta.json").write_text("{ not json")
    (root / "search.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    report = check_project(tokenized_project)
    found = {(p.area, p.subject): p.problem for p in report.problems}
    assert "cut short" in found[("checkpoints", f"runs/1/{steps[-1].name}")]
    assert "meta.json" in found[("checkpoints", f"runs/1/{steps[0].name}")]
    assert ("search index", "search.sqlite") in found
