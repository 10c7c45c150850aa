"""Train / validation / test splits: seeded, stratified by label, duplicates kept together.

A split that puts one copy of a text in train and another in test inflates every score,
so documents are first grouped: exact duplicates share a ``content_hash``; near duplicates
share a normalised-text hash (case, whitespace and punctuation ignored) and, on projects up
to ``MINHASH_MAX_DOCS`` documents, a MinHash LSH bucket (the cleaning step's
defaults: word 4-grams, 14 bands x 8 rows, so pairs above Jaccard ~0.72 are likely caught).
Above that size MinHash would cost minutes, so only the cheap keys are used and the report
says so. A group always goes to one split. Groups are stratified by their gold label (unlabeled documents
form their own stratum) and handed out, in a seeded random order, to the split furthest
below its target share. The same seed and data give the same split.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import string
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.labels.annotations import iter_gold
from llmstudio.core.labels.schemas import LabelError, find_schema, list_schemas
from llmstudio.core.project import Project

log = logging.getLogger(__name__)

SPLIT_NAMES = ("train", "validation", "test")
UNLABELED = "(unlabeled)"
SETTING_KEY = "labels.split"
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
# What _PUNCT turns into spaces, for ASCII text: punctuation (with "_") and control bytes.
_ASCII_TO_SPACE = str.maketrans({c: " " for c in string.punctuation + "".join(map(chr, [*range(32), 127]))})
BATCH = 20_000
MINHASH_MAX_DOCS = 200_000
NEAR_METHODS = ("auto", "minhash", "normalized")


def near_duplicate_key(text: str, *, raw: bool = False) -> str | bytes:
    """A hash that ignores case, Unicode compatibility forms, whitespace and punctuation."""
    if text.isascii():  # the fast path for most text: no Unicode folding needed
        norm = " ".join(text.lower().translate(_ASCII_TO_SPACE).split())
    else:
        norm = unicodedata.normalize("NFKC", text).casefold()
        norm = " ".join(_PUNCT.sub(" ", norm).split())
    digest = hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=12)
    return digest.digest() if raw else digest.hexdigest()


def parse_ratios(text: str) -> tuple[float, float, float]:
    """'0.8,0.1,0.1' -> (0.8, 0.1, 0.1); two values mean no test split."""
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise LabelError(f"ratios must be numbers like 0.8,0.1,0.1, not '{text}'") from None
    if len(values) == 2:
        values.append(0.0)
    if len(values) != 3 or any(v < 0 for v in values) or sum(values) <= 0:
        raise LabelError(
            f"give three non-negative ratios for train,validation,test (e.g. 0.8,0.1,0.1), not '{text}'"
        )
    total = sum(values)
    if abs(total - 1.0) > 1e-6:
        log.info("ratios %s do not add up to 1; scaling them", text)
    return (values[0] / total, values[1] / total, values[2] / total)


@dataclass
class SplitReport:
    ratios: tuple[float, float, float]
    seed: int
    schema: str | None
    counts: dict[str, int] = field(default_factory=dict)
    by_label: dict[str, dict[str, int]] = field(default_factory=dict)
    duplicate_groups: int = 0  # groups of two or more documents kept together
    grouped_documents: int = 0
    leaks: int = 0  # duplicate groups spread over splits (0 after a split by this module)
    near_duplicates: str = "normalized"  # how near duplicates were found: minhash | normalized

    def to_dict(self) -> dict[str, Any]:
        return {
            "ratios": list(self.ratios),
            "seed": self.seed,
            "schema": self.schema,
            "counts": self.counts,
            "by_label": self.by_label,
            "duplicate_groups": self.duplicate_groups,
            "grouped_documents": self.grouped_documents,
            "leaks": self.leaks,
            "near_duplicates": self.near_duplicates,
        }


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def near_method(project: Project, method: str = "auto") -> str:
    if method not in NEAR_METHODS:
        raise LabelError(f"near-duplicate method is one of {', '.join(NEAR_METHODS)}, not '{method}'")
    if method == "auto":
        return "minhash" if project.document_count() <= MINHASH_MAX_DOCS else "normalized"
    return method


def duplicate_groups(
    project: Project,
    cancel: CancelToken | None = None,
    progress: Progress = no_progress,
    method: str = "auto",
) -> dict[int, int]:
    """Map document id -> group id (its smallest member), for documents that have duplicates.

    A document missing from the map is alone. Exact duplicates come from the content-hash
    index in SQL; near-duplicate keys need the text, read once in id order.
    """
    cancel = cancel or CancelToken()
    total = max(1, project.document_count())
    uf = _UnionFind()
    for (ids,) in project.db.execute(
        "SELECT group_concat(id) FROM documents GROUP BY content_hash HAVING count(*) > 1"
    ):
        members = [int(x) for x in ids.split(",")]
        for other in members[1:]:
            uf.union(members[0], other)
    hasher = None
    if near_method(project, method) == "minhash":
        # Imported here: the cleaning package takes a second to import, and stats never need it.
        from llmstudio.core.cleaning.steps.minhash import MinHasher

        hasher = MinHasher()
    buckets: dict[int, int] = {}
    first_by_near: dict[str | bytes, int] = {}
    done = 0
    cursor = project.db.cursor()
    cursor.row_factory = None  # plain tuples: a million sqlite3.Row objects cost seconds
    cursor.execute("SELECT id, text FROM documents ORDER BY id")
    while rows := cursor.fetchmany(BATCH):
        cancel.raise_if_cancelled()
        for doc_id, text in rows:
            other = first_by_near.setdefault(near_duplicate_key(text, raw=True), doc_id)
            if other != doc_id:
                uf.union(other, doc_id)
            signature = hasher.signature(text) if hasher is not None else None
            if hasher is not None and signature is not None:
                for key in hasher.band_keys(signature).tolist():
                    other = buckets.setdefault(key, doc_id)
                    if other != doc_id:
                        uf.union(other, doc_id)
        done += len(rows)
        progress(0.6 * done / total, "grouping duplicates")
    groups = {doc_id: uf.find(doc_id) for doc_id in list(uf.parent)}  # every non-root member
    groups.update({root: root for root in set(groups.values())})  # and the roots themselves
    return groups


@declares(Changed.SPLITS)
def make_splits(
    project: Project,
    ratios: tuple[float, float, float] = (0.8, 0.1, 0.1),
    seed: int = 0,
    schema_name: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    near_duplicates: str = "auto",
) -> SplitReport:
    """Assign every document to train / validation / test and store it (one transaction)."""
    cancel = cancel or CancelToken()
    schema = find_schema(project, schema_name) if schema_name else None
    if schema_name and schema is None:
        raise LabelError(f"there is no label schema '{schema_name}' to stratify by")
    if schema is None and schema_name is None:
        schemas = list_schemas(project)
        schema = schemas[0] if schemas else None
    if project.document_count() == 0:
        raise LabelError("this project has no documents to split; import some text first")
    method = near_method(project, near_duplicates)
    groups = duplicate_groups(project, cancel, progress, method)
    gold: dict[int, str] = {}
    if schema is not None:
        for g in iter_gold(project, schema):
            if g.labels:
                gold[g.document_id] = "+".join(g.labels)
    cancel.raise_if_cancelled()
    # A unit is a lone document (its id) or a duplicate group (its smallest id, in members).
    members: dict[int, list[int]] = defaultdict(list)
    group: int | None
    for doc_id, group in groups.items():
        members[group].append(doc_id)
    strata: dict[str, list[int]] = defaultdict(list)
    ids_cursor = project.db.cursor()
    ids_cursor.row_factory = None
    for (doc_id,) in ids_cursor.execute("SELECT id FROM documents ORDER BY id"):
        group = groups.get(doc_id)
        if group is None:
            strata[gold.get(doc_id, UNLABELED)].append(doc_id)
        elif group == doc_id:
            votes = Counter(gold[d] for d in members[group] if d in gold)
            strata[votes.most_common(1)[0][0] if votes else UNLABELED].append(group)
    rng = random.Random(seed)
    report = SplitReport(ratios, seed, schema.name if schema else None, near_duplicates=method)
    counts: Counter[str] = Counter()
    assigned_ids: list[int] = []
    assigned_split: list[int] = []
    for stratum in sorted(strata):
        units = strata[stratum]
        rng.shuffle(units)
        size = sum(len(members[u]) if u in members else 1 for u in units)
        targets = [r * size for r in ratios]
        filled = [0, 0, 0]
        for unit in units:
            # The split furthest below its target share takes the next unit.
            k = max(range(3), key=lambda i: targets[i] - filled[i])
            docs = members[unit] if unit in members else (unit,)
            filled[k] += len(docs)
            assigned_ids.extend(docs)
            assigned_split.extend([k] * len(docs))
        report.by_label[stratum] = dict(zip(SPLIT_NAMES, filled, strict=False))
        counts.update(dict(zip(SPLIT_NAMES, filled, strict=False)))
    progress(0.7, "writing splits")
    cancel.raise_if_cancelled()
    # Inserting in id order keeps the foreign-key lookups into documents sequential: about
    # twice as fast as the shuffled order on a million rows.
    ids = np.asarray(assigned_ids, dtype=np.int64)
    codes = np.asarray(assigned_split, dtype=np.int8)
    order = np.argsort(ids, kind="stable")
    del assigned_ids, assigned_split
    with transaction(project.db) as conn:
        conn.execute("DELETE FROM document_splits")
        conn.executemany(
            "INSERT INTO document_splits(document_id, split) VALUES (?, ?)",
            zip(ids[order].tolist(), (SPLIT_NAMES[k] for k in codes[order].tolist()), strict=False),
        )
    report.counts = {name: counts.get(name, 0) for name in SPLIT_NAMES}
    report.duplicate_groups = len(members)
    report.grouped_documents = len(groups)
    report.leaks = len(find_leaks(project, groups))
    progress(1.0, "split done")
    return report


def find_leaks(project: Project, groups: dict[int, int] | None = None) -> list[list[int]]:
    """Duplicate groups whose documents sit in more than one split (each as its doc ids)."""
    groups = groups if groups is not None else duplicate_groups(project)
    split_of: dict[int, str] = {}
    ids = list(groups)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        split_of.update(
            project.db.execute(
                f"SELECT document_id, split FROM document_splits WHERE document_id IN ({marks})", chunk
            ).fetchall()
        )
    seen: dict[int, set[str]] = defaultdict(set)
    docs: dict[int, list[int]] = defaultdict(list)
    for doc_id, group in groups.items():
        if doc_id in split_of:
            seen[group].add(split_of[doc_id])
            docs[group].append(doc_id)
    leaks = [docs[g] for g, names in seen.items() if len(names) > 1]
    if leaks:
        log.warning("%d duplicate groups span more than one split", len(leaks))
    return leaks


def split_counts(project: Project) -> dict[str, int]:
    counts = dict.fromkeys(SPLIT_NAMES, 0)
    for name, n in project.db.execute("SELECT split, count(*) FROM document_splits GROUP BY split"):
        counts[name] = n
    return counts
