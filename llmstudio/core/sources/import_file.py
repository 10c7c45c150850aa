"""Importing one file: open, hash, read it into the shared transaction under a savepoint.

``import_paths`` (in ``sources``) plans the files and calls ``import_one`` for each. Files
share a write transaction (``Batch``) that commits about once a second; each file gets a
savepoint, each archive member a nested one, so a rejected file or member is undone alone
and a cancel or a full disk undoes only the file being read. Labels a dataset came with
become annotations after the batch that stored them commits.
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken, Progress
from llmstudio.core.project import Project
from llmstudio.core.search.index import record_high_water
from llmstudio.core.search.indexer import BackgroundIndexer
from llmstudio.core.sources.document_store import (
    DocumentWriter,
    already_imported,
    is_disk_full,
)
from llmstudio.core.sources.duplicates import DuplicateIndex
from llmstudio.core.sources.file_hash import BACKGROUND_MIN_BYTES, FileDigest, hash_stream, same_size_imported
from llmstudio.core.sources.readers import (
    DiskFull,
    FileRejected,
    ImportOptions,
    ReadContext,
    Unit,
    iter_units,
)
from llmstudio.core.sources.readers.url import fetch
from llmstudio.core.sources.summary import ImportProblem, ImportSummary, ProblemList

log = logging.getLogger(__name__)
MB = 1024 * 1024
_READ_WHOLE_BYTES = 1 * MB
_NAME_AT_ONCE_BYTES = 256 * 1024
_MAX_LABELS = 1000


@dataclass(slots=True)
class Input:
    name: str
    path: Path | str | None = None  # a str from a folder walk (no pathlib for 100k files)
    url: str | None = None
    size: int = 0


class Batch:
    """The open write transaction shared by consecutive files; commits every second or so."""

    SECONDS = 1.0
    BYTES = 64 * MB

    def __init__(self, project: Project, summary: ImportSummary, indexer: BackgroundIndexer | None = None) -> None:
        self.project = project
        self.summary = summary
        self.indexer = indexer
        self.duplicates = DuplicateIndex(project.db)
        self.open = False
        self.started = 0.0
        self.bytes = 0
        self.files = 0
        self.committed_files = 0
        self.pending_labels: list[tuple[int, int, str, str]] = []

    def begin(self) -> sqlite3.Connection:
        conn = self.project.db
        if not self.open:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self.duplicates.begin()
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            if self.indexer is not None:
                self.indexer.begin()
            self.open, self.started, self.bytes, self.files = True, time.monotonic(), 0, 0
        return conn

    def file_done(self, size: int) -> None:
        self.files_done(1, size)

    def files_done(self, count: int, size: int) -> None:
        self.files += count
        self.bytes += size
        if time.monotonic() - self.started > self.SECONDS or self.bytes > self.BYTES:
            self.commit()

    def commit(self) -> None:
        if not self.open:
            return
        try:
            record_high_water(self.project.db)
            upto = self.project.db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
            self.duplicates.before_commit()
            self.project.db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self.rollback()
            if is_disk_full(exc):
                raise DiskFull(str(exc)) from exc
            raise
        self.open = False
        self.committed_files += self.files
        if self.indexer is not None:
            self.indexer.commit(int(upto))
        labels, self.pending_labels = self.pending_labels, []
        # One pass per source from its first new id covers every file of the batch once.
        first: dict[tuple[int, str], tuple[int, str]] = {}
        for source_id, first_id, field_name, name in labels:
            key = (source_id, field_name)
            if key not in first or first_id < first[key][0]:
                first[key] = (first_id, name)
        for (source_id, field_name), (first_id, name) in first.items():
            make_labels(self.project, source_id, first_id, field_name, name, self.summary)

    def keep_finished(self) -> None:
        """After a cancel or a full disk (the current file already undone): commit the rest."""
        if self.open and not self.project.db.in_transaction:  # SQLite rolled it all back
            self.rollback()
            return
        try:
            self.commit()
        except (DiskFull, sqlite3.Error):
            log.warning("could not keep the last files of the import; they were rolled back")
            self.rollback()

    # Savepoints on the project, mirrored in the search index's transaction.
    def savepoint(self, name: str) -> None:
        self.project.db.execute(f"SAVEPOINT {name}")
        self.duplicates.savepoint(name)
        if self.indexer is not None:
            self.indexer.savepoint(name)

    def release(self, name: str) -> None:
        self.project.db.execute(f"RELEASE {name}")
        self.duplicates.release(name)
        if self.indexer is not None:
            self.indexer.release(name)

    def rollback_to(self, name: str) -> None:
        """Undo everything since the savepoint and close it.

        After a full disk SQLite may have rolled the whole transaction back already; then
        there is nothing to undo here and ``rollback`` (or ``keep_finished``) tells the index.
        """
        if not self.project.db.in_transaction:
            return
        self.project.db.execute(f"ROLLBACK TO {name}")
        self.project.db.execute(f"RELEASE {name}")
        self.duplicates.rolled_back_to(name)
        if self.indexer is not None:
            self.indexer.rollback_to(name)
            self.indexer.release(name)

    def rollback(self) -> None:
        if self.open:
            self.open = False
            self.pending_labels.clear()
            self.duplicates.after_rollback()
            if self.indexer is not None:
                self.indexer.rollback()
            if self.project.db.in_transaction:  # SQLite may have rolled back already (disk full)
                self.project.db.execute("ROLLBACK")


class Meter:
    """Turns bytes read into a throttled progress report with MB/s and time left."""

    def __init__(self, total: int, progress: Progress) -> None:
        self.total = max(1, total)
        self.progress = progress
        self.done = 0
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, position: int, name: str, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < 0.2:
            return
        self._last = now
        done = min(self.total, self.done + position)
        elapsed = max(1e-6, now - self.start)
        rate = done / elapsed
        left = (self.total - done) / rate if rate > 0 else 0.0
        self.progress(
            done / self.total,
            f"{name} · {rate / MB:.1f} MB/s · {int(left) // 60}:{int(left) % 60:02d} left",
        )


def import_one(
    batch: Batch,
    source_id: int,
    item: Input,
    options: ImportOptions,
    summary: ImportSummary,
    meter: Meter,
    cancel: CancelToken,
) -> None:
    """Import one file (or URL) under one savepoint; problems go to ``summary``."""
    unit_problems = ProblemList()

    def sink(name: str, line: int | None, reason: str, severity: str) -> None:
        unit_problems.append(ImportProblem(name, line, reason, severity))

    def reject(reason: str) -> None:
        summary.problems.append(ImportProblem(item.name, None, reason, "rejected"))
        summary.rejected_files += 1

    # Name a big file at once; small ones only as often as the meter reports anyway.
    meter.update(0, item.name, force=item.size > _NAME_AT_ONCE_BYTES)
    before: os.stat_result | None = None
    try:
        stream, before, detect_name = open_input(item, options, cancel)
    except FileRejected as exc:
        reject(str(exc))
        meter.done += item.size
        return
    if before is not None:
        item.size = before.st_size  # what is read (and recorded) is the file as it was opened
    with stream, _file_digest(batch, item, stream, options, cancel) as digest:
        conn = batch.begin()
        if options.skip_duplicates:
            earlier = already_imported(conn, digest.known) if digest.known else None
            if earlier:
                summary.skipped_files += 1
                summary.problems.append(ImportProblem(
                    item.name, None,
                    f"the same content was imported before (source {earlier[0]}, {earlier[1]}); skipped",
                    "duplicate",
                ))
                meter.done += item.size
                return
        ctx = ReadContext(item.name, options, sink, cancel)
        writer = DocumentWriter(
            batch, source_id, options.skip_duplicates, lambda: meter.update(stream.tell(), item.name)
        )
        first_id = 0
        if options.label_field:
            first_id = conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
        batch.savepoint("import_file")
        try:
            good, bad = _read_units(writer, iter_units(stream, ctx, detect_name), ctx, unit_problems)
            if good == 0:
                raise FileRejected("" if bad else "the archive holds no files to import")
            if before is not None and item.path is not None and _changed(Path(item.path), before):
                raise FileRejected(
                    "the file changed while it was read, so it was not imported; "
                    "import it again once nothing is writing to it"
                )
            writer.record_file(
                item.name, item.size, digest.result(stream, cancel),
                ctx.detected.get("archive") or ctx.detected.get("format", "?"), ctx.detected.get("encoding"),
                len(unit_problems),
            )
        except FileRejected as exc:
            batch.rollback_to("import_file")
            summary.problems.extend(unit_problems)
            if str(exc):
                reject(str(exc))
            else:
                summary.rejected_files += bad
            meter.done += item.size
            batch.file_done(item.size)
            return
        except (DiskFull, JobCancelled):
            _undo_file(batch)
            raise
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc):
                _undo_file(batch)
                raise DiskFull(str(exc)) from exc
            raise
        batch.release("import_file")
    summary.problems.extend(unit_problems)
    summary.rejected_files += bad
    summary.files += 1
    summary.documents += writer.counts.documents
    summary.skipped_duplicates += writer.counts.skipped
    summary.bytes += item.size
    meter.done += item.size
    if writer.counts.labelled and options.label_field:
        batch.pending_labels.append((source_id, first_id, options.label_field, item.name))
    batch.file_done(item.size)


def _undo_file(batch: Batch) -> None:
    """Roll back the current file only, keeping the finished files of the open batch."""
    try:
        batch.rollback_to("import_file")
    except sqlite3.Error:
        log.warning("could not roll back to the file's savepoint; the batch will be rolled back")


def _read_units(
    writer: DocumentWriter, units: Iterator[Unit], file_ctx: ReadContext, problems: list[ImportProblem]
) -> tuple[int, int]:
    """Store each unit under its own savepoint; returns (units stored, units rejected)."""
    good = bad = 0
    for unit in units:
        # A plain file is one unit: the file's savepoint covers it. Archive members get their own.
        writer.begin_unit(savepoint=unit.ctx is not file_ctx)
        try:
            writer.add_all(unit.docs)
            writer.commit_unit()
            good += 1
        except FileRejected as exc:
            writer.rollback_unit()
            bad += 1
            problems.append(ImportProblem(unit.ctx.name, None, str(exc), "rejected"))
        except (DiskFull, JobCancelled, sqlite3.Error, MemoryError):
            raise
        except Exception as exc:  # a reader bug must not stop the other files
            log.exception("reader failed on %s", unit.ctx.name)
            writer.rollback_unit()
            bad += 1
            problems.append(ImportProblem(
                unit.ctx.name, None, f"could not be read ({type(exc).__name__}: {exc})", "rejected"
            ))
    return good, bad


def open_input(
    item: Input, options: ImportOptions, cancel: CancelToken
) -> tuple[BinaryIO, os.stat_result | None, str]:
    """(stream, the file's stat before reading, the name that tells the format)."""
    if item.url is not None:
        download = fetch(item.url, options, cancel)
        item.size = len(download.data.getbuffer())
        return download.data, None, download.name
    assert item.path is not None
    path = Path(item.path)
    try:
        before = path.stat()
    except OSError as exc:
        raise FileRejected(f"cannot read the file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(before.st_mode):
        raise FileRejected("not a regular file (a pipe, socket or device); skipped")
    try:
        if before.st_size <= _READ_WHOLE_BYTES:  # one read serves the hash and the reader
            return io.BytesIO(path.read_bytes()), before, path.name
        return open(path, "rb"), before, path.name  # noqa: SIM115 - caller closes
    except OSError as exc:
        raise FileRejected(f"cannot read the file ({exc.strerror or exc})") from exc


def _file_digest(batch: Batch, item: Input, stream: BinaryIO, options: ImportOptions, cancel: CancelToken) -> FileDigest:
    """The file's hash now, or on a thread beside the import when no earlier file can match."""
    if (
        item.path is not None
        and not isinstance(stream, io.BytesIO)
        and item.size >= BACKGROUND_MIN_BYTES
        and not (options.skip_duplicates and same_size_imported(batch.project.db, item.size))
    ):
        return FileDigest.beside(os.fspath(item.path))
    return FileDigest(hash_stream(stream, cancel))


def _changed(path: Path, before: os.stat_result) -> bool:
    try:
        after = path.stat()
    except OSError:
        return True
    return (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)


def make_labels(
    project: Project, source_id: int, first_id: int, field_name: str, name: str, summary: ImportSummary
) -> None:
    """Turn the labels a file came with into annotations (annotator ``import``)."""
    from llmstudio.core.labels.annotations import add_annotations

    conn = project.db
    distinct = conn.execute(
        "SELECT count(DISTINCT label) FROM documents WHERE source_id = ? AND id > ? AND label IS NOT NULL",
        (source_id, first_id),
    ).fetchone()[0]
    if distinct > _MAX_LABELS:
        summary.problems.append(ImportProblem(
            name, None,
            f"the label field '{field_name}' has {distinct:,} different values; too many to be labels, "
            "so they are kept on the documents only", "warning",
        ))
        return
    last = first_id
    try:
        while True:
            rows = conn.execute(
                "SELECT id, label FROM documents WHERE source_id = ? AND id > ? AND label IS NOT NULL "
                "ORDER BY id LIMIT 20000",
                (source_id, last),
            ).fetchall()
            if not rows:
                break
            last = rows[-1][0]
            summary.labelled += add_annotations(project, field_name, [(r[0], r[1]) for r in rows], "import")
    except StudioError as exc:
        summary.problems.append(ImportProblem(name, None, f"labels were not added: {exc}", "warning"))
