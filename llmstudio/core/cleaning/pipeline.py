"""Running a recipe over the project's documents into a named snapshot, on every core.

Documents stream from SQLite in id order, in batches read by key (no cursor stays open
across writes). Batches go to a pool of worker processes with at most two batches per
worker in flight, so memory stays bounded whatever the corpus size; the parent replays
the results in document order (deduplication keeps the first copy), applies the user's
force-keep / force-drop overrides, and writes each batch in one short transaction into a
snapshot marked 'building'. The snapshot is marked 'complete' at the end; a cancel or a
failure deletes the unfinished snapshot, so the previous snapshots stay as they were.
A clean killed outright (SIGKILL, power cut) cannot delete its snapshot, so the run holds
a liveness lock on the snapshot's name while it builds: the next clean (or ``llmstudio
check``) removes every 'building' snapshot whose lock nobody holds, and frees its name.
Worker processes watch their parent and exit when it dies.
Originals are never modified: a changed text is stored beside the document.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from llmstudio.core.changes import Changed, declares
from llmstudio.core.cleaning.recipe import Recipe
from llmstudio.core.cleaning.steps.length import CHUNK_SEPARATOR
from llmstudio.core.cleaning.worker import (
    BatchResult,
    Decision,
    init_worker,
    merge_counters,
    process_batch,
    replay,
    run_batch,
)
from llmstudio.core.db import transaction
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.locks import ProcessLock, clear_stale_locks, lock_path
from llmstudio.core.project import Project, utc_now

log = logging.getLogger(__name__)

BATCH = 256
#: Below this many documents the work runs in-process: starting workers costs more.
IN_PROCESS_BELOW = 3000


@dataclass
class StepStats:
    step: str
    removed: int = 0
    changed: int = 0
    documents_after: int = 0
    chars_after: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    counters: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "kept": self.documents_after,
            "removed": self.removed,
            "changed": self.changed,
            "documents_after": self.documents_after,
            "chars_after": self.chars_after,
            "reasons": dict(self.reasons.most_common()),
            "counters": dict(self.counters),
        }


@dataclass
class CleanSummary:
    snapshot_id: int
    snapshot_name: str
    documents: int = 0
    kept: int = 0
    removed: int = 0
    changed: int = 0
    chars_in: int = 0
    chars_kept: int = 0
    forced_kept: int = 0
    forced_dropped: int = 0
    seconds: float = 0.0
    workers: int = 1
    steps: list[StepStats] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "snapshot_id": self.snapshot_id,
            "snapshot": self.snapshot_name,
            "documents": self.documents,
            "kept": self.kept,
            "removed": self.removed,
            "changed": self.changed,
            "chars_in": self.chars_in,
            "chars_kept": self.chars_kept,
            "forced_kept": self.forced_kept,
            "forced_dropped": self.forced_dropped,
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
            "steps": [s.to_dict() for s in self.steps],
            "reasons": dict(self.reasons.most_common()),
        }


@declares(Changed.SNAPSHOTS)
def run_recipe(
    project: Project,
    recipe: Recipe,
    snapshot_name: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> CleanSummary:
    """Clean every document with ``recipe`` into a new complete snapshot; returns the counts."""
    cancel = cancel or CancelToken()
    steps = recipe.build()  # checks the recipe before anything is written
    total = project.document_count()
    if total == 0:
        raise StudioError("there are no documents to clean; import some sources first")
    recover_interrupted_snapshots(project)
    name = snapshot_name or _next_snapshot_name(project)
    building = ProcessLock(lock_path(project.root, "snapshot", name))
    if not building.try_acquire():
        raise StudioError(f"a snapshot named '{name}' is being built by another clean; choose another name")
    try:
        if project.count("SELECT count(*) FROM snapshots WHERE name = ?", (name,)):
            raise StudioError(f"a snapshot named '{name}' already exists; choose another name")
        with transaction(project.db) as conn:
            cur = conn.execute(
                "INSERT INTO snapshots(name, recipe_json, status, created_at) VALUES (?,?, 'building', ?)",
                (name, json.dumps(recipe.to_dict()), utc_now()),
            )
        return _build(project, recipe, steps, name, int(cur.lastrowid or 0), total, progress, cancel, workers)
    finally:
        building.release()


def recover_interrupted_snapshots(project: Project) -> list[str]:
    """Delete the unfinished snapshots of cleans that died; returns their names.

    A 'building' snapshot whose lock a live process holds is left alone (it is being built).
    """
    rows = project.db.execute("SELECT id, name FROM snapshots WHERE status = 'building'").fetchall()
    recovered = []
    for snapshot_id, name in rows:
        lock = ProcessLock(lock_path(project.root, "snapshot", name))
        if not lock.try_acquire():
            continue
        try:
            with transaction(project.db) as conn:
                conn.execute("DELETE FROM snapshots WHERE id = ? AND status = 'building'", (snapshot_id,))
            recovered.append(name)
            log.warning("removed the unfinished snapshot '%s' of a clean that was interrupted", name)
        finally:
            lock.release()
    clear_stale_locks(project.root, "snapshot")  # killed before its row, or after its commit
    return recovered


def _build(
    project: Project,
    recipe: Recipe,
    steps: list,
    name: str,
    snapshot_id: int,
    total: int,
    progress: Progress,
    cancel: CancelToken,
    workers: int | None,
) -> CleanSummary:
    summary = CleanSummary(snapshot_id, name, steps=[StepStats(s.name) for s in steps])
    started = time.monotonic()
    try:
        workers = workers or os.cpu_count() or 1
        if total < IN_PROCESS_BELOW:
            workers = 1
        summary.workers = workers
        overrides = load_overrides(project)
        batches = _batch_results(project, recipe, steps, workers, cancel)
        for batch in batches:
            _store_batch(project, steps, summary, batch, overrides)
            elapsed = max(1e-6, time.monotonic() - started)
            progress(
                summary.documents / total,
                f"cleaned {summary.documents:,} of {total:,} documents ({summary.documents / elapsed:,.0f} docs/s)",
            )
        summary.seconds = time.monotonic() - started
        with transaction(project.db) as conn:
            conn.execute(
                "UPDATE snapshots SET status = 'complete', document_count = ?, kept_count = ?, stats_json = ? "
                "WHERE id = ?",
                (summary.documents, summary.kept, json.dumps(summary.to_dict()), snapshot_id),
            )
    except BaseException:
        with transaction(project.db) as conn:
            conn.execute("DELETE FROM snapshots WHERE id = ?", (snapshot_id,))
        raise
    log.info("snapshot %s: kept %d of %d documents in %.1fs", name, summary.kept, summary.documents, summary.seconds)
    return summary


def _read_batches(project: Project, cancel: CancelToken) -> Iterator[list[tuple[int, str]]]:
    last = -1
    while True:
        cancel.raise_if_cancelled()
        rows = project.db.execute(
            "SELECT id, text FROM documents WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH)
        ).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield [(int(r[0]), r[1]) for r in rows]


def _batch_results(
    project: Project, recipe: Recipe, steps: list, workers: int, cancel: CancelToken
) -> Iterator[BatchResult]:
    """Worker results in document order; at most 2 batches per worker in flight."""
    if workers <= 1:
        local = recipe.build()  # worker-side instances: keys only, decisions stay in ``steps``
        for rows in _read_batches(project, cancel):
            yield process_batch(local, rows)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker, initargs=(recipe.to_dict(),))
    pending: deque[Future[BatchResult]] = deque()
    try:
        for rows in _read_batches(project, cancel):
            pending.append(pool.submit(run_batch, rows))
            while len(pending) >= 2 * workers:
                yield _result(pending.popleft(), cancel)
        while pending:
            yield _result(pending.popleft(), cancel)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future[BatchResult], cancel: CancelToken) -> BatchResult:
    while True:
        cancel.raise_if_cancelled()
        try:
            return future.result(timeout=0.2)
        except TimeoutError:
            continue
        except BrokenProcessPool as exc:
            raise StudioError(
                "a cleaning worker process stopped unexpectedly (out of memory, or killed); nothing was "
                "saved. Run again with fewer workers, or split very large documents first"
            ) from exc


def load_overrides(project: Project) -> dict[int, str]:
    rows = project.db.execute("SELECT document_id, action FROM cleaning_overrides").fetchall()
    return {int(r[0]): r[1] for r in rows}


def _store_batch(
    project: Project, steps: list, summary: CleanSummary, batch: BatchResult, overrides: dict[int, str]
) -> None:
    rows = []
    duplicates = []
    merge_counters([s.counters for s in summary.steps], batch)
    for doc in batch.docs:
        decision = replay(steps, doc, summary.steps)
        summary.documents += 1
        summary.chars_in += doc.chars_in
        if decision.duplicate_of is not None:
            duplicates.append((summary.snapshot_id, doc.doc_id, decision.duplicate_of, decision.duplicate_kind,
                               int(decision.value) if decision.duplicate_kind == "near" and decision.value else None))
        decision = _apply_override(decision, overrides.get(doc.doc_id), summary)
        if decision.kept:
            summary.kept += 1
            summary.chars_kept += len(decision.text) if decision.text is not None else doc.chars_in
            summary.changed += int(decision.text is not None)
        else:
            summary.removed += 1
            summary.reasons[f"{decision.step}: {decision.reason}"] += 1
        rows.append((summary.snapshot_id, doc.doc_id, int(decision.kept), decision.text,
                     decision.step, decision.reason, decision.value))
    with transaction(project.db) as conn:
        conn.executemany(
            "INSERT INTO snapshot_documents(snapshot_id, document_id, kept, text, step, reason, value) "
            "VALUES (?,?,?,?,?,?,?)",
            rows,
        )
        if duplicates:
            conn.executemany(
                "INSERT INTO snapshot_duplicates(snapshot_id, document_id, duplicate_of, kind, bands) VALUES (?,?,?,?,?)",
                duplicates,
            )


def _apply_override(decision: Decision, action: str | None, summary: CleanSummary) -> Decision:
    if action == "drop" and decision.kept:
        summary.forced_dropped += 1
        return Decision(decision.doc_id, False, None, "override", "force-dropped by you")
    if action == "keep" and not decision.kept:
        summary.forced_kept += 1
        why = f"force-kept by you (the '{decision.step}' step removed it: {decision.reason})"
        return Decision(decision.doc_id, True, None, "override", why, decision.value)
    return decision


def _next_snapshot_name(project: Project) -> str:
    n = project.count("SELECT count(*) FROM snapshots") + 1
    while project.count("SELECT count(*) FROM snapshots WHERE name = ?", (f"snapshot-{n}",)):
        n += 1
    return f"snapshot-{n}"


def iter_kept_texts(project: Project, snapshot_id: int, batch: int = BATCH) -> Iterator[tuple[int, str]]:
    """Yield (document_id, cleaned text) for the documents a snapshot kept, in id order.

    A document split into chunks by the ``max_length`` step yields one pair per chunk.
    """
    last = -1
    while True:
        rows = project.db.execute(
            "SELECT d.id, coalesce(s.text, d.text) FROM snapshot_documents s "
            "JOIN documents d ON d.id = s.document_id WHERE s.snapshot_id = ? AND s.kept = 1 AND d.id > ? "
            "ORDER BY d.id LIMIT ?",
            (snapshot_id, last, batch),
        ).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        for doc_id, text in rows:
            if CHUNK_SEPARATOR in text:
                for chunk in text.split(CHUNK_SEPARATOR):
                    yield doc_id, chunk
            else:
                yield doc_id, text
