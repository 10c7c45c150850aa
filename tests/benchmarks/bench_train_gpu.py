"""MFU of the GPT-2 124M shape on a CUDA GPU, bf16 autocast + torch.compile (goal >= 45%).

A short prepared check for when a GPU machine is lent (about 2-4 minutes, most of it
compiling):

    .venv/bin/python tests/benchmarks/bench_train_gpu.py --steps 20

It runs the trainer's own step (``llmstudio bench train``) with the preset's shape and a
GPT-2 vocabulary padded to 50,304, micro-batch 16 × 1024 tokens, and prints the JSON with
MFU against the GEMM peak measured on that GPU in bf16 (not a datasheet number).

Without a CUDA GPU it says so and exits 0 (skipped). ``--dry-run`` runs the same script
path on the CPU with the ``tiny`` preset for two steps, to check that it still works
where no GPU is lent; its MFU figure means nothing.
"""

from __future__ import annotations

import argparse
import json

import torch

from llmstudio.core.training.bench import bench_train
from llmstudio.core.training.config import load_preset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--dry-run", action="store_true",
                        help="check the script on the CPU (tiny preset, two steps); no MFU figure")
    args = parser.parse_args()
    if args.dry_run:
        config = load_preset("tiny").with_overrides([
            "train.batch_size=2", "train.grad_accum=1", "train.precision=auto", "train.compile=false"])
        result = bench_train(config, steps=2, device="cpu", warmup=1, refresh_peak=False)
        print(json.dumps(result, indent=2))
        print("dry run on the CPU: the script works; MFU is only measured on a CUDA GPU")
        return
    if not torch.cuda.is_available():
        print("skipped: torch sees no CUDA GPU, and this benchmark measures MFU on one "
              "(--dry-run checks the script on the CPU)")
        return
    config = load_preset("gpt2-124m").with_overrides([
        "model.vocab_size=50304", f"train.batch_size={args.batch_size}", "train.grad_accum=1",
        "train.precision=auto", "train.compile=true"])
    result = bench_train(config, steps=args.steps, device="cuda", warmup=5)
    print(json.dumps(result, indent=2))
    print(f"MFU {result['mfu']:.1%} (goal 45%): {'met' if result['mfu'] >= 0.45 else 'not met'}")


if __name__ == "__main__":
    main()
