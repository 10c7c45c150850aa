"""The headless demo runs the whole thin pipeline on the bundled public-domain corpus."""

from __future__ import annotations

import json
from pathlib import Path

from llmstudio.cli import main


def test_headless_demo_then_info(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "demo"
    fast = ["--set", "train.max_steps=40", "--set", "train.eval_interval=20", "--set", "model.n_layer=2",
            "--set", "model.d_model=64", "--set", "model.context_length=64", "--set", "train.threads=1"]
    assert main(["demo", "--headless", str(folder), *fast]) == 0
    out = capsys.readouterr().out
    assert "imported     40 documents" in out and "sample" in out
    assert main(["info", str(folder), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 40 and info["kept_documents"] == 40
    assert len(info["tokenizers"]) == 1
    run = info["runs"][0]
    assert run["status"] == "completed"
    assert run["val_loss"] < run["first_val_loss"]


def test_the_demo_refuses_a_file_with_one_line(tmp_path: Path, capsys) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("hello", encoding="utf-8")
    assert main(["demo", "--headless", str(afile)]) == 1
    err = capsys.readouterr().err
    assert "is a file" in err and "empty folder" in err and "Traceback" not in err  # was NotADirectoryError
    assert afile.read_text(encoding="utf-8") == "hello"
