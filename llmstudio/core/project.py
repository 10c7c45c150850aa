"""A project: one folder holding ``project.sqlite`` and the artifact files it points to.

``Project`` is the facade the GUI and the CLI use. It validates the folder on open (is it
a project, written by this app or an older one, is the database readable) and migrates
an older schema forward. It keeps one SQLite connection per thread, so a worker thread
and the GUI thread never share one. Paths stored in the database are relative to the
folder, so a project can be moved or zipped. Runs are kept by the run store
(``llmstudio.core.runs``), not here.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import APPLICATION_ID, SCHEMA_VERSION, connect, transaction
from llmstudio.core.db.schema import MIGRATIONS
from llmstudio.core.errors import ProjectError
from llmstudio.core.paths import resolve_inside

log = logging.getLogger(__name__)

DB_NAME = "project.sqlite"


def utc_now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class TokenizerSummary:
    id: int
    name: str
    model_type: str
    vocab_size: int
    snapshot_id: int | None
    model_path: str
    train_path: str
    val_path: str
    dtype: str
    train_tokens: int
    val_tokens: int
    created_at: str


class Project:
    """An open project folder. Create with ``Project.create`` or ``Project.open``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def create(cls, root: Path) -> Project:
        """Make a new project in ``root`` (created if missing; must hold no project yet)."""
        root = Path(root).expanduser()
        if root.exists() and not root.is_dir():
            raise ProjectError(f"{root} is a file; choose a folder for the new project")
        if (root / DB_NAME).exists():
            raise ProjectError(f"{root} already holds a project; open it instead")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"cannot create the folder {root}: {exc.strerror or exc}") from exc
        tmp = root / f".{DB_NAME}.creating"
        tmp.unlink(missing_ok=True)
        conn = connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _migrate(conn, 0)
            conn.execute("PRAGMA journal_mode = DELETE")  # fold the WAL back before the rename
        finally:
            conn.close()
        tmp.replace(root / DB_NAME)
        for directory in ("tokenizers", "runs"):
            (root / directory).mkdir(exist_ok=True)
        project = cls(root)
        project.db.execute("PRAGMA journal_mode = WAL")
        log.info("created project %s", root)
        return project

    @classmethod
    def open(cls, root: Path) -> Project:
        """Open an existing project, migrating an older schema forward."""
        root = Path(root).expanduser()
        if not root.exists():
            raise ProjectError(f"{root} does not exist; create a project with 'llmstudio new {root}'")
        if not root.is_dir():
            raise ProjectError(f"{root} is a file, not a project folder")
        db_path = root / DB_NAME
        if not db_path.is_file():
            raise ProjectError(
                f"{root} is not an llmstudio project (no {DB_NAME}); "
                f"create one with 'llmstudio new {root}'"
            )
        version = _check_database(db_path)
        if version < SCHEMA_VERSION:
            conn = connect(db_path)
            try:
                _migrate(conn, version)
            finally:
                conn.close()
            log.info("migrated %s from schema %d to %d", root, version, SCHEMA_VERSION)
        for directory in ("tokenizers", "runs"):
            (root / directory).mkdir(exist_ok=True)
        return cls(root)

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection to the project database."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.db_path)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                try:
                    conn.close()
                except sqlite3.ProgrammingError:
                    pass  # created in another thread that already closed it
            self._connections.clear()
        self._local = threading.local()

    def close_thread_connection(self) -> None:
        """Close the calling thread's connection (worker threads call this when they end)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            with self._lock:
                if conn in self._connections:
                    self._connections.remove(conn)
            conn.close()
            self._local.conn = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- paths
    def relative(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.root).as_posix()

    def absolute(self, relative: str, what: str = "a path stored in the project") -> Path:
        """The stored relative path as an absolute one, refused (``ProjectError``) when it would
        lead outside the project: a project file must never make the app read or write elsewhere."""
        return resolve_inside(self.root, relative, what)

    # ----------------------------------------------------------------- settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value_json FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    @declares(Changed.SETTINGS)
    def set_setting(self, key: str, value: Any) -> None:
        with transaction(self.db) as conn:
            conn.execute(
                "INSERT INTO settings(key, value_json) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json",
                (key, json.dumps(value)),
            )

    # ----------------------------------------------------------------- counts
    def count(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return int(self.db.execute(sql, params).fetchone()[0])

    def source_count(self) -> int:
        return self.count("SELECT count(*) FROM sources")

    def document_count(self) -> int:
        return self.count("SELECT count(*) FROM documents")

    def latest_snapshot_id(self) -> int | None:
        row = self.db.execute("SELECT max(id) FROM snapshots WHERE status = 'complete'").fetchone()
        return row[0]

    def kept_document_count(self, snapshot_id: int | None = None) -> int:
        """Documents kept by a snapshot (the latest by default); all documents before any clean."""
        snapshot_id = snapshot_id or self.latest_snapshot_id()
        if snapshot_id is None:
            return 0
        return self.count(
            "SELECT count(*) FROM snapshot_documents WHERE snapshot_id = ? AND kept = 1",
            (snapshot_id,),
        )

    # ----------------------------------------------------------------- tokenizers
    def tokenizers(self) -> list[TokenizerSummary]:
        rows = self.db.execute(
            "SELECT id, name, model_type, vocab_size, snapshot_id, model_path, train_path, "
            "val_path, dtype, train_tokens, val_tokens, created_at FROM tokenizers ORDER BY id"
        ).fetchall()
        return [TokenizerSummary(**dict(row)) for row in rows]

    def tokenizer(self, tokenizer_id: int | None = None) -> TokenizerSummary:
        """A tokenizer by id, or the latest one; a clear error when there is none."""
        tokenizers = self.tokenizers()
        if not tokenizers:
            raise ProjectError(
                "this project has no tokenizer yet; train one first "
                "(Tokenizer panel, or 'llmstudio tokenizer DIR')"
            )
        if tokenizer_id is None:
            return tokenizers[-1]
        for tok in tokenizers:
            if tok.id == tokenizer_id:
                return tok
        raise ProjectError(f"there is no tokenizer with id {tokenizer_id} in this project")

    # ----------------------------------------------------------------- info
    def _policy_figures(self) -> dict[int, dict[str, float | None]]:
        """Policy runs' held-out reward at the first and last evaluation and the KL at the last."""
        figures: dict[int, dict[str, float | None]] = {}
        rows = self.db.execute(
            "SELECT m.run_id, m.name, m.value FROM metrics m JOIN runs r ON r.id = m.run_id "
            "WHERE r.kind = 'policy' AND m.name IN ('eval_reward', 'eval_kl') ORDER BY m.run_id, m.step")
        for run_id, name, value in rows:
            entry = figures.setdefault(int(run_id), {})
            if name == "eval_reward" and "reward_start" not in entry:
                entry["reward_start"] = value
            entry["reward_end" if name == "eval_reward" else "kl_end"] = value
        return figures

    def info(self) -> dict[str, Any]:
        """The project at a glance; the JSON of ``llmstudio info --json``."""
        test_f1 = {int(run_id): f1 for run_id, f1 in self.db.execute(
            "SELECT run_id, macro_f1 FROM classifier_evaluations WHERE model = 'transformer' AND split = 'test'")}
        policy = self._policy_figures()
        return {
            "path": str(self.root),
            "schema_version": self.count("PRAGMA user_version"),
            "sources": self.source_count(),
            "documents": self.document_count(),
            "kept_documents": self.kept_document_count(),
            "snapshots": self.count("SELECT count(*) FROM snapshots WHERE status = 'complete'"),
            "tokenizers": [
                {
                    "id": t.id,
                    "name": t.name,
                    "model_type": t.model_type,
                    "vocab_size": t.vocab_size,
                    "train_tokens": t.train_tokens,
                    "val_tokens": t.val_tokens,
                }
                for t in self.tokenizers()
            ],
            "runs": [  # the run store (core.runs) owns runs; this is a glance without it
                {**dict(r), **({"macro_f1": test_f1.get(r["id"])} if r["kind"] == "classifier" else {}),
                 **(policy.get(r["id"], {}) if r["kind"] == "policy" else {})}
                for r in self.db.execute(
                    "SELECT id, name, kind, status, step, train_loss, val_loss, first_val_loss, best_val_loss, device "
                    "FROM runs ORDER BY id")
            ],
        }


def _check_database(db_path: Path) -> int:
    """Read-only checks before anything is written; returns the schema version."""
    try:
        conn = connect(db_path, read_only=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(
            f"{db_path} is damaged or not a database ({exc}); restore it from a backup"
        ) from exc
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{db_path} is an SQLite file but not an llmstudio project")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"this project was written by a newer llmstudio (schema {version}, this app "
            f"understands up to {SCHEMA_VERSION}); update llmstudio to open it"
        )
    return version


def _migrate(conn: sqlite3.Connection, from_version: int) -> None:
    for version in range(from_version, SCHEMA_VERSION):
        with transaction(conn):
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
