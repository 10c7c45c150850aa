"""Read-only views of a snapshot for the app and the CLI: funnel, reasons, removed
documents, before/after text, duplicate pairs, and values for histograms."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from llmstudio.core.project import Project


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    name: str
    status: str
    created_at: str
    document_count: int
    kept_count: int
    recipe: dict[str, Any]
    stats: dict[str, Any]


def snapshots(project: Project) -> list[SnapshotInfo]:
    rows = project.db.execute(
        "SELECT id, name, status, created_at, document_count, kept_count, recipe_json, stats_json "
        "FROM snapshots WHERE status = 'complete' ORDER BY id"
    ).fetchall()
    return [SnapshotInfo(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), json.loads(r[7])) for r in rows]


def snapshot(project: Project, snapshot_id: int) -> SnapshotInfo | None:
    return next((s for s in snapshots(project) if s.id == snapshot_id), None)


@dataclass(frozen=True)
class FunnelStage:
    label: str
    documents: int
    chars: int


def funnel(project: Project, snapshot_id: int) -> list[FunnelStage]:
    """Documents and characters left after each step, starting with the input."""
    info = snapshot(project, snapshot_id)
    if info is None:
        return []
    stats = info.stats
    stages = [FunnelStage("input", int(stats.get("documents", 0)), int(stats.get("chars_in", 0)))]
    for step in stats.get("steps", []):
        stages.append(FunnelStage(step["step"], int(step["documents_after"]), int(step["chars_after"])))
    return stages


def reason_counts(project: Project, snapshot_id: int) -> list[tuple[str, str, int]]:
    """(step, reason, documents) for every removal reason in the snapshot, most first."""
    rows = project.db.execute(
        "SELECT step, reason, count(*) FROM snapshot_documents WHERE snapshot_id = ? AND kept = 0 "
        "GROUP BY step, reason ORDER BY count(*) DESC",
        (snapshot_id,),
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


@dataclass(frozen=True)
class RemovedDocument:
    document_id: int
    step: str
    reason: str
    value: float | None
    snippet: str


def removed_documents(
    project: Project, snapshot_id: int, step: str | None = None, reason: str | None = None,
    limit: int = 500, offset: int = 0,
) -> list[RemovedDocument]:
    sql = (
        "SELECT s.document_id, s.step, s.reason, s.value, substr(d.text, 1, 200) FROM snapshot_documents s "
        "JOIN documents d ON d.id = s.document_id WHERE s.snapshot_id = ? AND s.kept = 0"
    )
    params: list[Any] = [snapshot_id]
    if step is not None:
        sql += " AND s.step = ?"
        params.append(step)
    if reason is not None:
        sql += " AND s.reason = ?"
        params.append(reason)
    sql += " ORDER BY s.document_id LIMIT ? OFFSET ?"
    params += [limit, offset]
    return [RemovedDocument(r[0], r[1], r[2], r[3], r[4]) for r in project.db.execute(sql, params)]


@dataclass(frozen=True)
class DocumentVersions:
    document_id: int
    original: str
    cleaned: str | None  # None when the snapshot removed it
    kept: bool
    step: str | None
    reason: str | None


def document_versions(project: Project, snapshot_id: int, document_id: int) -> DocumentVersions | None:
    row = project.db.execute(
        "SELECT d.text, s.text, s.kept, s.step, s.reason FROM documents d LEFT JOIN snapshot_documents s "
        "ON s.document_id = d.id AND s.snapshot_id = ? WHERE d.id = ?",
        (snapshot_id, document_id),
    ).fetchone()
    if row is None:
        return None
    kept = bool(row[2]) if row[2] is not None else True
    cleaned = (row[1] if row[1] is not None else row[0]) if kept else None
    return DocumentVersions(document_id, row[0], cleaned, kept, row[3], row[4])


@dataclass(frozen=True)
class DuplicatePair:
    document_id: int
    duplicate_of: int
    kind: str
    bands: int | None


def duplicate_pairs(project: Project, snapshot_id: int, kind: str | None = None, limit: int = 1000) -> list[DuplicatePair]:
    sql = "SELECT document_id, duplicate_of, kind, bands FROM snapshot_duplicates WHERE snapshot_id = ?"
    params: list[Any] = [snapshot_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    sql += " ORDER BY duplicate_of, document_id LIMIT ?"
    params.append(limit)
    return [DuplicatePair(*r) for r in project.db.execute(sql, params)]


def histogram_values(project: Project, snapshot_id: int | None = None, sample: int = 2000) -> dict[str, list[float]]:
    """Per-document values for histograms, on an even sample of the original documents:
    length in characters, mean word length, and the values the quality rules look at."""
    from llmstudio.core.cleaning.preview import sample_ids
    from llmstudio.core.cleaning.steps.fineweb import FineWebQuality
    from llmstudio.core.cleaning.steps.gopher import GopherQuality

    ids = sample_ids(project, sample)
    values: dict[str, list[float]] = {"document length (characters)": []}
    measurers = [GopherQuality(), FineWebQuality()]
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        marks = ",".join("?" * len(chunk))
        for (text,) in project.db.execute(f"SELECT text FROM documents WHERE id IN ({marks})", chunk):
            values["document length (characters)"].append(float(len(text)))
            for step in measurers:
                for key, value in step.measure(text).items():
                    values.setdefault(key, []).append(value)
    return values
