"""The values every reader shares: what the user chose, what a reader yields, how it complains.

A reader turns one byte stream (a file, an archive member, a downloaded page) into
``Doc`` values. It never touches the database. A problem that spoils one record (a bad
JSON line, a ragged CSV row) is reported through ``ReadContext.report`` and the reader
goes on; a problem that spoils the whole stream raises ``FileRejected`` with a message a
person can act on, and the importer rolls that file back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from llmstudio.core.jobs import CancelToken

FORMATS = ("auto", "txt", "jsonl", "csv", "parquet", "html", "pdf", "docx")
SPLITS = ("auto", "file", "line", "paragraph", "record")
MB = 1024 * 1024


@dataclass(frozen=True)
class ImportOptions:
    """How files become documents. The names match ``llmstudio import``'s options."""

    format: str = "auto"
    """auto (by extension and content) or one of txt, jsonl, csv, parquet, html, pdf, docx."""
    text_field: str | None = None
    """Field or column holding the text; dotted paths (``meta.body``) reach nested JSON.
    None picks one: ``text``, ``content``, ``body``... or the first text column."""
    label_field: str | None = None
    """Field whose value becomes the document's label (already-labelled datasets)."""
    id_field: str | None = None
    """Field whose value is kept as the document's own id."""
    meta_fields: tuple[str, ...] | None = None
    """Fields kept as metadata; None keeps every other top-level field."""
    split: str = "auto"
    """One document per file, line, blank-line-separated paragraph, or record."""
    encoding: str | None = None
    """Text encoding; None detects it (BOM, UTF-8, then charset-normalizer)."""
    csv_delimiter: str | None = None
    """None sniffs it (comma, tab, semicolon, pipe)."""
    csv_header: bool | None = None
    """Whether the first CSV row names the columns; None guesses."""
    include: tuple[str, ...] = ()
    """Globs a file inside a folder must match (any of them) to be imported."""
    exclude: tuple[str, ...] = ()
    """Globs that leave a file out."""
    skip_duplicates: bool = True
    """Skip documents (and whole files) whose content is already in the project."""
    max_document_mb: float = 16.0
    """A longer document (one line, one file...) is skipped with a problem, never loaded."""
    max_unpacked_mb: float = 50_000.0
    """Stop reading a compressed file or archive once it has produced this much."""
    max_compression_ratio: float = 200.0
    """Stop a compressed stream that expands more than this (a decompression bomb)."""
    max_binary_mb: float = 64.0
    """PDF, DOCX and HTML are parsed whole (a parser needs several times the file in memory),
    so larger files are refused rather than risk the memory ceiling."""
    url_max_mb: float = 64.0
    url_timeout_s: float = 20.0
    """A server silent for this long (connecting, or between two reads) is given up on."""
    url_transfer_s: float = 300.0
    """The whole transfer of one URL (redirects, headers, body) must end within this."""

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.split not in SPLITS:
            raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {self.split!r}")
        if self.max_document_mb <= 0:
            raise ValueError("max_document_mb must be positive")

    @property
    def max_document_chars(self) -> int:
        return int(self.max_document_mb * MB)

    def as_json(self) -> dict[str, Any]:
        """The options worth showing beside a source (defaults left out)."""
        default = ImportOptions()
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value != getattr(default, name):
                out[name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(slots=True)
class Doc:
    """One document as it will be stored (made once per record: kept light, not frozen)."""

    origin: str
    """Where it came from inside the source: ``a.jsonl:12``, ``b.zip!/c.txt``, ``d.pdf#page=3``."""
    text: str
    meta: dict[str, Any] | None = None
    label: str | None = None
    external_id: str | None = None


class FileRejected(Exception):
    """The whole stream is unusable; ``str(exc)`` says why and what to do."""


class MissingDependency(FileRejected):
    """A format needs an optional library that is not installed."""

    def __init__(self, fmt: str, package: str, extra: str | None = None) -> None:
        if getattr(sys, "frozen", False):  # an installed app: pip is not available to its users
            super().__init__(
                f"importing {fmt} needs the '{package}' package, which this build of llmstudio does not "
                "include; convert the file to JSON Lines or CSV, or use llmstudio installed with pip"
            )
            return
        how = f"pip install 'llmstudio[{extra}]'" if extra else f"pip install {package}"
        super().__init__(
            f"importing {fmt} needs the '{package}' package, which is not installed; install it with: {how}"
        )


class DiskFull(Exception):
    """The database could not grow; the import stops and the current file is rolled back."""


@dataclass
class ReadContext:
    """What a reader gets besides its stream: the options, a problem sink and the cancel token."""

    name: str
    """The stream's name inside its source (used in origins and problems)."""
    options: ImportOptions
    sink: Callable[[str, int | None, str, str], None]
    """Receives (name, line or None, reason, severity) for every problem found while reading."""
    cancel: CancelToken = field(default_factory=CancelToken)
    detected: dict[str, Any] = field(default_factory=dict)
    """What the reader found out (format, encoding, fields, split) for the preview."""
    invalid_bytes: int = 0
    """Bytes that were not valid in the detected encoding and became U+FFFD."""

    def report(self, line: int | None, reason: str, severity: str = "error") -> None:
        """``error``: a record was skipped; ``rejected``: a member was; ``warning``: kept, but look."""
        self.sink(self.name, line, reason, severity)

    def child(self, name: str) -> ReadContext:
        """A context for an archive member, sharing the sink and the cancel token."""
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:  # a tar member name that is not UTF-8 (surrogate escapes)
            name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return ReadContext(name, self.options, self.sink, self.cancel)
