"""Import speed, memory and document-browser latency, beside a baseline measured in the same run.

Run on demand (not part of the unit tests):

    .venv/bin/python tests/benchmarks/bench_import.py --jsonl-mb 100 --files 10000 --browser-docs 1000000

Each measurement runs in a fresh child process so its peak memory (ru_maxrss) can be
compared with an idle child that only opened the project. The baselines are plain
``sqlite3``: read and parse the same input, then ``executemany`` the same rows into a
bare table in one transaction (no hashing, no duplicate check, no FTS index). Wall and
CPU time are both reported. The wall-time ratio is the speed a user sees; the CPU time of
an import counts both of its threads (documents, and the search index beside them), so
it shows the total work rather than the speed. The issue's
full sizes (1 GB, 100k files) are scaled down to fit a few minutes on 2 shared cores;
rates are per second, so they extrapolate, and memory is the thing that must not grow.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1024 * 1024
WORDS = (
    "the sea whale ship captain harbour storm wind sail rope deck wave island shore light keeper "
    "night morning voyage compass map anchor crew mast tide moon star cloud rain fog bell gull "
    "salt boat net fish river stone bridge road town market bread letter story song memory"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_jsonl(path: Path, megabytes: float, seed: int = 0) -> int:
    rng = random.Random(seed)
    target = int(megabytes * MB)
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        while handle.tell() < target:
            text = " ".join(_sentence(rng, rng.randint(6, 18)) for _ in range(rng.randint(3, 12)))
            handle.write(json.dumps({"text": text, "id": count, "source": "bench"}) + "\n")
            count += 1
    return count


def make_folder(path: Path, files: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for i in range(files):
        sub = path / f"d{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{i:06d}.txt").write_text(" ".join(_sentence(rng, rng.randint(6, 18)) for _ in range(rng.randint(2, 10))))


def make_short_jsonl(path: Path, docs: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(docs):
            handle.write(json.dumps({"text": f"{i} " + _sentence(rng, 8)}) + "\n")


# ----------------------------------------------------------------------------- children
def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(kind: str, source: str, work: str) -> dict:
    from llmstudio.core.project import Project
    from llmstudio.core.sources.importer import ImportOptions, import_paths

    work_dir = Path(work)
    if kind == "idle":
        with Project.create(work_dir / "idle") as project:
            project.document_count()
        return {"peak_mb": _peak_mb()}
    if kind in ("import", "import_lines", "import_noindex"):
        with Project.create(work_dir / "project") as project:
            started, cpu = time.perf_counter(), time.process_time()
            # import_noindex: what `llmstudio import` does (the index catches up later)
            summary = import_paths(project, [Path(source)], ImportOptions(), index=kind != "import_noindex")
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        return {"seconds": seconds, "cpu": cpu, "documents": summary.documents, "peak_mb": _peak_mb()}
    if kind in ("baseline_jsonl", "baseline_folder"):
        db = work_dir / "baseline.sqlite"
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, origin TEXT NOT NULL, text TEXT NOT NULL)")
        started, cpu = time.perf_counter(), time.process_time()
        if kind == "baseline_jsonl":
            with open(source, encoding="utf-8") as handle:
                rows = [(f"f:{n}", json.loads(line)["text"]) for n, line in enumerate(handle, 1)]
        else:
            rows = []
            for dirpath, _, names in os.walk(source):
                for name in sorted(names):
                    path = os.path.join(dirpath, name)
                    with open(path, encoding="utf-8") as handle:
                        rows.append((path, handle.read()))
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO documents(origin, text) VALUES (?, ?)", rows)
        conn.execute("COMMIT")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        conn.close()
        return {"seconds": seconds, "cpu": cpu, "documents": len(rows), "peak_mb": _peak_mb()}
    if kind == "browser":
        return browse(Path(source))
    raise ValueError(kind)


def browse(project_dir: Path) -> dict:
    from llmstudio.core.project import Project
    from llmstudio.core.sources.browser import DocumentBrowser

    with Project.open(project_dir) as project:
        started = time.perf_counter()
        browser = DocumentBrowser(project, page_size=100)
        first = browser.page(0)
        open_ms = (time.perf_counter() - started) * 1000
        rng = random.Random(3)
        jumps = []
        for page in [browser.page_count - 1] + [rng.randrange(browser.page_count) for _ in range(30)]:
            t = time.perf_counter()
            rows = browser.page(page)
            jumps.append((time.perf_counter() - t) * 1000)
            assert rows
        searches = []
        for word in ("whale", "keeper lighthouse", '"the sea"', "anch*"):
            t = time.perf_counter()
            browser.search(word)
            searches.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        count = browser.search_count("whale")
        count_ms = (time.perf_counter() - t) * 1000
        return {
            "documents": browser.total, "open_ms": open_ms, "first_rows": len(first),
            "jump_ms_max": max(jumps), "jump_ms_median": sorted(jumps)[len(jumps) // 2],
            "search_ms_max": max(searches), "search_count_ms": count_ms, "search_count": count,
        }


def run_child(kind: str, source: Path | str, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(source), str(work)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl-mb", type=float, default=100.0)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--browser-docs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of baseline-then-llmstudio per input; the median ratio is reported")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "SOURCE", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return

    root = Path(tempfile.mkdtemp(prefix="bench_import_"))
    print(f"working in {root}", flush=True)
    idle = run_child("idle", "-", root / "idle")["peak_mb"]
    results: dict[str, dict] = {"idle_peak_mb": {"value": idle}}

    if args.jsonl_mb > 0:
        jsonl = root / "big.jsonl"
        docs = make_jsonl(jsonl, args.jsonl_mb)
        size = jsonl.stat().st_size
        rounds, rounds_noindex = [], []
        for r in range(args.repeat):
            base = run_child("baseline_jsonl", jsonl, root / f"b1_{r}")
            ours = run_child("import", jsonl, root / f"i1_{r}")
            assert ours["documents"] == docs, (ours, docs)
            rounds.append(_rates(size, docs, base, ours, idle))
            lazy = run_child("import_noindex", jsonl, root / f"n1_{r}")
            rounds_noindex.append(_rates(size, docs, base, lazy, idle))
            print(f"jsonl round {r}: ratio {rounds[-1]['ratio']:.3f}, without the index "
                  f"{rounds_noindex[-1]['ratio']:.3f} (load {os.getloadavg()[0]:.1f})", flush=True)
        results["jsonl"] = _median_round(rounds)
        results["jsonl_index_later"] = _median_round(rounds_noindex)

    if args.files > 0:
        folder = root / "files"
        make_folder(folder, args.files)
        size = sum(p.stat().st_size for p in folder.rglob("*.txt"))
        rounds, rounds_noindex = [], []
        for r in range(args.repeat):
            base = run_child("baseline_folder", folder, root / f"b2_{r}")
            ours = run_child("import", folder, root / f"i2_{r}")
            rounds.append(_rates(size, args.files, base, ours, idle))
            lazy = run_child("import_noindex", folder, root / f"n2_{r}")
            rounds_noindex.append(_rates(size, args.files, base, lazy, idle))
            print(f"folder round {r}: ratio {rounds[-1]['ratio']:.3f}, without the index "
                  f"{rounds_noindex[-1]['ratio']:.3f} (load {os.getloadavg()[0]:.1f})", flush=True)
        results["folder"] = _median_round(rounds)
        results["folder_index_later"] = _median_round(rounds_noindex)

    if args.browser_docs > 0:
        short = root / "short.jsonl"
        make_short_jsonl(short, args.browser_docs)
        built = run_child("import", short, root / "i3")
        results["browser_build"] = {"documents": built["documents"], "seconds": built["seconds"], "cpu": built["cpu"],
                                    "peak_above_idle_mb": built["peak_mb"] - idle}
        results["browser"] = run_child("browser", root / "i3" / "project", root / "i3")
    print(json.dumps(results, indent=2))


def _median_round(rounds: list[dict]) -> dict:
    """The round with the median ratio, plus every round's ratio (the spread is the noise)."""
    ordered = sorted(rounds, key=lambda r: r["ratio"])
    median = dict(ordered[len(ordered) // 2])
    median["ratios_all_rounds"] = [round(r["ratio"], 3) for r in rounds]
    return median


def _rates(size: int, docs: int, base: dict, ours: dict, idle: float) -> dict:
    return {
        "input_mb": size / MB, "documents": docs,
        "baseline_mb_s": size / MB / base["seconds"], "baseline_docs_s": docs / base["seconds"],
        "ours_mb_s": size / MB / ours["seconds"], "ours_docs_s": docs / ours["seconds"],
        "ratio": base["seconds"] / ours["seconds"],
        # CPU time is far less disturbed by other processes on a shared machine than wall time.
        "baseline_cpu_s": base["cpu"], "ours_cpu_s": ours["cpu"], "cpu_ratio": base["cpu"] / ours["cpu"],
        "baseline_peak_above_idle_mb": base["peak_mb"] - idle,
        "ours_peak_above_idle_mb": ours["peak_mb"] - idle,
    }


if __name__ == "__main__":
    main()
