"""Labeling progress: how many documents are labelled, with what, by whom and how fast.

The per-label counts are counts of gold labels, the same rows the export writes and the
table view shows, so the three always agree. Labels per hour is measured over the most
recent annotations with pauses longer than ``IDLE_GAP_S`` left out, so a lunch break does
not halve a person's rate.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from llmstudio.core.labels.agreement import agreement
from llmstudio.core.labels.annotations import iter_gold
from llmstudio.core.labels.schemas import LabelSchema, list_schemas
from llmstudio.core.labels.splits import split_counts
from llmstudio.core.project import Project

IDLE_GAP_S = 300.0
RATE_WINDOW = 2000  # most recent annotations used for labels per hour


@dataclass
class SchemaStats:
    name: str
    kind: str
    documents: int
    labeled: int = 0
    conflicts: int = 0
    skipped: int = 0
    flagged: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    annotators: dict[str, int] = field(default_factory=dict)
    labels_per_hour: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def labels_per_hour(project: Project, schema: LabelSchema, annotator: str | None = None) -> float | None:
    sql = "SELECT updated_at FROM annotations WHERE schema_id = ?"
    params: list[Any] = [schema.id]
    if annotator is not None:
        sql += " AND annotator = ?"
        params.append(annotator)
    sql += " ORDER BY updated_at DESC LIMIT ?"
    params.append(RATE_WINDOW)
    times = sorted(_dt.datetime.fromisoformat(r[0]) for r in project.db.execute(sql, params))
    if len(times) < 2:
        return None
    active = sum(
        min(IDLE_GAP_S, (b - a).total_seconds()) for a, b in zip(times, times[1:], strict=False)
    )
    if active <= 0:
        return None
    return (len(times) - 1) / active * 3600.0


def schema_stats(project: Project, schema: LabelSchema) -> SchemaStats:
    stats = SchemaStats(schema.name, schema.kind, project.document_count())
    counts: Counter[str] = Counter({lab.name: 0 for lab in schema.labels})
    for gold in iter_gold(project, schema):
        if gold.conflict:
            stats.conflicts += 1
            continue
        stats.labeled += 1
        counts.update(gold.labels)
    stats.labels = dict(counts)
    stats.skipped = project.count(
        "SELECT count(DISTINCT document_id) FROM annotations WHERE schema_id = ? AND status = 'skipped'",
        (schema.id,),
    )
    stats.flagged = project.count(
        "SELECT count(DISTINCT document_id) FROM annotations WHERE schema_id = ? AND flagged = 1",
        (schema.id,),
    )
    stats.annotators = dict(
        project.db.execute(
            "SELECT annotator, count(*) FROM annotations WHERE schema_id = ? AND status = 'labeled' "
            "GROUP BY annotator ORDER BY annotator",
            (schema.id,),
        ).fetchall()
    )
    stats.labels_per_hour = labels_per_hour(project, schema)
    return stats


def annotator_counts(project: Project, schema: LabelSchema, annotator: str) -> dict[str, int]:
    """Per-label counts of one annotator's own labels (the labeling view's bar chart)."""
    names = {lab.id: lab.name for lab in schema.labels}
    counts = {lab.name: 0 for lab in schema.labels}
    for label_id, n in project.db.execute(
        "SELECT al.label_id, count(*) FROM annotations a JOIN annotation_labels al "
        "ON al.annotation_id = a.id WHERE a.schema_id = ? AND a.annotator = ? "
        "AND a.status = 'labeled' GROUP BY al.label_id",
        (schema.id, annotator),
    ):
        counts[names[label_id]] = n
    return counts


def labeled_count(project: Project, schema: LabelSchema, annotator: str) -> int:
    """Documents ``annotator`` has labeled (not skipped) in ``schema`` (the labeling view's progress)."""
    return project.count(
        "SELECT count(*) FROM annotations WHERE schema_id = ? AND annotator = ? AND status = 'labeled'",
        (schema.id, annotator),
    )


def project_label_stats(project: Project) -> dict[str, Any]:
    """The JSON of ``llmstudio labels DIR stats --json``."""
    schemas = []
    for schema in list_schemas(project):
        entry = schema_stats(project, schema).to_dict()
        entry["label_details"] = [
            {"name": lab.name, "shortcut": lab.shortcut, "color": lab.color, "description": lab.description}
            for lab in schema.labels
        ]
        pairs = agreement(project, schema)
        entry["agreement"] = [pair.to_dict() for pair in pairs]
        kappas = [p.kappa for p in pairs if p.kappa is not None]
        # Light's kappa: the mean of the pairwise Cohen's kappas, one number per schema.
        entry["kappa"] = sum(kappas) / len(kappas) if kappas else None
        schemas.append(entry)
    return {
        "documents": project.document_count(),
        "schemas": schemas,
        "splits": split_counts(project),
    }
