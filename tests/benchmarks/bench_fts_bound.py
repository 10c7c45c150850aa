"""How much of an import's time FTS5 indexing alone costs: the bound on the import ratio.

Inserts the same documents into a plain table and into an FTS5 table, in one transaction
each, and prints the CPU time of both. Run: .venv/bin/python tests/benchmarks/bench_fts_bound.py
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from pathlib import Path

from llmstudio.resources import resource_path


def main(documents: int = 93_000, words_per_document: int = 90) -> None:
    words = resource_path("demo", "moby-dick", "chapter_01.txt").read_text(encoding="utf-8").split()
    rng = random.Random(0)
    docs = [" ".join(rng.choices(words, k=words_per_document)) for _ in range(documents)]
    megabytes = sum(len(d.encode()) for d in docs) / 1e6
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, ddl in (("plain table", "CREATE TABLE t(text)"),
                           ("fts5 unicode61", "CREATE VIRTUAL TABLE t USING fts5(text)")):
            path = Path(folder) / f"{label.split()[0]}.sqlite"
            conn = sqlite3.connect(path)
            conn.execute(ddl)
            start = time.process_time()
            with conn:
                conn.executemany("INSERT INTO t(text) VALUES (?)", ((d,) for d in docs))
            results[label] = time.process_time() - start
            conn.close()
    for label, seconds in results.items():
        print(f"{label:<16} {megabytes:.0f} MB  {seconds:.2f} s CPU")
    print(f"fts5 / plain: {results['fts5 unicode61'] / results['plain table']:.1f}x")


if __name__ == "__main__":
    main()
