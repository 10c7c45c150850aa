"""Preview: run a recipe on a sample of documents in seconds, and show what each rule removes.

Nothing is written. The sample is spread evenly over the project (every k-th document), so
a preview of a large corpus sees all of its sources. Deduplication only sees duplicates
inside the sample, so a preview under-counts them; the result says so.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from llmstudio.core.cleaning.pipeline import StepStats
from llmstudio.core.cleaning.recipe import Recipe
from llmstudio.core.cleaning.worker import process_document, replay
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project

EXAMPLES_PER_REASON = 3
SNIPPET = 300


@dataclass(frozen=True)
class PreviewExample:
    document_id: int
    reason: str
    value: float | None
    snippet: str


@dataclass
class PreviewStep:
    step: str
    title: str
    removed: int = 0
    changed: int = 0
    documents_after: int = 0
    chars_after: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    examples: list[PreviewExample] = field(default_factory=list)


@dataclass
class PreviewResult:
    sample_size: int
    total_documents: int
    chars_in: int
    kept: int
    seconds: float
    steps: list[PreviewStep]
    note: str = "duplicates are only found inside the sample"


def sample_ids(project: Project, size: int) -> list[int]:
    ids = [r[0] for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
    if len(ids) <= size:
        return ids
    stride = len(ids) / size
    return [ids[int(i * stride)] for i in range(size)]


def preview_recipe(
    project: Project,
    recipe: Recipe,
    sample_size: int = 500,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> PreviewResult:
    cancel = cancel or CancelToken()
    steps = recipe.build()
    keys_side = recipe.build()
    ids = sample_ids(project, sample_size)
    if not ids:
        raise StudioError("there are no documents to preview; import some sources first")
    stats = [StepStats(s.name) for s in steps]
    examples: dict[int, list[PreviewExample]] = {i: [] for i in range(len(steps))}
    per_reason: Counter[tuple[int, str]] = Counter()
    started = time.monotonic()
    chars_in = kept = 0
    for start in range(0, len(ids), 100):
        cancel.raise_if_cancelled()
        chunk = ids[start : start + 100]
        marks = ",".join("?" * len(chunk))
        rows = project.db.execute(f"SELECT id, text FROM documents WHERE id IN ({marks}) ORDER BY id", chunk).fetchall()
        for doc_id, text in rows:
            chars_in += len(text)
            decision = replay(steps, process_document(keys_side, doc_id, text), stats)
            if decision.kept:
                kept += 1
                continue
            index = decision.step_index or 0
            key = (index, decision.reason or "")
            per_reason[key] += 1
            if per_reason[key] <= EXAMPLES_PER_REASON:
                examples[index].append(PreviewExample(doc_id, decision.reason or "", decision.value, text[:SNIPPET]))
        progress(min(1.0, (start + len(chunk)) / len(ids)), f"previewed {start + len(chunk):,} of {len(ids):,} documents")
    result_steps = [
        PreviewStep(step.name, type(step).title, stat.removed, stat.changed, stat.documents_after, stat.chars_after,
                    dict(stat.reasons.most_common()), examples[i])
        for i, (step, stat) in enumerate(zip(steps, stats, strict=False))
    ]
    return PreviewResult(len(ids), project.document_count(), chars_in, kept, time.monotonic() - started, result_steps)
