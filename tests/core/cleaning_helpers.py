"""Shared helpers for the cleaning tests: a real project with chosen document texts."""

from __future__ import annotations

from pathlib import Path

from llmstudio.core.data.text import content_hash
from llmstudio.core.db import transaction
from llmstudio.core.project import Project, utc_now


def add_documents(project: Project, texts: list[str]) -> list[int]:
    """Insert documents exactly as given (the importer would skip or split some of them)."""
    with transaction(project.db) as conn:
        cur = conn.execute(
            "INSERT INTO sources(kind, format, path, created_at) VALUES ('file', 'txt', 'test', ?)", (utc_now(),)
        )
        source_id = cur.lastrowid
        ids = []
        for i, text in enumerate(texts):
            cur = conn.execute(
                "INSERT INTO documents(source_id, origin, text, content_hash, chars) VALUES (?,?,?,?,?)",
                (source_id, f"test:{i}", text, content_hash(text), len(text)),
            )
            ids.append(cur.lastrowid)
    return ids


def new_project(tmp_path: Path, texts: list[str]) -> tuple[Project, list[int]]:
    project = Project.create(tmp_path / "project")
    return project, add_documents(project, texts)


def real_paragraphs(min_words: int = 60) -> list[str]:
    """Real English prose found with every Python: the paragraphs of pydoc's help topics."""
    import re

    from pydoc_data.topics import topics

    out = []
    for _, text in sorted(topics.items()):
        for chunk in re.split(r"\n\s*\n", text):
            if len(chunk.split()) >= min_words:
                out.append(chunk.strip())
    return out
