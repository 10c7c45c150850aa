"""Label import/export, splits, agreement and stats on a real project."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from llmstudio.core.labels.agreement import agreement, cohens_kappa, disagreements, resolve
from llmstudio.core.labels.annotations import Decision, add_annotations, write_decision
from llmstudio.core.labels.export import export_labels
from llmstudio.core.labels.io import import_labels, read_rows
from llmstudio.core.labels.schemas import LabelError, create_schema, get_schema
from llmstudio.core.labels.splits import find_leaks, make_splits, near_duplicate_key, parse_ratios
from llmstudio.core.labels.stats import labels_per_hour, project_label_stats, schema_stats
from llmstudio.core.project import Project
from llmstudio.core.sources.importer import ImportOptions, import_paths


def make_project(tmp_path: Path, texts: list[str]) -> Project:
    project = Project.create(tmp_path / "proj")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    import_paths(project, [corpus], ImportOptions(skip_duplicates=False))
    return project


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path):
    project = make_project(tmp_path, [f"review {i}: {'good' if i % 2 else 'bad'}" for i in range(20)])
    yield project
    project.close()


def test_import_by_id_and_text_lists_unknowns_and_imports_the_rest(project: Project, tmp_path: Path) -> None:
    create_schema(project, "sentiment", ["positive", "negative"])
    path = write_jsonl(
        tmp_path / "labels.jsonl",
        [
            {"id": 1, "label": "negative"},
            {"id": 2, "label": "positive", "annotator": "alice"},
            {"text": "review 3: good", "label": "positive"},
            {"id": 4000, "label": "positive"},
            {"id": 5, "label": "sarcastic"},
            {"text": "no such text", "label": "positive"},
        ],
    )
    report = import_labels(project, path)
    assert report.schema == "sentiment"
    assert report.imported == 3
    assert report.unknown_ids == [4000]
    assert report.unknown_labels == {"sarcastic": 1}
    assert report.unmatched_texts == 1
    assert any("4000" in p for p in report.problems())
    stats = schema_stats(project, get_schema(project, "sentiment"))
    assert stats.labels == {"positive": 2, "negative": 1}


def test_import_refuses_mixed_schemas_and_empty_files(project: Project, tmp_path: Path) -> None:
    mixed = write_jsonl(tmp_path / "m.jsonl", [{"id": 1, "label": "a", "schema": "x"}, {"id": 2, "label": "b", "schema": "y"}])
    with pytest.raises(LabelError, match="mixes several schemas"):
        import_labels(project, mixed)
    empty = write_jsonl(tmp_path / "e.jsonl", [{"id": 1}, {"id": 2, "label": ""}])
    with pytest.raises(LabelError, match="no labels"):
        import_labels(project, empty)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "label": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(LabelError, match="bad.jsonl:2"):
        import_labels(project, bad)
    assert project.count("SELECT count(*) FROM annotations") == 0  # nothing half-imported


def test_csv_import_creates_the_schema(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("id,label\n1,spam\n2,ham\n3,spam\n", encoding="utf-8")
    report = import_labels(project, path, schema_name="spam")
    assert report.imported == 3
    assert [lab.name for lab in get_schema(project, "spam").labels] == ["spam", "ham"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_round_trips_and_matches_stats(project: Project, tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    schema = create_schema(project, "sentiment", ["positive", "negative"])
    add_annotations(project, "sentiment", [(i, "positive" if i % 2 else "negative") for i in range(2, 12)], "alice")
    add_annotations(project, "sentiment", [(2, "positive"), (3, "positive")], "bob")  # 2: conflict
    make_splits(project, seed=1)
    report = export_labels(project, tmp_path / f"out.{fmt}")
    assert report.rows == 9 and report.conflicts_left_out == 1
    rows = [r for _, r in read_rows(tmp_path / f"out.{fmt}")]
    assert {r["split"] for r in rows} <= {"train", "validation", "test"}
    assert set(rows[0]) == {"id", "text", "label", "split", "annotator", "schema"}
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[3]["annotator"] == "alice,bob" and 2 not in by_id
    text = project.db.execute("SELECT text FROM documents WHERE id = 5").fetchone()[0]
    assert by_id[5]["text"] == text and by_id[5]["label"] == "positive"
    stats = schema_stats(project, schema)
    exported = {"positive": 0, "negative": 0}
    for r in rows:
        exported[r["label"]] += 1
    assert stats.labels == exported and stats.labeled == len(rows) and stats.conflicts == 1
    # Import into a fresh project by text: the same labels come back.
    other = make_project(tmp_path / "b", [f"review {i}: {'good' if i % 2 else 'bad'}" for i in range(20)])
    back = import_labels(other, tmp_path / f"out.{fmt}")
    assert back.imported == 9 and not back.problems()
    assert schema_stats(other, get_schema(other, "sentiment")).labels == exported


def test_multi_label_export_in_csv(project: Project, tmp_path: Path) -> None:
    create_schema(project, "topic", ["sport", "money"], kind="multi")
    add_annotations(project, "topic", [(1, "sport"), (1, "money"), (2, "money")], "a")
    export_labels(project, tmp_path / "t.csv")
    with open(tmp_path / "t.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["label"] == "sport;money"
    export_labels(project, tmp_path / "t.jsonl")
    assert json.loads((tmp_path / "t.jsonl").read_text().splitlines()[0])["label"] == ["sport", "money"]


def test_export_with_several_schemas_asks_which(project: Project, tmp_path: Path) -> None:
    create_schema(project, "a", ["x"])
    create_schema(project, "b", ["y"])
    with pytest.raises(LabelError, match="--schema"):
        export_labels(project, tmp_path / "o.jsonl")
    with pytest.raises(LabelError, match="--format"):
        export_labels(project, tmp_path / "o.xlsx", schema_name="a")


def test_splits_are_seeded_stratified_and_keep_duplicates_together(tmp_path: Path) -> None:
    texts = [f"sample text number {i}" for i in range(200)]
    texts += ["The same review, again!"] * 5 + ["the SAME review again"] * 3  # exact + near dups
    project = make_project(tmp_path, texts)
    ids = [r[0] for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
    add_annotations(project, "s", [(d, "a" if i % 4 else "b") for i, d in enumerate(ids[:200])], "x")
    report = make_splits(project, parse_ratios("0.8,0.1,0.1"), seed=7)
    assert sum(report.counts.values()) == 208
    assert report.duplicate_groups == 1 and report.grouped_documents == 8
    assert report.leaks == 0 and find_leaks(project) == []
    dup_splits = {
        r[0] for r in project.db.execute(
            "SELECT DISTINCT s.split FROM document_splits s JOIN documents d ON d.id = s.document_id "
            "WHERE d.id > ?", (ids[199],)
        )
    }
    assert len(dup_splits) == 1
    b = report.by_label["b"]
    assert b["train"] == 40 and b["validation"] == 5 and b["test"] == 5
    first = dict(project.db.execute("SELECT document_id, split FROM document_splits"))
    make_splits(project, (0.8, 0.1, 0.1), seed=7)
    assert dict(project.db.execute("SELECT document_id, split FROM document_splits")) == first
    make_splits(project, (0.8, 0.1, 0.1), seed=8)
    assert dict(project.db.execute("SELECT document_id, split FROM document_splits")) != first
    # A hand-made leak is found.
    project.db.execute("UPDATE document_splits SET split = 'test' WHERE document_id = ?", (ids[-1],))
    project.db.execute("UPDATE document_splits SET split = 'train' WHERE document_id = ?", (ids[-2],))
    assert len(find_leaks(project)) == 1
    project.close()


def test_ratios_are_checked() -> None:
    assert parse_ratios("8,1,1") == pytest.approx((0.8, 0.1, 0.1))
    with pytest.raises(LabelError, match="three"):
        parse_ratios("0.8")
    with pytest.raises(LabelError, match="numbers"):
        parse_ratios("a,b,c")
    assert near_duplicate_key("Hello,  World!") == near_duplicate_key("hello world")


def test_kappa_and_review(project: Project) -> None:
    assert cohens_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert cohens_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == pytest.approx(0.0)
    # Textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> kappa 0.4
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohens_kappa(a, b) == pytest.approx(0.4)
    schema = create_schema(project, "s", ["pos", "neg"])
    add_annotations(project, "s", [(1, "pos"), (2, "neg"), (3, "pos")], "alice")
    add_annotations(project, "s", [(1, "pos"), (2, "pos"), (3, "pos")], "bob")
    [pair] = agreement(project, schema)
    assert pair.annotators == ("alice", "bob") and pair.items == 3
    assert pair.confusion == {"pos": {"pos": 2}, "neg": {"pos": 1}}
    [d] = disagreements(project, schema)
    assert d.document_id == 2 and d.labels == {"alice": ("neg",), "bob": ("pos",)}
    assert resolve(project, schema, 2, ["neg"], "carol") is None
    assert disagreements(project, schema) == []
    assert schema_stats(project, schema).labels == {"pos": 2, "neg": 1}
    [entry] = project_label_stats(project)["schemas"]
    assert entry["kappa"] == pytest.approx(pair.kappa) and entry["agreement"][0]["items"] == 3


def test_stats_json_counts_skips_flags_and_rate(project: Project) -> None:
    schema = create_schema(project, "s", ["pos", "neg"])
    write_decision(project, schema, 1, "a", Decision(("pos",), flagged=True))
    write_decision(project, schema, 2, "a", Decision(status="skipped"))
    write_decision(project, schema, 3, "a", Decision(("neg",)))
    data = project_label_stats(project)
    json.dumps(data)
    [s] = data["schemas"]
    assert (s["labeled"], s["skipped"], s["flagged"]) == (2, 1, 1)
    assert s["labels"] == {"pos": 1, "neg": 1} and s["annotators"] == {"a": 2}
    assert data["documents"] == 20
    assert labels_per_hour(project, schema) is None or labels_per_hour(project, schema) > 0


def test_minhash_keeps_edited_copies_in_one_split(tmp_path: Path) -> None:
    import random as _random

    rng = _random.Random(1)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho".split()
    base = " ".join(rng.choice(words) for _ in range(200))
    edited = base.replace(" mu ", " MUTATED ", 1) + " plus a new ending"
    texts = [f"unrelated {i} " + " ".join(rng.choice(words) for _ in range(30)) for i in range(60)] + [base, edited]
    project = make_project(tmp_path, texts)
    report = make_splits(project, (0.34, 0.33, 0.33), seed=2)
    assert report.near_duplicates == "minhash"
    rows = dict(project.db.execute("SELECT document_id, split FROM document_splits"))
    assert rows[61] == rows[62] and report.leaks == 0
    cheap = make_splits(project, (0.34, 0.33, 0.33), seed=2, near_duplicates="normalized")
    assert cheap.near_duplicates == "normalized"
    project.close()


def test_parquet_without_pyarrow_says_what_to_do(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    create_schema(project, "s", ["a"])
    add_annotations(project, "s", [(1, "a")])
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as on a machine without it
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(LabelError, match="pip install pyarrow.*jsonl or csv"):
        export_labels(project, tmp_path / "o.parquet")
    assert not (tmp_path / "o.parquet").exists()
    export_labels(project, tmp_path / "o.jsonl")  # the other formats still work


def test_import_streams_in_chunks(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from llmstudio.core.labels import io as label_io

    monkeypatch.setattr(label_io, "IMPORT_CHUNK", 3)
    rows = [{"id": i, "label": "odd" if i % 2 else "even"} for i in range(1, 21)]
    rows += [{"id": 900 + i, "label": "odd"} for i in range(4)] + [{"label": "odd"}] * 25
    report = import_labels(project, write_jsonl(tmp_path / "many.jsonl", rows), schema_name="parity")
    assert report.imported == 20 and report.unknown_ids == [900, 901, 902, 903]
    assert report.bad_row_count == 25 and "5 more rows" in report.problems()[-1]
    assert schema_stats(project, get_schema(project, "parity")).labels == {"even": 10, "odd": 10}
