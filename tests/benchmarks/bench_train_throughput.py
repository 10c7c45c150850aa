"""Throughput: llmstudio's trainer against a minimal hand-written PyTorch loop for the same
model, side by side in one run, interleaved round by round (the CPU is shared, so only
medians and ratios of neighbouring measurements mean anything).

    .venv/bin/python tests/benchmarks/bench_train_throughput.py --rounds 5 --steps 100 --threads 1

llmstudio's time per step is its whole loop (batches from the token file, the step,
metric rows and run updates written to SQLite every log interval), from the first step
to the last log, read from its final StepLogged event; the hand-written loop's is its
loop's wall time the same way. Goal: llmstudio within 5% of the hand-written loop.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_train_common import char_project, cpu_pressure, hand_written_loop, recipe, token_files  # noqa: E402

from llmstudio.core.model.size import flops_per_token  # noqa: E402
from llmstudio.core.training.gemm_peak import gemm_peak_flops  # noqa: E402
from llmstudio.core.training.trainer import StepLogged, create_run, train_run  # noqa: E402


def llmstudio_step_time(project, steps: int, threads: int, extra: list[str]) -> float:
    config = recipe(f"train.max_steps={steps}", f"train.eval_interval={steps}", "train.eval_batches=1",
                    f"train.checkpoint_interval={steps * 10}", f"train.threads={threads}", *extra)
    run_id = create_run(project, config, name="throughput")
    last: list[StepLogged] = []
    train_run(project, run_id, device="cpu", on_event=lambda e: last.append(e) if isinstance(e, StepLogged) else None)
    return last[-1].elapsed_s / steps


def hand_step_time(train_tokens, vocab: int, steps: int, threads: int, extra: list[str]) -> float:
    torch.set_num_threads(threads)
    _, _, seconds = hand_written_loop(train_tokens, recipe(*extra), vocab, steps=steps)
    return seconds / steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], help="extra recipe overrides (section.key=value)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = char_project(Path(tmp) / "project")
        train_tokens, _, vocab = token_files(project)
        torch.set_num_threads(args.threads)
        peak = gemm_peak_flops(torch.device("cpu"), None, args.threads, refresh=True)
        config = recipe(*args.set)
        fpt = flops_per_token(config.model, vocab)
        tokens_per_step = config.train.batch_size * config.model.context_length
        ours, theirs, ratios = [], [], []
        for r in range(args.rounds):
            order = ("llmstudio", "hand") if r % 2 == 0 else ("hand", "llmstudio")
            times = {}
            for name in order:
                if name == "llmstudio":
                    times[name] = llmstudio_step_time(project, args.steps, args.threads, args.set)
                else:
                    times[name] = hand_step_time(train_tokens, vocab, args.steps, args.threads, args.set)
            ours.append(times["llmstudio"])
            theirs.append(times["hand"])
            ratios.append(times["hand"] / times["llmstudio"])  # > 1: llmstudio faster
            print(f"round {r + 1}: llmstudio {times['llmstudio'] * 1000:.1f} ms/step, hand-written "
                  f"{times['hand'] * 1000:.1f} ms/step, speed ratio {ratios[-1]:.3f}  [{cpu_pressure()}]", flush=True)
        a, b = statistics.median(ours), statistics.median(theirs)
        summary = {
            "threads": args.threads, "steps_per_round": args.steps, "rounds": args.rounds,
            "params_config": " ".join(args.set) or "nanoGPT CPU char recipe (4L, 4H, 128d, T64, B12)",
            "llmstudio_ms_per_step": a * 1000, "hand_ms_per_step": b * 1000,
            "llmstudio_tokens_per_s": tokens_per_step / a, "hand_tokens_per_s": tokens_per_step / b,
            "median_speed_ratio": statistics.median(ratios), "min_ms_llmstudio": min(ours) * 1000,
            "min_ms_hand": min(theirs) * 1000, "gemm_peak_gflops": peak / 1e9,
            "llmstudio_mfu": tokens_per_step / a * fpt / peak, "hand_mfu": tokens_per_step / b * fpt / peak,
        }
        print(json.dumps(summary, indent=2))
        project.close()


if __name__ == "__main__":
    main()
