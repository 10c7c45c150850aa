"""Which pipeline steps are behind their input: new documents since the last cleaning, a newer
snapshot than the latest tokenizer's.

A step's result stays valid until its input changes; then the panels say so and offer
the step again, instead of silently showing (or training on) the old result. Plain
SQL over the project database, no torch.
"""

from __future__ import annotations

from dataclasses import dataclass

from llmstudio.core.project import Project


@dataclass(frozen=True)
class Freshness:
    latest_snapshot_id: int | None
    documents_not_cleaned: int  # documents in no snapshot's input since the latest snapshot
    documents_removed: int  # documents the latest snapshot saw that are gone (their source was removed)
    tokenizer_id: int | None
    tokenizer_snapshot_id: int | None

    @property
    def clean_is_stale(self) -> bool:
        return self.latest_snapshot_id is not None and (self.documents_not_cleaned > 0 or self.documents_removed > 0)

    @property
    def tokenizer_is_stale(self) -> bool:
        """The latest tokenizer was trained on an older snapshot than the latest one."""
        return (self.tokenizer_id is not None and self.latest_snapshot_id is not None
                and self.tokenizer_snapshot_id != self.latest_snapshot_id)


def freshness(project: Project) -> Freshness:
    db = project.db
    latest = project.latest_snapshot_id()
    not_cleaned = removed = 0
    if latest is not None:
        not_cleaned = int(db.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM snapshot_documents s WHERE s.snapshot_id = ? AND s.document_id = d.id)",
            (latest,)).fetchone()[0])
        row = db.execute("SELECT document_count FROM snapshots WHERE id = ?", (latest,)).fetchone()
        seen = int(db.execute("SELECT count(*) FROM snapshot_documents WHERE snapshot_id = ?", (latest,)).fetchone()[0])
        removed = max(0, int(row[0] or 0) - seen) if row is not None else 0
    tokenizer = db.execute("SELECT id, snapshot_id FROM tokenizers ORDER BY id DESC LIMIT 1").fetchone()
    return Freshness(
        latest_snapshot_id=latest,
        documents_not_cleaned=not_cleaned,
        documents_removed=removed,
        tokenizer_id=None if tokenizer is None else int(tokenizer[0]),
        tokenizer_snapshot_id=None if tokenizer is None or tokenizer[1] is None else int(tokenizer[1]),
    )
