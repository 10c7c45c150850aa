"""The labeling queue and session on a real project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmstudio.core.labels.annotations import Decision, add_annotations
from llmstudio.core.labels.queue import LabelingSession, LabelQueue, store_predictions
from llmstudio.core.labels.schemas import LabelError, create_schema
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths


@pytest.fixture
def project(tmp_path: Path):
    project = Project.create(tmp_path / "proj")
    corpus = tmp_path / "corpus.jsonl"
    texts = [f"doc {i} about {'cats' if i % 3 == 0 else 'dogs'}" for i in range(150)]
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    import_paths(project, [corpus], ImportOptions(skip_duplicates=False))
    yield project
    project.close()


def test_unlabeled_order_skips_what_this_annotator_decided(project: Project) -> None:
    schema = create_schema(project, "s", ["a", "b"])
    add_annotations(project, "s", [(1, "a"), (3, "b")], "me")
    add_annotations(project, "s", [(2, "a")], "someone else")
    ids = list(LabelQueue(project, schema, "me"))
    assert ids[:3] == [2, 4, 5] and len(ids) == 148


def test_random_order_is_seeded_and_search_filters(project: Project) -> None:
    schema = create_schema(project, "s", ["a", "b"])
    first = list(LabelQueue(project, schema, "me", "random", seed=3))
    assert first == list(LabelQueue(project, schema, "me", "random", seed=3))
    assert first != list(LabelQueue(project, schema, "me", "random", seed=4))
    assert sorted(first) == list(range(1, 151))
    cats = list(LabelQueue(project, schema, "me", "search", search="CATS"))
    assert len(cats) == 50 and cats[0] == 1
    with pytest.raises(LabelError, match="search term"):
        LabelQueue(project, schema, "me", "search")


def test_least_confident_first_once_predictions_exist(project: Project) -> None:
    schema = create_schema(project, "s", ["a", "b"])
    with pytest.raises(LabelError, match="no model predictions"):
        list(LabelQueue(project, schema, "me", "uncertain"))
    store_predictions(project, "s", [(1, {"a": 0.9, "b": 0.1}), (2, {"a": 0.55, "b": 0.45}), (3, {"a": 0.3, "b": 0.7})])
    queue = LabelQueue(project, schema, "me", "uncertain")
    assert list(queue) == [2, 3, 1]
    session = LabelingSession(project, schema, "me", LabelQueue(project, schema, "me", "uncertain"))
    session.advance()
    item = session.item()
    assert item.document_id == 2 and item.suggestions[0].label == "a"
    assert item.suggestions[0].score == pytest.approx(0.55)


def test_session_back_forward_and_undo_jump(project: Project) -> None:
    schema = create_schema(project, "s", ["a", "b"])
    session = LabelingSession(project, schema, "me", LabelQueue(project, schema, "me"))
    assert session.advance() == 1
    change = session.decide(Decision(("a",)))
    assert session.advance() == 2
    session.decide(Decision(status="skipped"))
    assert session.advance() == 3
    assert session.back() == 2 and session.back() == 1 and session.back() == 1
    assert session.item().decision == Decision(("a",))
    assert session.advance() == 2 and session.advance() == 3 and session.advance() == 4
    session.show(change.document_id)
    assert session.current == 1
    # A fresh session (the app restarted) resumes at the first undecided document.
    again = LabelingSession(project, schema, "me", LabelQueue(project, schema, "me"))
    assert again.advance() == 3
