"""Label schemas and annotations on a real project database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmstudio.core.labels.annotations import (
    Decision,
    add_annotations,
    apply_change,
    iter_gold,
    read_decision,
    write_decision,
)
from llmstudio.core.labels.schemas import (
    LabelError,
    LabelSpec,
    create_schema,
    delete_label,
    find_schema,
    get_schema,
    label_usage,
    list_schemas,
    merge_labels,
    rename_label,
    update_label,
)
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths


def make_project(tmp_path: Path, texts: list[str]) -> tuple[Project, list[int]]:
    project = Project.create(tmp_path / "proj")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    import_paths(project, [corpus], ImportOptions(skip_duplicates=False))
    ids = [r[0] for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
    return project, ids


@pytest.fixture
def project(tmp_path: Path):
    project, ids = make_project(tmp_path, [f"document number {i}" for i in range(10)])
    yield project
    project.close()


def test_schema_gets_shortcuts_and_colours(project: Project) -> None:
    schema = create_schema(project, "sentiment", ["positive", "negative", LabelSpec("neutral", shortcut="n")])
    assert [lab.shortcut for lab in schema.labels] == ["1", "2", "n"]
    assert all(lab.color.startswith("#") for lab in schema.labels)
    assert schema.by_shortcut("N").name == "neutral"
    create_schema(project, "topic", ["sport", "politics"], kind="multi", guidelines="Tick all that apply")
    assert [s.name for s in list_schemas(project)] == ["sentiment", "topic"]
    assert get_schema(project, "topic").multi


def test_bad_schemas_are_refused_with_a_reason(project: Project) -> None:
    with pytest.raises(LabelError, match="no labels"):
        create_schema(project, "empty", [])
    with pytest.raises(LabelError, match="both use the shortcut 'a'"):
        create_schema(project, "s", [LabelSpec("x", shortcut="a"), LabelSpec("y", shortcut="A")])
    with pytest.raises(LabelError, match="one key"):
        create_schema(project, "s", [LabelSpec("x", shortcut="ctrl+x")])
    with pytest.raises(LabelError, match="appears twice"):
        create_schema(project, "s", ["x", "x"])
    assert list_schemas(project) == []  # nothing half-created
    create_schema(project, "s", [LabelSpec("x", shortcut="a"), "y"])
    with pytest.raises(LabelError, match="already belongs to 'x'"):
        update_label(project, "s", "y", shortcut="a")
    with pytest.raises(LabelError, match="already exists"):
        create_schema(project, "s", ["z"])


def test_decisions_are_written_at_once_and_undo_by_writing_before(project: Project, tmp_path: Path) -> None:
    schema = create_schema(project, "sentiment", ["positive", "negative"])
    change = write_decision(project, schema, 1, "ann", Decision(("positive",)))
    assert change.before is None and change.after == Decision(("positive",))
    # Another connection (as after a crash and reopen) sees it at once.
    with Project.open(project.root) as other:
        assert read_decision(other, schema, 1, "ann") == Decision(("positive",))
    second = write_decision(project, schema, 1, "ann", Decision(("negative",), flagged=True, comment="sarcasm?"))
    assert second.before == Decision(("positive",))
    apply_change(project, second.inverse())
    assert read_decision(project, schema, 1, "ann") == Decision(("positive",))
    apply_change(project, change.inverse())
    assert read_decision(project, schema, 1, "ann") is None
    apply_change(project, second)
    assert read_decision(project, schema, 1, "ann").comment == "sarcasm?"
    skipped = write_decision(project, schema, 2, "ann", Decision(status="skipped"))
    assert skipped.after.status == "skipped"
    with pytest.raises(LabelError, match="single-label"):
        write_decision(project, schema, 3, "ann", Decision(("positive", "negative")))
    with pytest.raises(LabelError, match="no label 'meh'"):
        write_decision(project, schema, 3, "ann", Decision(("meh",)))
    with pytest.raises(LabelError, match="no document 999"):
        write_decision(project, schema, 999, "ann", Decision(("positive",)))


def test_rename_merge_delete_keep_or_count_annotations(project: Project) -> None:
    schema = create_schema(project, "sentiment", ["pos", "neg", "neutral", "meh"])
    add_annotations(project, "sentiment", [(1, "pos"), (2, "neg"), (3, "neutral"), (4, "meh"), (5, "meh")], "ann")
    rename_label(project, "sentiment", "pos", "positive")
    schema = get_schema(project, "sentiment")
    assert read_decision(project, schema, 1, "ann").labels == ("positive",)
    assert merge_labels(project, "sentiment", "meh", "neutral") == 2
    schema = get_schema(project, "sentiment")
    assert [lab.name for lab in schema.labels] == ["positive", "neg", "neutral"]
    assert read_decision(project, schema, 4, "ann").labels == ("neutral",)
    assert label_usage(project, "sentiment", "neutral") == 3
    assert delete_label(project, "sentiment", "neutral") == 3
    schema = get_schema(project, "sentiment")
    assert read_decision(project, schema, 3, "ann") is None  # back to unlabeled
    assert read_decision(project, schema, 1, "ann").labels == ("positive",)


def test_add_annotations_creates_schema_and_labels(project: Project) -> None:
    assert add_annotations(project, "topic", [(1, "sport"), (2, "news")]) == 2
    schema = get_schema(project, "topic")
    assert [lab.name for lab in schema.labels] == ["sport", "news"]
    add_annotations(project, "topic", [(1, "weather")])
    schema = get_schema(project, "topic")
    assert read_decision(project, schema, 1, "import").labels == ("weather",)  # single: last wins
    assert [lab.name for lab in schema.labels] == ["sport", "news", "weather"]
    assert add_annotations(project, "topic", [(3, " sport "), (4, ""), (5, "  ")]) == 1
    assert read_decision(project, get_schema(project, "topic"), 3, "import").labels == ("sport",)
    assert add_annotations(project, "nothing", []) == 0 and find_schema(project, "nothing") is None


def test_gold_label_needs_agreement_or_a_resolution(project: Project) -> None:
    from llmstudio.core.labels.agreement import resolve

    schema = create_schema(project, "s", ["a", "b"])
    add_annotations(project, "s", [(1, "a"), (2, "a")], "alice")
    add_annotations(project, "s", [(1, "a"), (2, "b")], "bob")
    gold = {g.document_id: g for g in iter_gold(project, schema)}
    assert gold[1].labels == ("a",) and gold[1].annotators == ("alice", "bob")
    assert gold[2].conflict and gold[2].labels == ()
    resolve(project, schema, 2, ["b"], "carol")
    gold = {g.document_id: g for g in iter_gold(project, schema)}
    assert gold[2].labels == ("b",) and gold[2].resolved and not gold[2].conflict


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
def test_a_decision_survives_the_app_being_killed_right_after(project: Project) -> None:
    import signal
    import subprocess
    import sys

    schema = create_schema(project, "s", ["a", "b"])
    code = (
        "import os, signal\n"
        "from pathlib import Path\n"
        "from llmstudio.core.project import Project\n"
        "from llmstudio.core.labels.schemas import get_schema\n"
        "from llmstudio.core.labels.annotations import Decision, write_decision\n"
        f"p = Project.open(Path({str(project.root)!r}))\n"
        "write_decision(p, get_schema(p, 's'), 1, 'ann', Decision(('b',), comment='kept'))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert read_decision(project, schema, 1, "ann") == Decision(("b",), comment="kept")


def test_a_write_during_another_jobs_transaction_says_so(project: Project) -> None:
    from llmstudio.core.db import connect

    schema = create_schema(project, "s", ["a"])
    other = connect(project.db_path)  # e.g. a split job on its worker thread
    other.execute("BEGIN IMMEDIATE")
    project.db.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(LabelError, match="busy with another job.*not saved"):
            write_decision(project, schema, 1, "ann", Decision(("a",)))
    finally:
        other.execute("ROLLBACK")
        other.close()
    write_decision(project, schema, 1, "ann", Decision(("a",)))
    assert read_decision(project, schema, 1, "ann") == Decision(("a",))


def test_labeled_count_and_document_text_serve_the_views(project: Project) -> None:
    from llmstudio.core.labels.stats import labeled_count
    from llmstudio.core.sources.documents import document_text

    schema = create_schema(project, "sentiment", ["positive", "negative"])
    ids = [r[0] for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
    write_decision(project, schema, ids[0], "ann", Decision(("positive",)))
    write_decision(project, schema, ids[1], "ann", Decision(status="skipped"))
    write_decision(project, schema, ids[2], "other", Decision(("negative",)))
    assert labeled_count(project, schema, "ann") == 1  # the skip is not a label; other's is not ann's
    assert labeled_count(project, schema, "other") == 1
    assert document_text(project, ids[3]) == "document number 3"
    assert document_text(project, 10**9) is None
