"""The full-text search index: a derived file beside the project, filled in parallel.

The index lives in ``search.sqlite`` in the project folder, not in ``project.sqlite``,
because SQLite lets one writer at a time into a file: in a separate file the index is
written by its own thread while the importer goes on writing documents, so on two or
more cores indexing costs almost no extra wall time (FTS5 tokenising alone costs several
plain inserts; see docs/benchmarks.md). The GIL is no obstacle: one ``INSERT ... SELECT``
per chunk reads the text straight from the project file (attached read-only) and SQLite
releases the GIL while it runs.

The index is a cache. Nothing in it is needed to rebuild it, and a missing, damaged or
foreign ``search.sqlite`` is rebuilt from the documents:

- ``documents_fts`` is a contentless FTS5 table (the text is stored once, in the project)
  whose rowids are document ids.
- ``state`` holds the project's ``project_uid`` (a copied-in file from another project is
  noticed) and ``indexed_upto``: every document with an id up to it is in the index.
  Document ids are never reused (the importer keeps a high-water mark in the project), so
  the index never needs to look below that mark again.
- Removing a source does not touch the index: its rows stay behind as tombstones that
  every query drops by joining ``documents``. When tombstones outnumber live rows the
  index is rebuilt (``catch_up`` does it).

Queries go through ``attach(project)``, which attaches the file as ``search`` to the
calling thread's project connection; ``pending(project)`` says how many documents are not
searchable yet, so a view can say "indexing..." instead of silently missing them.
"""

from __future__ import annotations

import logging
import queue
import re
import sqlite3
from typing import Any, cast
import threading
import uuid
from pathlib import Path

import orjson

from llmstudio.core.db import transaction
from llmstudio.core.db.connection import BUSY_TIMEOUT_MS
from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project

log = logging.getLogger(__name__)

SEARCH_DB_NAME = "search.sqlite"
SCHEMA = "search"  # the name the index file is attached under
TABLE = f"{SCHEMA}.documents_fts"
INDEX_VERSION = 1
CHUNK_DOCS = 4096  # documents per INSERT ... SELECT (one commit each)
_HIGH_WATER = "document_id_high_water"
_UID = "project_uid"
_FTS_DDL = "CREATE VIRTUAL TABLE IF NOT EXISTS {schema}documents_fts USING fts5(text, content='')"
_STATE_DDL = "CREATE TABLE IF NOT EXISTS {schema}state (key TEXT PRIMARY KEY, value)"


class SearchIndexError(StudioError):
    """The index file cannot be written (disk full, read-only folder); search stays behind."""


# ------------------------------------------------------------------ ids (project side)
def project_uid(conn: sqlite3.Connection) -> str:
    """The project's id (made on first use); ties an index file to its project."""
    row = conn.execute("SELECT value_json FROM settings WHERE key = ?", (_UID,)).fetchone()
    if row is not None:
        return str(row[0]).strip('"')
    if not conn.in_transaction:
        with transaction(conn):
            return project_uid(conn)
    uid = uuid.uuid4().hex
    conn.execute(
        "INSERT INTO settings(key, value_json) VALUES (?, ?) ON CONFLICT(key) DO NOTHING", (_UID, f'"{uid}"')
    )
    row = conn.execute("SELECT value_json FROM settings WHERE key = ?", (_UID,)).fetchone()
    return str(row[0]).strip('"')


def next_document_id(conn: sqlite3.Connection) -> int:
    """Inside a write transaction: the id the next new document gets (ids are never reused)."""
    top = conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
    row = conn.execute("SELECT value_json FROM settings WHERE key = ?", (_HIGH_WATER,)).fetchone()
    return max(int(top), int(row[0]) if row else 0) + 1


def record_high_water(conn: sqlite3.Connection) -> None:
    """Inside the write transaction that added documents: remember the largest id used."""
    conn.execute(
        "INSERT INTO settings(key, value_json) SELECT ?, CAST(coalesce(max(id), 0) AS TEXT) FROM documents "
        "WHERE true ON CONFLICT(key) DO UPDATE SET value_json = "
        "CAST(max(CAST(value_json AS INTEGER), CAST(excluded.value_json AS INTEGER)) AS TEXT)",
        (_HIGH_WATER,),
    )


# ------------------------------------------------------------------ the index file
def index_path(project: Project) -> Path:
    return project.root / SEARCH_DB_NAME


def _open_writer(project: Project) -> sqlite3.Connection:
    """A connection that writes the index, with the project attached read-only as ``project``."""
    # uri=True: the read-only ATTACH below is a URI, which SQLite only parses when asked to.
    uri = index_path(project).resolve().as_uri()
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -32768")
    conn.execute("ATTACH DATABASE ? AS project", (project.db_path.resolve().as_uri() + "?mode=ro",))
    return conn


def _state(conn: sqlite3.Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM main.state WHERE key = ?", (key,)).fetchone()
    return default if row is None else row[0]


def _set_state(conn: sqlite3.Connection, key: str, value: object) -> None:
    conn.execute(
        "INSERT INTO main.state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _foreign(conn: sqlite3.Connection, uid: str) -> bool:
    """True when the file has no index yet, or one for another project or index version."""
    try:
        if _state(conn, "project_uid") != uid or _state(conn, "version") != INDEX_VERSION:
            return True
    except sqlite3.OperationalError:  # no state table yet
        return True
    # An index ahead of every id the project has used was made from a newer copy of it (an
    # older project.sqlite restored from a backup): the ids it holds would be given out
    # again to other documents, and its rows would match their text.
    used = conn.execute(
        "SELECT max((SELECT coalesce(max(id), 0) FROM project.documents), "
        "coalesce((SELECT CAST(value_json AS INTEGER) FROM project.settings WHERE key = ?), 0))",
        (_HIGH_WATER,),
    ).fetchone()[0]
    return int(_state(conn, "indexed_upto", 0)) > int(used)


def _ensure_schema(conn: sqlite3.Connection, uid: str) -> None:
    """Create the index tables, or empty them when they belong to another project or version."""
    if not _foreign(conn, uid):
        return  # the usual case: no write lock needed (an import may be indexing)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_STATE_DDL.format(schema="main."))
        conn.execute(_FTS_DDL.format(schema="main."))
        if _foreign(conn, uid):
            _reset(conn, uid)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _reset(conn: sqlite3.Connection, uid: str) -> None:
    conn.execute("DROP TABLE IF EXISTS main.documents_fts")
    conn.execute(_FTS_DDL.format(schema="main."))
    conn.execute("DELETE FROM main.state")
    for key, value in (("project_uid", uid), ("version", INDEX_VERSION), ("indexed_upto", 0), ("indexed_docs", 0)):
        _set_state(conn, key, value)


def _writer(project: Project) -> sqlite3.Connection:
    """Open (creating or repairing) the index for writing."""
    uid = project_uid(project.db)
    try:
        conn = _open_writer(project)
        try:
            _ensure_schema(conn, uid)
        except BaseException:
            conn.close()
            raise
        return conn
    except sqlite3.DatabaseError as exc:
        if "database is locked" in str(exc):
            raise
        # Damaged (or not SQLite at all): it is only a cache, so start it again.
        log.warning("search index %s is unusable (%s); rebuilding it", index_path(project), exc)
        for suffix in ("", "-wal", "-shm"):
            try:
                Path(str(index_path(project)) + suffix).unlink(missing_ok=True)
            except OSError as unlink_error:
                raise SearchIndexError(
                    f"the search index {index_path(project)} is damaged and cannot be replaced "
                    f"({unlink_error}); close other programs using the project and delete it"
                ) from exc
        conn = _open_writer(project)
        _ensure_schema(conn, uid)
        return conn


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
    conn = _writer(project)
    added = 0
    try:
        upto = int(_state(conn, "indexed_upto", 0))
        top, live_below = conn.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM project.documents), "
            "(SELECT count(*) FROM project.documents WHERE id <= ?)", (upto,)
        ).fetchone()
        indexed = int(_state(conn, "indexed_docs", 0))
        if top < upto or (indexed - live_below > max(live_below, 10_000)):
            # Fewer ids than indexed (an older copy of the project) or mostly tombstones.
            conn.execute("BEGIN IMMEDIATE")
            _reset(conn, str(_state(conn, "project_uid")))
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
                _set_state(conn, "indexed_upto", last)
                _set_state(conn, "indexed_docs", indexed)
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
            self._conn = _writer(project)
            upto = int(_state(self._conn, "indexed_upto", 0))
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
            indexed = int(_state(conn, "indexed_docs", 0)) + self._pending
            _set_state(conn, "indexed_docs", indexed)
            _set_state(conn, "indexed_upto", int(value))  # type: ignore[call-overload]
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


# ------------------------------------------------------------------ reading
def attach(project: Project) -> str:
    """Attach the index to this thread's project connection; returns the table's name.

    Creates an empty index when there is none yet (``pending`` then says what is missing).
    """
    conn = project.db
    path = index_path(project)
    if any(row[1] == SCHEMA for row in conn.execute("PRAGMA database_list")):
        if getattr(project._local, "search_file", None) == _file_id(path):
            return TABLE
        # The file was replaced since it was attached (deleted, or rebuilt after damage):
        # this connection still reads the old one, which gets no new documents.
        try:
            conn.execute(f"DETACH DATABASE {SCHEMA}")
        except sqlite3.OperationalError:
            return TABLE  # in use (an open transaction): a later call attaches the new one
    _writer(project).close()  # creates it, or resets one that belongs to another project
    conn.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(path),))
    project._local.search_file = _file_id(path)  # per thread, like the connection
    return TABLE


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def pending(project: Project) -> int:
    """How many documents are not searchable yet (0 when the index is up to date)."""
    try:
        attach(project)
        row = project.db.execute(f"SELECT value FROM {SCHEMA}.state WHERE key = 'indexed_upto'").fetchone()
    except (sqlite3.DatabaseError, SearchIndexError):
        return project.document_count()
    upto = int(row[0]) if row else 0
    return project.count("SELECT count(*) FROM documents WHERE id > ?", (upto,))


def ensure_current(project: Project, cancel: CancelToken | None = None, progress: Progress = no_progress) -> int:
    """Bring the index up to date if it is behind (cheap when it is not)."""
    return catch_up(project, cancel, progress) if pending(project) else 0


# ------------------------------------------------------------------ snippets
_TOKEN = re.compile(r"\w+", re.UNICODE)
_QUERY_PART = re.compile(r'"([^"]*)"(\*?)|(\w+)(\*?)', re.UNICODE)
_OPERATORS = {"AND", "OR", "NEAR"}

Phrase = tuple[tuple[str, ...], bool]  # words (case-folded), last word a prefix


def query_phrases(query: str) -> list[Phrase]:
    """What a search looks for, as FTS5 reads it: quoted phrases and single words (a word
    is a phrase of one); ``*`` makes the last word a prefix; what follows NOT is left out."""
    phrases: list[Phrase] = []
    negate = False
    for quoted, quoted_star, word, word_star in _QUERY_PART.findall(query):
        if word == "NOT":
            negate = True
            continue
        if word in _OPERATORS:
            continue
        words = tuple(w.casefold() for w in _TOKEN.findall(quoted)) if quoted else (word.casefold(),)
        if words and not negate:
            phrases.append((words, bool(quoted_star or word_star)))
        negate = False
    return phrases


def snippet(text: str, query: str, tokens: int = 16) -> str:
    """A short extract around the first match of ``query``, each match in [brackets]
    (a phrase as one bracket), in the manner of FTS5's own ``snippet()``."""
    phrases = query_phrases(query)
    spans = [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text)]
    if not spans:
        return text[:200]

    def length_at(i: int) -> int:
        """How many tokens from ``i`` on match a phrase of the query (0: none)."""
        for words, prefix in phrases:
            n = len(words)
            if i + n > len(spans):
                continue
            if all(spans[i + k][2] == words[k] for k in range(n - 1)) and (
                spans[i + n - 1][2].startswith(words[-1]) if prefix else spans[i + n - 1][2] == words[-1]
            ):
                return n
        return 0

    first = next((i for i in range(len(spans)) if length_at(i)), 0)
    start = max(0, min(first - tokens // 4, len(spans) - tokens))
    stop = min(len(spans), start + tokens)
    out, pos, i = [], spans[start][0], start
    while i < stop:
        n = min(length_at(i), stop - i)
        end = spans[i + max(n, 1) - 1][1]
        piece = text[spans[i][0]:end]
        out.append(text[pos:spans[i][0]])
        out.append(f"[{piece}]" if n else piece)
        pos, i = end, i + max(n, 1)
    prefix = "…" if start > 0 else ""
    suffix = "…" if stop < len(spans) else ""
    return prefix + "".join(out).replace("\n", " ") + suffix


# ------------------------------------------------------------------ checks
def integrity_check(project: Project) -> int:
    """Run FTS5's own check on the index; returns how many live documents it holds."""
    table = attach(project)
    project.db.execute(f"INSERT INTO {table}(documents_fts) VALUES ('integrity-check')")
    return project.count(f"SELECT count(*) FROM {table} f JOIN documents d ON d.id = f.rowid")
