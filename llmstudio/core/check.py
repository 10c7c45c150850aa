"""Checking a project for silent damage: what ``llmstudio check`` and Help > Check project run.

A crash, a full disk, a bad sector or an edit outside the app can damage a project without
any command failing at once. This job reads everything the project keeps and compares it
with what was recorded when it was written: SQLite's own ``integrity_check``, each
document's text against the content hash stored at import, each tokenizer's model and
token files (present, loadable, the recorded sizes, ids inside the vocabulary), each
checkpoint's files (safetensors headers and lengths, ``meta.json``, ``latest.json``), the
search index (FTS5's integrity check), and leftovers of interrupted jobs. It never changes
the project; each finding names what is wrong and how to fix it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from llmstudio.core.artifacts import checkpoint_problems
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.locks import holder_is_alive, lock_path
from llmstudio.core.paths import resolve_inside
from llmstudio.core.project import Project
from llmstudio.core.text import content_hash

log = logging.getLogger(__name__)

_BATCH = 2048
_TOKEN_CHUNK = 1 << 22
_SHOWN_PER_AREA = 200  # a project with a million changed documents still gets a readable report


@dataclass(frozen=True)
class Finding:
    """One problem: where (``area`` and ``subject``), what is wrong, and what to do."""

    area: str
    subject: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.area}: {self.subject}: {self.problem}; {self.fix}"


@dataclass
class CheckReport:
    """What was checked (items per area) and what was found."""

    root: str
    checked: dict[str, int] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    more: dict[str, int] = field(default_factory=dict)
    """Problems beyond the first ``_SHOWN_PER_AREA`` of an area: counted, not listed."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, finding: Finding) -> None:
        shown = sum(1 for p in self.problems if p.area == finding.area)
        if shown >= _SHOWN_PER_AREA:
            self.more[finding.area] = self.more.get(finding.area, 0) + 1
        else:
            self.problems.append(finding)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.root,
            "ok": self.ok,
            "checked": dict(self.checked),
            "problems": [asdict(p) for p in self.problems],
            "more_problems": dict(self.more),
        }


def check_project(project: Project, progress: Progress = no_progress, cancel: CancelToken | None = None) -> CheckReport:
    """Check everything the project keeps; never changes it."""
    cancel = cancel or CancelToken()
    report = CheckReport(str(project.root))
    stages: list[tuple[str, Callable[[Project, CheckReport, Progress, CancelToken], None]]] = [
        ("database", _check_database),
        ("documents", _check_documents),
        ("snapshots", _check_snapshots),
        ("tokenizers", _check_tokenizers),
        ("checkpoints", _check_checkpoints),
        ("search index", _check_search_index),
    ]
    for index, (name, stage) in enumerate(stages):
        cancel.raise_if_cancelled()
        start, end = index / len(stages), (index + 1) / len(stages)

        def sub(fraction: float | None, message: str = "", start: float = start, end: float = end) -> None:
            progress(None if fraction is None else start + (end - start) * fraction, message)

        sub(0.0, f"checking the {name}")
        try:
            stage(project, report, sub, cancel)
        except sqlite3.DatabaseError as exc:
            report.add(Finding(name, "project.sqlite", f"the database could not be read ({exc})",
                               "restore project.sqlite from a backup"))
    progress(1.0, "no problems found" if report.ok else f"{len(report.problems)} problems found")
    return report


def _rel(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------- database
def _check_database(project: Project, report: CheckReport, progress: Progress, cancel: CancelToken) -> None:
    rows = [r[0] for r in project.db.execute("PRAGMA integrity_check(20)").fetchall()]
    report.checked["database"] = 1
    if rows != ["ok"]:
        for row in rows:
            report.add(Finding("database", "project.sqlite", f"SQLite integrity check: {row}",
                               "restore project.sqlite from a backup (or copy out what can be read)"))


def _check_documents(project: Project, report: CheckReport, progress: Progress, cancel: CancelToken) -> None:
    total = max(1, project.document_count())
    last, seen = -1, 0
    while True:
        cancel.raise_if_cancelled()
        rows = project.db.execute(
            "SELECT id, origin, text, content_hash FROM documents WHERE id > ? ORDER BY id LIMIT ?", (last, _BATCH)
        ).fetchall()
        if not rows:
            break
        for doc_id, origin, text, stored in rows:
            if content_hash(text) != stored:
                report.add(Finding(
                    "documents", f"document {doc_id} ({origin})",
                    "its text no longer matches the content hash stored when it was imported (changed outside "
                    "llmstudio, or damaged on disk)",
                    "remove its source and import it again ('llmstudio sources DIR --remove ID')",
                ))
        seen += len(rows)
        last = rows[-1][0]
        progress(seen / total, f"checked {seen:,} of {total:,} documents")
    report.checked["documents"] = seen


def _check_snapshots(project: Project, report: CheckReport, progress: Progress, cancel: CancelToken) -> None:
    rows = project.db.execute("SELECT name, status FROM snapshots").fetchall()
    report.checked["snapshots"] = len(rows)
    for name, status in rows:
        if status == "building" and not holder_is_alive(lock_path(project.root, "snapshot", name)):
            report.add(Finding("snapshots", f"snapshot '{name}'",
                               "left unfinished by a clean that was interrupted",
                               "run 'llmstudio clean DIR' again: it removes unfinished snapshots first"))


# ---------------------------------------------------------------------------- tokenizers
def _check_tokenizers(project: Project, report: CheckReport, progress: Progress, cancel: CancelToken) -> None:
    import numpy as np

    from llmstudio.core.tokenizer import BUILDING_MARKER

    tokenizers = project.tokenizers()
    report.checked["tokenizers"] = len(tokenizers)
    fix = "train the tokenizer again ('llmstudio tokenizer DIR')"
    for tok in tokenizers:
        cancel.raise_if_cancelled()
        subject = f"tokenizer {tok.id} ({tok.name})"
        try:
            model = resolve_inside(project.root, tok.model_path, f"{subject}'s model file")
            shards = [(resolve_inside(project.root, p, f"{subject}'s token file"), n)
                      for p, n in ((tok.train_path, tok.train_tokens), (tok.val_path, tok.val_tokens))]
        except StudioError as exc:
            report.add(Finding("tokenizers", subject, str(exc), fix))
            continue
        problem = _tokenizer_model_problem(model, tok.vocab_size)
        if problem:
            report.add(Finding("tokenizers", _rel(project, model), problem, fix))
        for path, expected in shards:
            problem = _token_file_problem(path, np.dtype(tok.dtype), expected, tok.vocab_size, cancel)
            if problem:
                report.add(Finding("tokenizers", _rel(project, path), problem, fix))
    parent = project.root / "tokenizers"
    for folder in sorted(parent.iterdir()) if parent.is_dir() else []:
        if (folder / BUILDING_MARKER).exists() and not holder_is_alive(lock_path(project.root, "tokenizer", folder.name)):
            report.add(Finding("tokenizers", f"tokenizers/{folder.name}", "left half-made by an interrupted run",
                               "run 'llmstudio tokenizer DIR' again: it removes half-made folders first"))


def _tokenizer_model_problem(path: Path, vocab_size: int) -> str | None:
    if not path.is_file():
        return "the file is missing"
    import sentencepiece as spm

    try:
        processor = spm.SentencePieceProcessor(model_file=str(path))
    except (RuntimeError, OSError) as exc:
        return f"not a readable sentencepiece model ({str(exc).splitlines()[0][:120]})"
    if processor.get_piece_size() != vocab_size:
        return f"holds {processor.get_piece_size()} tokens, but {vocab_size} were recorded"
    return None


def _token_file_problem(path: Path, dtype: Any, expected: int, vocab_size: int, cancel: CancelToken) -> str | None:
    import numpy as np

    if not path.is_file():
        return "the file is missing"
    size = path.stat().st_size
    if size % dtype.itemsize:
        return f"{size:,} bytes is not a whole number of {dtype.itemsize}-byte tokens (the file is cut short)"
    count = size // dtype.itemsize
    if count != expected:
        return f"holds {count:,} tokens, but {expected:,} were recorded"
    if count == 0:
        return None
    tokens = np.memmap(path, dtype=dtype, mode="r")
    for start in range(0, count, _TOKEN_CHUNK):
        cancel.raise_if_cancelled()
        highest = int(tokens[start:start + _TOKEN_CHUNK].max())
        if highest >= vocab_size:
            return f"holds the token id {highest}, outside the vocabulary of {vocab_size} (the file is damaged)"
    return None


# ---------------------------------------------------------------------------- checkpoints
def _check_checkpoints(project: Project, report: CheckReport, progress: Progress, cancel: CancelToken) -> None:
    rows = project.db.execute("SELECT id, checkpoint_dir FROM runs ORDER BY id").fetchall()
    checked = 0
    for run_id, stored in rows:
        cancel.raise_if_cancelled()
        subject = f"run {run_id}"
        try:
            folder = resolve_inside(project.root, stored or f"runs/{run_id}", f"{subject}'s checkpoint folder")
        except StudioError as exc:
            report.add(Finding("checkpoints", subject, str(exc), "fix the path in the project or delete the run"))
            continue
        if not folder.is_dir():
            continue
        for step in sorted(p for p in folder.glob("step-*") if p.is_dir()):
            checked += 1
            for problem in checkpoint_problems(step):
                report.add(Finding("checkpoints", _rel(project, step), problem,
                                   "delete this checkpoint folder; resuming falls back to the previous one"))
        for pointer in ("latest.json", "best.json"):
            pointer_problem = _pointer_problem(folder, pointer)
            if pointer_problem:
                report.add(Finding("checkpoints", _rel(project, folder / pointer), pointer_problem,
                                   f"delete {pointer}; the newest intact checkpoint is used instead"))
    report.checked["checkpoints"] = checked


def _pointer_problem(folder: Path, name: str) -> str | None:
    path = folder / name
    if not path.exists():
        return None
    try:
        target = json.loads(path.read_text(encoding="utf-8"))["folder"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return f"{name} is damaged"
    if not isinstance(target, str) or "/" in target or "\\" in target or not target.startswith("step-"):
        return f"{name} names {target!r}, which is not a checkpoint folder of this run"
    if not (folder / target).is_dir():
        return f"{name} names {target}, which does not exist"
    return None


# ---------------------------------------------------------------------------- search index
def _check_search_index(project: Project, report: CheckReport, progress: Progress, cancel: CancelToken) -> None:
    from llmstudio.core.search import index

    path = index.index_path(project)
    report.checked["search index"] = 1
    if not path.exists():
        return  # a cache: built again when first needed
    try:
        # Read-only first: opening it for writing would quietly rebuild a damaged file.
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
        finally:
            conn.close()
        if rows != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(rows))
        index.integrity_check(project)
    except (sqlite3.DatabaseError, StudioError) as exc:
        report.add(Finding("search index", index.SEARCH_DB_NAME, f"the index is damaged ({exc})",
                           f"nothing is lost (it is a cache): delete {index.SEARCH_DB_NAME}, or let llmstudio "
                           "rebuild it from the documents when you next search"))
