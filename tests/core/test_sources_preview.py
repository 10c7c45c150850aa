"""The import preview: the first documents exactly as the import would store them, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths
from llmstudio.core.sources.preview import preview_import


def test_preview_matches_the_import_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text("title;body\nOne;first body\nTwo;second body\n")
    (folder / "b.jsonl").write_text(json.dumps({"body": "third body", "tag": "x"}) + "\n{bad\n")
    (folder / "c.txt").write_text("para one\n\npara two\n")
    options = ImportOptions(split="paragraph", text_field="body", label_field="tag")
    preview = preview_import([folder], options, limit=10)
    assert preview.files == 3 and preview.kinds == {".csv": 1, ".jsonl": 1, ".txt": 1}
    assert [(d.origin, d.text) for d in preview.documents] == [
        ("a.csv:2", "first body"), ("a.csv:3", "second body"), ("b.jsonl:1", "third body"),
        ("c.txt:1", "para one"), ("c.txt:3", "para two"),
    ]
    assert preview.detected["delimiter"] == ";" and preview.detected["fields"] == ["title", "body"]
    assert "delimiter: ;" in preview.describe() and "3 files" in preview.describe()
    assert [(p.file, p.line) for p in preview.problems] == [("b.jsonl", 2)]

    with Project.create(tmp_path / "project") as project:
        import_paths(project, [folder], options)
        stored = [tuple(r) for r in project.db.execute("SELECT origin, text FROM documents ORDER BY id")]
    assert stored == [(d.origin, d.text) for d in preview.documents]


def test_preview_stops_at_the_limit_and_reports_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "many.txt").write_text("".join(f"line {i}\n" for i in range(1000)))
    preview = preview_import([tmp_path / "many.txt", tmp_path / "missing.txt"], ImportOptions(split="line"), limit=5)
    assert [d.text for d in preview.documents] == [f"line {i}" for i in range(5)]
    assert preview.problems[0].reason == "no such file or folder"
