"""The trainer's CPU thread count under a competing load: which default holds up on a busy laptop.

    python tests/benchmarks/bench_train_contention.py --rounds 3 --steps 20

A laptop always has other programs running. With torch's intra-op threads set to every
core, one descheduled thread stalls the others at each operator's barrier, so a step can
take many times longer when something else wants a core. This benchmark runs
``llmstudio bench train --preset tiny --device cpu --threads T`` for each T, alternating
round by round, with 0 and then ``--busy`` extra spinning processes (plain Python loops,
same priority: "other programs"), and prints tokens/s, the median per-round ratio against
1 thread, and the machine's load average beside each figure.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time


def spin() -> None:  # pragma: no cover - runs in the competing processes
    x = 0
    while True:
        x += 1


def bench(threads: int, steps: int) -> float:
    cmd = [sys.executable, "-m", "llmstudio", "bench", "train", "--preset", "tiny", "--device", "cpu",
           "--threads", str(threads), "--steps", str(steps), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=1200)
    return float(json.loads(done.stdout.strip().splitlines()[-1])["tokens_per_s"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--busy", type=int, default=os.cpu_count() or 1, help="competing processes in the loaded half")
    args = parser.parse_args()
    choices = [int(t) for t in args.threads.split(",")]
    results = {}
    for busy in (0, args.busy):
        context = multiprocessing.get_context("spawn")
        spinners = [context.Process(target=spin, daemon=True) for _ in range(busy)]
        for p in spinners:
            p.start()
        try:
            time.sleep(2 if busy else 0)
            speeds: dict[int, list[float]] = {t: [] for t in choices}
            for r in range(args.rounds):
                for t in choices if r % 2 == 0 else choices[::-1]:
                    speeds[t].append(bench(t, args.steps))
                    print(f"busy {busy} round {r} threads {t}: {speeds[t][-1]:,.0f} tokens/s "
                          f"(load {os.getloadavg()[0]:.1f})", flush=True)
        finally:
            for p in spinners:
                p.terminate()
                p.join()
        base = speeds[choices[0]]
        summary = {
            f"threads_{t}": {
                "tokens_per_s_median": round(statistics.median(v)),
                "ratio_vs_first_median": round(statistics.median(x / b for x, b in zip(v, base, strict=True)), 2),
                "all": [round(x) for x in v],
            }
            for t, v in speeds.items()
        }
        results[f"busy_{busy}"] = summary
        print(f"busy {busy}: " + json.dumps(summary) + f" (load {os.getloadavg()[0]:.1f})", flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
