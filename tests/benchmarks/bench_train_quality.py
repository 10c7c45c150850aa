"""Quality: nanoGPT's CPU char recipe trained by llmstudio and by a hand-written loop on the
same data; both final models scored on the whole validation split.

    .venv/bin/python tests/benchmarks/bench_train_quality.py --dir /tmp/bq --part llmstudio &
    .venv/bin/python tests/benchmarks/bench_train_quality.py --dir /tmp/bq --part hand &
    wait; .venv/bin/python tests/benchmarks/bench_train_quality.py --dir /tmp/bq --part report

(``--part both`` runs them one after the other.) The corpus is the bundled Moby-Dick
chapters (public domain) with a character tokenizer. Goal: |llmstudio - hand| < 0.02.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_train_common import (  # noqa: E402
    char_project,
    cpu_pressure,
    full_val_loss,
    hand_written_loop,
    load_run_model,
    recipe,
    token_files,
)


def run_llmstudio(folder: Path, steps: int, threads: int) -> dict:
    from llmstudio.core.runs import get_run
    from llmstudio.core.training.trainer import create_run, train_run

    project = char_project(folder)
    _, val, _ = token_files(project)
    config = recipe(f"train.max_steps={steps}", f"train.threads={threads}")
    run_id = create_run(project, config, name="quality llmstudio")
    start = time.perf_counter()
    result = train_run(project, run_id, device="cpu")
    wall = time.perf_counter() - start
    run = get_run(project, run_id)
    model = load_run_model(project, run_id)
    return {"part": "llmstudio", "run_id": run_id, "status": result.status, "steps": result.step,
            "reported_val_loss": run.val_loss, "best_val_loss": run.best_val_loss,
            "full_val_loss": full_val_loss(model, val, config.model.context_length), "wall_s": wall,
            "threads": threads, "pressure_end": cpu_pressure()}


def run_hand(folder: Path, steps: int, threads: int) -> dict:
    torch.set_num_threads(threads)
    project = char_project(folder)
    train, val, vocab = token_files(project)
    config = recipe(f"train.max_steps={steps}")
    model, losses, seconds = hand_written_loop(train, config, vocab)
    return {"part": "hand", "steps": steps, "final_train_loss": losses[-1],
            "full_val_loss": full_val_loss(model, val, config.model.context_length), "wall_s": seconds,
            "threads": threads, "pressure_end": cpu_pressure()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/llmstudio-bench-quality"))
    parser.add_argument("--part", choices=["llmstudio", "hand", "both", "report"], default="both")
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.part in ("llmstudio", "hand", "both"):
        char_project(args.dir / "project").close()  # prepare once, before parts run in parallel
    parts = {"llmstudio": run_llmstudio, "hand": run_hand}
    for name in (["llmstudio", "hand"] if args.part == "both" else [args.part] if args.part in parts else []):
        result = parts[name](args.dir / "project", args.steps, args.threads)
        (args.dir / f"{name}.json").write_text(json.dumps(result, indent=2))
        print(json.dumps(result), flush=True)
    if args.part in ("report", "both"):
        a = json.loads((args.dir / "llmstudio.json").read_text())
        b = json.loads((args.dir / "hand.json").read_text())
        diff = a["full_val_loss"] - b["full_val_loss"]
        print(f"full-val loss after {a['steps']} steps: llmstudio {a['full_val_loss']:.4f}, hand-written "
              f"{b['full_val_loss']:.4f}, difference {diff:+.4f} (goal |d| < 0.02: {'met' if abs(diff) < 0.02 else 'NOT met'}); "
              f"llmstudio's own val estimate {a['reported_val_loss']:.4f}; wall {a['wall_s']:.0f}s vs {b['wall_s']:.0f}s")


if __name__ == "__main__":
    main()
