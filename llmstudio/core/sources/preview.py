"""What an import will do, before it does it: the first documents exactly as they will be stored.

The preview runs the same planning and the same readers as the import, stopping after a
few documents, and writes nothing. It reports what the readers detected (format,
encoding, fields, split rule, delimiter) so the dialog can show it and let the user
change it, and the problems met on the way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.sources.import_file import open_input
from llmstudio.core.sources.importer import plan_inputs
from llmstudio.core.sources.readers import Doc, FileRejected, ImportOptions, ReadContext, iter_units
from llmstudio.core.sources.readers.dispatch import inner_name
from llmstudio.core.sources.summary import ImportProblem, ImportSummary


@dataclass
class ImportPreview:
    files: int = 0
    bytes: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    """How many planned files have each extension (``.txt``: 12, ``.jsonl.gz``: 1)."""
    documents: list[Doc] = field(default_factory=list)
    detected: dict[str, Any] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the dialog: what was found and how it will be read."""
        parts = [f"{self.files} file{'s' if self.files != 1 else ''}, {self.bytes / 1e6:.1f} MB"]
        if len(self.kinds) > 1:
            parts.append(", ".join(f"{n} {k}" for k, n in sorted(self.kinds.items(), key=lambda kv: -kv[1])[:6]))
        d = self.detected
        for key, label in (
            ("format", "format"), ("compression", "compressed"), ("archive", "archive"),
            ("encoding", "encoding"), ("text_field", "text field"), ("delimiter", "delimiter"),
            ("split", "one document per"),
        ):
            if d.get(key) is not None:
                value = {"\t": "tab"}.get(d[key], d[key])
                parts.append(f"{label}: {value}")
        return " · ".join(parts)


def preview_import(
    paths: Sequence[Path | str],
    options: ImportOptions = ImportOptions(),
    limit: int = 20,
    max_files: int = 25,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ImportPreview:
    """The first ``limit`` documents an import of ``paths`` would store, reading at most ``max_files``."""
    cancel = cancel or CancelToken()
    summary = ImportSummary()
    plans = plan_inputs(list(paths), options, summary)
    result = ImportPreview(problems=list(summary.problems))
    inputs = [item for plan in plans for item in plan.inputs]
    result.files = len(inputs)
    result.bytes = sum(item.size for item in inputs)
    result.kinds = dict(Counter(_kind(item.name) for item in inputs))

    def sink(name: str, line: int | None, reason: str, severity: str) -> None:
        result.problems.append(ImportProblem(name, line, reason, severity))

    for tried, item in enumerate(inputs[:max_files]):
        if len(result.documents) >= limit:
            break
        cancel.raise_if_cancelled()
        progress(tried / max(1, min(max_files, len(inputs))), f"previewing {item.name}")
        ctx = ReadContext(item.name, options, sink, cancel)
        try:
            stream, _, detect_name = open_input(item, options, cancel)
        except FileRejected as exc:
            sink(item.name, None, str(exc), "rejected")
            continue
        with stream:
            try:
                for unit in iter_units(stream, ctx, detect_name):
                    try:
                        for doc in unit.docs:
                            result.documents.append(doc)
                            if len(result.documents) >= limit:
                                break
                    except FileRejected as exc:
                        sink(unit.ctx.name, None, str(exc), "rejected")
                    if not result.detected and unit.ctx.detected:
                        result.detected = dict(ctx.detected, **unit.ctx.detected)
                    if len(result.documents) >= limit:
                        break
            except FileRejected as exc:
                sink(item.name, None, str(exc), "rejected")
    progress(1.0, "preview ready")
    return result


def _kind(name: str) -> str:
    lower = name.lower()
    inner = PurePosixPath(inner_name(lower)).suffix
    outer = PurePosixPath(lower).suffix
    return (inner + outer if inner and inner != outer else outer) or "(no extension)"
