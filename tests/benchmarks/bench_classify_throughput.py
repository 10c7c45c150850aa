"""Throughput: a classifier run against a language-model run of the same model size, side by side,
interleaved round by round (the CPU is shared, so only medians and ratios mean anything).

    .venv/bin/python tests/benchmarks/bench_classify_throughput.py --rounds 5 --steps 100 --threads 1

Both train nanoGPT's CPU recipe (4 layers, 4 heads, d_model 128, 64 tokens, batch 12) on the
bundled Moby-Dick chapters with a character tokenizer. The classifier learns a two-label
schema over the chapters; every chapter is longer than 64 tokens, so its batches hold
12 x 64 real tokens, the same as the language model's. Time per step is each loop's whole
step (batches, the step, metric rows written to SQLite), from the first step to the last log,
read from the final StepLogged event (wall time), and the process's CPU time between its first
and last StepLogged events (with one thread, CPU time does not count the time the shared
machine took the core away, so it is the steadier figure). Goal: the classifier at least
90% of the LM's speed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_train_common import RECIPE, char_project, cpu_pressure, recipe  # noqa: E402

from llmstudio.core.training.trainer import StepLogged, create_run, train_run  # noqa: E402


def label_chapters(project) -> None:  # type: ignore[no-untyped-def]
    from llmstudio.core.labels.annotations import add_annotations
    from llmstudio.core.labels.splits import make_splits

    ids = [r[0] for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
    add_annotations(project, "half", [(doc, "early" if i < len(ids) // 2 else "late") for i, doc in enumerate(ids)])
    make_splits(project, (0.7, 0.15, 0.15), seed=0, schema_name="half")


class Clock:
    """StepLogged events in, (wall seconds per step, CPU seconds per step between the first and last log) out."""

    def __init__(self) -> None:
        self.events: list[tuple[StepLogged, float]] = []

    def __call__(self, event: object) -> None:
        if isinstance(event, StepLogged):
            self.events.append((event, time.process_time()))

    def per_step(self, steps: int) -> tuple[float, float]:
        (first, cpu0), (last, cpu1) = self.events[0], self.events[-1]
        return last.elapsed_s / steps, (cpu1 - cpu0) / (last.step - first.step)


def lm_step_time(project, steps: int, threads: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    config = recipe(f"train.max_steps={steps}", f"train.eval_interval={steps}", "train.eval_batches=1",
                    f"train.checkpoint_interval={steps * 10}", f"train.threads={threads}")
    run_id = create_run(project, config, name="lm throughput")
    clock = Clock()
    train_run(project, run_id, device="cpu", on_event=clock)
    return clock.per_step(steps)


def classifier_step_time(project, steps: int, threads: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    from llmstudio.core.classify.config import ClassifierRunConfig
    from llmstudio.core.classify.runs import create_classifier_run
    from llmstudio.core.classify.trainer import train_classifier

    overrides = [o for o in RECIPE if not o.startswith(("model.context_length", "train.max_steps"))]
    config = ClassifierRunConfig.default().with_overrides(
        [*overrides, "classify.schema=half", "classify.max_length=64", "classify.epochs=0",
         f"train.max_steps={steps}", f"train.eval_interval={steps}", f"train.checkpoint_interval={steps * 10}",
         f"train.threads={threads}", "train.early_stop_patience=0", "classify.predict_all=false"])
    run_id = create_classifier_run(project, config, name="classifier throughput")
    clock = Clock()
    train_classifier(project, run_id, device="cpu", on_event=clock)
    return clock.per_step(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = char_project(Path(tmp) / "project")
        label_chapters(project)
        torch.set_num_threads(args.threads)
        lm, cls, ratios, lm_cpu, cls_cpu, cpu_ratios = [], [], [], [], [], []
        for r in range(args.rounds):
            order = ("lm", "classifier") if r % 2 == 0 else ("classifier", "lm")
            times = {}
            for name in order:
                step = lm_step_time if name == "lm" else classifier_step_time
                times[name] = step(project, args.steps, args.threads)
            (lm_wall, lm_c), (cls_wall, cls_c) = times["lm"], times["classifier"]
            lm.append(lm_wall)
            cls.append(cls_wall)
            lm_cpu.append(lm_c)
            cls_cpu.append(cls_c)
            ratios.append(lm_wall / cls_wall)  # > 1: the classifier is faster
            cpu_ratios.append(lm_c / cls_c)
            print(f"round {r + 1}: wall LM {lm_wall * 1000:.1f} / classifier {cls_wall * 1000:.1f} ms/step "
                  f"(speed ratio {ratios[-1]:.3f}); CPU LM {lm_c * 1000:.1f} / classifier {cls_c * 1000:.1f} ms/step "
                  f"(speed ratio {cpu_ratios[-1]:.3f})  [{cpu_pressure()}]", flush=True)
        tokens = 12 * 64
        summary = {"threads": args.threads, "steps_per_round": args.steps, "rounds": args.rounds,
                   "lm_ms_per_step": statistics.median(lm) * 1000, "classifier_ms_per_step": statistics.median(cls) * 1000,
                   "lm_cpu_ms_per_step": statistics.median(lm_cpu) * 1000,
                   "classifier_cpu_ms_per_step": statistics.median(cls_cpu) * 1000,
                   "lm_tokens_per_s": tokens / statistics.median(lm),
                   "classifier_tokens_per_s": tokens / statistics.median(cls),
                   "median_speed_ratio": statistics.median(ratios), "ratios": [round(x, 3) for x in ratios],
                   "median_cpu_speed_ratio": statistics.median(cpu_ratios),
                   "cpu_ratios": [round(x, 3) for x in cpu_ratios]}
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
