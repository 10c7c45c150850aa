"""Training metrics to SQLite in batches: one transaction every few seconds, not per step.

Under torchrun only rank 0 writes; the other ranks get a writer that drops everything.
"""

from __future__ import annotations

import math
import time

from llmstudio.core.db import transaction
from llmstudio.core.project import Project, utc_now

METRIC_FLUSH_SECONDS = 2.0


class MetricWriter:
    """Buffers metric rows and writes them, with run-row updates, in one transaction."""

    def __init__(self, project: Project, run_id: int) -> None:
        self.project, self.run_id = project, run_id
        self.rows: list[tuple[int, str, int, float | None]] = []
        self.last_flush = time.monotonic()

    def add(self, step: int, **values: float) -> None:
        for name, value in values.items():
            self.rows.append((self.run_id, name, step, None if not math.isfinite(value) else float(value)))
        if time.monotonic() - self.last_flush > METRIC_FLUSH_SECONDS:
            self.flush()

    def flush(self, **run_fields: object) -> None:
        with transaction(self.project.db) as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO metrics(run_id, name, step, value) VALUES (?,?,?,?)", self.rows
            )
            if run_fields:
                assignments = ", ".join(f"{key} = ?" for key in run_fields)
                conn.execute(
                    f"UPDATE runs SET {assignments}, updated_at = ? WHERE id = ?",
                    (*run_fields.values(), utc_now(), self.run_id),
                )
        self.rows.clear()
        self.last_flush = time.monotonic()


class NullWriter(MetricWriter):
    """For ranks other than 0: they train, rank 0 records."""

    def __init__(self) -> None:
        self.rows = []
        self.last_flush = time.monotonic()

    def add(self, step: int, **values: float) -> None:
        pass

    def flush(self, **run_fields: object) -> None:
        pass
