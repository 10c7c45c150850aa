"""Label schemas: the questions a person answers about each document.

A project holds several schemas ("sentiment", "topic"); each is single-label or
multi-label and lists its labels with a colour, a one-key shortcut and a description,
plus written guidelines shown beside the text. Shortcuts are validated here (one key,
1-9 or a letter, no two labels sharing one) so that the GUI, the CLI and importers all
refuse the same mistakes with the same words. Renaming or merging a label keeps every
annotation; deleting one first tells the caller how many annotations it removes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project, utc_now

SCHEMA_KINDS = ("single", "multi", "pairwise")
VALID_SHORTCUTS = frozenset("123456789abcdefghijklmnopqrstuvwxyz")
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip


class LabelError(StudioError):
    """A label schema, label or annotation request is invalid; the message says why."""


@dataclass(frozen=True)
class Label:
    id: int
    name: str
    color: str
    shortcut: str | None
    description: str = ""


@dataclass(frozen=True)
class LabelSchema:
    id: int
    name: str
    kind: str
    guidelines: str
    labels: tuple[Label, ...] = field(default_factory=tuple)

    @property
    def multi(self) -> bool:
        return self.kind == "multi"

    @property
    def pairwise(self) -> bool:
        """A preference schema: a prompt and two completions, answered A, B or tie (``labels.pairs``)."""
        return self.kind == "pairwise"

    def label(self, name: str) -> Label:
        for label in self.labels:
            if label.name == name:
                return label
        known = ", ".join(lab.name for lab in self.labels) or "none"
        raise LabelError(f"schema '{self.name}' has no label '{name}' (its labels: {known})")

    def label_by_id(self, label_id: int) -> Label:
        for label in self.labels:
            if label.id == label_id:
                return label
        raise LabelError(f"schema '{self.name}' has no label with id {label_id}")

    def by_shortcut(self, key: str) -> Label | None:
        key = key.lower()
        return next((lab for lab in self.labels if lab.shortcut == key), None)


@dataclass(frozen=True)
class LabelSpec:
    """A label to create: name, and optionally colour, shortcut and description."""

    name: str
    color: str | None = None
    shortcut: str | None = None
    description: str = ""


def normalize_shortcut(key: str | None) -> str | None:
    if key is None or key == "":
        return None
    key = key.strip().lower()
    if key not in VALID_SHORTCUTS:
        raise LabelError(
            f"'{key}' cannot be a label shortcut; use one key: 1-9 or a letter a-z"
        )
    return key


def _validate_specs(specs: Sequence[LabelSpec], taken: dict[str, str]) -> list[LabelSpec]:
    """Fill in shortcuts and colours; refuse empty names, duplicates and shortcut clashes."""
    names = set(taken.values())
    out: list[LabelSpec] = []
    used = dict(taken)  # shortcut -> label name
    for spec in specs:
        name = spec.name.strip()
        if not name:
            raise LabelError("a label needs a name; empty label names are not allowed")
        if name in names:
            raise LabelError(f"the label '{name}' appears twice; label names must be unique")
        names.add(name)
        key = normalize_shortcut(spec.shortcut)
        if key is not None and key in used:
            raise LabelError(
                f"labels '{used[key]}' and '{name}' both use the shortcut '{key}'; "
                "give each label its own key"
            )
        if key is not None:
            used[key] = name
        out.append(LabelSpec(name, spec.color, key, spec.description))
    # Labels without a shortcut get the next free digit, as Prodigy and doccano do.
    free = [k for k in "123456789" if k not in used]
    filled = []
    for i, spec in enumerate(out):
        key = spec.shortcut
        if key is None and free:
            key = free.pop(0)
        color = spec.color or PALETTE[(len(taken) + i) % len(PALETTE)]
        filled.append(LabelSpec(spec.name, color, key, spec.description))
    return filled


@declares(Changed.LABELS)
def create_schema(
    project: Project,
    name: str,
    labels: Iterable[LabelSpec | str],
    *,
    kind: str = "single",
    guidelines: str = "",
) -> LabelSchema:
    """Create a schema with its labels; refuses an empty schema and shortcut clashes."""
    name = name.strip()
    if not name:
        raise LabelError("a label schema needs a name (for example 'sentiment')")
    if kind == "pairwise":
        raise LabelError("a pairwise schema has no labels; create it with labels.pairs.create_pair_schema")
    if kind not in SCHEMA_KINDS:
        raise LabelError(f"schema kind must be 'single', 'multi' or 'pairwise', not '{kind}'")
    specs = [LabelSpec(x) if isinstance(x, str) else x for x in labels]
    if not specs:
        raise LabelError(
            f"the schema '{name}' has no labels; give it at least one label "
            "(for example positive, negative)"
        )
    specs = _validate_specs(specs, {})
    with transaction(project.db) as conn:
        try:
            cur = conn.execute(
                "INSERT INTO label_schemas(name, kind, guidelines, created_at) VALUES (?,?,?,?)",
                (name, kind, guidelines, utc_now()),
            )
        except sqlite3.IntegrityError:
            raise LabelError(f"a schema named '{name}' already exists; pick another name") from None
        schema_id = int(cur.lastrowid or 0)
        _insert_labels(conn, schema_id, specs, start=0)
    return get_schema(project, name)


def _insert_labels(conn: sqlite3.Connection, schema_id: int, specs: list[LabelSpec], start: int) -> None:
    conn.executemany(
        "INSERT INTO labels(schema_id, name, color, shortcut, description, position) "
        "VALUES (?,?,?,?,?,?)",
        [
            (schema_id, s.name, s.color, s.shortcut, s.description, start + i)
            for i, s in enumerate(specs)
        ],
    )


def list_schemas(project: Project, *, include_pairwise: bool = False) -> list[LabelSchema]:
    """The project's schemas, oldest first: those that label documents, and pairwise ones when asked."""
    where = "" if include_pairwise else " WHERE kind != 'pairwise'"
    rows = project.db.execute(f"SELECT name FROM label_schemas{where} ORDER BY id").fetchall()
    return [get_schema(project, row[0]) for row in rows]


def find_schema(project: Project, name: str) -> LabelSchema | None:
    row = project.db.execute(
        "SELECT id, name, kind, guidelines FROM label_schemas WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        return None
    labels = project.db.execute(
        "SELECT id, name, color, shortcut, description FROM labels WHERE schema_id = ? "
        "ORDER BY position, id",
        (row["id"],),
    ).fetchall()
    return LabelSchema(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        guidelines=row["guidelines"],
        labels=tuple(Label(**dict(r)) for r in labels),
    )


def get_schema(project: Project, name: str | None = None) -> LabelSchema:
    """A schema by name, or the first document schema when ``name`` is None; a clear error if none."""
    if name is None:
        row = project.db.execute(
            "SELECT name FROM label_schemas WHERE kind != 'pairwise' ORDER BY id LIMIT 1"
        ).fetchone()
        if row is None:
            raise LabelError(
                "this project has no label schema yet; create one in the Label panel "
                "or import labels with 'llmstudio labels DIR import FILE'"
            )
        name = row[0]
    schema = find_schema(project, name)
    if schema is None:
        known = [r[0] for r in project.db.execute("SELECT name FROM label_schemas ORDER BY id")]
        raise LabelError(
            f"there is no label schema '{name}' (schemas: {', '.join(known) or 'none'})"
        )
    return schema


@declares(Changed.LABELS)
def add_labels(project: Project, schema_name: str, labels: Iterable[LabelSpec | str]) -> LabelSchema:
    schema = get_schema(project, schema_name)
    specs = [LabelSpec(x) if isinstance(x, str) else x for x in labels]
    taken = {lab.shortcut or f"\0{lab.id}": lab.name for lab in schema.labels}
    specs = _validate_specs(specs, taken)
    with transaction(project.db) as conn:
        _insert_labels(conn, schema.id, specs, start=len(schema.labels))
    return get_schema(project, schema_name)


@declares(Changed.LABELS)
def update_label(
    project: Project,
    schema_name: str,
    name: str,
    *,
    new_name: str | None = None,
    color: str | None = None,
    shortcut: str | None = None,
    description: str | None = None,
) -> LabelSchema:
    """Rename a label or change its colour, shortcut or description; annotations stay."""
    schema = get_schema(project, schema_name)
    label = schema.label(name)
    if new_name is not None:
        new_name = new_name.strip()
        if not new_name:
            raise LabelError("a label needs a name; empty label names are not allowed")
        if new_name != name and any(lab.name == new_name for lab in schema.labels):
            raise LabelError(
                f"'{new_name}' already exists in '{schema.name}'; merge the labels instead"
            )
    if shortcut is not None:
        key = normalize_shortcut(shortcut)
        other = next((lab for lab in schema.labels if lab.shortcut == key and lab.id != label.id), None)
        if key is not None and other is not None:
            raise LabelError(
                f"the shortcut '{key}' already belongs to '{other.name}'; choose another key"
            )
    with transaction(project.db) as conn:
        conn.execute(
            "UPDATE labels SET name = ?, color = ?, shortcut = ?, description = ? WHERE id = ?",
            (
                new_name if new_name is not None else label.name,
                color if color is not None else label.color,
                normalize_shortcut(shortcut) if shortcut is not None else label.shortcut,
                description if description is not None else label.description,
                label.id,
            ),
        )
    return get_schema(project, schema_name)


@declares(Changed.LABELS)
def rename_label(project: Project, schema_name: str, old: str, new: str) -> LabelSchema:
    return update_label(project, schema_name, old, new_name=new)


@declares(Changed.LABELS)
def set_guidelines(project: Project, schema_name: str, guidelines: str) -> None:
    schema = get_schema(project, schema_name)
    with transaction(project.db) as conn:
        conn.execute("UPDATE label_schemas SET guidelines = ? WHERE id = ?", (guidelines, schema.id))


def label_usage(project: Project, schema_name: str, name: str) -> int:
    """How many annotations carry the label: what deleting it would remove."""
    label = get_schema(project, schema_name).label(name)
    return project.count("SELECT count(*) FROM annotation_labels WHERE label_id = ?", (label.id,))


@declares(Changed.LABELS)
def merge_labels(project: Project, schema_name: str, source: str, target: str) -> int:
    """Move every use of ``source`` onto ``target`` and remove ``source``; returns moved count."""
    schema = get_schema(project, schema_name)
    src, dst = schema.label(source), schema.label(target)
    if src.id == dst.id:
        raise LabelError("a label cannot be merged into itself; pick two different labels")
    with transaction(project.db) as conn:
        moved = conn.execute(
            "SELECT count(*) FROM annotation_labels WHERE label_id = ?", (src.id,)
        ).fetchone()[0]
        # An annotation holding both labels (multi-label) keeps one row for the target.
        conn.execute(
            "UPDATE OR IGNORE annotation_labels SET label_id = ? WHERE label_id = ?",
            (dst.id, src.id),
        )
        conn.execute(
            "UPDATE OR IGNORE label_resolutions SET label_id = ? WHERE label_id = ?",
            (dst.id, src.id),
        )
        conn.execute("DELETE FROM labels WHERE id = ?", (src.id,))
    return int(moved)


@declares(Changed.LABELS)
def delete_label(project: Project, schema_name: str, name: str) -> int:
    """Delete a label and the annotation choices that use it; returns how many went.

    Callers ask the person first, showing ``label_usage``. Annotations left with no label
    at all are removed too, so a document returns to the unlabeled queue.
    """
    schema = get_schema(project, schema_name)
    label = schema.label(name)
    if len(schema.labels) == 1:
        raise LabelError(
            f"'{name}' is the last label of '{schema.name}'; a schema needs at least one label "
            "(delete the schema instead)"
        )
    with transaction(project.db) as conn:
        removed = conn.execute(
            "SELECT count(*) FROM annotation_labels WHERE label_id = ?", (label.id,)
        ).fetchone()[0]
        conn.execute("DELETE FROM labels WHERE id = ?", (label.id,))
        conn.execute(
            "DELETE FROM annotations WHERE schema_id = ? AND status = 'labeled' AND id NOT IN "
            "(SELECT annotation_id FROM annotation_labels)",
            (schema.id,),
        )
    return int(removed)
