"""Exporting labelled data: one row per labelled document with its gold label.

Rows carry ``id, text, label, split, annotator, schema``; ``label`` is a string in a
single-label schema and a list in a multi-label one (joined with ';' in CSV). Documents
whose annotators disagree and that no reviewer has resolved are left out and counted, so
a training set never holds a coin toss. Files are written atomically: a cancelled or
failed export leaves the previous file untouched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmstudio.core.atomic import atomic_writer
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.labels.annotations import GoldLabel, iter_gold
from llmstudio.core.labels.io import MULTI_SEPARATOR, _pyarrow, format_for
from llmstudio.core.labels.schemas import LabelError, LabelSchema, get_schema, list_schemas
from llmstudio.core.project import Project

EXPORT_FIELDS = ("id", "text", "label", "split", "annotator", "schema")
_CHUNK = 900


@dataclass(frozen=True)
class ExportReport:
    path: str
    format: str
    schema: str
    rows: int
    conflicts_left_out: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def export_schema(project: Project, schema_name: str | None) -> LabelSchema:
    """The schema to export: the named one, or the only one (several need a choice)."""
    if schema_name is not None:
        return get_schema(project, schema_name)
    schemas = list_schemas(project)
    if len(schemas) > 1:
        names = ", ".join(s.name for s in schemas)
        raise LabelError(f"this project has several label schemas ({names}); choose one with --schema")
    return get_schema(project, None)


def iter_export_rows(
    project: Project, schema: LabelSchema, cancel: CancelToken | None = None, conflicts: list[int] | None = None
) -> Iterator[dict[str, Any]]:
    """The export rows in document order, streamed in chunks; conflicts go to ``conflicts``."""
    cancel = cancel or CancelToken()
    batch: list[GoldLabel] = []
    for gold in iter_gold(project, schema):
        if gold.conflict:
            if conflicts is not None:
                conflicts.append(gold.document_id)
            continue
        batch.append(gold)
        if len(batch) >= _CHUNK:
            cancel.raise_if_cancelled()
            yield from _rows(project, schema, batch)
            batch = []
    yield from _rows(project, schema, batch)


def _rows(project: Project, schema: LabelSchema, batch: list[GoldLabel]) -> Iterator[dict[str, Any]]:
    if not batch:
        return
    marks = ",".join("?" * len(batch))
    ids = [g.document_id for g in batch]
    texts = dict(project.db.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", ids))
    splits = dict(
        project.db.execute(
            f"SELECT document_id, split FROM document_splits WHERE document_id IN ({marks})", ids
        )
    )
    for g in batch:
        yield {
            "id": g.document_id,
            "text": texts[g.document_id],
            "label": list(g.labels) if schema.multi else g.labels[0],
            "split": splits.get(g.document_id, ""),
            "annotator": ",".join(g.annotators),
            "schema": schema.name,
        }


def export_labels(
    project: Project,
    path: Path,
    fmt: str | None = None,
    schema_name: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportReport:
    """Write the labelled data of one schema to ``path`` as JSONL, CSV or Parquet."""
    cancel = cancel or CancelToken()
    path = Path(path)
    fmt = format_for(path, fmt)
    schema = export_schema(project, schema_name)
    conflicts: list[int] = []
    progress(None, f"exporting '{schema.name}'")
    rows = 0
    if fmt == "parquet":
        pa = _pyarrow()
        columns: dict[str, list[Any]] = {name: [] for name in EXPORT_FIELDS}
        for row in iter_export_rows(project, schema, cancel, conflicts):
            for name in EXPORT_FIELDS:
                columns[name].append(row[name])
            rows += 1
        table = pa.table(columns)
        with atomic_writer(path) as handle:
            pa.parquet.write_table(table, handle)
    else:
        with atomic_writer(path) as handle:
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            if fmt == "jsonl":
                for row in iter_export_rows(project, schema, cancel, conflicts):
                    text.write(json.dumps(row, ensure_ascii=False) + "\n")
                    rows += 1
            else:
                writer = csv.DictWriter(text, fieldnames=EXPORT_FIELDS)
                writer.writeheader()
                for row in iter_export_rows(project, schema, cancel, conflicts):
                    if isinstance(row["label"], list):
                        row["label"] = MULTI_SEPARATOR.join(row["label"])
                    writer.writerow(row)
                    rows += 1
            text.flush()
            text.detach()
    progress(1.0, f"exported {rows} rows")
    return ExportReport(str(path), fmt, schema.name, rows, len(conflicts))
