"""``llmstudio import`` and ``llmstudio sources`` as a shell user runs them: output and exit codes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from llmstudio.cli import main
from llmstudio.core.project import Project


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    Project.create(tmp_path / "proj").close()
    return tmp_path / "proj"


def test_import_everything_exits_0_with_a_summary(
    project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text("first\n\nsecond\n")
    (data / "b.jsonl.gz").write_bytes(gzip.compress(b'{"body": "x", "tag": "t1"}\n{"body": "y", "tag": "t2"}\n'))
    (data / "skip.log").write_text("left out by the glob")
    code = main([
        "import", str(project_dir), str(data), "--split", "paragraph", "--text-field", "body",
        "--label-field", "tag", "--include", "*.txt", "--include", "*.gz", "--exclude", "*.log", "-q",
    ])
    out = capsys.readouterr().out
    assert code == 0
    assert "files 2, documents 4" in out and "skipped 0, errors 0" in out
    with Project.open(project_dir) as project:
        assert project.document_count() == 4


def test_some_files_rejected_exits_3_and_names_them(
    project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.txt").write_text("fine")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    code = main(["import", str(project_dir), str(tmp_path / "good.txt"), str(tmp_path / "bad.txt"), "-q"])
    captured = capsys.readouterr()
    assert code == 3
    assert "files 1, documents 1" in captured.out
    assert "bad.txt" in captured.err and "binary" in captured.err


def test_fatal_errors_exit_1(project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "no-project"), str(tmp_path), "-q"]) == 1
    assert "not" in capsys.readouterr().err
    assert main(["import", str(project_dir), str(tmp_path / "missing.txt"), "-q"]) == 1
    assert "nothing to import" in capsys.readouterr().err


def test_json_summary_and_sources_listing_and_removal(
    project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "r.csv").write_text("text,label\nhello,a\n,b\n")
    assert main(["import", str(project_dir), str(tmp_path / "r.csv"), "--json"]) == 3
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 1 and summary["errors"] == 1
    assert summary["problems"][0]["line"] == 3
    assert main(["sources", str(project_dir)]) == 0
    assert "csv" in capsys.readouterr().out
    assert main(["sources", str(project_dir), "--remove", str(summary["source_ids"][0])]) == 0
    assert "1 documents" in capsys.readouterr().out
    assert main(["sources", str(project_dir), "--remove", "99"]) == 1


def test_import_returns_before_indexing_and_wait_index_indexes(
    project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from llmstudio.core.search.query import search_query

    data = tmp_path / "docs.jsonl"
    data.write_text("".join(json.dumps({"text": f"document {i} about walruses"}) + "\n" for i in range(30)))
    assert main(["import", str(project_dir), str(data), "-q"]) == 0
    assert "search index: 30 documents not searchable yet" in capsys.readouterr().out
    assert main(["info", str(project_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["search_index_pending"] == 30

    more = tmp_path / "more.jsonl"
    more.write_text("".join(json.dumps({"text": f"another {i} walruses"}) + "\n" for i in range(5)))
    assert main(["import", str(project_dir), str(more), "-q", "--wait-index", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["search_index_pending"] == 0  # the earlier 30 caught up too
    assert main(["info", str(project_dir)]) == 0
    assert "not indexed yet" not in capsys.readouterr().out
    with Project.open(project_dir) as project:
        assert search_query(project, "walruses").count(project) == 35
