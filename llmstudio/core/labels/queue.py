"""What to label next: the queue, model suggestions, and a labeling session's cursor.

The queue hands out document ids in small batches (keyset pages or a seeded permutation,
never a scan per item), so the next document is ready before the person asks for it.
Orders: documents this annotator has not decided yet in id order, a seeded random order,
search results, or least-confident model prediction first. Model suggestions come from a
``SuggestionProvider``; the built-in one reads the ``label_predictions`` table, which a
classifier run fills through ``store_predictions`` once such runs exist, so active learning
plugs in without touching the queue or the GUI.

``LabelingSession`` is the Qt-free state behind the labeling view: the documents visited
(for Back), the current one, and decisions written through ``write_decision``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.labels.annotations import Change, Decision, read_decision, write_decision
from llmstudio.core.labels.schemas import LabelError, LabelSchema, get_schema
from llmstudio.core.project import Project, utc_now
from llmstudio.core.search.query import search_query

QUEUE_ORDERS = ("unlabeled", "random", "search", "uncertain")
BATCH = 64


@dataclass(frozen=True)
class Suggestion:
    label: str
    score: float  # model confidence in [0, 1]


class SuggestionProvider(Protocol):
    """Where model suggestions come from (a stored classifier run, or a live model later)."""

    def suggestions(self, schema: LabelSchema, document_id: int) -> list[Suggestion]: ...

    def least_confident(self, schema: LabelSchema) -> list[int]: ...


class StoredPredictions:
    """Suggestions read from ``label_predictions`` (written by ``store_predictions``)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def suggestions(self, schema: LabelSchema, document_id: int) -> list[Suggestion]:
        names = {lab.id: lab.name for lab in schema.labels}
        rows = self.project.db.execute(
            "SELECT label_id, score FROM label_predictions WHERE schema_id = ? AND document_id = ? "
            "ORDER BY score DESC",
            (schema.id, document_id),
        ).fetchall()
        return [Suggestion(names[r[0]], float(r[1])) for r in rows if r[0] in names]

    def least_confident(self, schema: LabelSchema) -> list[int]:
        return [
            r[0]
            for r in self.project.db.execute(
                "SELECT document_id FROM label_predictions WHERE schema_id = ? "
                "GROUP BY document_id ORDER BY max(score), document_id",
                (schema.id,),
            )
        ]


def store_predictions(
    project: Project,
    schema_name: str,
    predictions: Iterable[tuple[int, dict[str, float]]],
    run_id: int | None = None,
) -> int:
    """Replace a schema's model predictions: (document_id, {label: probability}) pairs."""
    schema = get_schema(project, schema_name)
    ids = {lab.name: lab.id for lab in schema.labels}
    now = utc_now()
    rows = [
        (schema.id, doc, ids[label], float(score), run_id, now)
        for doc, scores in predictions
        for label, score in scores.items()
        if label in ids
    ]
    with transaction(project.db) as conn:
        conn.execute("DELETE FROM label_predictions WHERE schema_id = ?", (schema.id,))
        conn.executemany(
            "INSERT INTO label_predictions(schema_id, document_id, label_id, score, run_id, created_at) "
            "VALUES (?,?,?,?,?,?)",
            rows,
        )
    return len(rows)


class LabelQueue:
    """Document ids still to decide, in the chosen order, fetched ``BATCH`` at a time."""

    def __init__(
        self,
        project: Project,
        schema: LabelSchema,
        annotator: str,
        order: str = "unlabeled",
        *,
        seed: int = 0,
        search: str = "",
        provider: SuggestionProvider | None = None,
    ) -> None:
        if order not in QUEUE_ORDERS:
            raise LabelError(f"queue order must be one of {', '.join(QUEUE_ORDERS)}, not '{order}'")
        if order == "search" and not search.strip():
            raise LabelError("type a search term to label search results")
        self.project, self.schema, self.annotator = project, schema, annotator
        self.order, self.seed, self.search = order, seed, search.strip()
        self.provider = provider or StoredPredictions(project)
        self._ids = self._iter_ids()

    def __iter__(self) -> Iterator[int]:
        return self._ids

    def _iter_ids(self) -> Iterator[int]:
        if self.order in ("unlabeled", "search"):
            yield from self._keyset()
            return
        if self.order == "random":
            ids = [r[0] for r in self.project.db.execute("SELECT id FROM documents ORDER BY id")]
            random.Random(self.seed).shuffle(ids)
        else:
            ids = self.provider.least_confident(self.schema)
            if not ids:
                raise LabelError(
                    "there are no model predictions for this schema yet; train a classifier "
                    "run first, or pick another queue order"
                )
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            decided = self._decided(chunk)
            yield from (d for d in chunk if d not in decided)

    def _keyset(self) -> Iterator[int]:
        if self.order == "search":
            yield from self._search_hits()
            return
        last = -1
        while True:
            rows = self.project.db.execute(
                "SELECT d.id FROM documents d WHERE d.id > ? AND NOT EXISTS (SELECT 1 FROM "
                "annotations a WHERE a.schema_id = ? AND a.document_id = d.id AND a.annotator = ?) "
                f"ORDER BY d.id LIMIT {BATCH}",
                (last, self.schema.id, self.annotator),
            ).fetchall()
            if not rows:
                return
            for (doc_id,) in rows:
                yield doc_id
            last = rows[-1][0]

    def _search_hits(self) -> Iterator[int]:
        """Search hits a page at a time, from the same query the Sources browser runs.

        Keyset pages straight from the full-text index (``d.id IN (SELECT rowid ... MATCH ?)``
        would rebuild the whole hit list for every page: a third of a second per 64
        documents for a common word at 1M documents).
        """
        query = search_query(self.project, self.search)
        last = 0
        while True:
            ids = [r[0] for r in query.hits(self.project, after_id=last, limit=BATCH)]
            if not ids:
                return
            decided = self._decided(ids)
            yield from (d for d in ids if d not in decided)
            last = ids[-1]

    def _decided(self, ids: list[int]) -> set[int]:
        marks = ",".join("?" * len(ids))
        return {
            r[0]
            for r in self.project.db.execute(
                f"SELECT document_id FROM annotations WHERE schema_id = ? AND annotator = ? "
                f"AND document_id IN ({marks})",
                [self.schema.id, self.annotator, *ids],
            )
        }


@dataclass(frozen=True)
class LabelItem:
    """A document as the labeling view shows it."""

    document_id: int
    text: str
    origin: str
    decision: Decision | None
    suggestions: tuple[Suggestion, ...]


class LabelingSession:
    """The cursor of one person labeling one schema: history for Back, the queue ahead."""

    def __init__(self, project: Project, schema: LabelSchema, annotator: str, queue: LabelQueue) -> None:
        if not annotator.strip():
            raise LabelError("an annotator name is needed; enter your name before labeling")
        self.project, self.schema, self.annotator = project, schema, annotator.strip()
        self.queue = queue
        self._queue_iter = iter(queue)
        self.history: list[int] = []
        self._positions: dict[int, int] = {}  # document id -> index in history (O(1) per key)
        self.position = -1  # index into history; len(history) means "queue finished"

    @property
    def current(self) -> int | None:
        return self.history[self.position] if 0 <= self.position < len(self.history) else None

    def advance(self) -> int | None:
        """Move to the next document: forward in history, else the next one from the queue."""
        if self.position + 1 < len(self.history):
            self.position += 1
            return self.current
        for doc_id in self._queue_iter:
            if doc_id not in self._positions:
                self._append(doc_id)
                return doc_id
        self.position = len(self.history)
        return None

    def forget_current(self) -> None:
        """Drop the current document from the history (it was deleted); stay just before it."""
        doc = self.current
        if doc is None:
            return
        del self.history[self.position]
        self._positions = {d: i for i, d in enumerate(self.history)}
        self.position -= 1

    def back(self) -> int | None:
        if self.position > 0:
            self.position -= 1
        return self.current

    def show(self, document_id: int) -> None:
        """Make ``document_id`` current (undo/redo jump to the document they change)."""
        if document_id in self._positions:
            self.position = self._positions[document_id]
        else:
            self._append(document_id)

    def _append(self, document_id: int) -> None:
        self._positions[document_id] = len(self.history)
        self.history.append(document_id)
        self.position = len(self.history) - 1

    def item(self, document_id: int | None = None) -> LabelItem | None:
        document_id = self.current if document_id is None else document_id
        if document_id is None:
            return None
        row = self.project.db.execute(
            "SELECT text, origin FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise LabelError(f"document {document_id} no longer exists (its source was removed)")
        decision = read_decision(self.project, self.schema, document_id, self.annotator)
        suggestions = tuple(self.queue.provider.suggestions(self.schema, document_id))
        return LabelItem(document_id, row[0], row[1], decision, suggestions)

    @declares(Changed.LABELS)
    def decide(self, decision: Decision | None, document_id: int | None = None) -> Change:
        """Write a decision for the current (or given) document; it is durable on return."""
        document_id = self.current if document_id is None else document_id
        if document_id is None:
            raise LabelError("there is no document to label; the queue is finished")
        return write_decision(self.project, self.schema, document_id, self.annotator, decision)
