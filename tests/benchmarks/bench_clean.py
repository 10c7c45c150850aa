"""Cleaning speed and agreement, measured beside datatrove and datasketch in one run.

Run in an environment with the ``bench`` extra (datatrove, spaCy, datasketch):

    python -m venv /tmp/llm-bench-venv
    /tmp/llm-bench-venv/bin/pip install -e '.[bench]'
    /tmp/llm-bench-venv/bin/python tests/benchmarks/bench_clean.py --mb 20

Every figure is single-process throughput on the same documents in the same run (text in
memory, no I/O, except datatrove's MinHash which is its 4-stage file pipeline as used in
production), so the ratios hold on other machines even where absolute speeds differ.
Sections: Gopher quality rules; MinHash near-dedup with recall of planted near
duplicates; agreement of keep/drop decisions with datatrove's Gopher, C4 and FineWeb
filters (with datatrove's word splitting set to ours, and with its default spaCy
tokenizer); and the whole pipeline on 1 and 2 processes from a project database.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

import clean_corpus  # noqa: E402

from llmstudio.core.cleaning.base import Removal  # noqa: E402
from llmstudio.core.cleaning.steps.c4 import C4Quality, count_sentences  # noqa: E402
from llmstudio.core.cleaning.steps.fineweb import FineWebQuality  # noqa: E402
from llmstudio.core.cleaning.steps.gopher import GopherQuality, GopherRepetition  # noqa: E402
from llmstudio.core.cleaning.steps.minhash import DEFAULT_NGRAM, NearDedup, jaccard  # noqa: E402
from llmstudio.core.cleaning.words import split_words  # noqa: E402

RESULTS: dict[str, object] = {}


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def report(name: str, **values: object) -> None:
    RESULTS[name] = values
    print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in values.items()), flush=True)


# ------------------------------------------------------------------ Gopher quality
def ours_filter(step, texts: list[str]) -> list[str | None]:  # type: ignore[no-untyped-def]
    out = []
    for text in texts:
        result = step.apply(text)
        out.append(result.reason if isinstance(result, Removal) else None)
    return out


def datatrove_filter(filt, texts: list[str]) -> list[str | None]:  # type: ignore[no-untyped-def]
    from datatrove.data import Document

    out = []
    for i, text in enumerate(texts):
        result = filt.filter(Document(text=text, id=str(i)))
        out.append(None if result is True else (result[1] if isinstance(result, tuple) else "dropped"))
    return out


def bench_gopher(texts: list[str], dt_mb: float) -> None:
    from datatrove.pipeline.filters import GopherQualityFilter

    ours, t_ours = timed(ours_filter, GopherQuality(), texts)
    sub, size = [], 0.0
    for text in texts:
        if size >= dt_mb:
            break
        sub.append(text)
        size += len(text.encode()) / 1e6
    filt = GopherQualityFilter()
    datatrove_filter(filt, sub[:5])  # load spaCy outside the timing
    theirs, t_dt = timed(datatrove_filter, filt, sub)
    report("gopher_quality_speed", ours_mb_s=round(mb(texts) / t_ours, 2), datatrove_mb_s=round(mb(sub) / t_dt, 3),
           ratio=round((mb(texts) / t_ours) / (mb(sub) / t_dt), 1), ours_docs=len(texts), datatrove_docs=len(sub),
           ours_kept=sum(r is None for r in ours), datatrove_kept_on_its_subset=sum(r is None for r in theirs))


# ------------------------------------------------------------------ MinHash
def recall(records: list[dict], removed: set[str]) -> dict[str, float]:
    near = [r["id"] for r in records if r["kind"] == "near"]
    exact = [r["id"] for r in records if r["kind"] == "exact"]
    originals = [r["id"] for r in records if r["kind"] == "original"]
    return {
        "near_recall": round(sum(i in removed for i in near) / len(near), 4),
        "exact_recall": round(sum(i in removed for i in exact) / len(exact), 4),
        "originals_removed": sum(i in removed for i in originals),
        "removed": len(removed),
    }


def ours_minhash(records: list[dict], **settings: int) -> set[str]:
    return set(ours_minhash_pairs(records, **settings))


def ours_minhash_pairs(records: list[dict], **settings: int) -> dict[str, int]:
    """Removed id -> index of the earlier record it was taken for a copy of."""
    step = NearDedup(**settings)
    removed = {}
    for n, record in enumerate(records):
        removal = step.decide(step.key(record["text"]), n)
        if removal is not None:
            removed[record["id"]] = removal.duplicate_of
    return removed


def precision(records: list[dict], pairs: dict[str, int], ngram: int) -> float:
    """Share of removals whose true word-n-gram Jaccard with the kept document is >= 0.5.

    The corpus's own files hold real near copies (licence texts), so "unplanted document
    removed" is not the same as "wrong"; the true Jaccard of each removed pair is."""
    by_id = {r["id"]: r for r in records}
    good = sum(jaccard(records[first]["text"], by_id[rid]["text"], ngram) >= 0.5 for rid, first in pairs.items())
    return round(good / max(1, len(pairs)), 4)


def datasketch_minhash(records: list[dict]) -> set[str]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=112, params=(14, 8))
    removed = set()
    word = re.compile(r"\w+")
    for n, record in enumerate(records):
        words = word.findall(record["text"].lower())
        shingles = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=112)
        m.update_batch([s.encode("utf-8") for s in shingles])
        if lsh.query(m):
            removed.add(record["id"])
        lsh.insert(str(n), m)
    return removed


def datatrove_minhash(corpus: Path, work: Path) -> tuple[set[str], float]:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    config = MinhashConfig()  # 5-grams, 14 x 8, its simplify_text normalisation
    base = work / "datatrove_minhash"
    reader = lambda: JsonlReader(str(corpus.parent), glob_pattern=corpus.name, text_key="text", id_key="id")  # noqa: E731
    stages = [
        [reader(), MinhashDedupSignature(str(base / "sigs"), config=config)],
        [MinhashDedupBuckets(str(base / "sigs"), str(base / "buckets"), config=config)],
        [MinhashDedupCluster(str(base / "buckets"), str(base / "remove"), config=config)],
        [reader(), MinhashDedupFilter(str(base / "remove"), exclusion_writer=JsonlWriter(str(base / "removed"))),
         JsonlWriter(str(base / "kept"))],
    ]
    start = time.perf_counter()
    for i, pipeline in enumerate(stages):
        tasks = config.num_buckets if i == 1 else 1  # the bucket stage runs one task per band
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=1, logging_dir=str(base / f"logs{i}")).run()
    seconds = time.perf_counter() - start
    removed = set()
    import gzip

    for path in (base / "removed").glob("*"):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            removed |= {json.loads(line)["id"] for line in handle}
    return removed, seconds


def bench_minhash(records: list[dict], corpus: Path, work: Path, skip_datatrove: bool) -> None:
    texts = [r["text"] for r in records]
    size = mb(texts)
    for label, settings in (("minhash_ours", {}), ("minhash_ours_5gram", {"ngram": 5}),
                            ("minhash_ours_4gram_14x7", {"ngram": 4, "rows": 7})):
        pairs, seconds = timed(lambda s=settings: ours_minhash_pairs(records, **s))
        if label == "minhash_ours_5gram":
            t_ours = seconds  # FineWeb's settings, as datasketch runs them: the speed comparison
        report(label, mb_s=round(size / seconds, 2), seconds=round(seconds, 2), **recall(records, set(pairs)),
               precision_j50=precision(records, pairs, settings.get("ngram", DEFAULT_NGRAM)))
    sketch, t_sketch = timed(datasketch_minhash, records)
    report("minhash_datasketch", mb_s=round(size / t_sketch, 2), seconds=round(t_sketch, 2), **recall(records, sketch))
    RESULTS["minhash_ratio_vs_datasketch"] = round(t_sketch / t_ours, 2)
    print(f"minhash speed ratio vs datasketch: {t_sketch / t_ours:.2f}x")
    if not skip_datatrove:
        removed, t_dt = datatrove_minhash(corpus, work)
        report("minhash_datatrove", mb_s=round(size / t_dt, 3), seconds=round(t_dt, 1), **recall(records, removed))


# ------------------------------------------------------------------ agreement
def _patch_datatrove_words() -> None:
    import datatrove.pipeline.filters.c4_filters as c4
    import datatrove.pipeline.filters.fineweb_quality_filter as fw
    import datatrove.pipeline.filters.gopher_quality_filter as gq
    import datatrove.pipeline.filters.gopher_repetition_filter as gr

    words = lambda text, language=None: split_words(text)  # noqa: E731
    for module in (gq, gr, fw):
        module.split_into_words = words
    c4.split_into_sentences = lambda text, language=None: ["s"] * count_sentences(text)


def bench_agreement(texts: list[str], n: int) -> None:
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    sample = texts[:: max(1, len(texts) // n)][:n]
    spacy_theirs = datatrove_filter(GopherQualityFilter(), sample)
    ours_gq = ours_filter(GopherQuality(), sample)
    report("agreement_gopher_quality_spacy_default",
           agree=round(sum((a is None) == (b is None) for a, b in zip(ours_gq, spacy_theirs, strict=False)) / len(sample), 4),
           datatrove_kept=sum(r is None for r in spacy_theirs), ours_kept=sum(r is None for r in ours_gq))
    _patch_datatrove_words()
    pairs = [
        ("gopher_quality", GopherQuality(), GopherQualityFilter()),
        ("gopher_repetition", GopherRepetition(), GopherRepetitionFilter()),
        ("c4_quality", C4Quality(), C4QualityFilter()),
        ("fineweb_quality", FineWebQuality(), FineWebQualityFilter()),
    ]
    for name, ours_step, theirs_filter in pairs:
        ours = ours_filter(ours_step, sample)
        theirs = datatrove_filter(theirs_filter, sample)
        agree = sum((a is None) == (b is None) for a, b in zip(ours, theirs, strict=False)) / len(sample)
        report(f"agreement_{name}", agree=round(agree, 4), docs=len(sample),
               ours_kept=sum(r is None for r in ours), datatrove_kept=sum(r is None for r in theirs))


# ------------------------------------------------------------------ whole pipeline
def bench_pipeline(texts: list[str], work: Path) -> None:
    from cleaning_helpers import add_documents

    from llmstudio.core.cleaning.pipeline import run_recipe
    from llmstudio.core.cleaning.recipe import PRESETS
    from llmstudio.core.project import Project

    project = Project.create(Path(tempfile.mkdtemp(dir=work)) / "project")
    add_documents(project, texts)
    size = mb(texts)
    for workers in (1, 2):
        for name in ("Gopher + near-dedup", "FineWeb"):
            summary, seconds = timed(run_recipe, project, PRESETS[name], f"{name}-w{workers}", lambda f, m="": None, None, workers)
            report(f"pipeline_{name.replace(' ', '_')}_w{workers}", mb_s=round(size / seconds, 2), seconds=round(seconds, 2),
                   docs_s=round(len(texts) / seconds), kept=summary.kept)
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report("pipeline_peak_rss_mb", parent=round(self_kb / 1024), largest_worker=round(child_kb / 1024))


def bench_scaling(texts: list[str], work: Path) -> None:
    """Wall and CPU time of one recipe on 1 and 2 processes: CPU shows where the work ran."""
    from cleaning_helpers import add_documents

    from llmstudio.core.cleaning.pipeline import run_recipe
    from llmstudio.core.cleaning.recipe import PRESETS
    from llmstudio.core.project import Project

    project = Project.create(Path(tempfile.mkdtemp(dir=work)) / "project")
    add_documents(project, texts)
    for workers in (1, 2):
        self0, child0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        summary, seconds = timed(run_recipe, project, PRESETS["Gopher + near-dedup"], f"scaling-w{workers}",
                                 lambda f, m="": None, None, workers)
        self1, child1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        report(f"scaling_w{workers}", workers=summary.workers, wall_s=round(seconds, 1),
               parent_cpu_s=round(self1.ru_utime + self1.ru_stime - self0.ru_utime - self0.ru_stime, 1),
               workers_cpu_s=round(child1.ru_utime + child1.ru_stime - child0.ru_utime - child0.ru_stime, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20, help="corpus size in MB of text")
    parser.add_argument("--datatrove-mb", type=float, default=4, help="MB timed for datatrove's (slow) Gopher filter")
    parser.add_argument("--agreement-docs", type=int, default=1500)
    parser.add_argument("--work", type=Path, default=Path("/tmp/llmstudio-clean-bench"))
    parser.add_argument("--skip-datatrove-minhash", action="store_true")
    parser.add_argument("--only", default="gopher,minhash,agreement,pipeline")
    args = parser.parse_args()
    corpus = args.work / "corpus.jsonl"
    if not corpus.exists():
        clean_corpus.build(args.work, args.mb)
    records = clean_corpus.load(corpus)
    texts = [r["text"] for r in records]
    print(f"corpus: {len(records)} documents, {mb(texts):.1f} MB", flush=True)
    try:
        import datasketch  # noqa: F401
        import datatrove  # noqa: F401
    except ImportError as exc:
        sys.exit(f"install the bench extra first ({exc})")
    only = set(args.only.split(","))
    if "gopher" in only:
        bench_gopher(texts, args.datatrove_mb)
    if "minhash" in only:
        bench_minhash(records, corpus, args.work, args.skip_datatrove_minhash)
    if "agreement" in only:
        bench_agreement(texts, args.agreement_docs)
    if "pipeline" in only:
        bench_pipeline(texts, args.work)
    if "scaling" in only:
        bench_scaling(texts, args.work)
    (args.work / f"results-{'-'.join(sorted(only))}.json").write_text(json.dumps(RESULTS, indent=2))


if __name__ == "__main__":
    main()
