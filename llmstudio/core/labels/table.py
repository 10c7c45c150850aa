"""The rows of the label table view, fetched a page at a time so a million rows stay fast.

The plain view (all documents, by id) pages straight off the primary key: when ids have no
gaps, row n is simply the n-th id; otherwise LIMIT/OFFSET on the primary key. A filtered or
re-sorted view is materialised once into a temporary table whose rowid is the row number,
so every later page is a range lookup instead of a re-run of the filter (the trap that
makes web labelers crawl on large projects). The label shown is the gold label, the same
one the stats count and the export writes.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from llmstudio.core.changes import Changed, declares
from llmstudio.core.labels.annotations import Change, Decision, iter_gold, read_decision, write_decision
from llmstudio.core.labels.schemas import LabelSchema
from llmstudio.core.project import Project
from llmstudio.core.search.query import search_query

COLUMNS = ("id", "text", "label", "annotator", "time", "flagged", "comment", "split")
SORTABLE = {
    "id": "d.id",
    "time": "t.updated",
    "flagged": "t.flagged",
    "split": "s.split",
    "label": "(SELECT min(l.position) FROM annotations a JOIN annotation_labels al ON al.annotation_id = a.id "
    "JOIN labels l ON l.id = al.label_id WHERE a.schema_id = :schema AND a.document_id = d.id)",
    "annotator": "(SELECT min(a.annotator) FROM annotations a WHERE a.schema_id = :schema AND a.document_id = d.id)",
}
PREVIEW_CHARS = 200
_temp_names = itertools.count(1)


@dataclass(frozen=True)
class TableFilter:
    label: str | None = None  # a label name, "" for unlabeled, None for any
    flagged_only: bool = False
    search: str = ""
    sort: str = "id"
    descending: bool = False

    @property
    def plain(self) -> bool:
        return self.label is None and not self.flagged_only and not self.search and self.sort == "id"


@dataclass(frozen=True)
class TableRow:
    document_id: int
    text: str
    label: str  # gold label(s), "conflict: a / b", or "" when unlabeled
    annotator: str
    time: str
    flagged: bool
    comment: str
    split: str


class DocumentTable:
    """Count and page the documents of a schema under a filter."""

    def __init__(self, project: Project, schema: LabelSchema, filt: TableFilter = TableFilter()) -> None:
        self.project, self.schema, self.filter = project, schema, filt
        self._temp: str | None = None
        self._first_id: int | None = None
        self.verified = not filt.plain
        if filt.plain:
            # min and max are index lookups; count(*) walks a million rows (a few hundred ms),
            # so the view opens on the gap-free guess and ``verify`` checks it afterwards.
            # Two statements: SQLite answers a lone min() or max() from the index, but scans
            # the whole table for "SELECT min(id), max(id)".
            low = project.db.execute("SELECT min(id) FROM documents").fetchone()[0]
            high = project.db.execute("SELECT max(id) FROM documents").fetchone()[0]
            self._count = 0 if low is None else high - low + 1
            self._first_id = low
        else:
            self._materialise()

    def close(self) -> None:
        if self._temp is not None:
            self.project.db.execute(f"DROP TABLE IF EXISTS temp.{self._temp}")
            self._temp = None

    def count(self) -> int:
        return self._count

    def verify(self, project: Project | None = None) -> bool:
        """Check the gap-free guess of the plain view; True when rows had to change.

        Safe to call from another thread with that thread's ``project`` (same folder).
        """
        if self.verified:
            return False
        actual = (project or self.project).document_count()
        self.verified = True
        if actual == self._count:
            return False
        self._first_id, self._count = None, actual  # ids have gaps: page with OFFSET
        return True

    def _materialise(self) -> None:
        f = self.filter
        where = ["1"]
        params: dict[str, object] = {"schema": self.schema.id}
        ann = (
            "SELECT document_id, max(updated_at) AS updated, max(flagged) AS flagged FROM annotations "
            "WHERE schema_id = :schema GROUP BY document_id"
        )
        joins = ""
        if f.flagged_only or f.sort in ("time", "flagged"):
            joins += f" LEFT JOIN ({ann}) t ON t.document_id = d.id"
        if f.sort == "split":
            joins += " LEFT JOIN document_splits s ON s.document_id = d.id"
        if f.label == "":
            where.append(
                "NOT EXISTS (SELECT 1 FROM annotations a WHERE a.schema_id = :schema AND a.document_id = d.id "
                "AND a.status = 'labeled')"
            )
        elif f.label is not None:
            where.append(
                "d.id IN (SELECT a.document_id FROM annotation_labels al JOIN annotations a ON a.id = al.annotation_id "
                "WHERE al.label_id = :label AND a.status = 'labeled')"
            )
            params["label"] = self.schema.label(f.label).id
        if f.flagged_only:
            where.append("t.flagged = 1")
        if f.search:  # the same query the Sources browser runs: same words, same documents
            condition, search_params = search_query(self.project, f.search).condition("d.id", "d.text")
            where.append(condition)
            params.update(search_params)
        direction = " DESC" if f.descending else ""
        order = SORTABLE.get(f.sort, "d.id") + direction
        self._temp = f"label_table_{next(_temp_names)}"
        self.project.db.execute(
            f"CREATE TEMP TABLE {self._temp} (pos INTEGER PRIMARY KEY, document_id INTEGER NOT NULL)"
        )
        self.project.db.execute(
            f"INSERT INTO temp.{self._temp}(document_id) SELECT d.id FROM documents d {joins} "
            f"WHERE {' AND '.join(where)} ORDER BY {order}, d.id{direction}",
            params,
        )
        self._count = self.project.count(f"SELECT count(*) FROM temp.{self._temp}")

    def page_ids(self, offset: int, limit: int) -> list[int]:
        if self._temp is None and self._first_id is not None:
            if self.filter.descending:
                high = self._first_id + self._count - 1 - offset
                low = max(self._first_id, high - limit + 1)
                return list(range(high, low - 1, -1)) if high >= low else []
            low = self._first_id + offset
            high = min(self._first_id + self._count - 1, low + limit - 1)
            return list(range(low, high + 1))
        if self._temp is None:
            order = "DESC" if self.filter.descending else ""
            sql = f"SELECT id FROM documents ORDER BY id {order} LIMIT ? OFFSET ?"
            return [r[0] for r in self.project.db.execute(sql, (limit, offset))]
        return [
            r[0]
            for r in self.project.db.execute(
                f"SELECT document_id FROM temp.{self._temp} WHERE pos > ? AND pos <= ? ORDER BY pos",
                (offset, offset + limit),
            )
        ]

    def page(self, offset: int, limit: int) -> list[TableRow]:
        return self.rows(self.page_ids(offset, limit))

    def rows(self, ids: list[int]) -> list[TableRow]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        docs = {
            r[0]: r[1]
            for r in self.project.db.execute(
                f"SELECT id, substr(text, 1, {PREVIEW_CHARS}) FROM documents WHERE id IN ({marks})", ids
            )
        }
        splits = dict(
            self.project.db.execute(
                f"SELECT document_id, split FROM document_splits WHERE document_id IN ({marks})", ids
            )
        )
        info: dict[int, list[tuple[str, str, str, int, str]]] = defaultdict(list)
        for doc, annotator, status, updated, flagged, comment in self.project.db.execute(
            "SELECT document_id, annotator, status, updated_at, flagged, comment FROM annotations "
            f"WHERE schema_id = ? AND document_id IN ({marks}) ORDER BY annotator",
            [self.schema.id, *ids],
        ):
            info[doc].append((annotator, status, updated, flagged, comment))
        gold = {g.document_id: g for g in iter_gold(self.project, self.schema, ids)}
        conflicts = _conflict_labels(self.project, self.schema, [d for d, g in gold.items() if g.conflict])
        out = []
        for doc in ids:
            if doc not in docs:
                continue
            anns = info.get(doc, [])
            g = gold.get(doc)
            if g is None:
                label = "skipped" if any(a[1] == "skipped" for a in anns) else ""
            elif g.conflict:
                label = "conflict: " + conflicts.get(doc, "")
            else:
                label = " + ".join(g.labels)
            out.append(
                TableRow(
                    document_id=doc,
                    text=docs[doc].replace("\n", " "),
                    label=label,
                    annotator=", ".join(a[0] for a in anns),
                    time=max((a[2] for a in anns), default="")[:19].replace("T", " "),
                    flagged=any(a[3] for a in anns),
                    comment=" | ".join(a[4] for a in anns if a[4]),
                    split=splits.get(doc, ""),
                )
            )
        return out


def _conflict_labels(project: Project, schema: LabelSchema, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    names = {lab.id: lab.name for lab in schema.labels}
    marks = ",".join("?" * len(ids))
    per: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc, annotator, label_id in project.db.execute(
        "SELECT a.document_id, a.annotator, al.label_id FROM annotations a JOIN annotation_labels al "
        f"ON al.annotation_id = a.id WHERE a.schema_id = ? AND a.document_id IN ({marks}) "
        "ORDER BY a.annotator",
        [schema.id, *ids],
    ):
        per[doc][annotator].append(names[label_id])
    return {doc: " / ".join("+".join(v) for v in by.values()) for doc, by in per.items()}


@declares(Changed.LABELS)
def label_documents(
    project: Project, schema: LabelSchema, document_ids: list[int], label: str, annotator: str
) -> list[Change]:
    """Batch labeling from the table: give each document ``label``, keeping flag and comment."""
    changes = []
    for doc in document_ids:
        before = read_decision(project, schema, doc, annotator) or Decision()
        change = write_decision(project, schema, doc, annotator, before.with_labels([label]))
        if change.changed:
            changes.append(change)
    return changes
