"""``llmstudio pairs DIR generate|import|export``, run as a user would, with wrong arguments too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmstudio.cli import main
from llmstudio.core.labels.pairs import list_pairs, preference_pairs
from llmstudio.core.project import Project

ROWS = [{"prompt": f"Tell me about {i}", "chosen": f"{i} is lovely", "rejected": f"{i} is dull"} for i in range(12)]


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_import_then_export_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Project.create(tmp_path / "p").close()
    source = _jsonl(tmp_path / "pairs.jsonl", ROWS)
    assert main(["pairs", str(tmp_path / "p"), "import", str(source)]) == 0
    assert "imported 12 pairs into schema 'preferences'" in capsys.readouterr().out
    assert main(["pairs", str(tmp_path / "p"), "export", str(tmp_path / "out.jsonl")]) == 0
    assert "exported 12 preference pairs" in capsys.readouterr().out
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == ROWS
    assert main(["pairs", str(tmp_path / "p"), "import", str(source), "--schema", "other"]) == 0
    with Project.open(tmp_path / "p") as project:
        assert len(preference_pairs(project, "other")) == 12


@pytest.mark.parametrize(("argv", "message"), [
    (["import", "{bad}"], "bad.jsonl line 3 has no chosen"),
    (["import", "{missing}"], "there is no file"),
    (["export", "{out}", "--schema", "nope"], "no pairwise schema 'nope'"),
    (["import", "{good}", "--schema", "sentiment"], "labels documents"),
    (["generate", "--run", "99"], "no run with id 99"),
    (["generate", "--run", "1", "--n", "0"], "--n must be at least 1"),
    (["generate", "--run", "1", "--prompts", "{empty}"], "holds no prompts"),
])
def test_failures_exit_1_with_one_line_and_change_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          argv: list[str], message: str) -> None:
    from llmstudio.core.labels.schemas import create_schema

    with Project.create(tmp_path / "p") as project:
        create_schema(project, "sentiment", ["pos", "neg"])
    files = {"bad": _jsonl(tmp_path / "bad.jsonl", [*ROWS[:2], {"prompt": "x", "rejected": "y"}]),
             "good": _jsonl(tmp_path / "good.jsonl", ROWS), "missing": tmp_path / "missing.jsonl",
             "out": tmp_path / "out.jsonl", "empty": _jsonl(tmp_path / "empty.txt", [" "])}
    code = main(["pairs", str(tmp_path / "p"), *[a.format(**files) for a in argv]])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1 and message in err
    with Project.open(tmp_path / "p") as project:
        assert project.count("SELECT count(*) FROM pairs") == 0


@pytest.mark.parametrize("argv", [["generate"], ["import"], ["frobnicate"], []])
def test_wrong_arguments_are_usage_errors(tmp_path: Path, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["pairs", str(tmp_path), *argv])
    assert exit_info.value.code == 2


def test_generate_samples_a_run_twice_per_prompt(tokenized_project: Project, tiny_overrides: list[str],
                                                 tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run, train_run

    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides))
    train_run(tokenized_project, run_id, device="cpu")
    folder = tokenized_project.root
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("Call me Ishmael.\n\nThe whale\nIt was\n", encoding="utf-8")
    code = main(["pairs", str(folder), "generate", "--run", str(run_id), "--prompts", str(prompts),
                 "--max-new-tokens", "12", "--device", "cpu", "-q"])
    assert code == 0
    assert f"from run {run_id}" in capsys.readouterr().out
    pairs = list_pairs(tokenized_project, "preferences")
    assert 1 <= len(pairs) <= 3
    assert {p.prompt for p in pairs} <= {"Call me Ishmael.", "The whale", "It was"}
    assert all(p.completion_a.strip() != p.completion_b.strip() and p.source == f"run {run_id}" for p in pairs)
    code = main(["pairs", str(folder), "generate", "--run", str(run_id), "--n", "2", "--schema", "docs",
                 "--max-new-tokens", "12", "--device", "cpu", "-q"])
    assert code == 0
    assert 1 <= len(list_pairs(tokenized_project, "docs")) <= 2  # prompts from the documents' beginnings
