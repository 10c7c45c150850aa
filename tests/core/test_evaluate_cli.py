"""`llmstudio evaluate` and `llmstudio attention` as a user types them."""

from __future__ import annotations

import json
import math

import pytest

from llmstudio.cli import main
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_evaluate_and_attention_print_json(capsys, tokenized_project: Project, tiny_overrides) -> None:
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=10"]))
    train_run(tokenized_project, run_id, device="cpu")
    root = tokenized_project.root

    code, out, _ = run(capsys, "evaluate", root, "--run", run_id, "--checkpoint", "best", "--split", "test",
                       "--device", "cpu", "--json")
    assert code == 0
    result = json.loads(out.strip().splitlines()[-1])
    assert result["run_id"] == run_id and result["split"] == "test" and result["tokens"] > 0
    assert result["perplexity"] == pytest.approx(math.exp(result["loss"]))
    assert 0 < result["bits_per_byte"] < 20

    code, out, _ = run(capsys, "attention", root, "--run", run_id, "--text", "The quick brown fox",
                       "--layer", 0, "--head", 1, "--query", "fox", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["layer"] == 0 and shown["head"] == 1
    assert len(shown["weights"]) == len(shown["tokens"]) == len(shown["query_weights"])
    assert shown["query_weights"] in shown["weights"]

    sample = ["generate", root, "--run", run_id, "--prompt", "Call me", "--seed", 4, "--max-new-tokens", 12,
              "--top-p", 0.9, "--repetition-penalty", 1.2, "--device", "cpu"]
    code, whole, _ = run(capsys, *sample)
    assert code == 0
    code, streamed, _ = run(capsys, *sample, "--stream")
    assert code == 0 and streamed == whole and whole.startswith("Call me")

    code, _, err = run(capsys, "attention", root, "--run", run_id, "--text", "fox", "--head", "x")
    assert code == 1 and "--head expects" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "evaluate", root, "--run", 99)
    assert code == 1 and "no run with id 99" in err
