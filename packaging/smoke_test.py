"""Smoke-test a frozen llmstudio: the whole pipeline, headless, through the frozen executable.

Usage:  python packaging/smoke_test.py PATH/TO/FROZEN/llmstudio [--skip-demo]

It runs with any Python (the build venv on Linux, the runner's on Windows/macOS) and
drives the executable as a user's shell would, with QT_QPA_PLATFORM=offscreen:
1. step by step, with tiny settings: new, import the demo corpus, clean, train a
   tokenizer (this is what needs sentencepiece's data files), train a few steps on CPU;
2. `demo --headless` (the same pipeline as the demo button; 30 training steps instead of
   the preset's hundreds unless --full-demo, so that it fits a 2-core CI box);
3. `demo DIR` with LLMSTUDIO_EXIT_AFTER_SHOWN=1: the window opens on that project, then quits.
After each, it reads project.sqlite directly (not through the app) and checks that a
user would find documents, a tokenizer whose model file exists, a finished run with
logged steps and metrics; and that `info --json` prints valid JSON when there is a
stdout (a windowed Windows build has none, so an empty stdout is accepted there).
Exit 0 when everything passed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APPLICATION_ID = 0x4C4C4D53  # "LLMS", llmstudio.core.db.schema.APPLICATION_ID
COMMAND_TIMEOUT_S = 900


class SmokeFailure(Exception):
    pass


def run_app(app: Path, *args: str, env: dict[str, str], want_stderr: bool = False) -> str:
    command = [str(app), *args]
    print(f"$ {' '.join(command)}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
        timeout=COMMAND_TIMEOUT_S, stdin=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    tail = (done.stdout[-1500:] + "\n" + done.stderr[-3000:]).strip()
    if done.returncode != 0:
        raise SmokeFailure(f"`{' '.join(args)}` exited {done.returncode} after {elapsed:.1f} s:\n{tail}")
    print(f"  ok in {elapsed:.1f} s", flush=True)
    return done.stderr if want_stderr else done.stdout


def check_project(folder: Path, *, min_steps: int = 1) -> dict[str, int]:
    db = folder / "project.sqlite"
    if not db.is_file():
        raise SmokeFailure(f"no project database at {db}")
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:

        def one(sql: str) -> int:
            return connection.execute(sql).fetchone()[0]

        if one("PRAGMA application_id") != APPLICATION_ID:
            raise SmokeFailure(f"{db} is not marked as an llmstudio project")
        figures = {
            "documents": one("SELECT count(*) FROM documents"),
            "tokenizers": one("SELECT count(*) FROM tokenizers"),
            "train_tokens": one("SELECT coalesce(max(train_tokens), 0) FROM tokenizers"),
            "completed_runs": one("SELECT count(*) FROM runs WHERE status = 'completed'"),
            "steps": one("SELECT coalesce(max(step), 0) FROM runs"),
            "metrics": one("SELECT count(*) FROM metrics"),
        }
        model_paths = [row[0] for row in connection.execute("SELECT model_path FROM tokenizers")]
        runs = connection.execute("SELECT name, status, step, message FROM runs").fetchall()
    finally:
        connection.close()
    print(f"  project {folder.name}: {figures}", flush=True)
    problems = [name for name in ("documents", "tokenizers", "train_tokens", "completed_runs", "metrics") if not figures[name]]
    if figures["steps"] < min_steps:
        problems.append(f"steps < {min_steps}")
    problems += [f"missing tokenizer model {p}" for p in model_paths if not (folder / p).is_file()]
    if problems:
        raise SmokeFailure(f"{folder}: {', '.join(problems)}; runs: {runs}")
    return figures


def check_info(app: Path, folder: Path, env: dict[str, str]) -> None:
    out = run_app(app, "info", str(folder), "--json", env=env)
    if not out.strip():
        print("  (no stdout: windowed build; info --json not checked)")
        return
    try:
        json.loads(out)
    except json.JSONDecodeError as error:
        raise SmokeFailure(f"info --json did not print JSON ({error}): {out[:500]!r}") from error


def check_window(app: Path, folder: Path, env: dict[str, str]) -> None:
    """`llmstudio demo DIR` opens the main window on the project (Qt platform plugins, icons)."""
    err = run_app(app, "demo", str(folder), env=dict(env, LLMSTUDIO_EXIT_AFTER_SHOWN="1"), want_stderr=True)
    if "llmstudio-shown" not in err and sys.platform != "win32":  # a windowed Windows build has no stderr
        raise SmokeFailure(f"`demo {folder}` exited without showing a window:\n{err[-2000:]}")


def smoke(app: Path, work: Path, *, skip_demo: bool, full_demo: bool) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    corpus = sorted((REPO / "resources" / "demo" / "moby-dick").glob("*.txt"))[:20]
    if not corpus:
        raise SmokeFailure("demo corpus resources/demo/moby-dick/*.txt not found")

    steps = work / "steps"
    run_app(app, "--help", env=env)
    run_app(app, "new", str(steps), env=env)
    run_app(app, "import", str(steps), *map(str, corpus), env=env)
    run_app(app, "clean", str(steps), env=env)
    run_app(app, "tokenizer", str(steps), "--vocab-size", "400", "--model-type", "bpe", env=env)
    run_app(app, "train", str(steps), "--max-steps", "5", "--device", "cpu", env=env)
    check_project(steps, min_steps=5)
    check_info(app, steps, env)

    if not skip_demo:
        demo = work / "demo"
        shorter = [] if full_demo else ["--set", "train.max_steps=30"]
        run_app(app, "demo", "--headless", str(demo), *shorter, env=env)
        check_project(demo)
        check_info(app, demo, env)
        check_window(app, demo, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", type=Path, help="the frozen executable")
    parser.add_argument("--skip-demo", action="store_true", help="only the step-by-step pipeline")
    parser.add_argument("--full-demo", action="store_true", help="demo --headless with the preset's step count")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()
    if not options.app.is_file():
        print(f"smoke: no executable at {options.app}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="llmstudio-smoke-"))
    started = time.perf_counter()
    try:
        smoke(options.app.resolve(), work, skip_demo=options.skip_demo, full_demo=options.full_demo)
    except (SmokeFailure, subprocess.TimeoutExpired) as error:
        print(f"SMOKE FAILED: {error}\n(work folder kept: {work})", file=sys.stderr)
        return 1
    print(f"SMOKE PASSED in {time.perf_counter() - started:.0f} s (work folder: {work})")
    if not options.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
