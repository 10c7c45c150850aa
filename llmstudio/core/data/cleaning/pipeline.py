"""Running a recipe over the project's documents into a named snapshot.

Documents stream from SQLite in id order, in batches. Results are written into a snapshot
marked 'building' in short transactions and the snapshot is marked 'complete' at the end;
a cancel or a failure deletes the unfinished snapshot, so the previous one stays as it was.
Originals are never modified: a changed text is stored beside the document in the snapshot.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from llmstudio.core.data.cleaning.recipe import Recipe
from llmstudio.core.data.cleaning.steps import Removal
from llmstudio.core.db import transaction
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project, utc_now

BATCH = 500


@dataclass
class StepStats:
    step: str
    removed: int = 0
    changed: int = 0
    documents_after: int = 0
    chars_after: int = 0


@dataclass
class CleanSummary:
    snapshot_id: int
    snapshot_name: str
    documents: int = 0
    kept: int = 0
    removed: int = 0
    changed: int = 0
    chars_in: int = 0
    chars_kept: int = 0
    steps: list[StepStats] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "snapshot_id": self.snapshot_id,
            "snapshot": self.snapshot_name,
            "documents": self.documents,
            "kept": self.kept,
            "removed": self.removed,
            "changed": self.changed,
            "chars_in": self.chars_in,
            "chars_kept": self.chars_kept,
            "steps": [vars(s) for s in self.steps],
            "reasons": dict(self.reasons.most_common()),
        }


def run_recipe(
    project: Project,
    recipe: Recipe,
    snapshot_name: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> CleanSummary:
    cancel = cancel or CancelToken()
    steps = recipe.build()
    total = project.document_count()
    if total == 0:
        raise StudioError("there are no documents to clean; import some sources first")
    name = snapshot_name or _next_snapshot_name(project)
    if project.count("SELECT count(*) FROM snapshots WHERE name = ?", (name,)):
        raise StudioError(f"a snapshot named '{name}' already exists; choose another name")
    with transaction(project.db) as conn:
        cur = conn.execute(
            "INSERT INTO snapshots(name, recipe_json, status, created_at) VALUES (?,?, 'building', ?)",
            (name, json.dumps(recipe.to_dict()), utc_now()),
        )
    snapshot_id = int(cur.lastrowid)
    summary = CleanSummary(snapshot_id, name, steps=[StepStats(s.name) for s in steps])
    try:
        _run(project, steps, summary, total, progress, cancel)
    except BaseException:
        with transaction(project.db) as conn:
            conn.execute("DELETE FROM snapshots WHERE id = ?", (snapshot_id,))
        raise
    return summary


def _run(
    project: Project,
    steps: list,
    summary: CleanSummary,
    total: int,
    progress: Progress,
    cancel: CancelToken,
) -> None:
    reader = project.db.execute("SELECT id, text FROM documents ORDER BY id")
    while True:
        cancel.raise_if_cancelled()
        batch = reader.fetchmany(BATCH)
        if not batch:
            break
        rows = []
        for doc_id, original in batch:
            summary.documents += 1
            summary.chars_in += len(original)
            rows.append(_clean_one(doc_id, original, steps, summary))
        with transaction(project.db) as conn:
            conn.executemany(
                "INSERT INTO snapshot_documents(snapshot_id, document_id, kept, text, step, reason, value) "
                "VALUES (?,?,?,?,?,?,?)",
                [(summary.snapshot_id, *row) for row in rows],
            )
        progress(summary.documents / total, f"cleaned {summary.documents:,} of {total:,} documents")
    with transaction(project.db) as conn:
        conn.execute(
            "UPDATE snapshots SET status = 'complete', document_count = ?, kept_count = ?, stats_json = ? "
            "WHERE id = ?",
            (summary.documents, summary.kept, json.dumps(summary.to_dict()), summary.snapshot_id),
        )


def _clean_one(doc_id: int, original: str, steps: list, summary: CleanSummary) -> tuple:
    text = original
    for index, step in enumerate(steps):
        result = step.apply(text)
        stats = summary.steps[index]
        if isinstance(result, Removal):
            stats.removed += 1
            summary.removed += 1
            summary.reasons[f"{step.name}: {result.reason}"] += 1
            return (doc_id, 0, None, step.name, result.reason, result.value)
        if result != text:
            stats.changed += 1
        text = result
        stats.documents_after += 1
        stats.chars_after += len(text)
    summary.kept += 1
    summary.chars_kept += len(text)
    changed = text != original
    summary.changed += int(changed)
    return (doc_id, 1, text if changed else None, None, None, None)


def _next_snapshot_name(project: Project) -> str:
    n = project.count("SELECT count(*) FROM snapshots") + 1
    while project.count("SELECT count(*) FROM snapshots WHERE name = ?", (f"snapshot-{n}",)):
        n += 1
    return f"snapshot-{n}"


def iter_kept_texts(project: Project, snapshot_id: int, batch: int = BATCH):
    """Yield (document_id, cleaned text) for the documents a snapshot kept, in id order."""
    conn = project.db
    cursor = conn.execute(
        "SELECT d.id, coalesce(s.text, d.text) FROM snapshot_documents s "
        "JOIN documents d ON d.id = s.document_id WHERE s.snapshot_id = ? AND s.kept = 1 "
        "ORDER BY d.id",
        (snapshot_id,),
    )
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        yield from rows
