"""What FTS5 indexing costs beside a plain insert, and what indexing on a second thread buys.

Inserts the same documents (batches of 2,048, one transaction) into:

1. a plain table (what the baseline of ``bench_import.py`` does),
2. a contentless FTS5 table with the document ids as rowids (what ``search.sqlite`` holds),
   one ``INSERT ... SELECT`` over ``json_each`` per batch, as the index thread does,
3. both at once, each in its own file on its own thread (what an import does now).

Prints CPU and wall time of each. Run: .venv/bin/python tests/benchmarks/bench_fts_bound.py
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import orjson

from llmstudio.resources import resource_path

BATCH = 2048


def _connect(path: Path, ddl: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(ddl)
    return conn


def _fill(conn: sqlite3.Connection, sql: str, rows: list[tuple[int, str]]) -> None:
    conn.execute("BEGIN")
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        if "json_each" in sql:  # the index thread's way: one statement per batch, no GIL
            conn.execute(sql, (batch[0][0], orjson.dumps([r[1] for r in batch]).decode()))
        else:
            conn.executemany(sql, batch)
    conn.execute("COMMIT")


def main(documents: int = 93_000, words_per_document: int = 90) -> None:
    words = resource_path("demo", "moby-dick", "chapter_01.txt").read_text(encoding="utf-8").split()
    rng = random.Random(0)
    rows = [(i + 1, " ".join(rng.choices(words, k=words_per_document))) for i in range(documents)]
    megabytes = sum(len(r[1].encode()) for r in rows) / 1e6
    plain = ("CREATE TABLE t(id INTEGER PRIMARY KEY, text)", "INSERT INTO t(id, text) VALUES (?, ?)")
    fts = ("CREATE VIRTUAL TABLE t USING fts5(text, content='')",
           "INSERT INTO t(rowid, text) SELECT ? + key, value FROM json_each(?)")
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, (ddl, sql) in (("plain table", plain), ("contentless fts5", fts)):
            conn = _connect(Path(folder) / f"{label.split()[0]}.sqlite", ddl)
            cpu, wall = time.process_time(), time.perf_counter()
            _fill(conn, sql, rows)
            results[label] = (time.process_time() - cpu, time.perf_counter() - wall)
            conn.close()
        a = _connect(Path(folder) / "a.sqlite", plain[0])
        b = _connect(Path(folder) / "b.sqlite", fts[0])
        cpu, wall = time.process_time(), time.perf_counter()
        thread = threading.Thread(target=_fill, args=(b, fts[1], rows))
        thread.start()
        _fill(a, plain[1], rows)
        thread.join()
        results["both, two threads"] = (time.process_time() - cpu, time.perf_counter() - wall)
    print(f"{documents:,} documents, {megabytes:.0f} MB")
    for label, (cpu, wall) in results.items():
        print(f"{label:<20} {cpu:5.2f} s CPU  {wall:5.2f} s wall")
    base = results["plain table"]
    print(f"fts5 / plain: {results['contentless fts5'][0] / base[0]:.1f}x CPU; "
          f"both on two threads: {results['both, two threads'][1] / base[1]:.1f}x the plain wall time")


if __name__ == "__main__":
    main()
