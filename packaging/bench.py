"""Measure the frozen build beside the source tree, in the same run: size and start-to-window.

Usage:  .venv/bin/python packaging/bench.py [--runs 7] [--xz-level 6] [--no-compress] [--json out.json]

- size on disk: the bytes of every file of packaging/dist/llmstudio (or llmstudio.app), and
  the file count;
- compressed: `tar | xz -<level>` of that folder, the closest Linux stand-in for the Inno
  Setup LZMA2 setup.exe (xz -6 takes ~4-5 min on 2 cores; skip it with --no-compress);
- start-to-window: spawn -> "llmstudio-shown" on stderr, printed by packaging/launcher.py once
  the event loop runs with the main window visible (LLMSTUDIO_EXIT_AFTER_SHOWN=1), then
  the app quits. The frozen executable and `python packaging/launcher.py` from source run
  the same code, alternately, after one warm-up each (warm page cache); the median of
  --runs is reported, with the frozen/source ratio (goal: within 1.20).
Runs headless with QT_QPA_PLATFORM=offscreen unless QT_QPA_PLATFORM is already set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DIST = REPO / "packaging" / "dist"


def frozen_paths() -> tuple[Path, Path]:
    """(the folder a user installs, the executable inside it)."""
    if sys.platform == "darwin":
        app = DIST / "llmstudio.app"
        return app, app / "Contents" / "MacOS" / "llmstudio"
    folder = DIST / "llmstudio"
    return folder, folder / ("llmstudio.exe" if sys.platform == "win32" else "llmstudio")


def folder_size(folder: Path) -> tuple[int, int]:
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def xz_size(folder: Path, level: int) -> tuple[int, float]:
    started = time.perf_counter()
    tar = subprocess.Popen(["tar", "-cf", "-", "-C", str(folder.parent), folder.name], stdout=subprocess.PIPE)
    xz = subprocess.Popen(["xz", f"-{level}", "-T0", "-c"], stdin=tar.stdout, stdout=subprocess.PIPE)
    assert tar.stdout is not None and xz.stdout is not None
    tar.stdout.close()
    size = 0
    while chunk := xz.stdout.read(1 << 20):
        size += len(chunk)
    if xz.wait() or tar.wait():
        raise RuntimeError("tar | xz failed")
    return size, time.perf_counter() - started


def start_to_window(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if line.startswith("llmstudio-shown"):
                shown = time.perf_counter() - started
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    print("bench: the app did not quit after its window was shown; killed", file=sys.stderr)
                return shown
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    raise RuntimeError(f"{command[0]} exited {process.returncode} without showing a window:\n{''.join(lines[-30:])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--xz-level", type=int, default=6)
    parser.add_argument("--no-compress", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()

    folder, exe = frozen_paths()
    if not exe.is_file():
        print(f"bench: no frozen build at {exe}; run packaging/build.sh first", file=sys.stderr)
        return 2
    figures: dict[str, object] = {
        "platform": f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, "
                    f"{os.cpu_count()} CPUs",
    }
    size, files = folder_size(folder)
    figures.update(bundle_bytes=size, bundle_files=files)
    print(f"bundle: {size / 1e6:,.1f} MB on disk, {files:,} files", flush=True)
    if not options.no_compress:
        packed, took = xz_size(folder, options.xz_level)
        figures.update(xz_level=options.xz_level, xz_bytes=packed, xz_seconds=round(took, 1))
        print(f"bundle: {packed / 1e6:,.1f} MB as tar.xz -{options.xz_level} ({took:.0f} s)", flush=True)

    # Same fresh settings for both (Linux QSettings live under XDG_CONFIG_HOME): no last project reopened.
    env = dict(os.environ, LLMSTUDIO_EXIT_AFTER_SHOWN="1", XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="llmstudio-bench-"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # From source, import this tree's llmstudio (the one the spec froze), not an editable install's.
    source_env = dict(env, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])))
    commands = {
        "frozen": ([str(exe)], env),
        "source": ([sys.executable, str(REPO / "packaging" / "launcher.py")], source_env),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command, command_env in commands.values():  # warm-up: page cache, .pyc files
        start_to_window(command, command_env)
    for _ in range(options.runs):
        for name, (command, command_env) in commands.items():
            times[name].append(start_to_window(command, command_env))
    for name, values in times.items():
        figures[f"{name}_start_s"] = round(statistics.median(values), 3)
        figures[f"{name}_start_all_s"] = [round(v, 3) for v in values]
        print(f"start-to-window {name}: median {statistics.median(values):.2f} s "
              f"(min {min(values):.2f}, max {max(values):.2f}, n={len(values)})", flush=True)
    ratio = statistics.median(times["frozen"]) / statistics.median(times["source"])
    best = min(times["frozen"]) / min(times["source"])  # less sensitive to other load on the machine
    figures.update(frozen_over_source=round(ratio, 3), frozen_over_source_min=round(best, 3))
    print(f"frozen / source: {ratio:.2f} median, {best:.2f} best-of-{options.runs} (goal <= 1.20)")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
