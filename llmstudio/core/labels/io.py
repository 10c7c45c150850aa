"""Importing labels from JSONL, CSV or Parquet files (export lives in label_export).

Import matches rows to documents by ``id`` (or ``document_id``) or by exact ``text``
(through the content hash). Bad rows never stop the good ones: unknown ids, texts that
match no document and label names the schema does not have are listed in the report and
the rest is imported. A file mixing several schemas, or with no labels at all, is refused
with a message, before anything is written. Rows are then written in chunks, each in its
own transactions: a cancel keeps the chunks already written, whole. Parquet needs pyarrow, which
is optional: without it the error says how to install it or which format to use instead.
"""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmstudio.core.changes import Changed, declares
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.labels.annotations import add_annotations
from llmstudio.core.labels.schemas import LabelError, create_schema, find_schema, list_schemas
from llmstudio.core.project import Project
from llmstudio.core.text import content_hash

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")
MULTI_SEPARATOR = ";"  # joins a multi-label set in one CSV cell
DEFAULT_SCHEMA = "label"
_CHUNK = 900  # below SQLite's default limit of host parameters
IMPORT_CHUNK = 20_000  # rows matched and written per transaction batch
MAX_LISTED = 1000  # problems kept word for word; the rest are counted


@dataclass
class LabelImportReport:
    schema: str
    rows: int = 0
    imported: int = 0
    unknown_ids: list[int] = field(default_factory=list)
    unmatched_texts: int = 0
    unknown_labels: dict[str, int] = field(default_factory=dict)
    bad_rows: list[str] = field(default_factory=list)  # the first MAX_LISTED
    bad_row_count: int = 0

    def bad(self, problem: str) -> None:
        self.bad_row_count += 1
        if len(self.bad_rows) < MAX_LISTED:
            self.bad_rows.append(problem)

    def problems(self) -> list[str]:
        out: list[str] = []
        if self.unknown_ids:
            shown = ", ".join(str(i) for i in self.unknown_ids[:20])
            more = "" if len(self.unknown_ids) <= 20 else f" and {len(self.unknown_ids) - 20} more"
            out.append(f"{len(self.unknown_ids)} rows name unknown document ids: {shown}{more}")
        if self.unmatched_texts:
            out.append(f"{self.unmatched_texts} rows have a text that matches no document")
        if self.unknown_labels:
            names = ", ".join(f"'{k}' ({v})" for k, v in sorted(self.unknown_labels.items()))
            out.append(f"labels not in schema '{self.schema}' were skipped: {names}")
        out.extend(self.bad_rows[:20])
        if self.bad_row_count > 20:
            out.append(f"... and {self.bad_row_count - 20} more rows with problems")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "rows": self.rows,
            "imported": self.imported,
            "unknown_ids": self.unknown_ids,
            "unmatched_texts": self.unmatched_texts,
            "unknown_labels": self.unknown_labels,
            "problems": self.problems(),
        }


def format_for(path: Path, fmt: str | None) -> str:
    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    fmt = {"ndjson": "jsonl", "json": "jsonl", "pq": "parquet"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise LabelError(f"cannot tell the format of {path}; use --format jsonl, csv or parquet")
    return fmt


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise LabelError(
            "Parquet needs the optional package pyarrow, which is not installed; install it "
            "with 'pip install pyarrow' (the llmstudio[parquet] extra) or use --format jsonl or csv"
        ) from None
    return pyarrow


def read_rows(path: Path, fmt: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line or row number, record) for every record of a label file."""
    path = Path(path)
    if not path.is_file():
        raise LabelError(f"{path} does not exist or is not a file")
    fmt = format_for(path, fmt)
    if fmt == "jsonl":
        with open(path, encoding="utf-8-sig") as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LabelError(f"{path.name}:{n} is not valid JSON ({exc.msg}); fix or remove the line") from None
                if not isinstance(record, dict):
                    raise LabelError(f"{path.name}:{n} is not a JSON object with fields like id and label")
                yield n, record
    elif fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for n, record in enumerate(csv.DictReader(handle), 2):
                yield n, record
    else:
        table = _pyarrow().parquet.read_table(path)
        for n, record in enumerate(table.to_pylist(), 1):
            yield n, record


def _labels_of(value: Any, multi: bool) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if multi and MULTI_SEPARATOR in text:
        return [v.strip() for v in text.split(MULTI_SEPARATOR) if v.strip()]
    return [text] if text else []


@declares(Changed.LABELS)
def import_labels(
    project: Project,
    path: Path,
    *,
    schema_name: str | None = None,
    annotator: str = "import",
    fmt: str | None = None,
    kind: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LabelImportReport:
    """Import a label file; see the module docstring for what is matched and reported.

    Two streamed passes, so a file of millions of rows is never held in memory: the first
    checks the whole file (valid records, one schema, some labels) before anything is
    written; the second matches and writes ``IMPORT_CHUNK`` rows at a time.
    """
    cancel = cancel or CancelToken()
    file_schemas: set[str] = set()
    raw_labels: dict[Any, None] = {}  # every distinct label value, in file order
    rows = 0
    for _, record in read_rows(path, fmt):
        rows += 1
        if record.get("schema") not in (None, ""):
            file_schemas.add(str(record["schema"]))
        value = record.get("label", record.get("labels"))
        raw_labels[tuple(value) if isinstance(value, list) else value] = None
        if rows % 50_000 == 0:
            cancel.raise_if_cancelled()
            progress(None, f"checking {rows:,} rows")
    if len(file_schemas) > 1:
        raise LabelError(
            f"{Path(path).name} mixes several schemas ({', '.join(sorted(file_schemas))}); "
            "split it into one file per schema and import each"
        )
    if schema_name is None:
        if file_schemas:
            schema_name = file_schemas.pop()
        else:
            schemas = list_schemas(project)
            schema_name = schemas[0].name if len(schemas) == 1 else DEFAULT_SCHEMA
    schema = find_schema(project, schema_name)
    multi = schema.multi if schema else any(isinstance(v, tuple) for v in raw_labels)
    if kind is not None:
        multi = kind == "multi"
    all_labels = list(
        dict.fromkeys(lab for v in raw_labels for lab in _labels_of(list(v) if isinstance(v, tuple) else v, multi))
    )
    if not all_labels:
        raise LabelError(
            f"{Path(path).name} holds no labels, so schema '{schema_name}' would be empty; "
            "each row needs a 'label' field"
        )
    known = set(all_labels) if schema is None else {lab.name for lab in schema.labels}
    kind_name = "multi" if multi else "single"
    report = LabelImportReport(schema=schema_name, rows=rows)
    unknown_labels: Counter[str] = Counter()
    chunk: list[tuple[Any, list[str], str]] = []

    def flush() -> None:
        nonlocal schema
        ids = _resolve_documents(project, [key for key, _, _ in chunk], cancel)
        by_annotator: dict[str, list[tuple[int, str]]] = {}
        for key, labels, who in chunk:
            docs = ids.get(key, [])
            if not docs:
                if isinstance(key, int):
                    report.unknown_ids.append(key)
                else:
                    report.unmatched_texts += 1
                continue
            for label in labels:
                if label not in known:
                    unknown_labels[label] += 1
                    continue
                by_annotator.setdefault(who, []).extend((doc, label) for doc in docs)
        if schema is None and by_annotator:
            # A new schema gets every label of the file, in the file's order.
            schema = create_schema(project, schema_name, all_labels, kind=kind_name)
        for who, pairs in by_annotator.items():
            report.imported += add_annotations(project, schema_name, pairs, who, kind=kind_name)
        chunk.clear()

    done = 0
    for n, record in read_rows(path, fmt):
        done += 1
        labels = _labels_of(record.get("label", record.get("labels")), multi)
        who = str(record.get("annotator") or annotator).strip() or annotator
        raw_id = record.get("id", record.get("document_id"))
        if raw_id not in (None, ""):
            try:
                key: Any = int(raw_id)
            except (TypeError, ValueError):
                report.bad(f"row {n}: id '{raw_id}' is not a number")
                continue
        elif record.get("text") not in (None, ""):
            key = str(record["text"])
        else:
            report.bad(f"row {n}: needs an 'id' or a 'text' field")
            continue
        if not labels:
            report.bad(f"row {n}: has no label")
            continue
        chunk.append((key, labels, who))
        if len(chunk) >= IMPORT_CHUNK:
            cancel.raise_if_cancelled()
            flush()
            progress(done / max(1, rows), f"imported {report.imported:,} labels")
    if chunk:
        flush()
    report.unknown_labels = dict(unknown_labels)
    progress(1.0, "labels imported")
    for problem in report.problems():
        log.info("label import: %s", problem)
    return report


def _resolve_documents(
    project: Project, keys: list[Any], cancel: CancelToken
) -> dict[Any, list[int]]:
    """Map each id to [id] when it exists and each text to the documents holding it."""
    out: dict[Any, list[int]] = {}
    numbers = list({k for k in keys if isinstance(k, int)})
    for i in range(0, len(numbers), _CHUNK):
        cancel.raise_if_cancelled()
        chunk = numbers[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for (doc_id,) in project.db.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk):
            out[doc_id] = [doc_id]
    hashes = {content_hash(k): k for k in keys if isinstance(k, str)}
    hash_list = list(hashes)
    for i in range(0, len(hash_list), _CHUNK):
        cancel.raise_if_cancelled()
        hash_chunk = hash_list[i : i + _CHUNK]
        marks = ",".join("?" * len(hash_chunk))
        for doc_id, chash in project.db.execute(
            f"SELECT id, content_hash FROM documents WHERE content_hash IN ({marks}) ORDER BY id", hash_chunk
        ):
            out.setdefault(hashes[chash], []).append(doc_id)
    return out
