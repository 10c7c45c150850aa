"""Which pipeline steps are behind their input: new documents since the last cleaning, a newer
snapshot than the latest tokenizer's, a split made after a tokenizer's token shards.

A step's result stays valid until its input changes; then the panels say so and offer
the step again, instead of silently showing (or training on) the old result. Plain
SQL over the project database, no torch.
"""

from __future__ import annotations

import hashlib
import json
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


# The tokenizer's settings_json key holding the split its shards followed (absent before it was recorded).
SPLIT_FINGERPRINT_KEY = "split_fingerprint"


def split_fingerprint(project: Project) -> str:
    """The project's train/validation/test split in a few characters: its size and a hash of the
    sorted (document_id, split) pairs. Recorded when a tokenizer encodes its shards, which follow
    the split: a different fingerprint later means the split changed since."""
    return fingerprint_of(split_rows(project))


def split_rows(project: Project) -> list[tuple[int, str]]:
    """The project's (document_id, split) pairs, sorted by document."""
    return [(int(doc), str(split)) for doc, split in
            project.db.execute("SELECT document_id, split FROM document_splits ORDER BY document_id")]


def fingerprint_of(rows: list[tuple[int, str]]) -> str:
    digest = hashlib.sha256("".join(f"{doc}:{split}\n" for doc, split in rows).encode("utf-8")).hexdigest()
    return f"{len(rows)}:{digest[:16]}"


@dataclass(frozen=True)
class SplitDrift:
    """A tokenizer whose token shards followed another split than the project's current one."""

    tokenizer_id: int
    recorded: bool  # False: encoded before tokenizers recorded their split (so it cannot be told)

    def consequence(self, figure: str = "test") -> str:
        when = ("with a different train/validation/test split than the current one" if self.recorded
                else "before its split was recorded (or before the split was made)")
        return (f"tokenizer {self.tokenizer_id}, whose token shards were made {when}: the language model may have "
                f"trained on documents now in the test split, so the {figure} figure may be optimistic; "
                f"train the tokenizer again after splitting (llmstudio tokenizer DIR), then the language model")


def tokenizer_split_drift(project: Project, tokenizer_id: int) -> SplitDrift | None:
    """How tokenizer ``tokenizer_id``'s shards stand to the current split; None when they follow it
    (or nothing is split, so no document is held out)."""
    row = project.db.execute("SELECT settings_json FROM tokenizers WHERE id = ?", (tokenizer_id,)).fetchone()
    if row is None:
        return None
    try:
        settings = json.loads(row[0] or "{}")
    except ValueError:
        settings = {}
    recorded = settings.get(SPLIT_FINGERPRINT_KEY) if isinstance(settings, dict) else None
    current = split_fingerprint(project)
    if recorded == current:
        return None
    if recorded is None and current.startswith("0:"):
        return None  # an old tokenizer and no split: nothing is held out
    return SplitDrift(tokenizer_id, recorded is not None)


def run_split_drift(project: Project, run_id: int) -> SplitDrift | None:
    """The split drift of the tokenizer run ``run_id`` trained with (a language model fine-tuned from)."""
    row = project.db.execute("SELECT tokenizer_id FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None or row[0] is None:
        return None
    return tokenizer_split_drift(project, int(row[0]))
