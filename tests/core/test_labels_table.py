"""The paged label table agrees with stats and export, under filters and sorts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmstudio.core.labels.annotations import Decision, add_annotations, write_decision
from llmstudio.core.labels.schemas import create_schema
from llmstudio.core.labels.stats import schema_stats
from llmstudio.core.labels.table import DocumentTable, TableFilter, label_documents
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths


@pytest.fixture
def project(tmp_path: Path):
    project = Project.create(tmp_path / "proj")
    corpus = tmp_path / "corpus.jsonl"
    texts = [f"row {i} {'apple' if i % 5 == 0 else 'pear'}\nsecond line" for i in range(1, 501)]
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    import_paths(project, [corpus], ImportOptions(skip_duplicates=False))
    yield project
    project.close()


def test_pages_filters_and_sorts(project: Project) -> None:
    schema = create_schema(project, "s", ["yes", "no"])
    add_annotations(project, "s", [(i, "yes" if i % 2 else "no") for i in range(1, 101)], "alice")
    add_annotations(project, "s", [(1, "no")], "bob")  # conflict on 1
    write_decision(project, schema, 200, "alice", Decision(status="skipped", flagged=True, comment="unsure"))
    table = DocumentTable(project, schema)
    assert table.count() == 500
    assert [r.document_id for r in table.page(490, 50)] == list(range(491, 501))
    first = table.page(0, 3)
    assert first[0].label == "conflict: yes / no" and first[0].annotator == "alice, bob"
    assert first[1].label == "no" and first[1].text.startswith("row 2 pear second line")
    yes = DocumentTable(project, schema, TableFilter(label="yes"))
    stats = schema_stats(project, schema)
    assert yes.count() == 50  # any annotator chose yes (doc 1 included: alice said yes)
    assert sum(1 for r in yes.page(0, 100) if r.label == "yes") == stats.labels["yes"]
    unlabeled = DocumentTable(project, schema, TableFilter(label=""))
    assert unlabeled.count() == 400
    flagged = DocumentTable(project, schema, TableFilter(flagged_only=True))
    [row] = flagged.page(0, 10)
    assert (row.document_id, row.flagged, row.comment, row.label) == (200, True, "unsure", "skipped")
    apples = DocumentTable(project, schema, TableFilter(search="APPLE pear", sort="id", descending=True))
    assert apples.count() == 0  # every word must occur
    apples = DocumentTable(project, schema, TableFilter(search="APPLE", sort="id", descending=True))
    assert apples.count() == 100 and apples.page(0, 1)[0].document_id == 500
    by_time = DocumentTable(project, schema, TableFilter(sort="time", descending=True))
    assert by_time.page(0, 1)[0].document_id == 200
    by_time.close()
    by_label = DocumentTable(project, schema, TableFilter(label=None, sort="label"))
    assert by_label.page(0, 1)[0].label == ""  # unlabeled first, then in schema order
    assert by_label.page(400, 1)[0].label in ("yes", "conflict: yes / no")
    assert by_label.page(499, 1)[0].label == "no"
    by_annotator = DocumentTable(project, schema, TableFilter(sort="annotator", descending=True))
    assert by_annotator.page(0, 1)[0].annotator.startswith("alice")


def test_batch_labeling_keeps_flags(project: Project) -> None:
    schema = create_schema(project, "s", ["yes", "no"])
    write_decision(project, schema, 3, "me", Decision(("no",), flagged=True))
    changes = label_documents(project, schema, [1, 2, 3], "yes", "me")
    assert len(changes) == 3
    rows = DocumentTable(project, schema).page(0, 3)
    assert [r.label for r in rows] == ["yes", "yes", "yes"] and rows[2].flagged


def test_plain_view_pages_with_and_without_gaps(project: Project) -> None:
    schema = create_schema(project, "s", ["yes"])
    dense = DocumentTable(project, schema, TableFilter(descending=True))
    assert [r.document_id for r in dense.page(0, 2)] == [500, 499]
    assert [r.document_id for r in dense.page(498, 5)] == [2, 1]
    project.db.execute("DELETE FROM documents WHERE id = 250")  # as when part of a source is removed
    gapped = DocumentTable(project, schema)
    assert gapped.count() == 500  # the quick guess from min and max id...
    assert gapped.verify() and gapped.count() == 499  # ...corrected by the real count
    assert not DocumentTable(project, schema, TableFilter(search="apple")).verify()
    assert [r.document_id for r in gapped.page(248, 3)] == [249, 251, 252]
    assert [r.document_id for r in gapped.page(497, 5)] == [499, 500]
