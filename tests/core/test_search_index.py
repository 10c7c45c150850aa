"""The search index file: filled beside an import, a cache that repairs itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from llmstudio.core.project import Project
from llmstudio.core.search import index as search_index
from llmstudio.core.search import indexer as search_indexer
from llmstudio.core.search import snippets as search_snippets
from llmstudio.core.sources.browser import DocumentBrowser
from llmstudio.core.sources.importer import ImportOptions, import_paths, remove_source


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    with Project.create(tmp_path / "p") as p:
        yield p


def write(folder: Path, name: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hits(project: Project, query: str) -> list[int]:
    return [r.id for r in DocumentBrowser(project).search(query, limit=1000)]


def test_an_import_returns_with_every_document_searchable(project: Project, tmp_path: Path) -> None:
    # More documents than one indexing chunk, so the indexer thread works in several steps.
    lines = [f"record {i} about the {'whale' if i % 3 == 0 else 'ship'}" for i in range(search_indexer.CHUNK_DOCS + 500)]
    summary = import_paths(project, [write(tmp_path / "in", "a.txt", lines)], ImportOptions(split="line"))
    assert summary.documents == len(lines)
    assert search_index.pending(project) == 0
    assert search_index.integrity_check(project) == len(lines)
    assert DocumentBrowser(project).search_count("whale") == len(range(0, len(lines), 3))
    assert DocumentBrowser(project).search_count("ship") == len(lines) - len(range(0, len(lines), 3))


def test_removed_ids_are_never_reused_so_old_entries_cannot_match_new_text(project: Project, tmp_path: Path) -> None:
    import_paths(project, [write(tmp_path / "a", "a.txt", ["the whale", "the sea"])], ImportOptions(split="line"))
    second = import_paths(project, [write(tmp_path / "b", "b.txt", ["a harpoon", "the whale again"])], ImportOptions(split="line"))
    removed_ids = [r[0] for r in project.db.execute("SELECT id FROM documents WHERE source_id = ?", (second.source_ids[0],))]
    assert remove_source(project, second.source_ids[0]) == 2
    third = import_paths(project, [write(tmp_path / "c", "c.txt", ["a lighthouse", "a keeper"])], ImportOptions(split="line"))
    new_ids = [r[0] for r in project.db.execute("SELECT id FROM documents WHERE source_id = ?", (third.source_ids[0],))]
    assert min(new_ids) > max(removed_ids)  # the removed ids stay unused
    assert hits(project, "harpoon") == [] and hits(project, "whale") == [1]
    assert hits(project, "lighthouse") == [new_ids[0]]
    page = DocumentBrowser(project).search("whale")
    assert page[0].snippet == "the [whale]"


def test_index_from_another_project_is_replaced(tmp_path: Path) -> None:
    with Project.create(tmp_path / "one") as one:
        import_paths(one, [write(tmp_path / "a", "a.txt", ["only in one"])], ImportOptions(split="line"))
        assert hits(one, "one") == [1]
    with Project.create(tmp_path / "two") as two:
        import_paths(two, [write(tmp_path / "b", "b.txt", ["only in two"])], ImportOptions(split="line"))
    two_index = (tmp_path / "two" / "search.sqlite").read_bytes()
    (tmp_path / "one" / "search.sqlite").write_bytes(two_index)  # a copied-in file
    for suffix in ("-wal", "-shm"):
        (tmp_path / "one" / f"search.sqlite{suffix}").unlink(missing_ok=True)
    with Project.open(tmp_path / "one") as one:
        assert search_index.pending(one) == 1  # the foreign index was emptied, not trusted
        search_indexer.ensure_current(one)
        assert hits(one, "one") == [1] and hits(one, "two") == []


def test_damaged_index_file_is_rebuilt(project: Project, tmp_path: Path) -> None:
    import_paths(project, [write(tmp_path / "a", "a.txt", ["the whale", "the sea"])], ImportOptions(split="line"))
    project.close()
    path = project.root / "search.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    with Project.open(project.root) as again:
        search_indexer.ensure_current(again)
        assert hits(again, "sea") == [2]
        assert search_index.integrity_check(again) == 2


def test_tombstones_are_dropped_by_a_rebuild_once_they_outnumber_live_rows(project: Project, tmp_path: Path) -> None:
    big = import_paths(project, [write(tmp_path / "a", "a.txt", [f"w{i}" for i in range(12_000)])], ImportOptions(split="line"))
    import_paths(project, [write(tmp_path / "b", "b.txt", ["kept"])], ImportOptions(split="line"))
    remove_source(project, big.source_ids[0])
    assert search_indexer.catch_up(project) == 1  # rebuilt: only the live document is indexed again
    table = search_index.attach(project)
    assert project.count(f"SELECT count(*) FROM {table}") == 1


def test_import_stands_when_the_index_cannot_be_written(project: Project, tmp_path: Path) -> None:
    blocker = project.root / "search.sqlite"
    blocker.mkdir()  # a folder where the file should be: SQLite cannot open it
    summary = import_paths(project, [write(tmp_path / "a", "a.txt", ["the whale"])], ImportOptions(split="line"))
    assert summary.documents == 1 and project.document_count() == 1
    warning = [p for p in summary.problems if p.file == "search index"]
    assert warning and "search catches up" in warning[0].reason
    blocker.rmdir()
    search_indexer.ensure_current(project)
    assert hits(project, "whale") == [1]


def test_cancelled_catch_up_keeps_the_chunks_done(project: Project, tmp_path: Path) -> None:
    from llmstudio.core.errors import JobCancelled
    from llmstudio.core.jobs import CancelToken

    lines = [f"line {i}" for i in range(search_indexer.CHUNK_DOCS * 2 + 10)]
    import_paths(project, [write(tmp_path / "a", "a.txt", lines)], ImportOptions(split="line"))
    project.close()
    for suffix in ("", "-wal", "-shm"):  # as if never indexed
        Path(str(project.root / "search.sqlite") + suffix).unlink(missing_ok=True)
    token = CancelToken()
    calls = []

    def progress(fraction: float | None, message: str = "") -> None:
        calls.append(fraction)
        token.cancel()

    with pytest.raises(JobCancelled):
        search_indexer.catch_up(project, token, progress)
    assert search_index.pending(project) == len(lines) - search_indexer.CHUNK_DOCS
    search_indexer.ensure_current(project)
    assert search_index.pending(project) == 0


def test_snippet_marks_matches_and_prefixes() -> None:
    text = "Call me Ishmael. Some years ago, never mind how long precisely, I went to sea."
    assert search_snippets.snippet(text, "ishmael") .startswith("Call me [Ishmael]")
    assert "[precisely]" in search_snippets.snippet(text, "preci*", tokens=6)
    assert "[went to] [sea]" in search_snippets.snippet(text, '"went to" OR sea OR nothing')
    assert search_snippets.snippet("", "x") == ""
    # A phrase is marked where it occurs as a phrase, not word by word; NOT terms are not marked.
    whale = "The whale swam. A white cat. Then the white whale rose from the sea."
    assert search_snippets.snippet(whale, '"white whale"', tokens=20).count("[") == 1
    assert "[white whale]" in search_snippets.snippet(whale, '"white whale"', tokens=20)
    assert "[" not in search_snippets.snippet(whale, "rose NOT cat", tokens=20).replace("[rose]", "")


def test_project_uid_is_stable(project: Project) -> None:
    first = search_index.project_uid(project.db)
    assert first == search_index.project_uid(project.db) == project.get_setting("project_uid")
    with pytest.raises(sqlite3.OperationalError):
        project.db.execute("SELECT * FROM documents_fts")  # the old in-file index is gone
