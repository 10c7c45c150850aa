"""The per-document work, run in worker processes (or in-process for small jobs).

A worker runs every step on each document of a batch and returns a compact trace: for each
step reached, the characters left, whether the text changed, the ``Removal`` if the step
dropped it, and for global (dedup) steps the key the parent needs to decide. The parent
replays traces in document order (see ``replay``), so results do not depend on how the
batches were spread over processes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from llmstudio.core.cleaning.base import GlobalStep, Removal, Step

log = logging.getLogger(__name__)

# One step's outcome for one document: (chars after, changed, removal or None, dedup key or None)
StepTrace = tuple[int, bool, "Removal | None", Any]


@dataclass
class DocResult:
    doc_id: int
    chars_in: int
    trace: list[StepTrace]
    text: str | None  # final text when it differs from the original (None: unchanged or removed)


@dataclass
class BatchResult:
    docs: list[DocResult]
    counters: dict[int, dict[str, int]] = field(default_factory=dict)


_steps: list[Step] | None = None


def init_worker(recipe_data: dict[str, Any]) -> None:
    """Process-pool initializer: build the steps once per worker."""
    global _steps
    from llmstudio.core.cleaning.recipe import Recipe

    logging.basicConfig(level=logging.WARNING)
    exit_with_parent()
    _steps = Recipe.from_dict(recipe_data).build()


def exit_with_parent() -> None:
    """End this worker as soon as the process that started it is gone (killed with SIGKILL,
    say): a pool's workers otherwise wait on their task queue forever, holding memory."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's end of the start-up pipe closes: it died
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def run_batch(rows: list[tuple[int, str]]) -> BatchResult:
    """Entry point in a worker process (``init_worker`` has run)."""
    assert _steps is not None, "init_worker was not called"
    return process_batch(_steps, rows)


def process_batch(steps: list[Step], rows: list[tuple[int, str]]) -> BatchResult:
    docs = [process_document(steps, doc_id, text) for doc_id, text in rows]
    counters = {i: c for i, step in enumerate(steps) if (c := step.counters())}
    return BatchResult(docs, counters)


def process_document(steps: list[Step], doc_id: int, original: str) -> DocResult:
    text = original
    trace: list[StepTrace] = []
    for step in steps:
        try:
            if isinstance(step, GlobalStep):
                trace.append((len(text), False, None, step.key(text)))
                continue
            result = step.apply(text)
        except Exception as exc:  # a bug on one odd document must not stop a long run
            log.exception("step %s failed on document %s", step.name, doc_id)
            result = Removal(f"step failed ({type(exc).__name__})")
        if isinstance(result, Removal):
            trace.append((0, False, result, None))
            return DocResult(doc_id, len(original), trace, None)
        changed = result is not text and result != text
        trace.append((len(result), changed, None, None))
        text = result
    return DocResult(doc_id, len(original), trace, None if text == original else text)


@dataclass
class Decision:
    """What happened to one document after the parent's replay."""

    doc_id: int
    kept: bool
    text: str | None
    step: str | None = None
    reason: str | None = None
    value: float | None = None
    duplicate_of: int | None = None
    duplicate_kind: str | None = None
    step_index: int | None = None


def replay(steps: list[Step], doc: DocResult, stats: list[Any]) -> Decision:
    """Apply the parent's global decisions to a worker trace and update per-step stats.

    ``stats[i]`` needs ``removed``, ``changed``, ``documents_after``, ``chars_after`` and a
    ``reasons`` Counter.
    """
    for index, (chars, changed, removal, key) in enumerate(doc.trace):
        step = steps[index]
        if isinstance(step, GlobalStep):
            removal = step.decide(key, doc.doc_id)
        stat = stats[index]
        if removal is not None:
            stat.removed += 1
            stat.reasons[removal.reason] += 1
            kind = None
            if removal.duplicate_of is not None:
                kind = "near" if step.name == "near_dedup" else "exact"
            return Decision(doc.doc_id, False, None, step.name, removal.reason, removal.value,
                            removal.duplicate_of, kind, index)
        stat.changed += int(changed)
        stat.documents_after += 1
        stat.chars_after += chars
    return Decision(doc.doc_id, True, doc.text)


def merge_counters(target: list[Counter[str]], batch: BatchResult) -> None:
    for index, counts in batch.counters.items():
        target[index].update(counts)
