"""The full-text search index file: a derived file beside the project, filled in parallel.

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

This module owns the file: its tables and bookkeeping, the project-side id marks, and
reading access. ``indexer`` fills it (beside an import, or catching up); ``query`` is the
one way to search it. ``attach(project)`` attaches the file as ``search`` to the calling
thread's project connection; ``pending(project)`` says how many documents are not
searchable yet, so a view can say "indexing..." instead of silently missing them.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from llmstudio.core.db import transaction
from llmstudio.core.db.connection import BUSY_TIMEOUT_MS
from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project

log = logging.getLogger(__name__)

SEARCH_DB_NAME = "search.sqlite"
SCHEMA = "search"  # the name the index file is attached under
TABLE = f"{SCHEMA}.documents_fts"
INDEX_VERSION = 1
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


def read_state(conn: sqlite3.Connection, key: str, default: Any = None) -> Any:
    """One bookkeeping value of the index (on a ``writer`` connection)."""
    row = conn.execute("SELECT value FROM main.state WHERE key = ?", (key,)).fetchone()
    return default if row is None else row[0]


def write_state(conn: sqlite3.Connection, key: str, value: object) -> None:
    """Set one bookkeeping value (inside the writer's transaction)."""
    conn.execute(
        "INSERT INTO main.state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _foreign(conn: sqlite3.Connection, uid: str) -> bool:
    """True when the file has no index yet, or one for another project or index version."""
    try:
        if read_state(conn, "project_uid") != uid or read_state(conn, "version") != INDEX_VERSION:
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
    return int(read_state(conn, "indexed_upto", 0)) > int(used)


def _ensure_schema(conn: sqlite3.Connection, uid: str) -> None:
    """Create the index tables, or empty them when they belong to another project or version."""
    if not _foreign(conn, uid):
        return  # the usual case: no write lock needed (an import may be indexing)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_STATE_DDL.format(schema="main."))
        conn.execute(_FTS_DDL.format(schema="main."))
        if _foreign(conn, uid):
            reset(conn, uid)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def reset(conn: sqlite3.Connection, uid: str) -> None:
    """Empty the index and start its bookkeeping again (inside a write transaction)."""
    conn.execute("DROP TABLE IF EXISTS main.documents_fts")
    conn.execute(_FTS_DDL.format(schema="main."))
    conn.execute("DELETE FROM main.state")
    for key, value in (("project_uid", uid), ("version", INDEX_VERSION), ("indexed_upto", 0), ("indexed_docs", 0)):
        write_state(conn, key, value)


def writer(project: Project) -> sqlite3.Connection:
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
    writer(project).close()  # creates it, or resets one that belongs to another project
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



# ------------------------------------------------------------------ checks
def integrity_check(project: Project) -> int:
    """Run FTS5's own check on the index; returns how many live documents it holds."""
    table = attach(project)
    project.db.execute(f"INSERT INTO {table}(documents_fts) VALUES ('integrity-check')")
    return project.count(f"SELECT count(*) FROM {table} f JOIN documents d ON d.id = f.rowid")
