"""Filling the search index: beside an import on its own thread, or catching up after.

``BackgroundIndexer`` runs while an import writes documents and mirrors the import's
transaction, so the index never holds a document the project does not. ``catch_up``
indexes whatever is missing (an older project, an interrupted import, a rebuilt file) in
chunks, each its own transaction; ``ensure_current`` does it only when something is.
The file itself (its tables, its bookkeeping, reading it) is ``index``.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from typing import cast

import orjson

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import JobCancelled
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.core.search.index import SearchIndexError, pending, read_state, reset, write_state, writer

log = logging.getLogger(__name__)

CHUNK_DOCS = 4096  # documents per INSERT ... SELECT (one commit each)


@declares(Changed.SEARCH)
def catch_up(
    project: Project,
    cancel: CancelToken | None = None,
    progress: Progress = no_progress,
) -> int:
    """Index every document not yet in the index; returns how many were added.

    Each chunk is its own transaction, so a cancel or a crash keeps what was indexed.
    Rebuilds the index first when removed documents outnumber the live ones.
    """
    cancel = cancel or CancelToken()
    conn = writer(project)
    added = 0
    try:
        upto = int(read_state(conn, "indexed_upto", 0))
        top, live_below = conn.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM project.documents), "
            "(SELECT count(*) FROM project.documents WHERE id <= ?)", (upto,)
        ).fetchone()
        indexed = int(read_state(conn, "indexed_docs", 0))
        if top < upto or (indexed - live_below > max(live_below, 10_000)):
            # Fewer ids than indexed (an older copy of the project) or mostly tombstones.
            conn.execute("BEGIN IMMEDIATE")
            reset(conn, str(read_state(conn, "project_uid")))
            conn.execute("COMMIT")
            upto, indexed = 0, 0
        total = conn.execute("SELECT count(*) FROM project.documents WHERE id > ?", (upto,)).fetchone()[0]
        while total:
            if cancel.cancelled:
                raise JobCancelled()
            ids = conn.execute(
                "SELECT max(id), count(*) FROM (SELECT id FROM project.documents WHERE id > ? ORDER BY id LIMIT ?)",
                (upto, CHUNK_DOCS),
            ).fetchone()
            if not ids[1]:
                break
            last, count = int(ids[0]), int(ids[1])
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    "INSERT INTO main.documents_fts(rowid, text) "
                    "SELECT id, text FROM project.documents WHERE id > ? AND id <= ?",
                    (upto, last),
                )
                indexed += count
                write_state(conn, "indexed_upto", last)
                write_state(conn, "indexed_docs", indexed)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            upto = last
            added += count
            progress(min(1.0, added / max(1, total)), f"indexed {added:,} of {total:,} documents for search")
    except sqlite3.DatabaseError as exc:
        raise SearchIndexError(f"the search index could not be updated ({exc})") from exc
    finally:
        conn.close()
    return added


def ensure_current(project: Project, cancel: CancelToken | None = None, progress: Progress = no_progress) -> int:
    """Bring the index up to date if it is behind (cheap when it is not)."""
    return catch_up(project, cancel, progress) if pending(project) else 0


# ------------------------------------------------------------------ while importing
class BackgroundIndexer:
    """Indexes an import's documents on its own thread, in step with the import's transaction.

    The importer hands each batch of new ``(id, text)`` rows to ``add`` as it writes them,
    and mirrors its transaction here: ``begin``, ``savepoint``, ``release``, ``rollback_to``,
    then ``commit(upto)`` once the project's own commit has succeeded (or ``rollback``). The
    index thus never holds a document the project does not, and a file rolled back in the
    project is rolled back here too. A crash between the two commits leaves the index
    behind, never ahead, and ``catch_up`` fills the gap later.

    When the index is already behind at the start (an older project, an interrupted
    import), nothing is mirrored; ``finish`` then says so and the caller catches up.
    The queue is bounded, so a slow indexer slows the import instead of filling memory.
    ``finish()`` waits for the queue to drain and returns the error, if any, that stopped
    indexing: the import itself stands, and search catches up later.
    """

    QUEUE_BATCHES = 8  # x import_store.BATCH_CHARS bounds the text waiting here

    def __init__(self, project: Project) -> None:
        self.project = project
        self.error: Exception | None = None
        self.indexed = 0
        self.mirroring = False
        self._queue: queue.Queue[tuple[str, object]] = queue.Queue(self.QUEUE_BATCHES)
        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        self._pending = 0  # rows added in the open transaction
        self._marks: list[tuple[str, int]] = []  # (name, _pending) of each open savepoint
        try:
            self._conn = writer(project)
            upto = int(read_state(self._conn, "indexed_upto", 0))
            behind = project.count("SELECT count(*) FROM documents WHERE id > ?", (upto,))
        except (sqlite3.DatabaseError, SearchIndexError) as exc:
            self.error = exc if isinstance(exc, SearchIndexError) else SearchIndexError(str(exc))
            self._close()
            return
        if behind:
            self._close()  # the caller catches up after the import instead
            return
        self.mirroring = True
        self._thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ called by the importer
    def begin(self) -> None:
        self._put("begin", None)

    def savepoint(self, name: str) -> None:
        self._put("savepoint", name)

    def release(self, name: str) -> None:
        self._put("release", name)

    def rollback_to(self, name: str) -> None:
        self._put("rollback_to", name)

    def add(self, first_id: int, texts: list[str]) -> None:
        """Documents ``first_id``, ``first_id + 1``, ... with these texts."""
        if texts:
            self._put("add", (first_id, texts))

    def commit(self, upto: int) -> None:
        self._put("commit", upto)

    def rollback(self) -> None:
        self._put("rollback", None)

    def finish(self) -> Exception | None:
        if self._thread is not None:
            self._queue.put(("finish", None))
            self._thread.join()
            self._thread = None
        return self.error

    def _put(self, kind: str, value: object) -> None:
        if self._thread is not None and self.error is None:
            self._queue.put((kind, value))

    # ------------------------------------------------------------ the thread
    def _run(self) -> None:
        assert self._conn is not None
        conn = self._conn
        while True:
            kind, value = self._queue.get()
            if kind == "finish":
                break
            if self.error is not None:
                continue  # stopped: let the importer go on
            try:
                self._apply(conn, kind, value)
            except sqlite3.DatabaseError as exc:
                log.warning("search indexing stopped: %s", exc)
                self.error = SearchIndexError(f"the search index could not be updated ({exc})")
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        if conn.in_transaction:  # the importer stopped without a word (a bug): keep nothing
            conn.execute("ROLLBACK")
        self._close()

    def _apply(self, conn: sqlite3.Connection, kind: str, value: object) -> None:
        if kind == "add":
            first_id, texts = cast(tuple[int, list[str]], value)
            # One statement per batch (not one per row): SQLite runs it without the GIL,
            # so parsing goes on undisturbed on the importer's thread.
            conn.execute(
                "INSERT INTO main.documents_fts(rowid, text) SELECT ? + key, value FROM json_each(?)",
                (first_id, orjson.dumps(texts).decode()),
            )
            self._pending += len(texts)
        elif kind == "begin":
            conn.execute("BEGIN IMMEDIATE")
            self._pending = 0
        elif kind == "savepoint":
            conn.execute(f"SAVEPOINT {value}")
            self._marks.append((str(value), self._pending))
        elif kind == "release":  # closes the savepoint and every one opened inside it
            conn.execute(f"RELEASE {value}")
            while self._marks and self._marks.pop()[0] != value:
                pass
        elif kind == "rollback_to":  # also undoes the savepoints opened inside it
            conn.execute(f"ROLLBACK TO {value}")
            while self._marks[-1][0] != value:
                self._marks.pop()
            self._pending = self._marks[-1][1]
        elif kind == "commit":
            indexed = int(read_state(conn, "indexed_docs", 0)) + self._pending
            write_state(conn, "indexed_docs", indexed)
            write_state(conn, "indexed_upto", int(value))  # type: ignore[call-overload]
            conn.execute("COMMIT")
            self.indexed += self._pending
            self._pending, self._marks = 0, []
        elif kind == "rollback":
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._pending, self._marks = 0, []

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
