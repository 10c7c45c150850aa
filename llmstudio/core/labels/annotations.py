"""Annotations: one person's decision on one document, written to SQLite at once.

Every write is one short transaction, committed before the caller moves on, so killing the
app right after a keypress loses nothing (WAL mode: a committed transaction survives a
process crash). A write returns a ``Change`` holding the decision before and after; writing
``change.before`` back is the undo, so the GUI's QUndoStack needs no other state. The gold
label of a document (what training and export use) is a reviewer's resolution when there
is one, otherwise the annotators' label when they all agree.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.labels.schemas import (
    LabelError,
    LabelSchema,
    add_labels,
    create_schema,
    find_schema,
    get_schema,
)
from llmstudio.core.project import Project

STATUSES = ("labeled", "skipped")
BATCH = 5000


def now_ms() -> str:
    """UTC time with milliseconds: labels-per-hour needs finer steps than seconds."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Decision:
    """What a person decided about a document: labels, or a skip; plus flag and comment."""

    labels: tuple[str, ...] = ()
    status: str = "labeled"
    flagged: bool = False
    comment: str = ""

    def with_labels(self, labels: Iterable[str]) -> Decision:
        return Decision(tuple(labels), "labeled", self.flagged, self.comment)


@dataclass(frozen=True)
class Change:
    """What a write changed: the decision before and after (None = no annotation)."""

    schema: str
    document_id: int
    annotator: str
    before: Decision | None
    after: Decision | None

    def inverse(self) -> Change:
        return Change(self.schema, self.document_id, self.annotator, self.after, self.before)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def read_decision(
    project: Project, schema: LabelSchema, document_id: int, annotator: str
) -> Decision | None:
    return _read(project.db, schema, document_id, annotator)


def _read(
    conn: sqlite3.Connection, schema: LabelSchema, document_id: int, annotator: str
) -> Decision | None:
    row = conn.execute(
        "SELECT id, status, flagged, comment FROM annotations "
        "WHERE schema_id = ? AND document_id = ? AND annotator = ?",
        (schema.id, document_id, annotator),
    ).fetchone()
    if row is None:
        return None
    label_ids = [
        r[0]
        for r in conn.execute(
            "SELECT label_id FROM annotation_labels WHERE annotation_id = ?", (row["id"],)
        )
    ]
    names = tuple(lab.name for lab in schema.labels if lab.id in label_ids)  # schema order
    return Decision(names, row["status"], bool(row["flagged"]), row["comment"])


def _validate(schema: LabelSchema, decision: Decision) -> list[int]:
    if decision.status not in STATUSES:
        raise LabelError(f"an annotation status is 'labeled' or 'skipped', not '{decision.status}'")
    if decision.status == "skipped":
        return []
    if not decision.labels:
        raise LabelError("a labeled decision needs at least one label; use skip to pass")
    if not schema.multi and len(set(decision.labels)) > 1:
        raise LabelError(
            f"'{schema.name}' is a single-label schema; choose one label, not "
            f"{', '.join(decision.labels)}"
        )
    return [schema.label(name).id for name in dict.fromkeys(decision.labels)]


@declares(Changed.LABELS)
def write_decision(
    project: Project,
    schema: LabelSchema,
    document_id: int,
    annotator: str,
    decision: Decision | None,
) -> Change:
    """Store ``decision`` (None removes the annotation) and return what changed."""
    annotator = annotator.strip()
    if not annotator:
        raise LabelError("an annotator name is needed; enter your name before labeling")
    label_ids = [] if decision is None else _validate(schema, decision)
    try:
        return _write(project, schema, document_id, annotator, decision, label_ids)
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise LabelError(
            "the project is busy with another job writing to it (a split or an import); "
            "this decision was not saved: try again when that job finishes"
        ) from exc


def _write(
    project: Project,
    schema: LabelSchema,
    document_id: int,
    annotator: str,
    decision: Decision | None,
    label_ids: list[int],
) -> Change:
    with transaction(project.db) as conn:
        before = _read(conn, schema, document_id, annotator)
        if decision is None:
            conn.execute(
                "DELETE FROM annotations WHERE schema_id = ? AND document_id = ? AND annotator = ?",
                (schema.id, document_id, annotator),
            )
        elif decision != before:
            now = now_ms()
            try:
                annotation_id = conn.execute(
                    "INSERT INTO annotations(schema_id, document_id, annotator, status, flagged, "
                    "comment, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?) "
                    "ON CONFLICT(schema_id, document_id, annotator) DO UPDATE SET "
                    "status = excluded.status, flagged = excluded.flagged, "
                    "comment = excluded.comment, updated_at = excluded.updated_at RETURNING id",
                    (schema.id, document_id, annotator, decision.status, int(decision.flagged),
                     decision.comment, now, now),
                ).fetchone()[0]
            except sqlite3.IntegrityError:
                raise LabelError(f"there is no document {document_id} in this project") from None
            conn.execute("DELETE FROM annotation_labels WHERE annotation_id = ?", (annotation_id,))
            conn.executemany(
                "INSERT INTO annotation_labels(annotation_id, label_id) VALUES (?, ?)",
                [(annotation_id, lid) for lid in label_ids],
            )
    return Change(schema.name, document_id, annotator, before, decision)


@declares(Changed.LABELS)
def apply_change(project: Project, change: Change) -> Change:
    """Write ``change.after`` (redo); use ``change.inverse()`` to undo."""
    schema = get_schema(project, change.schema)
    return write_decision(project, schema, change.document_id, change.annotator, change.after)


@declares(Changed.LABELS)
def add_annotations(
    project: Project,
    schema_name: str,
    pairs: Iterable[tuple[int, str]],
    annotator: str = "import",
    *,
    kind: str = "single",
) -> int:
    """Label many documents at once, creating the schema and labels when missing.

    For importers: ``pairs`` are (document_id, label_name). In a single-label schema the
    last label given for a document wins; in a multi-label schema they accumulate.
    Returns the number of (document, label) pairs written.
    """
    # Label names are stored stripped; empty ones name no label and are dropped.
    pairs = [(doc, str(label).strip()) for doc, label in pairs if str(label).strip()]
    names = list(dict.fromkeys(label for _, label in pairs))
    if not pairs:
        return 0
    schema = find_schema(project, schema_name)
    if schema is None:
        schema = create_schema(project, schema_name, names, kind=kind)
    else:
        missing = [n for n in names if n not in {lab.name for lab in schema.labels}]
        if missing:
            schema = add_labels(project, schema_name, missing)
    ids = {lab.name: lab.id for lab in schema.labels}
    now = now_ms()
    written = 0
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start : start + BATCH]
        with transaction(project.db) as conn:
            docs = list(dict.fromkeys(doc for doc, _ in chunk))
            conn.executemany(
                "INSERT INTO annotations(schema_id, document_id, annotator, status, created_at, "
                "updated_at) VALUES (?,?,?,'labeled',?,?) ON CONFLICT(schema_id, document_id, "
                "annotator) DO UPDATE SET status = 'labeled', updated_at = excluded.updated_at",
                [(schema.id, doc, annotator, now, now) for doc in docs],
            )
            if not schema.multi:
                conn.executemany(
                    "DELETE FROM annotation_labels WHERE annotation_id = (SELECT id FROM "
                    "annotations WHERE schema_id = ? AND document_id = ? AND annotator = ?)",
                    [(schema.id, doc, annotator) for doc in docs],
                )
            conn.executemany(
                "INSERT OR IGNORE INTO annotation_labels(annotation_id, label_id) SELECT id, ? "
                "FROM annotations WHERE schema_id = ? AND document_id = ? AND annotator = ?",
                [(ids[label], schema.id, doc, annotator) for doc, label in _last_wins(chunk, schema)],
            )
        written += len(chunk)
    return written


def _last_wins(chunk: list[tuple[int, str]], schema: LabelSchema) -> list[tuple[int, str]]:
    if schema.multi:
        return chunk
    return list({doc: (doc, label) for doc, label in chunk}.values())


class GoldLabel(NamedTuple):
    """The label a document is trained and exported with, and where it came from.

    A NamedTuple rather than a dataclass: export and stats build one per labelled document,
    a million times on a big project, and a tuple is several times cheaper to make.
    """

    document_id: int
    labels: tuple[str, ...]
    annotators: tuple[str, ...]
    resolved: bool  # a reviewer chose it
    conflict: bool  # annotators disagree and nobody has resolved it yet


def iter_gold(
    project: Project, schema: LabelSchema, document_ids: list[int] | None = None
) -> Iterator[GoldLabel]:
    """Every labeled document of the schema (or of ``document_ids``), in id order, streamed."""
    names = {lab.id: lab.name for lab in schema.labels}
    order = {lab.id: i for i, lab in enumerate(schema.labels)}
    single = {lab.id: (lab.name,) for lab in schema.labels}
    only = ""
    params: list[object] = [schema.id]
    if document_ids is not None:
        if not document_ids:
            return
        only = f" AND document_id IN ({','.join('?' * len(document_ids))})"
        params.extend(document_ids)
    resolutions: dict[int, list[int]] = {}
    for doc, label_id in project.db.execute(
        f"SELECT document_id, label_id FROM label_resolutions WHERE schema_id = ?{only}", params
    ):
        resolutions.setdefault(doc, []).append(label_id)
    cursor = project.db.cursor()
    cursor.row_factory = None  # plain tuples: this loop may run a million times
    cursor.execute(
        "SELECT a.document_id, a.annotator, al.label_id FROM annotations a "
        "JOIN annotation_labels al ON al.annotation_id = a.id "
        f"WHERE a.schema_id = ? AND a.status = 'labeled'{only.replace('document_id', 'a.document_id')} "
        "ORDER BY a.document_id, a.annotator",
        params,
    )

    def emit(doc: int, chosen: dict[str, list[int]]) -> GoldLabel:
        annotators = tuple(chosen)
        if doc in resolutions:
            return GoldLabel(doc, _named(resolutions[doc], names, order), annotators, True, False)
        if len(chosen) == 1:  # the common case: one person, usually one label
            ids = next(iter(chosen.values()))
            labels = single[ids[0]] if len(ids) == 1 else _named(set(ids), names, order)
            return GoldLabel(doc, labels, annotators, False, False)
        distinct = {frozenset(v) for v in chosen.values()}
        if len(distinct) == 1:
            return GoldLabel(doc, _named(next(iter(distinct)), names, order), annotators, False, False)
        return GoldLabel(doc, (), annotators, False, True)

    current: int | None = None
    chosen: dict[str, list[int]] = {}
    while rows := cursor.fetchmany(BATCH):
        for doc, annotator, label_id in rows:
            if doc != current:
                if current is not None:
                    yield emit(current, chosen)
                current, chosen = doc, {annotator: [label_id]}
            elif annotator in chosen:
                chosen[annotator].append(label_id)
            else:
                chosen[annotator] = [label_id]
    if current is not None:
        yield emit(current, chosen)


def _named(ids: Iterable[int], names: dict[int, str], order: dict[int, int]) -> tuple[str, ...]:
    return tuple(names[i] for i in sorted(ids, key=lambda i: order.get(i, 0)) if i in names)
