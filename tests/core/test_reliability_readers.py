"""Hostile and unlucky input files: each bad record or file ends in a message, never a hang or a
traceback, and the good records around it are kept (issue 18, items 9 and 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.create(tmp_path / "project") as p:
        yield p


def texts(project: Project) -> list[str]:
    return [r[0] for r in project.db.execute("SELECT text FROM documents ORDER BY id")]


def test_deep_json_and_a_lone_surrogate_reject_their_line_only(project: Project, tmp_path: Path) -> None:
    depth = 100_000
    lines = [
        '{"text": "first good line"}',
        '{"text": "deep", "x": ' + "[" * depth + "]" * depth + "}",
        '{"text": "a lone surrogate \\ud800 here"}',
        '{"text": "last good line"}',
    ]
    (tmp_path / "data.jsonl").write_text("\n".join(lines) + "\n")
    summary = import_paths(project, [tmp_path / "data.jsonl"])
    assert texts(project) == ["first good line", "last good line"]
    reasons = {p.line: p.reason for p in summary.problems}
    assert set(reasons) == {2, 3}
    assert "nested" in reasons[2] and "Traceback" not in reasons[2]
    assert "surrogate" in reasons[3]


def test_deep_json_array_element_is_reported(project: Project, tmp_path: Path) -> None:
    depth = 100_000
    (tmp_path / "data.json").write_text('[{"text": "kept"}, {"text": "deep", "x": ' + "[" * depth + "]" * depth + "}]")
    summary = import_paths(project, [tmp_path / "data.json"])
    assert texts(project) == ["kept"]
    assert any("nested" in p.reason for p in summary.problems)


def test_a_number_as_text_is_kept_with_a_note(project: Project, tmp_path: Path) -> None:
    (tmp_path / "data.jsonl").write_text('{"text": 12345}\n{"text": "words"}\n')
    summary = import_paths(project, [tmp_path / "data.jsonl"], ImportOptions(text_field="text"))
    assert texts(project) == ["12345", "words"]
    (note,) = summary.problems
    assert note.line == 1 and note.severity == "warning" and "number" in note.reason


def test_a_million_levels_of_html_import_without_hanging(project: Project, tmp_path: Path) -> None:
    depth = 1_000_000
    (tmp_path / "deep.html").write_text("<html><body><p>before</p>" + "<div>" * depth + "deep text"
                                        + "</div>" * depth + "<p>after</p></body></html>")
    summary = import_paths(project, [tmp_path / "deep.html"])
    (text,) = texts(project)
    assert text.split() == ["before", "deep", "text", "after"]
    (warning,) = summary.problems
    assert warning.severity == "warning" and "levels deep" in warning.reason


def test_reading_a_deep_page_honours_cancel(tmp_path: Path) -> None:
    import io

    from llmstudio.core.errors import JobCancelled
    from llmstudio.core.sources.readers.base import ReadContext
    from llmstudio.core.sources.readers.webpage import read_html

    cancel = CancelToken()
    cancel.cancel()
    page = ("<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000).encode()
    ctx = ReadContext("deep.html", ImportOptions(), lambda *problem: None, cancel)
    with pytest.raises(JobCancelled):
        list(read_html(io.BytesIO(page), ctx))


def test_a_symlink_to_a_file_outside_the_folder_is_skipped(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("private notes outside the corpus")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("inside text")
    (corpus / "inner.txt").symlink_to(corpus / "a.txt")  # inside the folder: fine
    (corpus / "leak.txt").symlink_to(outside)
    summary = import_paths(project, [corpus], ImportOptions(skip_duplicates=False))
    assert texts(project) == ["inside text", "inside text"]
    (problem,) = summary.problems
    assert problem.file == "leak.txt" and "outside" in problem.reason


def test_a_legacy_codepage_guess_is_recorded_as_a_warning(project: Project, tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes("Příliš žluťoučký kůň úpěl ďábelské ódy. ".encode("cp1250") * 20)
    summary = import_paths(project, [tmp_path / "old.txt"])
    assert summary.documents == 1
    (warning,) = summary.problems
    assert warning.severity == "warning" and "not valid UTF-8" in warning.reason
    (errors_json,) = project.db.execute("SELECT errors_json FROM sources").fetchone()
    assert "not valid UTF-8" in errors_json


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes")
def test_an_undecodable_file_name_does_not_break_json_output(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "w") as handle:
        handle.write("text in a badly named file")
    (folder / "broken.jsonl").write_text("not json\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-m", "llmstudio", "import", str(project.root), str(folder), "--json"],
                          capture_output=True, env=env, check=False)
    assert done.returncode == 3, done.stderr
    result = json.loads(done.stdout)
    assert result["documents"] == 1
    listed = subprocess.run([sys.executable, "-m", "llmstudio", "sources", str(project.root), "--json"],
                            capture_output=True, env=env, check=True)
    json.loads(listed.stdout)
