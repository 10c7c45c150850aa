"""The labelled documents a classifier learns from, per split, checked before anything is written.

A classifier run reads the gold labels of one schema (a reviewer's resolution, else the
annotators' agreed label; unresolved disagreements are left out) and the project's
train / validation / test assignment. ``labelled_splits`` refuses, with the problem and the
fix in one line, what would make a run meaningless: fewer than two labels in use, a label
without a training example, no split yet, an empty validation or test part. Nothing here
writes to the project, so a refusal leaves it as it was. No torch here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from llmstudio.core.errors import StudioError
from llmstudio.core.labels.annotations import iter_gold
from llmstudio.core.labels.schemas import LabelSchema, find_schema, list_schemas
from llmstudio.core.labels.splits import SPLIT_NAMES
from llmstudio.core.project import Project


class NoSplitError(StudioError):
    """The project has no train/validation/test split yet (the GUI offers to make one)."""


@dataclass(frozen=True)
class LabelledDocs:
    """The labelled documents of one split: ids, gold labels (names), texts."""

    split: str
    ids: list[int]
    labels: list[tuple[str, ...]]
    texts: list[str]

    def __len__(self) -> int:
        return len(self.ids)


def resolve_schema(project: Project, name: str = "") -> LabelSchema:
    """The named schema, or the project's only one; a clear error otherwise."""
    if name:
        schema = find_schema(project, name)
        if schema is None:
            known = ", ".join(s.name for s in list_schemas(project)) or "none yet"
            raise StudioError(f"there is no label schema '{name}' (schemas: {known}); pick one with --schema NAME")
        return schema
    schemas = list_schemas(project)
    if not schemas:
        raise StudioError("this project has no label schema; label some documents first (Label panel, or "
                          "'llmstudio labels DIR import FILE')")
    if len(schemas) > 1:
        raise StudioError(f"this project has {len(schemas)} label schemas ({', '.join(s.name for s in schemas)}); "
                          "choose one with --schema NAME")
    return schemas[0]


def split_of_documents(project: Project) -> dict[int, str]:
    return {int(doc): str(split) for doc, split in project.db.execute("SELECT document_id, split FROM document_splits")}


def document_texts(project: Project, ids: list[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        marks = ",".join("?" * len(chunk))
        texts.update(project.db.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk).fetchall())
    return texts


def iter_document_texts(project: Project, batch: int) -> Iterator[list[tuple[int, str]]]:
    """Every document's (id, text), in id order, ``batch`` at a time (predicting the whole project)."""
    cursor = project.db.cursor()
    cursor.row_factory = None
    cursor.execute("SELECT id, text FROM documents ORDER BY id")
    while chunk := cursor.fetchmany(batch):
        yield [(int(doc), str(text)) for doc, text in chunk]


def labelled_splits(project: Project, schema: LabelSchema) -> dict[str, LabelledDocs]:
    """train / validation / test labelled documents of ``schema``, validated for training."""
    labels = [lab.name for lab in schema.labels]
    gold = [(g.document_id, g.labels) for g in iter_gold(project, schema) if g.labels]
    used = Counter(name for _, names in gold for name in names)
    in_use = [name for name in labels if used[name]]
    if len(in_use) < 2:
        have = f"only {', '.join(in_use)}" if in_use else "none"
        raise StudioError(
            f"schema '{schema.name}' has fewer than two labels in use ({have}); a classifier needs examples of at "
            f"least two labels: label more documents in the Label panel")
    splits = split_of_documents(project)
    if not splits:
        raise NoSplitError(
            "there is no train/validation/test split yet; make one with 'llmstudio split DIR --schema "
            f"{schema.name}' (or Split in the Label panel), then train again")
    by_split: dict[str, list[tuple[int, tuple[str, ...]]]] = {name: [] for name in SPLIT_NAMES}
    for doc, names in gold:
        split = splits.get(doc)
        if split in by_split:
            by_split[split].append((doc, names))
    for split in ("validation", "test"):
        if not by_split[split]:
            raise StudioError(
                f"the {split} part of the split holds no labelled document of '{schema.name}'; split again with "
                f"room for it, e.g. 'llmstudio split DIR --schema {schema.name} --ratios 0.8,0.1,0.1'")
    train_counts = Counter(name for _, names in by_split["train"] for name in names)
    missing = [name for name in labels if not train_counts[name]]
    if missing:
        raise StudioError(
            f"label{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)} of schema "
            f"'{schema.name}' {'have' if len(missing) > 1 else 'has'} no example in the train split; label such "
            f"documents, re-split (llmstudio split DIR --schema {schema.name}), or delete the unused label")
    result: dict[str, LabelledDocs] = {}
    for split, rows in by_split.items():
        ids = [doc for doc, _ in rows]
        texts = document_texts(project, ids)
        result[split] = LabelledDocs(split, ids, [names for _, names in rows], [texts[i] for i in ids])
    return result


def check_labels_unchanged(schema: LabelSchema, run_labels: list[str], run_id: int) -> None:
    """Refuse to use run ``run_id`` when its schema's labels are no longer the ones it learned."""
    now = [lab.name for lab in schema.labels]
    if now != list(run_labels):
        raise StudioError(
            f"the labels of schema '{schema.name}' changed since classifier run {run_id} was trained (run: "
            f"{', '.join(run_labels)}; now: {', '.join(now) or 'none'}); retrain it (Retrain in the Train panel, "
            f"or 'llmstudio classify train DIR --schema {schema.name}')")
