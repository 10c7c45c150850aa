"""The headless labels and split commands, run as a user would from a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmstudio.cli import main


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus.jsonl"
    texts = [f"film review {i} {'loved it' if i % 2 else 'hated it'}" for i in range(30)]
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    assert main(["new", str(tmp_path / "p")]) == 0
    assert main(["import", str(tmp_path / "p"), str(corpus), "-q"]) == 0
    return tmp_path / "p"


def test_import_split_export_stats(project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "id,label\n" + "".join(f"{i},{'pos' if i % 2 == 0 else 'neg'}\n" for i in range(1, 21)) + "77,pos\n",
        encoding="utf-8",
    )
    assert main(["labels", str(project_dir), "import", str(labels), "--schema", "sentiment", "-q"]) == 3
    captured = capsys.readouterr()
    assert "imported 20 labels into schema 'sentiment'" in captured.out
    assert "unknown document ids: 77" in captured.err
    assert main(["split", str(project_dir), "--ratios", "0.8,0.1,0.1", "--seed", "5", "-q"]) == 0
    assert "train" in capsys.readouterr().out
    out_file = tmp_path / "out.jsonl"
    assert main(["labels", str(project_dir), "export", str(out_file), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in out_file.read_text().splitlines()]
    assert len(rows) == 20 and all(r["split"] in {"train", "validation", "test"} for r in rows)
    capsys.readouterr()
    assert main(["labels", str(project_dir), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    [schema] = stats["schemas"]
    assert schema["labels"] == {"pos": 10, "neg": 10} and schema["labeled"] == 20
    assert sum(stats["splits"].values()) == 30
    assert main(["labels", str(project_dir), "stats"]) == 0
    assert "sentiment" in capsys.readouterr().out


def test_errors_are_one_line(project_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["labels", str(project_dir), "export", str(tmp_path / "x.jsonl")]) == 1
    assert "no label schema yet" in capsys.readouterr().err
    assert main(["split", str(project_dir), "--ratios", "0.8"]) == 1
    assert "three non-negative ratios" in capsys.readouterr().err
    assert main(["labels", str(project_dir), "import", str(tmp_path / "missing.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
