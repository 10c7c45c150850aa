"""Schema version 7: runs of several kinds.

Runs inside the migration transaction. The ``runs.kind`` column has been there since
version 1 (defaulting to ``lm``); from this version on it is one of ``lm``, ``classifier``,
``reward`` or ``policy`` (``llmstudio.core.runs.RUN_KINDS``). Every run made so far was a
language-model run, so any other value (the early placeholder ``rl`` included) becomes
``lm``. An index lets each panel list only its own kind of run.
"""

from __future__ import annotations

import sqlite3

KINDS = ("lm", "classifier", "reward", "policy")


def migrate(conn: sqlite3.Connection) -> None:
    marks = ", ".join("?" for _ in KINDS)
    conn.execute(f"UPDATE runs SET kind = 'lm' WHERE kind IS NULL OR kind NOT IN ({marks})", KINDS)
    conn.execute("CREATE INDEX IF NOT EXISTS runs_kind ON runs(kind, id)")
