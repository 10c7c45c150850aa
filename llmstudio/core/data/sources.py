"""Importing text into a project, with provenance and a content hash per document.

Each top-level path a user gives becomes one source (all URLs of one import share one).
Folders are walked recursively. Every file is imported under its own savepoint (archive
members under nested ones), so a failure leaves each file either fully imported or not
at all, and a bad file never stops the others: its problem is recorded (file, line,
reason) and the import goes on. Small files share a transaction that commits about once
a second (a commit per file would cost more than the file), so a cancel or a full disk
rolls back at most that last second's files, each of them whole. Only a full disk stops
the import. Readers stream, so memory does not grow with the input.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from llmstudio.core.data.import_store import (
    DocumentWriter,
    already_imported,
    index_by_hand,
    index_by_trigger,
    is_disk_full,
)
from llmstudio.core.data.readers import DiskFull, Doc, FileRejected, ImportOptions, ReadContext, Unit, iter_units
from llmstudio.core.data.readers.dispatch import SUFFIX_FORMATS, inner_name
from llmstudio.core.data.readers.url import fetch, is_url
from llmstudio.core.data.readers.walk import walk
from llmstudio.core.db import transaction
from llmstudio.core.errors import ImportFailure, JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project, utc_now

__all__ = [
    "ImportOptions", "ImportProblem", "ImportSummary", "import_paths", "list_sources", "remove_source",
]

log = logging.getLogger(__name__)
MB = 1024 * 1024
_HASH_CHUNK = 1 * MB
_READ_WHOLE_BYTES = 1 * MB
_NAME_AT_ONCE_BYTES = 256 * 1024
_MAX_LABELS = 1000


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int | None
    reason: str
    severity: str = "error"
    """rejected (a file or member not imported), error (a record skipped),
    warning (imported, but look), duplicate (the same file was imported before)."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


ERROR_SEVERITIES = ("rejected", "error")


class ProblemList(list):  # type: ignore[type-arg]
    """Keeps the first ``cap`` problems in detail and only counts the rest, so a file of a
    million bad lines costs a counter, not a million objects."""

    def __init__(self, cap: int = 10_000) -> None:
        super().__init__()
        self.cap = cap
        self.dropped: Counter[str] = Counter()

    def append(self, problem: ImportProblem) -> None:  # type: ignore[override]
        if len(self) < self.cap:
            super().append(problem)
        else:
            self.dropped[problem.severity] += 1

    def extend(self, problems: Iterable[ImportProblem]) -> None:  # type: ignore[override]
        for problem in problems:
            self.append(problem)
        if isinstance(problems, ProblemList):
            self.dropped.update(problems.dropped)

    def errors(self) -> int:
        kept = sum(1 for p in self if p.severity in ERROR_SEVERITIES)
        return kept + sum(self.dropped[s] for s in ERROR_SEVERITIES)


@dataclass
class ImportSummary:
    files: int = 0
    documents: int = 0
    bytes: int = 0
    skipped_duplicates: int = 0
    skipped_files: int = 0
    rejected_files: int = 0
    labelled: int = 0
    problems: ProblemList = field(default_factory=ProblemList)
    source_ids: list[int] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Problems that lost data: rejected files and skipped records."""
        return self.problems.errors()

    @property
    def complete(self) -> bool:
        return self.rejected_files == 0 and self.errors == 0

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files, "documents": self.documents, "bytes": self.bytes,
            "skipped": self.skipped_duplicates + self.skipped_files,
            "skipped_duplicates": self.skipped_duplicates, "skipped_files": self.skipped_files,
            "rejected_files": self.rejected_files, "errors": self.errors, "labelled": self.labelled,
            "source_ids": self.source_ids,
            "problems": [
                {"file": p.file, "line": p.line, "reason": p.reason, "severity": p.severity}
                for p in self.problems
            ],
        }


@dataclass
class _Input:
    name: str
    path: Path | None = None
    url: str | None = None
    size: int = 0


@dataclass
class _SourcePlan:
    kind: str
    fmt: str
    path: str
    inputs: list[_Input]


class _Batch:
    """The open write transaction shared by consecutive files; commits every second or so."""

    SECONDS = 1.0
    BYTES = 64 * MB

    def __init__(self, project: Project, summary: ImportSummary) -> None:
        self.project = project
        self.summary = summary
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
            index_by_hand(conn)
            self.open, self.started, self.bytes, self.files = True, time.monotonic(), 0, 0
        return conn

    def file_done(self, size: int) -> None:
        self.files += 1
        self.bytes += size
        if time.monotonic() - self.started > self.SECONDS or self.bytes > self.BYTES:
            self.commit()

    def commit(self) -> None:
        if not self.open:
            return
        try:
            index_by_trigger(self.project.db)
            self.project.db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self.rollback()
            if is_disk_full(exc):
                raise DiskFull(str(exc)) from exc
            raise
        self.open = False
        self.committed_files += self.files
        labels, self.pending_labels = self.pending_labels, []
        for source_id, first_id, field_name, name in labels:
            _make_labels(self.project, source_id, first_id, field_name, name, self.summary)

    def keep_finished(self) -> None:
        """After a cancel or a full disk (the current file already undone): commit the rest."""
        try:
            self.commit()
        except (DiskFull, sqlite3.Error):
            log.warning("could not keep the last files of the import; they were rolled back")
            self.rollback()

    def rollback(self) -> None:
        if self.open:
            self.open = False
            self.pending_labels.clear()
            if self.project.db.in_transaction:  # SQLite may have rolled back already (disk full)
                self.project.db.execute("ROLLBACK")


class _Meter:
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


def plan_inputs(paths: list[Path | str], options: ImportOptions, summary: ImportSummary) -> list[_SourcePlan]:
    plans: list[_SourcePlan] = []
    urls: list[_Input] = []

    def report(name: str, reason: str) -> None:
        summary.problems.append(ImportProblem(name, None, reason, "rejected"))
        summary.rejected_files += 1

    for raw in paths:
        if is_url(str(raw)):
            urls.append(_Input(str(raw), url=str(raw)))
            continue
        path = Path(raw).expanduser()
        if not path.exists():
            report(str(path), "no such file or folder")
            continue
        if path.is_dir():
            files = [_Input(rel, path=f, size=size) for f, rel, size in walk(path, options, report)]
            if not files:
                report(str(path), "the folder holds no files to import (check --include/--exclude)")
                continue
            plans.append(_SourcePlan("folder", options.format if options.format != "auto" else "mixed", str(path.resolve()), files))
        else:
            fmt = options.format
            if fmt == "auto":
                suffix = Path(inner_name(path.name)).suffix
                fmt = SUFFIX_FORMATS.get(suffix, "archive" if suffix in (".zip", ".tar") else "txt")
            kind = "archive" if fmt == "archive" else "file"
            plans.append(_SourcePlan(kind, fmt, str(path.resolve()), [_Input(path.name, path=path, size=_size(path))]))
    if urls:
        label = urls[0].name if len(urls) == 1 else f"{len(urls)} URLs ({urls[0].name}, ...)"
        plans.append(_SourcePlan("url", options.format if options.format != "auto" else "mixed", label, urls))
    return plans


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def import_paths(
    project: Project,
    paths: list[Path] | list[Path | str],
    options: ImportOptions = ImportOptions(),
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportSummary:
    """Import files, folders and URLs; returns what happened.

    Raises ImportFailure when there is nothing to import or the disk fills up (after
    rolling the current file back), JobCancelled when cancelled (finished files stay).
    """
    cancel = cancel or CancelToken()
    summary = ImportSummary()
    plans = plan_inputs(list(paths), options, summary)
    if not plans:
        reasons = "; ".join(str(p) for p in summary.problems) or "no paths given"
        raise ImportFailure(f"nothing to import: {reasons}")
    meter = _Meter(sum(i.size for p in plans for i in p.inputs), progress)
    batch = _Batch(project, summary)
    for plan in plans:
        source_id = _create_source(project, plan, options)
        summary.source_ids.append(source_id)
        first_problem = len(summary.problems)
        errors_before = summary.errors
        try:
            for item in plan.inputs:
                cancel.raise_if_cancelled()
                _import_one(batch, source_id, item, options, summary, meter, cancel)
            batch.commit()
        except DiskFull as exc:
            batch.keep_finished()
            summary.problems.append(ImportProblem(item.name, None, "the disk is full; this file was rolled back", "rejected"))
            raise ImportFailure(
                f"the disk is full ({exc}): '{item.name}' was rolled back and the import stopped; "
                f"{batch.committed_files} files imported before it are kept. Free some space and "
                "import again (files already imported are skipped)"
            ) from exc
        except JobCancelled:
            batch.keep_finished()
            raise
        except BaseException:
            batch.rollback()
            raise
        finally:
            _finish_source(project, source_id, summary.problems[first_problem:], summary.errors - errors_before)
    meter.update(meter.total, "done", force=True)
    progress(1.0, f"imported {summary.documents} documents from {summary.files} files")
    return summary


def _import_one(
    batch: _Batch,
    source_id: int,
    item: _Input,
    options: ImportOptions,
    summary: ImportSummary,
    meter: _Meter,
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
    with stream:
        file_hash = _hash_stream(stream, cancel)
        conn = batch.begin()
        if options.skip_duplicates:
            earlier = already_imported(conn, file_hash)
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
        writer = DocumentWriter(conn, source_id, options.skip_duplicates, lambda: meter.update(stream.tell(), item.name))
        first_id = 0
        if options.label_field:
            first_id = conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
        conn.execute("SAVEPOINT import_file")
        try:
            good, bad = _read_units(writer, iter_units(stream, ctx, detect_name), ctx, unit_problems)
            if good == 0:
                raise FileRejected("" if bad else "the archive holds no files to import")
            if before is not None and item.path is not None and _changed(item.path, before):
                raise FileRejected(
                    "the file changed while it was read, so it was not imported; "
                    "import it again once nothing is writing to it"
                )
            writer.record_file(
                item.name, item.size, file_hash, ctx.detected.get("archive") or ctx.detected.get("format", "?"),
                ctx.detected.get("encoding"), len(unit_problems),
            )
        except FileRejected as exc:
            conn.execute("ROLLBACK TO import_file")
            conn.execute("RELEASE import_file")
            summary.problems.extend(unit_problems)
            if str(exc):
                reject(str(exc))
            else:
                summary.rejected_files += bad
            meter.done += item.size
            batch.file_done(item.size)
            return
        except (DiskFull, JobCancelled):
            _undo_file(conn)
            raise
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc):
                _undo_file(conn)
                raise DiskFull(str(exc)) from exc
            raise
        conn.execute("RELEASE import_file")
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


def _undo_file(conn: sqlite3.Connection) -> None:
    """Roll back the current file only, keeping the finished files of the open batch."""
    try:
        conn.execute("ROLLBACK TO import_file")
        conn.execute("RELEASE import_file")
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
            for doc in unit.docs:
                writer.add(doc)
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
    item: _Input, options: ImportOptions, cancel: CancelToken
) -> tuple[BinaryIO, os.stat_result | None, str]:
    """(stream, the file's stat before reading, the name that tells the format)."""
    if item.url is not None:
        download = fetch(item.url, options, cancel)
        item.size = len(download.data.getbuffer())
        return download.data, None, download.name
    assert item.path is not None
    try:
        before = item.path.stat()
    except OSError as exc:
        raise FileRejected(f"cannot read the file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(before.st_mode):
        raise FileRejected("not a regular file (a pipe, socket or device); skipped")
    try:
        if before.st_size <= _READ_WHOLE_BYTES:  # one read serves the hash and the reader
            return io.BytesIO(item.path.read_bytes()), before, item.path.name
        return open(item.path, "rb"), before, item.path.name  # noqa: SIM115 - caller closes
    except OSError as exc:
        raise FileRejected(f"cannot read the file ({exc.strerror or exc})") from exc


def _hash_stream(stream: BinaryIO, cancel: CancelToken) -> str:
    """blake2b-128 of the whole stream, which is left at its start."""
    if isinstance(stream, io.BytesIO):
        return hashlib.blake2b(stream.getbuffer(), digest_size=16).hexdigest()
    digest = hashlib.blake2b(digest_size=16)
    while True:
        chunk = stream.read(_HASH_CHUNK)
        if not chunk:
            break
        digest.update(chunk)
        cancel.raise_if_cancelled()
    stream.seek(0)
    return digest.hexdigest()


def _changed(path: Path, before: os.stat_result) -> bool:
    try:
        after = path.stat()
    except OSError:
        return True
    return (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)


def _make_labels(
    project: Project, source_id: int, first_id: int, field_name: str, name: str, summary: ImportSummary
) -> None:
    """Turn the labels a file came with into annotations (annotator ``import``)."""
    from llmstudio.core.data.label_annotations import add_annotations

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


def _create_source(project: Project, plan: _SourcePlan, options: ImportOptions) -> int:
    opts = options.as_json()
    if plan.kind == "url":
        opts["urls"] = [i.url for i in plan.inputs]
    with transaction(project.db) as conn:
        cur = conn.execute(
            "INSERT INTO sources(kind, format, path, options_json, created_at) VALUES (?,?,?,?,?)",
            (plan.kind, plan.fmt, plan.path, json.dumps(opts), utc_now()),
        )
    return int(cur.lastrowid)


def _finish_source(project: Project, source_id: int, problems: list[ImportProblem], counted: int) -> None:
    errors = [{"file": p.file, "line": p.line, "reason": p.reason, "severity": p.severity} for p in problems[:1000]]
    try:
        with transaction(project.db) as conn:
            conn.execute(
                "UPDATE sources SET error_count = ?, errors_json = ? WHERE id = ?",
                (counted, json.dumps(errors), source_id),
            )
    except sqlite3.DatabaseError:
        log.exception("could not record the problems of source %d", source_id)


def list_sources(project: Project) -> list[dict[str, Any]]:
    rows = project.db.execute(
        "SELECT id, kind, format, path, options_json, created_at, bytes, document_count, "
        "error_count, errors_json FROM sources ORDER BY id"
    ).fetchall()
    out = []
    for row in rows:
        item = dict(row)
        item["options"] = json.loads(item.pop("options_json") or "{}")
        item["errors"] = json.loads(item.pop("errors_json") or "[]")
        out.append(item)
    return out


def remove_source(project: Project, source_id: int) -> int:
    """Delete a source and its documents (and their search index); returns how many went."""
    with transaction(project.db) as conn:
        count = conn.execute(
            "SELECT count(*) FROM documents WHERE source_id = ?", (source_id,)
        ).fetchone()[0]
        conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
    return int(count)


def preview_docs(docs: list[Doc]) -> list[dict[str, Any]]:
    """Documents as plain dicts (for JSON output and the dialog's table)."""
    return [
        {"origin": d.origin, "text": d.text, "label": d.label, "id": d.external_id, "meta": d.meta}
        for d in docs
    ]
