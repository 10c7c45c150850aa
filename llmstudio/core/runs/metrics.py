"""A run's metric series: read them for plots, append them in batches while training.

A trainer does not write a row per step: ``MetricWriter`` buffers rows and the run's
latest figures and writes them in one short transaction every few seconds. Another writer
may hold the database for longer than the busy timeout (a long import, a clean): then the
write is put off, its rows stay queued, and training goes on; the next flush writes them
all. The end of a run (``flush(..., final=True)``) is retried until it is written, so a
finished run never stays ``running`` because the database was busy at that moment.
Under torchrun only rank 0 writes; the other ranks get a ``NullWriter``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import connection, transaction
from llmstudio.core.project import Project, utc_now
from llmstudio.core.runs.store import UPDATABLE

log = logging.getLogger(__name__)

METRIC_FLUSH_SECONDS = 2.0
FINAL_WRITE_SECONDS = 3600.0  # how long the end of a run keeps trying before giving up (logged)
QUICK_WAIT_MS = 1000  # a routine flush waits this long for the lock, then puts its rows off

MetricRow = tuple[str, int, float | None]  # (name, step, value); None stands for NaN / inf


def metric_series(project: Project, run_id: int, name: str) -> list[tuple[int, float]]:
    """``(step, value)`` pairs of one metric, by step; a stored NULL (NaN, inf) reads as NaN."""
    rows = project.db.execute(
        "SELECT step, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY step", (run_id, name)).fetchall()
    return [(int(r[0]), float(r[1]) if r[1] is not None else math.nan) for r in rows]


def metric_names(project: Project, run_id: int) -> list[str]:
    rows = project.db.execute("SELECT DISTINCT name FROM metrics WHERE run_id = ? ORDER BY name", (run_id,))
    return [str(r[0]) for r in rows]


@declares(Changed.RUNS)
def append_metrics(project: Project, run_id: int, rows: Iterable[MetricRow], **run_fields: object) -> None:
    """Write metric rows (replacing any at the same step) and run-row fields in one transaction."""
    bad = set(run_fields) - UPDATABLE
    if bad:
        raise ValueError(f"append_metrics cannot set {sorted(bad)}")
    with transaction(project.db) as conn:
        conn.executemany("INSERT OR REPLACE INTO metrics(run_id, name, step, value) VALUES (?,?,?,?)",
                         [(run_id, name, step, value) for name, step, value in rows])
        if run_fields:
            assignments = ", ".join(f"{key} = ?" for key in run_fields)
            conn.execute(f"UPDATE runs SET {assignments}, updated_at = ? WHERE id = ?",
                         (*run_fields.values(), utc_now(), run_id))


def is_busy(exc: BaseException) -> bool:
    """Another connection holds the write lock (and kept it past the busy timeout)."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def write_retrying(write: Callable[[], None], *, seconds: float = FINAL_WRITE_SECONDS, what: str = "write") -> None:
    """Call ``write`` until it gets past a busy database; other errors, and running out of time, raise."""
    deadline = time.monotonic() + seconds
    pause = 0.05
    while True:
        try:
            write()
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            log.warning("the database is busy (another writer holds it); retrying the %s", what)
        time.sleep(pause)
        pause = min(pause * 2, 2.0)


@contextlib.contextmanager
def _waiting_at_most(conn: sqlite3.Connection, ms: int) -> Iterator[None]:
    """Lower the connection's busy timeout for one write, so a busy database stalls training briefly."""
    conn.execute(f"PRAGMA busy_timeout = {min(ms, connection.BUSY_TIMEOUT_MS)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA busy_timeout = {connection.BUSY_TIMEOUT_MS}")


class MetricWriter:
    """Buffers metric rows and run-row fields; writes them in one transaction, or later when busy."""

    def __init__(self, project: Project, run_id: int) -> None:
        self.project, self.run_id = project, run_id
        self.rows: list[MetricRow] = []
        self.pending: dict[str, object] = {}
        self.last_flush = time.monotonic()
        self.deferred = 0  # flushes put off because another writer held the database

    def add(self, step: int, **values: float) -> None:
        for name, value in values.items():
            self.rows.append((name, step, float(value) if math.isfinite(value) else None))
        if time.monotonic() - self.last_flush > METRIC_FLUSH_SECONDS:
            self.flush()

    def flush(self, *, final: bool = False, **run_fields: object) -> None:
        """Write what is queued. ``final`` retries a busy database until written (the end of a run)."""
        self.pending.update(run_fields)
        self.last_flush = time.monotonic()

        def write() -> None:
            append_metrics(self.project, self.run_id, self.rows, **self.pending)

        try:
            if final:
                write_retrying(write, what=f"end of run {self.run_id}")
            else:
                with _waiting_at_most(self.project.db, QUICK_WAIT_MS):
                    write()
        except sqlite3.OperationalError as exc:
            if final or not is_busy(exc):
                raise
            self.deferred += 1
            log.warning("run %d: the database is busy; %d metric rows stay queued for the next write",
                        self.run_id, len(self.rows))
            return
        self.rows.clear()
        self.pending.clear()


class NullWriter(MetricWriter):
    """For ranks other than 0: they train, rank 0 records."""

    def __init__(self) -> None:
        self.rows, self.pending, self.deferred = [], {}, 0
        self.last_flush = time.monotonic()

    def add(self, step: int, **values: float) -> None:
        pass

    def flush(self, *, final: bool = False, **run_fields: object) -> None:
        pass
