"""The issue's bad-input list: none may crash, hang, or leave a half-imported file.

Each test imports the bad file beside a good one and checks that the good one arrived,
the bad one is named in the problems with a useful reason, and nothing of it was kept.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
import zlib
from pathlib import Path

import pytest
from sources_fixtures import make_zip

from llmstudio.core.errors import ImportFailure, JobCancelled
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.search import index as search_index
from llmstudio.core.search import indexer as search_indexer
from llmstudio.core.sources.importer import ImportOptions, import_paths

MB = 1024 * 1024


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with Project.create(tmp_path / "project") as p:
        yield p


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "in"
    path.mkdir()
    (path / "good.txt").write_text("a good file")
    return path


def texts(project: Project) -> list[str]:
    return [r[0] for r in project.db.execute("SELECT text FROM documents ORDER BY id")]


def problem_for(summary, name: str):  # noqa: ANN001, ANN201 - test helper
    found = [p for p in summary.problems if p.file == name or p.file.startswith(name + "!")]
    assert found, f"no problem for {name}: {summary.problems}"
    return found[0]


def assert_only_good(project: Project) -> None:
    assert texts(project) == ["a good file"]
    assert search_index.pending(project) == 0
    assert search_index.integrity_check(project) == 1


def test_truncated_gzip_is_rejected_whole(project: Project, folder: Path) -> None:
    data = gzip.compress(b"".join(b'{"text": "line %d"}\n' % i for i in range(5000)))
    (folder / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    summary = import_paths(project, [folder])
    assert "truncated or corrupt" in problem_for(summary, "cut.jsonl.gz").reason
    assert summary.rejected_files == 1
    assert_only_good(project)


def test_corrupt_gzip(project: Project, folder: Path) -> None:
    data = bytearray(gzip.compress(b"hello " * 1000))
    data[20:40] = b"\x00" * 20
    (folder / "bad.txt.gz").write_bytes(bytes(data))
    summary = import_paths(project, [folder])
    assert summary.rejected_files == 1 and "corrupt" in problem_for(summary, "bad.txt.gz").reason
    assert_only_good(project)


def test_truncated_zip_and_corrupt_member(project: Project, folder: Path) -> None:
    make_zip(folder / "whole.zip", {"a.txt": b"member a " * 100, "b.txt": b"member b " * 100})
    data = (folder / "whole.zip").read_bytes()
    (folder / "cut.zip").write_bytes(data[: len(data) - 30])  # the central directory is gone
    damaged = bytearray(data)
    # Flip bytes inside the first member's deflate stream: its CRC check fails.
    start = 30 + len("a.txt")
    damaged[start + 5 : start + 9] = b"\xff\xff\xff\xff"
    (folder / "crc.zip").write_bytes(bytes(damaged))
    (folder / "whole.zip").unlink()
    summary = import_paths(project, [folder])
    assert "damaged or truncated" in problem_for(summary, "cut.zip").reason
    crc = problem_for(summary, "crc.zip")
    assert crc.severity == "rejected"
    # The intact member of crc.zip is kept; the damaged one is not.
    assert sorted(texts(project)) == ["a good file", "member b " * 100]


def test_decompression_bomb_stops_at_the_ratio_limit(project: Project, folder: Path) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"ab " * (MB // 3)
    bomb = b"".join(compressor.compress(chunk) for _ in range(200)) + compressor.flush()
    (folder / "bomb.txt.gz").write_bytes(bomb)  # ~200 KB that claims 200 MB
    summary = import_paths(project, [folder], ImportOptions(split="line"))
    assert "decompression bomb" in problem_for(summary, "bomb.txt.gz").reason
    assert_only_good(project)


def test_unpacked_size_limit_and_zip_bomb_member(project: Project, folder: Path) -> None:
    with zipfile.ZipFile(folder / "zbomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"0" * (40 * MB))
    (folder / "big.txt.gz").write_bytes(gzip.compress(os.urandom(3 * MB).hex().encode()))
    summary = import_paths(project, [folder], ImportOptions(max_unpacked_mb=2))
    assert "bomb" in problem_for(summary, "zbomb.zip").reason
    assert "max_unpacked_mb" in problem_for(summary, "big.txt.gz").reason
    assert_only_good(project)


def test_binary_file_named_txt(project: Project, folder: Path) -> None:
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4000))
    summary = import_paths(project, [folder])
    assert "binary" in problem_for(summary, "photo.txt").reason
    assert_only_good(project)


def test_invalid_utf8_is_replaced_and_counted(project: Project, tmp_path: Path) -> None:
    (tmp_path / "mixed.txt").write_bytes("café naïve ".encode() + b"\xff\xfe\xfa" + " déjà".encode())
    summary = import_paths(project, [tmp_path / "mixed.txt"])
    assert summary.documents == 1 and summary.rejected_files == 0
    (problem,) = summary.problems
    assert problem.severity == "warning" and "3 bytes" in problem.reason
    assert texts(project) == ["café naïve \ufffd\ufffd\ufffd déjà"]


def test_malformed_json_lines_are_skipped_with_line_numbers(project: Project, tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text('{"text": "one"}\n{"text": \n\n{"text": "three"}\nnot json\n[1, 2]\n')
    summary = import_paths(project, [tmp_path / "d.jsonl"])
    assert texts(project) == ["one", "three"]
    assert sorted(p.line for p in summary.problems) == [2, 5, 6]
    assert all(p.severity == "error" for p in summary.problems)


def test_a_million_bad_lines_cost_a_counter_not_a_list(project: Project, tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"}\n' + "{nope\n" * 30_000)
    summary = import_paths(project, [tmp_path / "bad.jsonl"])
    assert summary.errors == 30_000 and len(summary.problems) == 10_000
    assert texts(project) == ["ok"]
    assert project.count("SELECT error_count FROM sources") == 30_000


def test_ragged_csv_rows(project: Project, tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("text,label\nfine,a\ntoo,many,fields\nshort\nalso fine,b\n")
    summary = import_paths(project, [tmp_path / "r.csv"])
    assert texts(project) == ["fine", "also fine"]
    assert [(p.line, "fields" in p.reason) for p in summary.problems] == [(3, True), (4, True)]


def test_a_single_200_mb_line(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.write(b"short first line\n")
        block = b"x" * MB
        for _ in range(200):
            handle.write(block)
        handle.write(b"\nshort last line\n")
    per_line = import_paths(project, [path], ImportOptions(split="line"))
    assert texts(project) == ["short first line", "short last line"]
    assert per_line.problems[0].line == 2 and "200 MB" in per_line.problems[0].reason
    whole = import_paths(project, [path], ImportOptions(skip_duplicates=False))
    assert whole.rejected_files == 1 and "split" in whole.problems[0].reason


def test_empty_and_whitespace_files(project: Project, folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n ")
    (folder / "empty.jsonl").write_bytes(b"")
    summary = import_paths(project, [folder])
    assert summary.rejected_files == 3
    assert "empty" in problem_for(summary, "empty.txt").reason
    assert_only_good(project)


def test_unreadable_files_pipes_and_broken_links(project: Project, folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")  # opening this would block forever
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    locked = folder / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    summary = import_paths(project, [folder])
    assert "not a regular file" in problem_for(summary, "pipe.txt").reason
    assert "link" in problem_for(summary, "dangling.txt").reason
    if os.geteuid() != 0:  # root reads anything
        assert "cannot read" in problem_for(summary, "locked.txt").reason
        assert_only_good(project)


def test_symlink_loops_end(project: Project, folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.txt").write_text("inner")
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    summary = import_paths(project, [folder])
    assert sorted(texts(project)) == ["a good file", "inner"]
    reasons = " ".join(p.reason for p in summary.problems)
    assert "loop" in reasons


def test_archive_members_with_absolute_or_parent_paths(project: Project, tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr("ok.txt", "fine member")
        archive.writestr("/etc/evil.txt", "absolute")
        archive.writestr("../../escape.txt", "parent")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name in ("ok2.txt", "/abs.txt", "a/../../up.txt"):
            info = tarfile.TarInfo(name)
            info.size = 4
            tar.addfile(info, io.BytesIO(b"data" if name == "ok2.txt" else b"evil"))
    (tmp_path / "evil.tar").write_bytes(buffer.getvalue())
    summary = import_paths(project, [tmp_path / "evil.zip", tmp_path / "evil.tar"])
    assert sorted(texts(project)) == ["data", "fine member"]
    reasons = [p.reason for p in summary.problems]
    assert sum("absolute path" in r for r in reasons) == 2
    assert sum("'..'" in r for r in reasons) == 2
    assert not (tmp_path.parent / "escape.txt").exists()


def test_a_file_that_changes_while_it_is_read(project: Project, folder: Path) -> None:
    import threading

    growing = folder / "growing.txt"
    growing.write_text("a line of a log that is still being written\n" * 100_000)  # ~4.5 MB, streamed
    stop = threading.Event()

    def keep_writing() -> None:  # another program appending to the log meanwhile
        while not stop.is_set():
            with open(growing, "a") as handle:
                handle.write("appended while reading\n")
            stop.wait(0.001)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        summary = import_paths(project, [folder], ImportOptions(split="line", skip_duplicates=False))
    finally:
        stop.set()
        writer.join()
    assert "changed while it was read" in problem_for(summary, "growing.txt").reason
    assert_only_good(project)


def test_a_full_disk_rolls_the_file_back_and_stops(project: Project, folder: Path, tmp_path: Path) -> None:
    import_paths(project, [folder])  # an earlier import, already committed
    more = tmp_path / "more"
    more.mkdir()
    (more / "a_small.txt").write_text("imported just before the disk filled up")
    (more / "z_big.jsonl").write_text("".join(f'{{"text": "record {i} {"w" * 200}"}}\n' for i in range(20000)))
    (more / "zz_after.txt").write_text("never reached")
    pages = project.count("PRAGMA page_count")
    project.db.execute(f"PRAGMA max_page_count = {pages + 60}")  # the "disk" has 60 pages left
    with pytest.raises(ImportFailure, match="disk is full.*z_big.jsonl.*rolled back"):
        import_paths(project, [more])
    project.db.execute("PRAGMA max_page_count = 1073741823")
    # Nothing of z_big.jsonl is kept; a_small.txt is kept only if its batch committed,
    # and the count in the message says which; the search index is consistent either way.
    origins = [r[0] for r in project.db.execute("SELECT origin FROM documents ORDER BY id")]
    assert origins in (["good.txt"], ["good.txt", "a_small.txt"])
    search_indexer.ensure_current(project)
    assert search_index.integrity_check(project) == len(origins)
    source = project.db.execute("SELECT error_count, errors_json FROM sources WHERE id = 2").fetchone()
    assert source[0] == 1 and "disk is full" in source[1]


def test_cancel_leaves_each_file_whole_or_absent(project: Project, folder: Path) -> None:
    (folder / "z_big.jsonl").write_text("".join(f'{{"text": "record {i}"}}\n' for i in range(20000)))
    token = CancelToken()

    def progress(fraction: float | None, message: str = "") -> None:
        if message.startswith("z_big.jsonl"):
            token.cancel()

    with pytest.raises(JobCancelled):
        import_paths(project, [folder], progress=progress, cancel=token)
    assert_only_good(project)
    assert project.count("SELECT count(*) FROM import_files") == 1
