"""Preference pairs: a prompt, two completions, and which one people prefer (issue #13).

A pairwise label schema (kind ``pairwise``) holds pairs instead of labelling documents. A
person answers a pair with one key: ``a`` or ``b`` (that completion is better), ``tie`` or
``skip``, optionally flagging it; each answer is one row per pair and annotator, written at
once in its own transaction, and returned as a ``PairChange`` whose ``before`` written back is
the undo (as ``annotations.Change`` for documents). Several annotators may answer the same
pair; their agreement is Cohen's kappa over the pairs both answered (``agreement.py``).

``preference_pairs`` is what reward-model and DPO training read: each pair whose annotators'
majority chose A or B, as (prompt, chosen, rejected); ties, skips and split votes are left
out. Its held-out split is a hash of the pair id, so a pair never changes split as more pairs
arrive. JSONL import/export uses the common ``prompt``/``chosen``/``rejected`` lines; an
imported pair is stored answered by the annotator ``import``, with A and B in an order drawn
from its text (so someone labelling imported pairs does not always see the chosen one as A).
No torch here.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from llmstudio.core.atomic import atomic_writer
from llmstudio.core.changes import Changed, declares
from llmstudio.core.db import transaction
from llmstudio.core.labels.agreement import PairAgreement, cohens_kappa
from llmstudio.core.labels.annotations import now_ms
from llmstudio.core.labels.schemas import LabelError, LabelSchema, find_schema, get_schema
from llmstudio.core.project import Project

CHOICES = ("a", "b", "tie", "skip")
PAIR_SPLITS = ("train", "validation")
HELDOUT_SHARE = 0.1  # of the pairs, by a hash of the pair id
DEFAULT_PAIR_SCHEMA = "preferences"
IMPORT_ANNOTATOR = "import"


@dataclass(frozen=True)
class Pair:
    """A prompt and two completions to compare."""

    id: int
    schema: str
    prompt: str
    completion_a: str
    completion_b: str
    source: str = ""


@dataclass(frozen=True)
class PairAnswer:
    """One annotator's answer to a pair."""

    choice: str  # a | b | tie | skip
    flagged: bool = False


@dataclass(frozen=True)
class PairChange:
    """What an answer changed: the answer before and after (None = not answered)."""

    pair_id: int
    annotator: str
    before: PairAnswer | None
    after: PairAnswer | None

    def inverse(self) -> PairChange:
        return PairChange(self.pair_id, self.annotator, self.after, self.before)


@dataclass(frozen=True)
class PreferencePair:
    """A pair as training reads it: the completion people preferred, and the other one."""

    pair_id: int
    prompt: str
    chosen: str
    rejected: str


def pair_split(pair_id: int) -> str:
    """'validation' for about ``HELDOUT_SHARE`` of the pairs, else 'train'; fixed per pair id."""
    digest = hashlib.blake2b(f"pair:{pair_id}".encode(), digest_size=8).digest()
    return "validation" if int.from_bytes(digest, "big") % 1000 < HELDOUT_SHARE * 1000 else "train"


def _content_hash(prompt: str, a: str, b: str) -> str:
    first, second = sorted((a, b))
    return hashlib.blake2b("\0".join((prompt, first, second)).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


# --- schemas ---------------------------------------------------------------------------------


@declares(Changed.LABELS)
def create_pair_schema(project: Project, name: str) -> LabelSchema:
    """A new pairwise schema (no labels: its answers are A, B, tie or skip)."""
    name = name.strip()
    if not name:
        raise LabelError("a pairwise schema needs a name (for example 'preferences')")
    with transaction(project.db) as conn:
        try:
            conn.execute("INSERT INTO label_schemas(name, kind, guidelines, created_at) VALUES (?, 'pairwise', '', ?)",
                         (name, now_ms()))
        except sqlite3.IntegrityError:
            raise LabelError(f"a schema named '{name}' already exists; pick another name") from None
    return get_schema(project, name)


def pair_schema(project: Project, name: str) -> LabelSchema:
    """The pairwise schema ``name``; a clear error when it is missing or labels documents."""
    schema = find_schema(project, name)
    if schema is None:
        known = [r[0] for r in project.db.execute("SELECT name FROM label_schemas WHERE kind = 'pairwise' ORDER BY id")]
        raise LabelError(f"there is no pairwise schema '{name}' (pairwise schemas: {', '.join(known) or 'none'}); "
                         "import pairs with 'llmstudio pairs DIR import FILE' or generate them from a run")
    if not schema.pairwise:
        raise LabelError(f"the schema '{name}' labels documents ({schema.kind}-label), not preference pairs; "
                         "pick a pairwise schema")
    return schema


def _ensure_schema(project: Project, name: str) -> LabelSchema:
    return pair_schema(project, name) if find_schema(project, name) else create_pair_schema(project, name)


# --- pairs -----------------------------------------------------------------------------------


def _check_pair(prompt: object, a: object, b: object, where: str) -> tuple[str, str, str]:
    if not isinstance(prompt, str) or not isinstance(a, str) or not isinstance(b, str):
        raise LabelError(f"{where}: the prompt and both completions must be text")
    if not a.strip() or not b.strip():
        raise LabelError(f"{where}: a completion is empty; both completions need text")
    if a.strip() == b.strip():
        raise LabelError(f"{where}: both completions are the same text, so there is nothing to prefer; "
                         "give two different completions")
    return prompt, a, b


def _insert(conn: sqlite3.Connection, schema_id: int, pair: tuple[str, str, str], source: str, now: str) -> int | None:
    """The new pair's id, or None when the schema already holds it."""
    prompt, a, b = pair
    row = conn.execute(
        "INSERT INTO pairs(schema_id, prompt, completion_a, completion_b, source, content_hash, created_at) "
        "VALUES (?,?,?,?,?,?,?) ON CONFLICT(schema_id, content_hash) DO NOTHING RETURNING id",
        (schema_id, prompt, a, b, source, _content_hash(prompt, a, b), now)).fetchone()
    return None if row is None else int(row[0])


@declares(Changed.LABELS)
def add_pairs(project: Project, schema_name: str, items: Iterable[tuple[str, str, str]], source: str) -> int:
    """Store (prompt, completion_a, completion_b) pairs, creating the schema if needed.

    Every pair is checked before anything is written; pairs the schema already holds (same
    prompt and completions, in either order) are skipped. Returns how many were added.
    """
    checked = [_check_pair(*item, where=f"pair {i}") for i, item in enumerate(items, 1)]
    schema = _ensure_schema(project, schema_name)
    now = now_ms()
    with transaction(project.db) as conn:
        return sum(_insert(conn, schema.id, pair, source, now) is not None for pair in checked)


def _pair(row: sqlite3.Row, schema: str) -> Pair:
    return Pair(row["id"], schema, row["prompt"], row["completion_a"], row["completion_b"], row["source"])


def get_pair(project: Project, pair_id: int) -> Pair:
    row = project.db.execute(
        "SELECT p.id, p.prompt, p.completion_a, p.completion_b, p.source, s.name FROM pairs p "
        "JOIN label_schemas s ON s.id = p.schema_id WHERE p.id = ?", (pair_id,)).fetchone()
    if row is None:
        raise LabelError(f"there is no pair {pair_id} in this project")
    return _pair(row, row["name"])


def list_pairs(project: Project, schema_name: str) -> list[Pair]:
    schema = pair_schema(project, schema_name)
    rows = project.db.execute("SELECT id, prompt, completion_a, completion_b, source FROM pairs "
                              "WHERE schema_id = ? ORDER BY id", (schema.id,)).fetchall()
    return [_pair(row, schema.name) for row in rows]


def next_pairs(project: Project, schema_name: str, annotator: str, limit: int = 1) -> list[Pair]:
    """The first ``limit`` pairs of the schema that ``annotator`` has not answered, by id."""
    schema = pair_schema(project, schema_name)
    rows = project.db.execute(
        "SELECT id, prompt, completion_a, completion_b, source FROM pairs p WHERE schema_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM pair_annotations x WHERE x.pair_id = p.id AND x.annotator = ?) ORDER BY id LIMIT ?",
        (schema.id, annotator.strip(), max(0, limit))).fetchall()
    return [_pair(row, schema.name) for row in rows]


def pair_progress(project: Project, schema_name: str, annotator: str) -> tuple[int, int]:
    """(pairs ``annotator`` has answered, pairs in the schema)."""
    schema = pair_schema(project, schema_name)
    total = project.count("SELECT count(*) FROM pairs WHERE schema_id = ?", (schema.id,))
    done = project.count("SELECT count(*) FROM pair_annotations a JOIN pairs p ON p.id = a.pair_id "
                         "WHERE p.schema_id = ? AND a.annotator = ?", (schema.id, annotator.strip()))
    return done, total


# --- answers ---------------------------------------------------------------------------------


def read_answer(project: Project, pair_id: int, annotator: str) -> PairAnswer | None:
    row = project.db.execute("SELECT choice, flagged FROM pair_annotations WHERE pair_id = ? AND annotator = ?",
                             (pair_id, annotator.strip())).fetchone()
    return None if row is None else PairAnswer(row[0], bool(row[1]))


@declares(Changed.LABELS)
def write_answer(project: Project, pair_id: int, annotator: str, answer: PairAnswer | None) -> PairChange:
    """Store ``answer`` (None removes it) and return what changed."""
    annotator = annotator.strip()
    if not annotator:
        raise LabelError("an annotator name is needed; enter your name before labeling")
    if answer is not None and answer.choice not in CHOICES:
        raise LabelError(f"a pair is answered 'a', 'b', 'tie' or 'skip', not '{answer.choice}'")
    with transaction(project.db) as conn:
        if conn.execute("SELECT 1 FROM pairs WHERE id = ?", (pair_id,)).fetchone() is None:
            raise LabelError(f"there is no pair {pair_id} in this project")
        row = conn.execute("SELECT choice, flagged FROM pair_annotations WHERE pair_id = ? AND annotator = ?",
                           (pair_id, annotator)).fetchone()
        before = None if row is None else PairAnswer(row[0], bool(row[1]))
        if answer is None:
            conn.execute("DELETE FROM pair_annotations WHERE pair_id = ? AND annotator = ?", (pair_id, annotator))
        elif answer != before:
            now = now_ms()
            conn.execute(
                "INSERT INTO pair_annotations(pair_id, annotator, choice, flagged, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(pair_id, annotator) DO UPDATE SET choice = excluded.choice, "
                "flagged = excluded.flagged, updated_at = excluded.updated_at",
                (pair_id, annotator, answer.choice, int(answer.flagged), now, now))
    return PairChange(pair_id, annotator, before, answer)


@declares(Changed.LABELS)
def annotate_pair(project: Project, pair_id: int, choice: str, annotator: str, flagged: bool = False) -> PairChange:
    """Answer a pair: 'a' or 'b' (that completion is better), 'tie' or 'skip'."""
    return write_answer(project, pair_id, annotator, PairAnswer(choice.strip().lower(), flagged))


@declares(Changed.LABELS)
def undo_pair_change(project: Project, change: PairChange) -> PairChange:
    """Put back what ``change`` replaced; returns the undoing change (its inverse redoes)."""
    return write_answer(project, change.pair_id, change.annotator, change.before)


@declares(Changed.LABELS)
def undo_last_pair(project: Project, schema_name: str, annotator: str) -> Pair | None:
    """Take back ``annotator``'s most recent answer in the schema; returns its pair (None if none)."""
    schema = pair_schema(project, schema_name)
    row = project.db.execute(
        "SELECT a.pair_id FROM pair_annotations a JOIN pairs p ON p.id = a.pair_id WHERE p.schema_id = ? "
        "AND a.annotator = ? ORDER BY a.updated_at DESC, a.id DESC LIMIT 1", (schema.id, annotator.strip())).fetchone()
    if row is None:
        return None
    write_answer(project, int(row[0]), annotator, None)
    return get_pair(project, int(row[0]))


def pair_answers(project: Project, schema_name: str) -> dict[str, dict[int, PairAnswer]]:
    """annotator -> pair id -> answer, for every answer in the schema."""
    schema = pair_schema(project, schema_name)
    out: dict[str, dict[int, PairAnswer]] = defaultdict(dict)
    for pair_id, annotator, choice, flagged in project.db.execute(
            "SELECT a.pair_id, a.annotator, a.choice, a.flagged FROM pair_annotations a JOIN pairs p "
            "ON p.id = a.pair_id WHERE p.schema_id = ?", (schema.id,)):
        out[annotator][pair_id] = PairAnswer(choice, bool(flagged))
    return dict(out)


def pair_agreement(project: Project, schema_name: str) -> list[PairAgreement]:
    """Cohen's kappa for every two annotators over the pairs both answered (skips left out)."""
    by_annotator = {who: {p: a.choice for p, a in answers.items() if a.choice != "skip"}
                    for who, answers in pair_answers(project, schema_name).items()}
    result: list[PairAgreement] = []
    for x, y in combinations(sorted(by_annotator), 2):
        shared = sorted(set(by_annotator[x]) & set(by_annotator[y]))
        if not shared:
            continue
        a = [by_annotator[x][p] for p in shared]
        b = [by_annotator[y][p] for p in shared]
        confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for ca, cb in zip(a, b, strict=True):
            confusion[ca][cb] += 1
        observed = sum(p == q for p, q in zip(a, b, strict=True)) / len(shared)
        result.append(PairAgreement((x, y), len(shared), observed, cohens_kappa(a, b),
                                    {k: dict(v) for k, v in confusion.items()}))
    return result


def majority_choice(choices: Iterable[str]) -> str | None:
    """'a' or 'b' when it has more votes than any other answer; None for ties, skips or a split vote."""
    votes = Counter(c for c in choices if c != "skip")
    if not votes:
        return None
    ranked = votes.most_common()
    best, count = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == count:
        return None
    return best if best in ("a", "b") else None


def preference_pairs(project: Project, schema_name: str, split: str | None = None) -> list[PreferencePair]:
    """The answered pairs of the schema as (prompt, chosen, rejected), by id; ``split`` keeps one split."""
    if split is not None and split not in PAIR_SPLITS:
        raise LabelError(f"a pair split is 'train' or 'validation', not '{split}'")
    schema = pair_schema(project, schema_name)
    votes: dict[int, list[str]] = defaultdict(list)
    for pair_id, choice in project.db.execute(
            "SELECT a.pair_id, a.choice FROM pair_annotations a JOIN pairs p ON p.id = a.pair_id "
            "WHERE p.schema_id = ?", (schema.id,)):
        votes[pair_id].append(choice)
    winners = {pair_id: w for pair_id, choices in votes.items() if (w := majority_choice(choices))}
    if split is not None:
        winners = {p: w for p, w in winners.items() if pair_split(p) == split}
    out: list[PreferencePair] = []
    for pair in list_pairs(project, schema.name):
        won = winners.get(pair.id)
        if won == "a":
            out.append(PreferencePair(pair.id, pair.prompt, pair.completion_a, pair.completion_b))
        elif won == "b":
            out.append(PreferencePair(pair.id, pair.prompt, pair.completion_b, pair.completion_a))
    return out


# --- JSONL -----------------------------------------------------------------------------------


def _read_jsonl(path: Path) -> list[tuple[str, str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LabelError(f"there is no file {path}; give a JSONL file of prompt/chosen/rejected lines") from None
    except UnicodeDecodeError as exc:
        raise LabelError(f"{path.name} is not UTF-8 text ({exc.reason}); save it as UTF-8 JSONL") from None
    rows: list[tuple[str, str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelError(f"{where} is not valid JSON ({exc.msg}); nothing was imported") from None
        if not isinstance(record, dict):
            raise LabelError(f"{where} is not a JSON object with prompt, chosen and rejected; nothing was imported")
        missing = [k for k in ("prompt", "chosen", "rejected") if k not in record]
        if missing:
            raise LabelError(f"{where} has no {', '.join(missing)}; each line needs prompt, chosen and rejected "
                             "(nothing was imported)")
        try:
            rows.append(_check_pair(record["prompt"], record["chosen"], record["rejected"], where))
        except LabelError as exc:
            raise LabelError(f"{exc} (nothing was imported)") from None
    if not rows:
        raise LabelError(f"{path.name} holds no pairs; each line needs prompt, chosen and rejected")
    return rows


@declares(Changed.LABELS)
def import_pairs_jsonl(project: Project, path: Path | str, schema_name: str = DEFAULT_PAIR_SCHEMA) -> int:
    """Import prompt/chosen/rejected lines as pairs answered by 'import'; returns the pairs read.

    The whole file is checked first: a bad line is named by its number and nothing is written.
    """
    path = Path(path)
    rows = _read_jsonl(path)
    schema = _ensure_schema(project, schema_name)
    now = now_ms()
    with transaction(project.db) as conn:
        for prompt, chosen, rejected in rows:
            digest = _content_hash(prompt, chosen, rejected)  # the same whichever completion is chosen
            a, b = (rejected, chosen) if int(digest, 16) % 2 else (chosen, rejected)
            pair_id = _insert(conn, schema.id, (prompt, a, b), f"import {path.name}", now)
            if pair_id is None:  # already stored (maybe with A and B the other way round)
                row = conn.execute("SELECT id, completion_a FROM pairs WHERE schema_id = ? AND content_hash = ?",
                                   (schema.id, digest)).fetchone()
                pair_id, a = int(row[0]), row[1]
            conn.execute(
                "INSERT INTO pair_annotations(pair_id, annotator, choice, flagged, created_at, updated_at) "
                "VALUES (?,?,?,0,?,?) ON CONFLICT(pair_id, annotator) DO UPDATE SET choice = excluded.choice, "
                "updated_at = excluded.updated_at",
                (pair_id, IMPORT_ANNOTATOR, "a" if a == chosen else "b", now, now))
    return len(rows)


def export_pairs_jsonl(project: Project, schema_name: str, path: Path | str) -> int:
    """Write the schema's preference pairs as prompt/chosen/rejected JSONL (atomically); returns the count."""
    pairs = preference_pairs(project, schema_name)
    with atomic_writer(Path(path)) as handle:
        for p in pairs:
            line = json.dumps({"prompt": p.prompt, "chosen": p.chosen, "rejected": p.rejected}, ensure_ascii=False)
            handle.write(line.encode("utf-8") + b"\n")
    return len(pairs)
