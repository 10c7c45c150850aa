"""The document browser: paging that needs no OFFSET, and full-text search kept in sync."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from llmstudio.core.db import migrate_sources, transaction
from llmstudio.core.db.schema import APPLICATION_ID, MIGRATIONS
from llmstudio.core.project import Project
from llmstudio.core.search import index as search_index
from llmstudio.core.search import indexer as search_indexer
from llmstudio.core.sources.browser import DocumentBrowser
from llmstudio.core.sources.importer import ImportOptions, import_paths, remove_source


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with Project.create(tmp_path / "project") as p:
        for name, count in (("a", 23), ("b", 7), ("c", 31)):
            lines = "".join(f"{name} line {i} about {'whales' if i % 5 == 0 else 'ships'}\n" for i in range(count))
            (tmp_path / f"{name}.txt").write_text(lines)
            import_paths(p, [tmp_path / f"{name}.txt"], ImportOptions(split="line"))
        yield p


def all_ids(project: Project, source_id: int | None = None) -> list[int]:
    where = "" if source_id is None else f"WHERE source_id = {source_id}"
    return [r[0] for r in project.db.execute(f"SELECT id FROM documents {where} ORDER BY source_id, id")]


def test_pages_cover_every_document_once_in_order(project: Project) -> None:
    browser = DocumentBrowser(project, page_size=10)
    assert browser.total == 61 and browser.page_count == 7
    seen = [row.id for page in range(browser.page_count) for row in browser.page(page)]
    assert seen == all_ids(project)
    last = browser.page(999)  # clamped
    assert [r.id for r in last] == all_ids(project)[60:]
    assert browser.page(0)[0].origin == "a.txt:1"
    assert browser.page_of(all_ids(project)[45]) == 4


def test_one_source_and_a_source_with_gaps(project: Project) -> None:
    # Gaps: documents removed from the middle of source 3 (not something the app does, but
    # the browser must stay right if it happens).
    with transaction(project.db) as conn:
        conn.execute("DELETE FROM documents WHERE source_id = 3 AND id % 4 = 0")
        left = conn.execute("SELECT count(*) FROM documents WHERE source_id = 3").fetchone()[0]
        conn.execute("UPDATE sources SET document_count = ? WHERE id = 3", (left,))
    browser = DocumentBrowser(project, page_size=4, source_id=3)
    assert browser.total == left
    seen = [row.id for page in range(browser.page_count) for row in browser.page(page)]
    assert seen == all_ids(project, 3)
    whole = DocumentBrowser(project, page_size=9)
    assert [r.id for p in range(whole.page_count) for r in whole.page(p)] == all_ids(project)


def test_search_phrases_prefixes_snippets_and_keyset_paging(project: Project) -> None:
    browser = DocumentBrowser(project, page_size=5)
    hits = browser.search("whales")
    assert len(hits) == 5 and all("whales" in h.preview for h in hits)
    assert "[whales]" in (hits[0].snippet or "")
    more = browser.search("whales", after_id=hits[-1].id)
    assert more and more[0].id > hits[-1].id
    assert browser.search_count("whales") == 5 + 2 + 7
    assert browser.search_count('"b line"') == 7
    assert browser.search_count("whal*") == 14
    assert browser.search_count("whales", cap=3) == 4  # "3+" in the UI
    # Text that is not valid FTS5 syntax is searched as plain words, never an error.
    for messy in ('"unbalanced', "AND", "ships (", "NEAR(", "*"):
        browser.search(messy)
        browser.search_count(messy)
    assert DocumentBrowser(project, source_id=2).search_count("whales") == 2


def test_index_follows_removal_and_document_lookup(project: Project) -> None:
    removed = remove_source(project, 1)
    assert removed == 23
    browser = DocumentBrowser(project, page_size=100)
    assert browser.search_count("a") == 0 and browser.search_count("whales") == 9
    assert search_index.integrity_check(project) == 38  # the removed source's rows are skipped
    doc = browser.document(browser.page(0)[0].id)
    assert doc is not None and doc["origin"] == "b.txt:1" and doc["source_path"].endswith("b.txt")


def test_an_older_project_moves_its_index_out_and_is_searchable(tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    conn = sqlite3.connect(root / "project.sqlite", isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS[0](conn)
    conn.execute("INSERT INTO sources(kind, format, path, created_at, document_count) VALUES ('file','txt','x','now',1)")
    conn.execute(
        "INSERT INTO documents(source_id, origin, text, content_hash, chars) VALUES (1,'x','old whale tale','h',14)"
    )
    migrate_sources.migrate(conn)  # schema 2 indexed inside the project file
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    with Project.open(root) as project:
        assert project.count("SELECT count(*) FROM sqlite_master WHERE name LIKE 'documents_fts%'") == 0
        assert project.get_setting("document_id_high_water") == 1
        browser = DocumentBrowser(project)
        assert browser.search_pending() == 1  # not indexed yet: the view can say so
        search_indexer.ensure_current(project)
        assert [r.id for r in browser.search("whale")] == [1]
        assert (root / "search.sqlite").is_file()
