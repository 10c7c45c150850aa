"""Shared helpers for the cleaning tests: a real project with chosen document texts."""

from __future__ import annotations

from pathlib import Path

from llmstudio.core.db import transaction
from llmstudio.core.project import Project, utc_now
from llmstudio.core.text import content_hash


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


def distinct_paragraphs(limit: int = 60, max_similarity: float = 0.3) -> list[str]:
    """Real paragraphs none of which shares much text with another (help topics repeat some)."""
    import re

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + 5]) for i in range(max(1, len(words) - 4))}

    chosen: list[str] = []
    sets: list[set[tuple[str, ...]]] = []
    for text in real_paragraphs():
        s = shingles(text)
        if all(len(s & t) / len(s | t) < max_similarity for t in sets):
            chosen.append(text)
            sets.append(s)
            if len(chosen) == limit:
                break
    return chosen


CHINESE_PROSE = (
    "北京是中华人民共和国的首都，也是全国的政治中心和文化中心。这座城市有三千多年的建城史，"
    "留下了故宫、天坛和长城等许多名胜古迹。每年都有大量游客从世界各地来到这里参观。"
    "近年来，北京的交通发展很快，地铁线路越来越多，人们出行也更加方便了。"
)
