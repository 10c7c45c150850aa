"""What an import did: counts, and the problems met (file, line, reason, severity).

Problems are kept in detail up to a cap and only counted beyond it, so an import of a
file with a million bad lines still fits in memory and still reports the right total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int | None
    reason: str
    severity: str = "error"
    """rejected (a file or member not imported), error (a record skipped),
    warning (imported, but look), duplicate (the same file was imported before)."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


ERROR_SEVERITIES = ("rejected", "error")


class ProblemList(list):
    """Keeps the first ``cap`` problems in detail and only counts the rest, so a file of a
    million bad lines costs a counter, not a million objects."""

    def __init__(self, cap: int = 10_000) -> None:
        super().__init__()
        self.cap = cap
        self.dropped: Counter[str] = Counter()

    def append(self, problem: ImportProblem) -> None:
        if len(self) < self.cap:
            super().append(problem)
        else:
            self.dropped[problem.severity] += 1

    def extend(self, problems: Iterable[ImportProblem]) -> None:
        for problem in problems:
            self.append(problem)
        if isinstance(problems, ProblemList):
            self.dropped.update(problems.dropped)

    def errors(self) -> int:
        kept = sum(1 for p in self if p.severity in ERROR_SEVERITIES)
        return kept + sum(self.dropped[s] for s in ERROR_SEVERITIES)


@dataclass
class ImportSummary:
    files: int = 0
    documents: int = 0
    bytes: int = 0
    skipped_duplicates: int = 0
    skipped_files: int = 0
    rejected_files: int = 0
    labelled: int = 0
    problems: ProblemList = field(default_factory=ProblemList)
    source_ids: list[int] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Problems that lost data: rejected files and skipped records."""
        return self.problems.errors()

    @property
    def complete(self) -> bool:
        return self.rejected_files == 0 and self.errors == 0

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files, "documents": self.documents, "bytes": self.bytes,
            "skipped": self.skipped_duplicates + self.skipped_files,
            "skipped_duplicates": self.skipped_duplicates, "skipped_files": self.skipped_files,
            "rejected_files": self.rejected_files, "errors": self.errors, "labelled": self.labelled,
            "source_ids": self.source_ids,
            "problems": [
                {"file": p.file, "line": p.line, "reason": p.reason, "severity": p.severity}
                for p in self.problems
            ],
        }
