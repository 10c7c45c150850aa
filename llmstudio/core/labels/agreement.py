"""Agreement between annotators and the review of their disagreements.

For each pair of annotators who labelled the same documents in a schema this computes
Cohen's kappa (observed agreement corrected for the agreement expected by chance from
each annotator's own label frequencies) and the confusion between their labels. In a
multi-label schema the whole label set is one category, so partial overlap counts as a
disagreement. A reviewer resolves a disagreement into a final label; that resolution is
the document's gold label from then on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.labels.annotations import now_ms
from llmstudio.core.labels.schemas import LabelError, LabelSchema
from llmstudio.core.project import Project


def cohens_kappa(a: list[str], b: list[str]) -> float | None:
    """Cohen's kappa of two equally long label lists; None when undefined (no items)."""
    if len(a) != len(b):
        raise ValueError("both annotators need a label for every item")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=False)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0  # one label used throughout: chance explains all
    return (observed - expected) / (1.0 - expected)


@dataclass
class PairAgreement:
    annotators: tuple[str, str]
    items: int
    observed: float
    kappa: float | None
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "items": self.items,
            "observed_agreement": self.observed,
            "kappa": self.kappa,
            "confusion": self.confusion,
        }


def annotator_labels(project: Project, schema: LabelSchema) -> dict[str, dict[int, str]]:
    """annotator -> document -> label key ('a' or 'a+b' for a multi-label set)."""
    names = {lab.id: lab.name for lab in schema.labels}
    sets: dict[tuple[str, int], list[str]] = defaultdict(list)
    for doc, annotator, label_id in project.db.execute(
        "SELECT a.document_id, a.annotator, al.label_id FROM annotations a "
        "JOIN annotation_labels al ON al.annotation_id = a.id "
        "WHERE a.schema_id = ? AND a.status = 'labeled'",
        (schema.id,),
    ):
        sets[(annotator, doc)].append(names[label_id])
    out: dict[str, dict[int, str]] = defaultdict(dict)
    for (annotator, doc), labels in sets.items():
        out[annotator][doc] = "+".join(sorted(labels))
    return dict(out)


def agreement(project: Project, schema: LabelSchema) -> list[PairAgreement]:
    """Pairwise agreement for every pair of annotators sharing at least one document."""
    by_annotator = annotator_labels(project, schema)
    pairs: list[PairAgreement] = []
    for x, y in combinations(sorted(by_annotator), 2):
        shared = sorted(set(by_annotator[x]) & set(by_annotator[y]))
        if not shared:
            continue
        a = [by_annotator[x][d] for d in shared]
        b = [by_annotator[y][d] for d in shared]
        confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for la, lb in zip(a, b, strict=False):
            confusion[la][lb] += 1
        pairs.append(
            PairAgreement(
                (x, y),
                len(shared),
                sum(p == q for p, q in zip(a, b, strict=False)) / len(shared),
                cohens_kappa(a, b),
                {k: dict(v) for k, v in confusion.items()},
            )
        )
    return pairs


@dataclass(frozen=True)
class Disagreement:
    document_id: int
    labels: dict[str, tuple[str, ...]]  # annotator -> labels
    resolution: tuple[str, ...] | None


def disagreements(
    project: Project, schema: LabelSchema, *, include_resolved: bool = False, limit: int | None = None
) -> list[Disagreement]:
    """Documents whose annotators chose different labels, in document order."""
    by_annotator = annotator_labels(project, schema)
    docs: dict[int, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for annotator, labels in by_annotator.items():
        for doc, key in labels.items():
            docs[doc][annotator] = tuple(key.split("+"))
    resolved = resolutions(project, schema)
    out: list[Disagreement] = []
    for doc in sorted(docs):
        sets = {frozenset(v) for v in docs[doc].values()}
        if len(sets) < 2 or (doc in resolved and not include_resolved):
            continue
        out.append(Disagreement(doc, dict(sorted(docs[doc].items())), resolved.get(doc)))
        if limit is not None and len(out) >= limit:
            break
    return out


def resolutions(project: Project, schema: LabelSchema) -> dict[int, tuple[str, ...]]:
    names = {lab.id: lab.name for lab in schema.labels}
    out: dict[int, list[str]] = defaultdict(list)
    for doc, label_id in project.db.execute(
        "SELECT document_id, label_id FROM label_resolutions WHERE schema_id = ?", (schema.id,)
    ):
        out[doc].append(names[label_id])
    return {doc: tuple(v) for doc, v in out.items()}


@declares(Changed.LABELS)
def resolve(
    project: Project, schema: LabelSchema, document_id: int, labels: list[str] | None, reviewer: str
) -> tuple[str, ...] | None:
    """Set (or with None, clear) the final label of a document; returns the previous one."""
    if not reviewer.strip():
        raise LabelError("a reviewer name is needed to resolve a disagreement")
    ids = [] if not labels else [schema.label(name).id for name in labels]
    if len(ids) > 1 and not schema.multi:
        raise LabelError(f"'{schema.name}' is single-label; resolve to one label")
    previous = resolutions(project, schema).get(document_id)
    now = now_ms()
    with transaction(project.db) as conn:
        conn.execute(
            "DELETE FROM label_resolutions WHERE schema_id = ? AND document_id = ?",
            (schema.id, document_id),
        )
        conn.executemany(
            "INSERT INTO label_resolutions(schema_id, document_id, label_id, reviewer, resolved_at) "
            "VALUES (?,?,?,?,?)",
            [(schema.id, document_id, lid, reviewer.strip(), now) for lid in ids],
        )
    return previous
