"""Cleaning presets end to end against datatrove's same pipeline, and where each preset's time goes.

Run with datatrove and spaCy installed (the ``bench`` extra):

    python tests/benchmarks/bench_clean_preset.py --rounds 3 --datatrove-mb 2

Three sections, printed with the machine's load average beside each figure:

* ``profile``: every preset run step by step in one process on the whole corpus, with
  the seconds and share of each step (normalise, exact dedup, repetition, quality,
  language ID, MinHash, PII) and the snapshot writes of a full ``run_recipe``.
* ``e2e``: the "Gopher" preset (normalise, exact dedup, repetition, quality) and its rules
  alone, JSON Lines in and out, 2 workers each. llmstudio: the corpus is in a project,
  ``run_recipe`` with 2 workers writes the snapshot, and the kept texts are written to a
  JSONL file. datatrove: ``JsonlReader -> [FTFYFormatter] -> GopherRepetitionFilter ->
  GopherQualityFilter -> JsonlWriter`` on ``LocalPipelineExecutor(tasks=2, workers=2)``
  over the first ``--datatrove-mb`` MB (it is slow; MB/s is compared). datatrove's exact
  dedup is a 3-stage job of its own and is left out, which only flatters datatrove.
  Rounds alternate the two tools; the median of the per-round ratios is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

import clean_corpus  # noqa: E402

from llmstudio.core.cleaning.base import GlobalStep, Removal  # noqa: E402
from llmstudio.core.cleaning.recipe import PRESETS, Recipe, StepSpec  # noqa: E402

RULES = Recipe("Gopher rules only", (StepSpec("gopher_repetition"), StepSpec("gopher_quality")))


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def mb_of(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def profile(texts: list[str]) -> dict[str, dict[str, float]]:
    """Seconds per step for every preset, in one process (global steps: key + decide)."""
    out = {}
    for name, recipe in PRESETS.items():
        steps = recipe.build()
        seconds = dict.fromkeys((s.name for s in steps), 0.0)
        for doc_id, text in enumerate(texts):
            for step in steps:
                start = time.perf_counter()
                if isinstance(step, GlobalStep):
                    result = step.decide(step.key(text), doc_id) or text
                else:
                    result = step.apply(text)
                seconds[step.name] += time.perf_counter() - start
                if isinstance(result, Removal):
                    break
                text = result
        total = sum(seconds.values())
        out[name] = {k: round(v, 2) for k, v in seconds.items()}
        shares = ", ".join(f"{k} {v:.2f}s {100 * v / total:.0f}%" for k, v in seconds.items())
        print(f"profile {name}: {total:.2f}s in-process ({load()}): {shares}", flush=True)
    return out


def ours(project, recipe: Recipe, out: Path, tag: str) -> tuple[float, int, float]:  # type: ignore[no-untyped-def]
    """(seconds, kept, seconds spent writing the snapshot) for run_recipe + a JSONL export."""
    import llmstudio.core.cleaning.pipeline as pipeline

    store = pipeline._store_batch
    spent = [0.0]

    def timed_store(*args):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        store(*args)
        spent[0] += time.perf_counter() - start

    pipeline._store_batch = timed_store
    try:
        start = time.perf_counter()
        summary = pipeline.run_recipe(project, recipe, tag, workers=2)
        with open(out, "w", encoding="utf-8") as handle:
            for doc_id, text in pipeline.iter_kept_texts(project, summary.snapshot_id):
                handle.write(json.dumps({"id": doc_id, "text": text}) + "\n")
        return time.perf_counter() - start, summary.kept, spent[0]
    finally:
        pipeline._store_batch = store


def datatrove(corpus_dir: Path, work: Path, with_preset: bool) -> tuple[float, int]:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.filters import GopherQualityFilter, GopherRepetitionFilter
    from datatrove.pipeline.formatters import FTFYFormatter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    shutil.rmtree(work, ignore_errors=True)
    steps = [JsonlReader(str(corpus_dir), text_key="text", id_key="id")]
    if with_preset:
        steps.append(FTFYFormatter())
    steps += [GopherRepetitionFilter(), GopherQualityFilter(), JsonlWriter(str(work / "out"), compression=None)]
    start = time.perf_counter()
    LocalPipelineExecutor(pipeline=steps, tasks=2, workers=2, logging_dir=str(work / "logs")).run()
    seconds = time.perf_counter() - start
    kept = sum(1 for path in (work / "out").glob("*") for _ in open(path, encoding="utf-8"))
    return seconds, kept


def e2e(texts: list[str], work: Path, rounds: int, dt_mb: float) -> dict[str, object]:
    from cleaning_helpers import add_documents

    from llmstudio.core.project import Project

    project = Project.create(Path(tempfile.mkdtemp(dir=work)) / "project")
    add_documents(project, texts)
    size = mb_of(texts)
    subset, sub_mb = [], 0.0
    for text in texts:  # two files, so each of datatrove's two tasks has one
        if sub_mb >= dt_mb:
            break
        subset.append(text)
        sub_mb += len(text.encode("utf-8")) / 1e6
    corpus_dir = work / "datatrove_in"
    shutil.rmtree(corpus_dir, ignore_errors=True)
    corpus_dir.mkdir()
    for part in range(2):
        with open(corpus_dir / f"part{part}.jsonl", "w", encoding="utf-8") as handle:
            for i in range(part, len(subset), 2):
                handle.write(json.dumps({"id": str(i), "text": subset[i]}) + "\n")
    results: dict[str, object] = {}
    for label, recipe, with_preset in (("preset", PRESETS["Gopher"], True), ("rules", RULES, False)):
        ratios, ours_speeds, dt_speeds, stores = [], [], [], []
        for r in range(rounds):
            order = ("ours", "datatrove") if r % 2 == 0 else ("datatrove", "ours")
            for who in order:
                if who == "ours":
                    seconds, kept, store = ours(project, recipe, work / "ours.jsonl", f"{label}-{r}")
                    ours_speeds.append(size / seconds)
                    stores.append(store / seconds)
                    print(f"  {label} round {r} llmstudio: {seconds:.1f}s {size / seconds:.2f} MB/s kept {kept}, "
                          f"snapshot writes {100 * store / seconds:.0f}% ({load()})", flush=True)
                else:
                    seconds, kept = datatrove(corpus_dir, work / "datatrove_run", with_preset)
                    dt_speeds.append(sub_mb / seconds)
                    print(f"  {label} round {r} datatrove: {seconds:.1f}s {sub_mb / seconds:.3f} MB/s kept {kept} "
                          f"of {len(subset)} ({load()})", flush=True)
            ratios.append(ours_speeds[-1] / dt_speeds[-1])
        results[label] = {
            "ratio_median": round(statistics.median(ratios), 1),
            "ratios": [round(x, 1) for x in ratios],
            "llmstudio_mb_s": round(statistics.median(ours_speeds), 2),
            "datatrove_mb_s": round(statistics.median(dt_speeds), 3),
            "snapshot_writes_share": round(statistics.median(stores), 3),
        }
        print(f"e2e {label}: ratio {results[label]['ratio_median']}x (rounds {results[label]['ratios']}), "
              f"llmstudio {results[label]['llmstudio_mb_s']} MB/s, datatrove {results[label]['datatrove_mb_s']} MB/s "
              f"({load()})", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20, help="corpus size in MB of text")
    parser.add_argument("--datatrove-mb", type=float, default=2, help="MB of the corpus datatrove is timed on")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/llmstudio-clean-bench"))
    parser.add_argument("--only", default="profile,e2e")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / "corpus.jsonl"
    if not corpus.exists():
        clean_corpus.build(args.work, args.mb)
    texts = [r["text"] for r in clean_corpus.load(corpus)]
    print(f"corpus: {len(texts)} documents, {mb_of(texts):.1f} MB; {os.cpu_count()} cores, {load()}", flush=True)
    only = set(args.only.split(","))
    results: dict[str, object] = {}
    if "profile" in only:
        results["profile"] = profile(texts)
    if "e2e" in only:
        try:
            import datatrove  # noqa: F401
            import spacy  # noqa: F401
        except ImportError as exc:
            sys.exit(f"install the bench extra first ({exc})")
        results["e2e"] = e2e(texts, args.work, args.rounds, args.datatrove_mb)
    (args.work / f"results-preset-{'-'.join(sorted(only))}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
