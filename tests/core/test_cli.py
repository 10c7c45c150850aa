"""The CLI as a user types it: the thin pipeline, and one-line errors on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmstudio.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_thin_pipeline_from_the_command_line(tmp_path: Path, capsys, demo_corpus: Path, tiny_overrides) -> None:
    project = tmp_path / "p"
    assert run(capsys, "new", project)[0] == 0
    chapters = sorted(demo_corpus.glob("*.txt"))[:6]
    code, out, _ = run(capsys, "import", project, *chapters, "--quiet")
    assert code == 0 and "documents 6" in out
    code, out, _ = run(capsys, "clean", project, "--json")
    assert code == 0 and json.loads(out)["kept"] == 6
    code, out, _ = run(capsys, "tokenizer", project, "--vocab-size", "300")
    assert code == 0 and "tokenizer 1" in out
    sets = [arg for item in tiny_overrides for arg in ("--set", item)]
    code, out, _ = run(capsys, "train", project, *sets, "--max-steps", "10", "--device", "cpu")
    assert code == 0 and "completed" in out and "val loss" in out
    code, out, _ = run(capsys, "generate", project, "--prompt", "Call me", "--max-new-tokens", "5", "--seed", "1",
                       "--device", "cpu")
    assert code == 0 and out.startswith("Call me")
    code, out, _ = run(capsys, "generate", project, "--prompt", "Call me", "--max-new-tokens", "5",
                       "--checkpoint", "best", "--device", "cpu")
    assert code == 0 and out.startswith("Call me")
    code, out, _ = run(capsys, "info", project, "--json")
    info = json.loads(out)
    assert info["schema_version"] >= 1
    assert (info["sources"], info["documents"], info["kept_documents"]) == (6, 6, 6)
    assert info["tokenizers"][0]["model_type"] == "bpe"
    (only_run,) = info["runs"]
    assert {"id", "status", "step", "train_loss", "val_loss", "device"} <= set(only_run)
    assert only_run["status"] == "completed" and only_run["step"] == 10 and only_run["device"] == "cpu"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["info", "{missing}"], "does not exist"),
        (["import", "{project}", "{missing}"], "nothing to import"),
        (["clean", "{project}"], "no documents to clean"),
        (["tokenizer", "{project}"], "run Clean first"),
        (["train", "{project}", "--max-steps", "1"], "no tokenizer yet"),
        (["train", "{project}", "--set", "model.n_head=3"], "model.n_head (3) must divide model.d_model"),
        (["train", "{project}", "--set", "nonsense"], "section.key=value"),
        (["generate", "{project}", "--prompt", "x"], "no training run yet"),
        (["new", "{project}"], "already holds a project"),
    ],
)
def test_failures_exit_non_zero_with_one_line(tmp_path: Path, capsys, argv: list[str], message: str) -> None:
    project = tmp_path / "p"
    main(["new", str(project)])
    capsys.readouterr()
    argv = [a.format(project=project, missing=tmp_path / "missing") for a in argv]
    code, _, err = run(capsys, *argv)
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_import_of_a_binary_file_exits_3_and_imports_the_rest(tmp_path: Path, capsys, demo_corpus: Path) -> None:
    project = tmp_path / "p"
    main(["new", str(project)])
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    code, out, err = run(capsys, "import", project, binary, demo_corpus / "chapter_01.txt", "--quiet")
    assert code == 3
    assert "documents 1" in out and "image.txt" in err


def test_unknown_arguments_are_usage_errors(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train"])
    assert exit_info.value.code == 2
