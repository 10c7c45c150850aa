"""Which content hashes the project holds, as the open import transaction sees them.

The duplicate check asks this for every batch of documents. Normally the answer comes from
the ``documents_hash`` index (one ``json_each`` lookup per batch). Keeping that index up to
date costs more than the insert of the documents themselves (random 32-character keys, a
B-tree page touched per row; see docs/benchmarks.md), so a transaction that starts on a
project with no documents, the first import of a new project, drops the index and builds
it once, sorted, before it commits (a fraction of the cost). Until then the hashes of what
this transaction stored are the whole answer, kept in a set.

Nothing outside the transaction can tell: the drop and the build are in it (SQLite's DDL
is transactional), so other connections see the index throughout, a crash or rollback
restores it, and a commit always has it. The set follows the importer's savepoints: hashes
stored after a savepoint leave the set when it is rolled back, so a rejected file's
documents never count as duplicates. Memory is bounded: past ``MAX_HASHES`` the index is
built in the middle of the transaction and the set dropped. If a savepoint opened before
that build is rolled back, the build is undone with it and is done again at once.
"""

from __future__ import annotations

import sqlite3

import orjson

INDEX = "documents_hash"
MAX_HASHES = 500_000
"""Hashes held in the set (about 60 MB: a 32-character str, its set slot and undo entry)."""


class DuplicateIndex:
    """The duplicate-hash lookups of one import, over its successive transactions."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._deferred_sql: str | None = None  # the index's CREATE statement while it is dropped
        self._hashes: set[str] = set()
        self._stored: list[str] = []  # the set's additions in order, to undo them
        self._marks: list[tuple[str, int]] = []  # open savepoints: (name, len(_stored) then)
        self._built_depth = -1  # open savepoints when the index was built mid-transaction
        self._built_sql = ""

    @property
    def deferred(self) -> bool:
        """Whether the index is dropped in the open transaction (to be built before it commits)."""
        return self._deferred_sql is not None

    # ------------------------------------------------------------ transaction
    def begin(self) -> None:
        """Right after ``BEGIN``, before any savepoint: defer the index if the project is empty."""
        self._reset()
        conn = self.conn
        if conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None:
            return
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (INDEX,)).fetchone()
        if row is None or not row[0]:
            return
        conn.execute(f"DROP INDEX {INDEX}")
        self._deferred_sql = str(row[0])

    def before_commit(self) -> None:
        """Build the index if it was deferred (the commit must never lack it)."""
        self._build()
        self._reset()

    def after_rollback(self) -> None:
        """The transaction was rolled back: SQLite has restored the index."""
        self._reset()

    def savepoint(self, name: str) -> None:
        self._marks.append((name, len(self._stored)))

    def release(self, name: str) -> None:
        at = self._find(name)
        if at is None:
            return
        del self._marks[at:]
        self._built_depth = min(self._built_depth, at)

    def rolled_back_to(self, name: str) -> None:
        """After ``ROLLBACK TO name`` and ``RELEASE name``: forget what was stored since."""
        at = self._find(name)
        if at is None:
            return
        mark = self._marks[at][1]
        del self._marks[at:]
        if self._deferred_sql is not None:
            undone = self._stored[mark:]
            del self._stored[mark:]
            self._hashes.difference_update(undone)
        elif 0 <= at < self._built_depth:
            # The rollback undid the mid-transaction build (the index is dropped again).
            self.conn.execute(self._built_sql)
            self._built_depth = at

    # ------------------------------------------------------------ documents
    def new(self, hashes: list[str]) -> list[bool]:
        """For each of ``hashes``: whether it is new (neither in the project nor earlier in the list).

        The new ones count as stored from now on: the caller inserts their documents at once
        (a failure rolls back to a savepoint, which forgets them again), then calls ``inserted``.
        """
        flags: list[bool] = []
        flag = flags.append
        if self._deferred_sql is not None:
            held = self._hashes
            log = self._stored.append
        else:
            held = {
                row[0]
                for row in self.conn.execute(
                    "SELECT value FROM json_each(?) WHERE value IN (SELECT content_hash FROM documents)",
                    (orjson.dumps(list(set(hashes))).decode(),),
                )
            }
            log = None
        for digest in hashes:
            if digest in held:
                flag(False)
                continue
            held.add(digest)
            if log is not None:
                log(digest)
            flag(True)
        return flags

    def inserted(self) -> None:
        """The new documents are in the table: past ``MAX_HASHES`` the index is built now."""
        if self._deferred_sql is not None and len(self._stored) > MAX_HASHES:
            self._build()
            self._built_depth = len(self._marks)

    # ------------------------------------------------------------ inside
    def _build(self) -> None:
        sql = self._deferred_sql
        if sql is None:
            return
        self.conn.execute(sql)  # may raise (a full disk): the index stays deferred, the caller rolls back
        self._built_sql = sql
        self._deferred_sql = None
        self._hashes = set()
        self._stored = []

    def _find(self, name: str) -> int | None:
        for at in range(len(self._marks) - 1, -1, -1):
            if self._marks[at][0] == name:
                return at
        return None

    def _reset(self) -> None:
        self._deferred_sql = None
        self._hashes = set()
        self._stored = []
        self._marks = []
        self._built_depth = -1
