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

import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.errors import ImportFailure, JobCancelled
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project, utc_now
from llmstudio.core.search.index import SearchIndexError
from llmstudio.core.search.indexer import BackgroundIndexer, catch_up
from llmstudio.core.sources.import_file import Batch, Input, Meter, import_one, open_input
from llmstudio.core.sources.import_small import SmallFiles, is_small
from llmstudio.core.sources.readers import DiskFull, Doc, ImportOptions
from llmstudio.core.sources.readers.dispatch import SUFFIX_FORMATS, inner_name
from llmstudio.core.sources.readers.url import is_url
from llmstudio.core.sources.readers.walk import shown_name, walk
from llmstudio.core.sources.summary import ImportProblem, ImportSummary, ProblemList

log = logging.getLogger(__name__)
__all__ = [
    "ImportOptions", "ImportProblem", "ImportSummary", "ProblemList", "import_paths", "list_sources",
    "open_input", "plan_inputs", "preview_docs", "remove_source",
]

IMPORT_CACHE_KIB = 64 * 1024  # SQLite page cache while importing (default 2 MB)


@dataclass
class _SourcePlan:
    kind: str
    fmt: str
    path: str
    inputs: list[Input]


def plan_inputs(paths: list[Path | str], options: ImportOptions, summary: ImportSummary) -> list[_SourcePlan]:
    plans: list[_SourcePlan] = []
    urls: list[Input] = []

    def report(name: str, reason: str) -> None:
        summary.problems.append(ImportProblem(name, None, reason, "rejected"))
        summary.rejected_files += 1

    for raw in paths:
        if is_url(str(raw)):
            urls.append(Input(str(raw), url=str(raw)))
            continue
        path = Path(raw).expanduser()
        if not path.exists():
            report(shown_name(str(path)), "no such file or folder")
            continue
        if path.is_dir():
            files = [Input(rel, path=f, size=size) for f, rel, size in walk(path, options, report)]
            if not files:
                report(shown_name(str(path)), "the folder holds no files to import (check --include/--exclude)")
                continue
            plans.append(_SourcePlan("folder", options.format if options.format != "auto" else "mixed",
                                     shown_name(str(path.resolve())), files))
        else:
            fmt = options.format
            if fmt == "auto":
                suffix = Path(inner_name(path.name)).suffix
                fmt = SUFFIX_FORMATS.get(suffix, "archive" if suffix in (".zip", ".tar") else "txt")
            kind = "archive" if fmt == "archive" else "file"
            plans.append(_SourcePlan(kind, fmt, shown_name(str(path.resolve())),
                                     [Input(shown_name(path.name), path=path, size=_size(path))]))
    if urls:
        label = urls[0].name if len(urls) == 1 else f"{len(urls)} URLs ({urls[0].name}, ...)"
        plans.append(_SourcePlan("url", options.format if options.format != "auto" else "mixed", label, urls))
    return plans


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@declares(Changed.SOURCES | Changed.DOCUMENTS | Changed.LABELS | Changed.SEARCH)
def import_paths(
    project: Project,
    paths: Sequence[Path | str],
    options: ImportOptions = ImportOptions(),
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    index: bool = True,
) -> ImportSummary:
    """Import files, folders and URLs; returns what happened.

    ``index=False`` leaves the search index behind (``search.index.pending`` says by how
    much); the app catches it up in the background, ``search.indexer.ensure_current`` at once.

    Raises ImportFailure when there is nothing to import or the disk fills up (after
    rolling the current file back), JobCancelled when cancelled (finished files stay).
    """
    cancel = cancel or CancelToken()
    summary = ImportSummary()
    plans = plan_inputs(list(paths), options, summary)
    if not plans:
        reasons = "; ".join(str(p) for p in summary.problems) or "no paths given"
        raise ImportFailure(f"nothing to import: {reasons}")
    meter = Meter(sum(i.size for p in plans for i in p.inputs), progress)
    indexer = BackgroundIndexer(project) if index else None
    batch = Batch(project, summary, indexer)
    project.db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")  # the hash index stays in memory
    try:
        _import_plans(project, plans, options, summary, meter, batch, cancel)
    finally:
        project.db.execute("PRAGMA cache_size = -2000")
        error = indexer.finish() if indexer is not None else None
    if indexer is not None and error is None and not indexer.mirroring:
        # The index was behind before this import (an older project): bring it up to date.
        try:
            catch_up(project, cancel, lambda f, m="": progress(None, m))
        except SearchIndexError as exc:
            error = exc
    if error is not None:
        summary.problems.append(ImportProblem(
            "search index", None,
            f"the documents were imported, but the search index could not be updated ({error}); "
            "search catches up the next time the project is opened", "warning",
        ))
    meter.update(meter.total, "done", force=True)
    progress(1.0, f"imported {summary.documents} documents from {summary.files} files")
    return summary


def _import_plans(
    project: Project,
    plans: list[_SourcePlan],
    options: ImportOptions,
    summary: ImportSummary,
    meter: Meter,
    batch: Batch,
    cancel: CancelToken,
) -> None:
    for plan in plans:
        source_id = _create_source(project, plan, options)
        summary.source_ids.append(source_id)
        first_problem = len(summary.problems)
        errors_before = summary.errors
        small = SmallFiles(
            batch, source_id, options, summary, meter, cancel,
            lambda item, sid=source_id: import_one(batch, sid, item, options, summary, meter, cancel),
        )
        current = ""
        completed = False  # a source that failed midway keeps its row: its error record says why
        try:
            for item in plan.inputs:
                cancel.raise_if_cancelled()
                if is_small(item):
                    small.add(item)
                    continue
                small.flush()
                current = item.name
                import_one(batch, source_id, item, options, summary, meter, cancel)
            small.flush()
            batch.commit()
            completed = True
        except DiskFull as exc:
            batch.keep_finished()
            current = small.failed_on or current
            summary.problems.append(ImportProblem(current, None, "the disk is full; this file was rolled back", "rejected"))
            raise ImportFailure(
                f"the disk is full ({exc}): '{current}' was rolled back and the import stopped; "
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
            if completed and _drop_if_empty(project, source_id):
                summary.source_ids.remove(source_id)


def _create_source(project: Project, plan: _SourcePlan, options: ImportOptions) -> int:
    opts = options.as_json()
    if plan.kind == "url":
        opts["urls"] = [i.url for i in plan.inputs]
    with transaction(project.db) as conn:
        cur = conn.execute(
            "INSERT INTO sources(kind, format, path, options_json, created_at) VALUES (?,?,?,?,?)",
            (plan.kind, plan.fmt, plan.path, json.dumps(opts), utc_now()),
        )
    return int(cur.lastrowid or 0)


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


def _drop_if_empty(project: Project, source_id: int) -> bool:
    """Remove a source that ended with no documents (all rejected, duplicates, unreachable, cancelled).

    Its problems are in the import summary; an empty row in the sources table would only
    confuse. Returns whether the row was removed.
    """
    try:
        with transaction(project.db) as conn:
            if conn.execute("SELECT 1 FROM documents WHERE source_id = ? LIMIT 1", (source_id,)).fetchone():
                return False
            conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return True
    except sqlite3.DatabaseError:
        log.exception("could not remove the empty source %d", source_id)
        return False


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


@declares(Changed.SOURCES | Changed.DOCUMENTS | Changed.LABELS | Changed.SPLITS | Changed.SEARCH)
def remove_source(project: Project, source_id: int) -> int:
    """Delete a source and its documents; returns how many went.

    Their entries in the search index stay as tombstones that queries skip (ids are never
    reused); the index is rebuilt once they outnumber the live documents.
    """
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
