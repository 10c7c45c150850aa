"""Adversarial checks of the search index beside real imports, threads and SQLite files.

Every test ends by checking the index against the documents themselves: FTS5's own
integrity check, and every word of every document found in exactly the right documents.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sqlite3
import sys
import threading
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

from llmstudio.core.errors import ImportFailure, JobCancelled
from llmstudio.core.jobs import CancelToken
from llmstudio.core.labels.schemas import create_schema
from llmstudio.core.labels.table import DocumentTable, TableFilter
from llmstudio.core.project import Project
from llmstudio.core.search import index as search_index
from llmstudio.core.search import indexer as search_indexer
from llmstudio.core.sources.browser import DocumentBrowser
from llmstudio.core.sources.importer import ImportOptions, import_paths, remove_source

_WORD = re.compile(r"[a-z0-9]+")


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    with Project.create(tmp_path / "p") as p:
        yield p


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def expected_words(project: Project) -> dict[str, set[int]]:
    words: dict[str, set[int]] = defaultdict(set)
    for doc_id, text in project.db.execute("SELECT id, text FROM documents"):
        for word in _WORD.findall(text.lower()):
            words[word].add(doc_id)
    return words


def index_rows(project: Project) -> int:
    return project.count(f"SELECT count(*) FROM {search_index.attach(project)}")


def indexed_docs_state(project: Project) -> int:
    search_index.attach(project)
    return int(project.db.execute("SELECT value FROM search.state WHERE key = 'indexed_docs'").fetchone()[0])


def assert_consistent(project: Project) -> None:
    """The index holds every document, no removed one can match, every word finds its documents."""
    search_indexer.ensure_current(project)
    assert search_index.pending(project) == 0
    assert search_index.integrity_check(project) == project.document_count()
    browser = DocumentBrowser(project)
    words = sorted(expected_words(project).items())
    for word, ids in words[:: max(1, len(words) // 300)]:  # an even sample of at most ~300 words
        found = [r.id for r in browser.search(word, limit=100_000)]
        assert found == sorted(ids), word
        assert browser.search_count(word, cap=100_000) == len(ids), word
        for row in browser.search(word, limit=3):  # the snippet comes from the right document
            assert f"[{word}]" in row.snippet.lower()


def assert_bookkeeping(project: Project) -> None:
    """The index's own count of what it holds matches what it holds (drives rebuilds)."""
    assert indexed_docs_state(project) == index_rows(project)


# ------------------------------------------------------------------ concurrency
def test_search_on_this_thread_while_an_import_runs_on_another(project: Project, tmp_path: Path) -> None:
    import_paths(project, [write(tmp_path / "seed.txt", "seed whale document\n")])
    folder = tmp_path / "many"
    for i in range(700):  # more than one group of small files
        write(folder / f"n{i:04d}.txt", f"note {i} {'whale' if i % 7 == 0 else 'gull'} tag{i}")
    big = "".join(f'{{"text": "streamed {i} {"whale" if i % 5 == 0 else "kelp"}"}}\n' for i in range(12000))
    write(folder / "zz_big.jsonl", big)  # over 256 KB: the streaming path
    assert (folder / "zz_big.jsonl").stat().st_size > 256 * 1024
    errors: list[BaseException] = []
    reached, searched = threading.Event(), threading.Event()

    def progress(fraction: float | None, message: str = "") -> None:
        # Hold the import at the big file (its small files written, the batch maybe still
        # open) until this thread has searched once: at least one search is mid-import.
        if message.startswith("zz_big.jsonl") and not reached.is_set():
            reached.set()
            searched.wait(30)

    def run() -> None:
        try:
            import_paths(project, [folder], progress=progress)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            project.close_thread_connection()

    browser = DocumentBrowser(project)
    schema = create_schema(project, "s", ["yes", "no"])
    worker = threading.Thread(target=run)
    worker.start()
    assert reached.wait(30)
    mid = browser.search("whale", limit=100_000)
    committed = {r[0] for r in project.db.execute("SELECT id FROM documents WHERE text LIKE '%whale%'")}
    assert {r.id for r in mid} <= committed and 1 in {r.id for r in mid}
    searched.set()
    counts = [len(mid)]
    while worker.is_alive():
        hits = browser.search("whale", limit=100_000)
        for row in hits:
            doc = browser.document(row.id)
            assert doc is not None and "whale" in doc["text"]
        counts.append(len(hits))
        table = DocumentTable(project, schema, TableFilter(search="whale"))
        assert table.count() >= counts[-1]  # searched after: never fewer
        table.close()
        assert browser.search_count("gull", cap=100_000) >= 0
    worker.join()
    assert not errors, errors
    assert counts == sorted(counts)  # the index only grows during an import
    browser.refresh()
    assert_consistent(project)
    assert_bookkeeping(project)
    whale = DocumentTable(project, schema, TableFilter(search="whale"))
    assert whale.count() == len(expected_words(project)["whale"])


def test_two_imports_in_a_row_and_a_remove_between_them(project: Project, tmp_path: Path) -> None:
    first = import_paths(project, [write(tmp_path / "a" / "a.txt", "alpha one\nalpha two\n")], ImportOptions(split="line"))
    second = import_paths(project, [write(tmp_path / "b" / "b.txt", "beta one\nbeta two\n")], ImportOptions(split="line"))
    assert_consistent(project)
    old_ids = {r[0] for r in project.db.execute("SELECT id FROM documents")}
    remove_source(project, second.source_ids[0])  # the newest ids go
    remove_source(project, first.source_ids[0])  # and then everything
    assert DocumentBrowser(project).search("alpha") == [] and DocumentBrowser(project).search_count("beta") == 0
    third = import_paths(project, [write(tmp_path / "c" / "c.txt", "gamma one\ngamma two\n")], ImportOptions(split="line"))
    new_ids = {r[0] for r in project.db.execute("SELECT id FROM documents WHERE source_id = ?", (third.source_ids[0],))}
    assert min(new_ids) > max(old_ids)
    assert DocumentBrowser(project).search("one") and all(
        "gamma" in r.preview for r in DocumentBrowser(project).search("one")
    )
    fourth = import_paths(project, [write(tmp_path / "d" / "d.txt", "alpha again\n")], ImportOptions(split="line"))
    assert [r.id for r in DocumentBrowser(project).search("alpha")] == [
        r[0] for r in project.db.execute("SELECT id FROM documents WHERE source_id = ?", (fourth.source_ids[0],))
    ]
    assert_consistent(project)


def test_skip_duplicates_off_indexes_every_copy(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "dups"
    for i in range(5):
        write(folder / f"same{i}.txt", "identical whale text")
    write(folder / "lines.txt", "repeat line\nrepeat line\nrepeat line\n")
    options = ImportOptions(skip_duplicates=False)
    import_paths(project, [folder], options)
    import_paths(project, [folder], options)  # the same folder again: every copy kept
    assert DocumentBrowser(project).search_count("identical") == 10
    assert_consistent(project)
    assert_bookkeeping(project)


def test_label_field_with_grouped_small_files(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "labelled"
    for i in range(40):
        write(folder / f"f{i:02d}.jsonl", "".join(
            f'{{"text": "file {i} row {j} {"storm" if j % 2 else "calm"}", "label": "{"bad" if j % 2 else "good"}"}}\n'
            for j in range(3)
        ))
    summary = import_paths(project, [folder], ImportOptions(label_field="label"))
    assert summary.documents == 120 and summary.labelled == 120
    annotated = project.count("SELECT count(DISTINCT document_id) FROM annotations")
    assert annotated == 120
    assert_consistent(project)
    # Again with the labels present: the second copy is skipped whole, nothing is relabelled.
    again = import_paths(project, [folder], ImportOptions(label_field="label"))
    assert again.documents == 0 and project.count("SELECT count(*) FROM annotations") == 120


# ------------------------------------------------------------------ rollbacks
def _zip(members: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def test_a_bad_archive_member_is_rolled_back_in_the_index_too(project: Project, tmp_path: Path) -> None:
    data = _zip({
        "a_good.txt": "kept member harbour",
        "b_bad.txt": bytes(range(256)) * 8,  # binary: the member is rejected
        "c_good.jsonl": "".join(f'{{"text": "kept record {i} harbour"}}\n' for i in range(600)),
        "d_bad.jsonl": "".join(f'{{"text": "dropped record {i}"}}\n' for i in range(600)) + "\x00" * 4096,
    })
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "arch.zip").write_bytes(data)
    import_paths(project, [tmp_path / "in" / "arch.zip"])
    origins = [r[0] for r in project.db.execute("SELECT DISTINCT origin FROM documents")]
    assert any("a_good" in o for o in origins) and not any("b_bad" in o for o in origins)
    assert DocumentBrowser(project).search_count("harbour", cap=10_000) == project.count(
        "SELECT count(*) FROM documents WHERE text LIKE '%harbour%'"
    )
    assert_consistent(project)
    assert_bookkeeping(project)


class _CancelInSecondMember(CancelToken):
    """Cancels once the second archive member has written documents (checked on the import thread)."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def _check(self) -> None:
        if self.project.count("SELECT count(*) FROM documents WHERE origin LIKE '%b_second%'"):
            self.cancel()

    @property
    def cancelled(self) -> bool:
        self._check()
        return super().cancelled

    def raise_if_cancelled(self) -> None:
        self._check()
        super().raise_if_cancelled()


def test_a_cancel_inside_an_archive_member_rolls_the_whole_file_back_in_the_index(
    project: Project, tmp_path: Path
) -> None:
    import_paths(project, [write(tmp_path / "seed.txt", "seed document\n")])
    (tmp_path / "arch.zip").write_bytes(_zip({
        "a_first.txt": "member one lantern",
        "b_second.jsonl": "".join(f'{{"text": "record {i} lantern"}}\n' for i in range(5000)),
    }))
    with pytest.raises(JobCancelled):
        import_paths(project, [tmp_path / "arch.zip"], cancel=_CancelInSecondMember(project))
    assert project.document_count() == 1  # the archive is gone whole
    assert DocumentBrowser(project).search("lantern") == []
    assert_consistent(project)
    assert_bookkeeping(project)  # the member before the cancelled one is not counted as indexed


def test_a_full_disk_on_a_big_streamed_file_leaves_the_index_consistent(project: Project, tmp_path: Path) -> None:
    import_paths(project, [write(tmp_path / "seed" / "good.txt", "a good file")])
    more = tmp_path / "more"
    write(more / "a_small.txt", "small file before the big one")
    write(more / "z_big.jsonl", "".join(f'{{"text": "bigrecord {i} {"w" * 200}"}}\n' for i in range(20000)))
    pages = project.count("PRAGMA page_count")
    project.db.execute(f"PRAGMA max_page_count = {pages + 60}")
    with pytest.raises(ImportFailure, match="disk is full"):
        import_paths(project, [more])
    project.db.execute("PRAGMA max_page_count = 1073741823")
    assert DocumentBrowser(project).search_count("bigrecord") == 0
    assert_consistent(project)
    assert_bookkeeping(project)
    # After freeing space the same folder imports whole, and search finds it all.
    import_paths(project, [more])
    assert DocumentBrowser(project).search_count("bigrecord", cap=100_000) == 20000
    assert search_index.integrity_check(project) == project.document_count()


# ------------------------------------------------------------------ the file itself
def test_index_deleted_while_another_project_object_has_it_attached(project: Project, tmp_path: Path) -> None:
    import_paths(project, [write(tmp_path / "a.txt", "the whale\nthe sea\n")], ImportOptions(split="line"))
    with Project.open(project.root) as viewer:  # e.g. the GUI's object; it has searched already
        assert [r.id for r in DocumentBrowser(viewer).search("whale")] == [1]
        for suffix in ("", "-wal", "-shm"):  # the user deletes the cache
            Path(str(search_index.index_path(project)) + suffix).unlink(missing_ok=True)
        import_paths(project, [write(tmp_path / "b.txt", "a harpoon\n")], ImportOptions(split="line"))
        search_indexer.ensure_current(viewer)
        assert search_index.pending(viewer) == 0
        assert [r.id for r in DocumentBrowser(viewer).search("harpoon")] == [3]
        assert [r.id for r in DocumentBrowser(viewer).search("whale")] == [1]
        assert_consistent(viewer)


def test_a_restored_older_project_file_never_matches_the_newer_index(tmp_path: Path) -> None:
    root = tmp_path / "p"
    with Project.create(root) as project:
        import_paths(project, [write(tmp_path / "a.txt", "the whale\nthe sea\n")], ImportOptions(split="line"))
    shutil.copy(root / "project.sqlite", tmp_path / "backup.sqlite")
    with Project.open(root) as project:
        import_paths(project, [write(tmp_path / "b.txt", "a harpoon\nharpoon two\n")], ImportOptions(split="line"))
    # The user restores project.sqlite from the backup (as the app advises when it is damaged).
    shutil.copy(tmp_path / "backup.sqlite", root / "project.sqlite")
    with Project.open(root) as project:
        import_paths(project, [write(tmp_path / "c.txt", "a lighthouse\nlighthouse keeper\n")], ImportOptions(split="line"))
        assert DocumentBrowser(project).search("harpoon") == []  # ids 3 and 4 are other documents now
        assert_consistent(project)


@pytest.mark.parametrize("case", ["text", "meta", "name"])
def test_a_small_file_the_database_cannot_store_is_rejected_alone(project: Project, tmp_path: Path, case: str) -> None:
    folder = tmp_path / "in"
    write(folder / "good.txt", "a good whale")
    if case == "text":  # JSON allows an escaped lone surrogate; SQLite cannot store it
        write(folder / "s.jsonl", '{"text": "bad \\ud800 here"}\n')
    elif case == "meta":
        write(folder / "s.jsonl", '{"text": "bad meta", "title": "\\ud800"}\n')
    else:
        if sys.platform != "linux":
            pytest.skip("file names that are not UTF-8 need a Linux file system")
        with open(os.fsencode(folder) + b"/n\xff.txt", "wb") as handle:  # not UTF-8
            handle.write(b"a file with an odd name")
    write(folder / "z_other.txt", "another good file")
    summary = import_paths(project, [folder])  # must not raise
    if case == "name":  # stored under a printable name (U+FFFD for the bad byte), not rejected
        assert summary.files == 3 and summary.rejected_files == 0
        assert "n\ufffd.txt" in [r[0] for r in project.db.execute("SELECT origin FROM documents")]
        assert_consistent(project)
        return
    assert summary.files == 2 and summary.rejected_files == 1
    assert sorted(r[0] for r in project.db.execute("SELECT text FROM documents")) == [
        "a good whale", "another good file",
    ]
    assert_consistent(project)


def test_integrity_check_counts_only_live_documents_after_removals(project: Project, tmp_path: Path) -> None:
    sources = []
    for name in ("a", "b", "c"):
        summary = import_paths(project, [write(tmp_path / name / f"{name}.txt", f"{name}word one\n{name}word two\n")],
                               ImportOptions(split="line"))
        sources.append(summary.source_ids[0])
    remove_source(project, sources[1])
    assert search_index.integrity_check(project) == 4
    assert index_rows(project) == 6  # the tombstones are still there, unmatched
    assert DocumentBrowser(project).search("bword") == []
    assert_consistent(project)
    with pytest.raises(sqlite3.OperationalError):
        project.db.execute("SELECT * FROM main.documents_fts")
