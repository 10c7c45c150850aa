"""Preference pairs in a real project file: store, answers and undo, majority, split, agreement, JSONL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from llmstudio.core.db import SCHEMA_VERSION
from llmstudio.core.db.schema import MIGRATIONS
from llmstudio.core.labels.pairs import (
    HELDOUT_SHARE,
    add_pairs,
    annotate_pair,
    create_pair_schema,
    export_pairs_jsonl,
    import_pairs_jsonl,
    majority_choice,
    next_pairs,
    pair_agreement,
    pair_progress,
    pair_split,
    preference_pairs,
    read_answer,
    undo_last_pair,
    undo_pair_change,
)
from llmstudio.core.labels.schemas import LabelError, create_schema, get_schema, list_schemas
from llmstudio.core.project import Project

ITEMS = [("Say hi.", "Hello there, friend!", "Go away."), ("Rate it.", "Great film.", "Awful film."),
         ("", "sunny and warm", "cold rain")]


def test_pairs_survive_reopening_and_are_offered_until_answered(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as project:
        assert add_pairs(project, "prefs", ITEMS, "test") == 3
        assert add_pairs(project, "prefs", [ITEMS[0], ("Say hi.", "Go away.", "Hello there, friend!")], "test") == 0
        assert get_schema(project, "prefs").pairwise
    with Project.open(tmp_path / "p") as project:
        first = next_pairs(project, "prefs", "ann", limit=5)
        assert [(p.prompt, p.completion_a, p.completion_b) for p in first] == ITEMS
        annotate_pair(project, first[0].id, "a", "ann")
        annotate_pair(project, first[1].id, "skip", "ann", flagged=True)
        assert [p.id for p in next_pairs(project, "prefs", "ann", limit=5)] == [first[2].id]
        assert [p.id for p in next_pairs(project, "prefs", "bob", limit=2)] == [first[0].id, first[1].id]
        assert pair_progress(project, "prefs", "ann") == (2, 3)
    with Project.open(tmp_path / "p") as project:
        assert read_answer(project, first[1].id, "ann") is not None
        assert read_answer(project, first[1].id, "ann").flagged  # type: ignore[union-attr]


def test_undo_puts_back_the_answer_before(new_project: Project) -> None:
    add_pairs(new_project, "prefs", ITEMS, "test")
    pair = next_pairs(new_project, "prefs", "ann")[0]
    first = annotate_pair(new_project, pair.id, "a", "ann")
    assert first.before is None
    second = annotate_pair(new_project, pair.id, "tie", "ann")
    assert second.before is not None and second.before.choice == "a"
    undo_pair_change(new_project, second)
    assert read_answer(new_project, pair.id, "ann").choice == "a"  # type: ignore[union-attr]
    undo_pair_change(new_project, first)
    assert read_answer(new_project, pair.id, "ann") is None
    annotate_pair(new_project, pair.id, "b", "ann")
    assert undo_last_pair(new_project, "prefs", "ann") == pair
    assert next_pairs(new_project, "prefs", "ann")[0] == pair
    assert undo_last_pair(new_project, "prefs", "ann") is None


def test_bad_answers_and_pairs_are_refused(new_project: Project) -> None:
    with pytest.raises(LabelError, match="same text"):
        add_pairs(new_project, "prefs", [ITEMS[0], ("p", "same", "same ")], "test")
    assert list_schemas(new_project, include_pairwise=True) == []  # nothing written, not even the schema
    add_pairs(new_project, "prefs", ITEMS, "test")
    pair = next_pairs(new_project, "prefs", "ann")[0]
    with pytest.raises(LabelError, match="'a', 'b', 'tie' or 'skip'"):
        annotate_pair(new_project, pair.id, "c", "ann")
    with pytest.raises(LabelError, match="annotator"):
        annotate_pair(new_project, pair.id, "a", " ")
    with pytest.raises(LabelError, match="no pair 999"):
        annotate_pair(new_project, 999, "a", "ann")
    create_schema(new_project, "sentiment", ["pos", "neg"])
    with pytest.raises(LabelError, match="labels documents"):
        next_pairs(new_project, "sentiment", "ann")
    with pytest.raises(LabelError, match="no pairwise schema 'nope'"):
        preference_pairs(new_project, "nope")


def test_document_schemas_stay_as_they_were(new_project: Project) -> None:
    create_pair_schema(new_project, "prefs")
    create_schema(new_project, "sentiment", ["pos", "neg"])
    assert [s.name for s in list_schemas(new_project)] == ["sentiment"]
    assert get_schema(new_project).name == "sentiment"  # the default schema is never the pairwise one
    assert [s.name for s in list_schemas(new_project, include_pairwise=True)] == ["prefs", "sentiment"]
    with pytest.raises(LabelError, match="create_pair_schema"):
        create_schema(new_project, "x", ["a"], kind="pairwise")


@pytest.mark.parametrize(("votes", "expected"), [
    (["a"], "a"), (["b", "b", "a"], "b"), (["a", "b"], None), (["tie"], None), (["skip", "skip"], None),
    (["a", "skip", "skip"], "a"), (["tie", "tie", "a"], None), (["a", "a", "tie"], "a"), ([], None),
])
def test_majority_choice(votes: list[str], expected: str | None) -> None:
    assert majority_choice(votes) == expected


def test_preference_pairs_follow_the_majority_of_annotators(new_project: Project) -> None:
    add_pairs(new_project, "prefs", ITEMS, "test")
    p1, p2, p3 = next_pairs(new_project, "prefs", "x", limit=3)
    for who, choice in [("ann", "b"), ("bob", "b"), ("cy", "a")]:
        annotate_pair(new_project, p1.id, choice, who)
    for who, choice in [("ann", "a"), ("bob", "b")]:  # a split vote: left out
        annotate_pair(new_project, p2.id, choice, who)
    annotate_pair(new_project, p3.id, "tie", "ann")  # a tie: left out
    got = preference_pairs(new_project, "prefs")
    assert [(p.pair_id, p.prompt, p.chosen, p.rejected) for p in got] == [(p1.id, p1.prompt, p1.completion_b,
                                                                           p1.completion_a)]
    annotate_pair(new_project, p2.id, "a", "cy")
    assert [p.pair_id for p in preference_pairs(new_project, "prefs")] == [p1.id, p2.id]
    both = {p.pair_id for p in preference_pairs(new_project, "prefs", "train")} | {
        p.pair_id for p in preference_pairs(new_project, "prefs", "validation")}
    assert both == {p1.id, p2.id}


def test_the_held_out_split_is_stable_as_pairs_arrive(new_project: Project) -> None:
    add_pairs(new_project, "prefs", [(f"p{i}", f"good {i}", f"bad {i}") for i in range(300)], "test")
    for pair in next_pairs(new_project, "prefs", "ann", limit=300):
        annotate_pair(new_project, pair.id, "a", "ann")
    before = {p.pair_id for p in preference_pairs(new_project, "prefs", "validation")}
    assert 0.5 * HELDOUT_SHARE * 300 < len(before) < 1.5 * HELDOUT_SHARE * 300
    add_pairs(new_project, "prefs", [(f"q{i}", f"good {i}", f"bad {i}") for i in range(300)], "test")
    for pair in next_pairs(new_project, "prefs", "ann", limit=300):
        annotate_pair(new_project, pair.id, "a", "ann")
    after = {p.pair_id for p in preference_pairs(new_project, "prefs", "validation")}
    assert before < after
    assert all(pair_split(i) == "validation" for i in after)


def test_agreement_is_cohens_kappa_over_shared_answers(new_project: Project) -> None:
    add_pairs(new_project, "prefs", [(f"p{i}", f"x {i}", f"y {i}") for i in range(8)], "test")
    pairs = next_pairs(new_project, "prefs", "z", limit=8)
    ann = ["a", "a", "b", "tie", "b", "a", "skip", "b"]
    bob = ["a", "b", "b", "tie", "a", "a", "a", "b"]
    for pair, x, y in zip(pairs, ann, bob, strict=True):
        annotate_pair(new_project, pair.id, x, "ann")
        annotate_pair(new_project, pair.id, y, "bob")
    (result,) = pair_agreement(new_project, "prefs")
    assert result.annotators == ("ann", "bob") and result.items == 7  # the skip is not shared
    kept = [i for i, x in enumerate(ann) if x != "skip"]
    assert result.kappa == pytest.approx(cohen_kappa_score([ann[i] for i in kept], [bob[i] for i in kept]))


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_jsonl_round_trip(tmp_path: Path, new_project: Project) -> None:
    rows = [{"prompt": f"prompt {i}", "chosen": f"nice answer {i} é", "rejected": f"rude answer {i}"} for i in range(40)]
    source = _write(tmp_path / "in.jsonl", rows)
    assert import_pairs_jsonl(new_project, source) == 40
    pairs = next_pairs(new_project, "preferences", "someone", limit=40)
    swapped = sum(p.completion_a.startswith("rude") for p in pairs)
    assert 0 < swapped < 40  # the chosen completion is not always shown as A
    assert export_pairs_jsonl(new_project, "preferences", tmp_path / "out.jsonl") == 40
    exported = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert exported == rows
    assert import_pairs_jsonl(new_project, tmp_path / "out.jsonl") == 40  # again: no new pairs
    assert len(next_pairs(new_project, "preferences", "someone", limit=100)) == 40


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "line 2 is not valid JSON"),
    ('["a", "b"]', "line 2 is not a JSON object"),
    ('{"prompt": "p", "chosen": "x"}', "line 2 has no rejected"),
    ('{"prompt": "p", "chosen": "same", "rejected": "same"}', "line 2: both completions are the same text"),
    ('{"prompt": "p", "chosen": "", "rejected": "y"}', "line 2: a completion is empty"),
    ('{"prompt": 3, "chosen": "x", "rejected": "y"}', "line 2: the prompt and both completions must be text"),
])
def test_a_bad_line_is_named_and_nothing_is_written(tmp_path: Path, new_project: Project, line: str,
                                                    message: str) -> None:
    source = _write(tmp_path / "bad.jsonl", [{"prompt": "p", "chosen": "x", "rejected": "y"}, line])
    with pytest.raises(LabelError, match=message):
        import_pairs_jsonl(new_project, source)
    assert list_schemas(new_project, include_pairwise=True) == []
    assert new_project.count("SELECT count(*) FROM pairs") == 0


def test_a_version_7_project_opens_with_empty_pair_tables(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p") as project:
        create_schema(project, "sentiment", ["pos", "neg"])
    conn = sqlite3.connect(tmp_path / "p" / "project.sqlite")
    conn.execute("DROP TABLE pair_annotations")
    conn.execute("DROP TABLE pairs")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    assert len(MIGRATIONS) == SCHEMA_VERSION >= 8
    with Project.open(tmp_path / "p") as project:
        assert project.count("PRAGMA user_version") == SCHEMA_VERSION
        assert [s.name for s in list_schemas(project)] == ["sentiment"]
        assert add_pairs(project, "prefs", ITEMS, "test") == 3
