"""Helpers for the tests that kill llmstudio commands: run the CLI as a child process, find its
descendants, SIGKILL it, and wait for the orphans (there should be none) to go."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}


def run_cli(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "llmstudio", *map(str, args)], capture_output=True, text=True,
                          env=cli_env(), check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"llmstudio {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
    return done


def start_cli(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "llmstudio", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True, env=cli_env())


def children_of(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found.add(child)
                frontier.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    still = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                if handle.read().rsplit(")", 1)[1].split()[0] != "Z":
                    still.add(pid)
        except OSError:
            pass
    return still


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def kill_and_collect(proc: subprocess.Popen[str]) -> set[int]:
    """SIGKILL ``proc``; returns its descendants at the moment of the kill."""
    descendants = children_of(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Not communicate(): orphans would hold the pipes open; the output of a killed run is not needed.
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    return descendants


def wait_orphans_gone(pids: set[int], timeout: float = 20.0) -> None:
    """The processes a killed command left must exit by themselves (they watch their parent)."""
    deadline = time.monotonic() + timeout
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = alive(pids)
    for pid in left:  # do not leave them running past the test
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    assert not left, f"orphan processes still running after the kill: {sorted(left)}"


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def integrity(db: Path) -> str:
    return str(query(db, "PRAGMA integrity_check")[0][0])
