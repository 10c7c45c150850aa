"""Importing text into a project, with provenance and a content hash per document.

Each top-level path a user gives becomes one source. Folders are walked recursively.
Every file is imported in its own transaction, so a failure or a cancel leaves each file
either fully imported or not at all, and a bad file never stops the others: its problem
is recorded (file, line, reason) and the import goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmstudio.core.data.text import BINARY_SNIFF_BYTES, content_hash, looks_binary
from llmstudio.core.db import transaction
from llmstudio.core.errors import ImportFailure
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project, utc_now

TEXT_SUFFIXES = {".txt", ".md", ".rst", ".log", ".text", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ImportOptions:
    text_field: str = "text"
    skip_duplicates: bool = True


@dataclass
class ImportSummary:
    files: int = 0
    documents: int = 0
    bytes: int = 0
    skipped_duplicates: int = 0
    rejected_files: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Doc:
    origin: str
    text: str
    meta: dict[str, Any] | None = None


class _FileRejected(Exception):
    """The whole file is unusable; the message is the reason."""


def import_paths(
    project: Project,
    paths: list[Path],
    options: ImportOptions = ImportOptions(),
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportSummary:
    """Import files and folders; returns what happened. Raises ImportFailure if nothing can be read."""
    cancel = cancel or CancelToken()
    plan: list[tuple[Path, list[Path]]] = []
    summary = ImportSummary()
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            summary.problems.append(ImportProblem(str(path), None, "no such file or folder"))
            summary.rejected_files += 1
            continue
        files = sorted(_walk(path, summary)) if path.is_dir() else [path]
        plan.append((path, files))
    if not plan:
        reasons = "; ".join(str(p) for p in summary.problems) or "no paths given"
        raise ImportFailure(f"nothing to import: {reasons}")

    total_bytes = sum(_size(f) for _, files in plan for f in files) or 1
    done_bytes = 0
    for top, files in plan:
        source_id = _create_source(project, top, options)
        summary.source_ids.append(source_id)
        first_problem = len(summary.problems)
        for file in files:
            cancel.raise_if_cancelled()
            rel = file.name if top == file else file.relative_to(top).as_posix()
            progress(done_bytes / total_bytes, f"importing {rel}")
            try:
                docs = list(_read_file(file, rel, options, summary.problems))
                added, skipped = _store(project, source_id, docs, options)
            except _FileRejected as exc:
                summary.problems.append(ImportProblem(rel, None, str(exc)))
                summary.rejected_files += 1
            else:
                summary.files += 1
                summary.documents += added
                summary.skipped_duplicates += skipped
                summary.bytes += _size(file)
            done_bytes += _size(file)
        _finish_source(project, source_id, summary.problems[first_problem:])
    progress(1.0, f"imported {summary.documents} documents from {summary.files} files")
    return summary


def _walk(folder: Path, summary: ImportSummary) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_file(
    path: Path, rel: str, options: ImportOptions, problems: list[ImportProblem]
) -> Iterator[_Doc]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _FileRejected(f"cannot read the file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise _FileRejected("the file is empty")
    if looks_binary(data[:BINARY_SNIFF_BYTES]):
        raise _FileRejected("this is a binary file, not text")
    text = _decode(data, rel, problems)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(text, rel, options, problems)
    else:
        yield _Doc(rel, text)


def _decode(data: bytes, rel: str, problems: list[ImportProblem]) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        problems.append(
            ImportProblem(rel, None, f"not valid UTF-8: {bad} bytes replaced with U+FFFD")
        )
        return text


def _read_jsonl(
    text: str, rel: str, options: ImportOptions, problems: list[ImportProblem]
) -> Iterator[_Doc]:
    field_path = options.text_field.split(".")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(ImportProblem(rel, number, f"not valid JSON ({exc.msg})"))
            continue
        value: Any = record
        for key in field_path:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, str) or not value.strip():
            problems.append(
                ImportProblem(rel, number, f"no text in field '{options.text_field}'")
            )
            continue
        meta = {k: v for k, v in record.items() if k != field_path[0]} if isinstance(record, dict) else None
        yield _Doc(f"{rel}:{number}", value, meta or None)


def _create_source(project: Project, top: Path, options: ImportOptions) -> int:
    kind = "folder" if top.is_dir() else "file"
    fmt = "mixed" if top.is_dir() else ("jsonl" if top.suffix.lower() in JSONL_SUFFIXES else "txt")
    with transaction(project.db) as conn:
        cur = conn.execute(
            "INSERT INTO sources(kind, format, path, options_json, created_at) VALUES (?,?,?,?,?)",
            (kind, fmt, str(top.resolve()), json.dumps({"text_field": options.text_field}), utc_now()),
        )
    return int(cur.lastrowid)


def _store(
    project: Project, source_id: int, docs: list[_Doc], options: ImportOptions
) -> tuple[int, int]:
    """Insert one file's documents in one transaction; returns (added, skipped duplicates)."""
    added = skipped = 0
    byte_count = 0
    with transaction(project.db) as conn:
        for doc in docs:
            digest = content_hash(doc.text)
            if options.skip_duplicates and conn.execute(
                "SELECT 1 FROM documents WHERE content_hash = ? LIMIT 1", (digest,)
            ).fetchone():
                skipped += 1
                continue
            conn.execute(
                "INSERT INTO documents(source_id, origin, text, content_hash, chars, meta_json) "
                "VALUES (?,?,?,?,?,?)",
                (
                    source_id,
                    doc.origin,
                    doc.text,
                    digest,
                    len(doc.text),
                    json.dumps(doc.meta, ensure_ascii=False) if doc.meta else None,
                ),
            )
            added += 1
            byte_count += len(doc.text.encode("utf-8", "surrogatepass"))
        conn.execute(
            "UPDATE sources SET document_count = document_count + ?, bytes = bytes + ? WHERE id = ?",
            (added, byte_count, source_id),
        )
    return added, skipped


def _finish_source(project: Project, source_id: int, problems: list[ImportProblem]) -> None:
    errors = [{"file": p.file, "line": p.line, "reason": p.reason} for p in problems]
    with transaction(project.db) as conn:
        conn.execute(
            "UPDATE sources SET error_count = ?, errors_json = ? WHERE id = ?",
            (len(errors), json.dumps(errors[:1000]), source_id),
        )


def list_sources(project: Project) -> list[dict[str, Any]]:
    rows = project.db.execute(
        "SELECT id, kind, format, path, created_at, bytes, document_count, error_count "
        "FROM sources ORDER BY id"
    ).fetchall()
    return [dict(row) for row in rows]


def remove_source(project: Project, source_id: int) -> int:
    """Delete a source and its documents; returns how many documents went with it."""
    with transaction(project.db) as conn:
        count = conn.execute(
            "SELECT count(*) FROM documents WHERE source_id = ?", (source_id,)
        ).fetchone()[0]
        conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
    return int(count)
