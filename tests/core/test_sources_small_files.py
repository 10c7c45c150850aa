"""Small files are imported a group at a time: same result as one at a time, still all or nothing."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from sources_fixtures import make_zip

from llmstudio.core.errors import ImportFailure, JobCancelled
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.search import index as search_index
from llmstudio.core.search import indexer as search_indexer
from llmstudio.core.sources import import_small
from llmstudio.core.sources.importer import ImportOptions, import_paths

CP1252_TEXT = "The smörgåsbord at the café was naïve; the résumé said “déjà vu” — twice. " * 3


def mixed_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "a.txt").write_bytes("plain UTF-8 text, café\r\nwith Windows line ends\r\n".encode())
    (folder / "b.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (folder / "c.txt").write_bytes("UTF-16 with a byte order mark".encode("utf-16"))  # BOM added
    (folder / "copy_of_a.txt").write_bytes((folder / "a.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n\n  ")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "d.jsonl").write_text(
        '{"text": "first record", "label": "pos", "year": 1851}\n'
        "{not json}\n"
        '{"text": "plain UTF-8 text, café\\nwith Windows line ends\\n", "label": "neg"}\n'
    )
    (folder / "e.csv").write_text('text,label\n"a quoted, multi-line\nfield",pos\nshort,neg\n')
    (folder / "f.html").write_text(
        "<html><head><title>A page</title></head><body><nav>menu</nav>"
        "<article><p>The main content of the page, long enough to be kept as the body text.</p>"
        "</article></body></html>"
    )
    (folder / "g.txt.gz").write_bytes(gzip.compress(b"compressed small file"))
    (folder / "h.txt").write_bytes(gzip.compress(b"gzip under a plain name"))
    make_zip(folder / "i.zip", {"in_zip.txt": b"a member of a zip", "../evil.txt": b"x"})
    return folder


def import_state(project: Project) -> dict:
    docs = project.db.execute(
        "SELECT origin, text, content_hash, chars, meta_json, label, external_id FROM documents ORDER BY origin"
    ).fetchall()
    files = project.db.execute(
        "SELECT path, bytes, file_hash, format, encoding, documents, skipped, problems FROM import_files ORDER BY path"
    ).fetchall()
    sources = project.db.execute("SELECT document_count, bytes FROM sources").fetchall()
    annotations = project.count("SELECT count(*) FROM annotations")
    return {
        "docs": [tuple(r) for r in docs], "files": [tuple(r) for r in files],
        "sources": [tuple(r) for r in sources], "annotations": annotations,
    }


def summary_state(summary) -> dict:  # noqa: ANN001 - test helper
    data = summary.as_json()
    data.pop("source_ids", None)
    data["problems"] = sorted((p.file, p.line, p.severity) for p in summary.problems)
    return data


def test_grouped_import_gives_exactly_what_one_file_at_a_time_gives(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    folder = mixed_folder(tmp_path / "in")
    options = ImportOptions(label_field="label")
    with Project.create(tmp_path / "grouped") as grouped:
        summary_grouped = import_paths(grouped, [folder], options)
        state_grouped = import_state(grouped)
        assert search_index.integrity_check(grouped) == grouped.document_count()
    monkeypatch.setattr(import_small, "SMALL_FILE_BYTES", 0)  # every file takes the streaming path
    with Project.create(tmp_path / "streamed") as streamed:
        summary_streamed = import_paths(streamed, [folder], options)
        state_streamed = import_state(streamed)
    assert state_grouped == state_streamed
    assert summary_state(summary_grouped) == summary_state(summary_streamed)
    # And the result is the expected one, not merely the same twice.
    texts = {d[0]: d[1] for d in state_grouped["docs"]}
    assert texts["a.txt"] == "plain UTF-8 text, café\nwith Windows line ends\n"
    assert texts["b.txt"] == CP1252_TEXT and texts["c.txt"] == "UTF-16 with a byte order mark"
    assert texts["h.txt"] == "gzip under a plain name" and texts["g.txt.gz"] == "compressed small file"
    assert "copy_of_a.txt" not in texts  # the same bytes as a.txt
    assert "d.jsonl:3" not in texts  # the same text as a.txt, after its newlines are made \n
    assert state_grouped["annotations"] == 3  # pos, pos, neg (d.jsonl:1, e.csv rows)
    rejected = {p.file for p in summary_grouped.problems if p.severity == "rejected"}
    assert {"empty.txt", "blank.md", "binary.txt"} <= rejected


def test_a_full_disk_rolls_back_the_group_and_keeps_earlier_imports(tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "kept.txt").write_text("imported before the disk filled up")
    many = tmp_path / "many"
    many.mkdir()
    for i in range(300):
        (many / f"note{i:03d}.txt").write_text(f"note {i} " + "words " * 200)
    with Project.create(tmp_path / "p") as project:
        import_paths(project, [first])
        pages = project.count("PRAGMA page_count")
        project.db.execute(f"PRAGMA max_page_count = {pages + 40}")
        with pytest.raises(ImportFailure, match="disk is full.*note000.txt.*more small files.*rolled back"):
            import_paths(project, [many])
        project.db.execute("PRAGMA max_page_count = 1073741823")
        assert [r[0] for r in project.db.execute("SELECT origin FROM documents")] == ["kept.txt"]
        assert project.count("SELECT count(*) FROM import_files") == 1
        assert project.db.execute("SELECT document_count FROM sources WHERE id = 2").fetchone()[0] == 0
        search_indexer.ensure_current(project)
        assert search_index.integrity_check(project) == 1
        again = import_paths(project, [many])  # with space again, everything comes in
        assert again.documents == 300 and again.complete


def test_cancel_between_groups_keeps_whole_groups_only(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(50):
        (folder / f"n{i:02d}.txt").write_text(f"note number {i}")
    monkeypatch.setattr(import_small, "GROUP_FILES", 10)
    token = CancelToken()
    seen: list[str] = []

    def progress(fraction: float | None, message: str = "") -> None:
        seen.append(message)
        if "n2" in message:  # stop once the third group is under way
            token.cancel()

    with Project.create(tmp_path / "p") as project:
        monkeypatch.setattr("llmstudio.core.sources.import_file.Meter.update", _eager_update)
        with pytest.raises(JobCancelled):
            import_paths(project, [folder], ImportOptions(), progress=progress, cancel=token)
        count = project.document_count()
        assert count % 10 == 0 and 0 < count < 50  # whole groups of ten
        files = project.count("SELECT count(*) FROM import_files")
        assert files == count
        assert search_index.integrity_check(project) == count


def _eager_update(self, position: int, name: str, force: bool = False) -> None:  # noqa: ANN001
    """Meter.update without its 0.2 s throttle, so the test sees every group."""
    self.progress(None, name)
