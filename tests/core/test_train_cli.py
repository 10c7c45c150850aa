"""`llmstudio train` and `llmstudio bench train` as a user types them: resume with new
settings, export launch scripts, and the benchmark's JSON."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from llmstudio.cli import main
from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs, run_config
from llmstudio.core.training.config import RunConfig, load_config_file

TINY_BENCH = ["--set", "model.n_layer=1", "--set", "model.n_head=2", "--set", "model.d_model=32",
              "--set", "model.context_length=32", "--set", "train.batch_size=4"]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLMSTUDIO_CACHE_DIR", str(tmp_path / "cache"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_bench_train_prints_one_json_object(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "bench", "train", "--preset", "tiny", *TINY_BENCH, "--steps", "2", "--warmup", "1",
                         "--device", "cpu", "--threads", "1", "--json")
    assert code == 0, err
    result = json.loads(out)
    for key in ("tokens_per_s", "params", "flops_per_token", "mfu", "gemm_peak_flops", "device", "threads"):
        assert key in result
    assert result["device"] == "cpu" and result["threads"] == 1
    assert result["tokens_per_s"] > 0 and (result["mfu"] is None or 0 < result["mfu"] <= 1), result["peak_basis"]
    assert (tmp_path / "cache" / "gemm_peak.json").is_file()  # measured once, kept per device


def test_bench_rejects_a_bad_setting(capsys) -> None:
    code, _, err = run(capsys, "bench", "train", "--set", "model.n_head=5", "--json")
    assert code == 1 and "model.n_head" in err


def test_resume_with_a_lower_learning_rate_updates_the_run(capsys, tokenized_project: Project,
                                                          tiny_overrides: list[str]) -> None:
    root = tokenized_project.root
    sets = [arg for item in tiny_overrides for arg in ("--set", item)]
    code, out, err = run(capsys, "train", root, *sets, "--max-steps", "10", "--device", "cpu")
    assert code == 0, err
    assert "ms/step" in out and "mfu" in out
    code, out, err = run(capsys, "train", root, "--resume", "1", "--set", "train.lr=0.002", "--max-steps", "15",
                         "--device", "cpu")
    assert code == 0, err
    assert "steps 10 -> 15" in out
    config = RunConfig.from_dict(run_config(tokenized_project, 1))
    assert config.train.lr == 0.002 and config.train.max_steps == 15
    code, _, err = run(capsys, "train", root, "--resume", "1", "--set", "model.d_model=64")
    assert code == 1 and "clone the run" in err


def test_export_writes_a_config_and_launch_scripts(capsys, tokenized_project: Project, tmp_path: Path) -> None:
    out_dir = tmp_path / "launch"
    code, out, err = run(capsys, "train", tokenized_project.root, "--preset", "llama-small",
                         "--set", "train.fsdp=true", "--export", out_dir)
    assert code == 0, err
    assert not list_runs(tokenized_project)  # exporting trains nothing
    config = load_config_file(out_dir / "config.toml")
    assert config.model.pos_encoding == "rope" and config.train.fsdp is True
    torchrun = (out_dir / "launch_torchrun.sh").read_text()
    assert "torchrun --standalone" in torchrun and "-m llmstudio train" in torchrun
    assert os.access(out_dir / "launch_torchrun.sh", os.X_OK)
    slurm = (out_dir / "launch_slurm.sbatch").read_text()
    assert "#SBATCH --gpus-per-node" in slurm and "srun torchrun" in slurm
    for script in ("launch_torchrun.sh", "launch_slurm.sbatch"):
        assert subprocess.run(["bash", "-n", str(out_dir / script)]).returncode == 0  # valid shell
