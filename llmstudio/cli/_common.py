"""What every CLI command shares: output, exit codes, the terminal progress bar, Ctrl+C.

Command modules import this module and the core, never ``llmstudio.cli`` itself, so the
package has no import cycle: ``cli/__init__`` assembles the parser from the modules, and
the modules know nothing of each other. The exit codes are defined here and only here.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, ProgressUpdate, ThrottledProgress

if TYPE_CHECKING:
    from llmstudio.core.project import Project

EXIT_OK = 0
EXIT_FAILED = 1  # a StudioError: one line on stderr names the problem and the fix
EXIT_USAGE = 2  # argparse's own code for a bad command line
EXIT_PARTIAL = 3  # done, but some inputs were rejected (the rest went through)
EXIT_CANCELLED = 130  # Ctrl+C, as a shell reports SIGINT

Command = Callable[[argparse.Namespace], int]
Subparsers = argparse._SubParsersAction  # what register(...) receives


def out(text: str = "") -> None:
    """One line of the command's result on stdout."""
    print(text, flush=True)


def warn(text: str) -> None:
    """One line on stderr: a problem, note or warning beside the result."""
    print(text, file=sys.stderr, flush=True)


def warn_about_split_drift(project: Project, from_run: int | None, figure: str) -> None:
    """Say so when fine-tuning from run ``from_run`` whose tokenizer's shards followed another split."""
    if not from_run:
        return
    from llmstudio.core.freshness import run_split_drift

    drift = run_split_drift(project, from_run)
    if drift is not None:
        warn(f"warning: run {from_run} was trained on {drift.consequence(figure)}")


def open_project(directory: str | Path) -> Project:
    """The project in ``directory`` (a StudioError naming the folder when there is none).

    The core is imported here, not at the top, so ``llmstudio --help`` stays instant.
    """
    from llmstudio.core.project import Project

    return Project.open(Path(directory))


def open_app(project_dir: Path | None) -> int:
    """Open the desktop app (on a project, or on the last one)."""
    try:
        from llmstudio.gui.app import run_app
    except ImportError as exc:  # PySide6 missing from a headless install
        raise StudioError(f"the desktop app cannot start ({exc}); install PySide6 or use the CLI commands") from exc
    return run_app(project_dir)


@contextmanager
def interruptible() -> Iterator[CancelToken]:
    """A cancel token that Ctrl+C sets (a second Ctrl+C stops at once)."""
    token = CancelToken()
    previous = signal.getsignal(signal.SIGINT)

    def on_interrupt(signum: int, frame: object) -> None:
        if token.cancelled:
            signal.signal(signal.SIGINT, previous)
            raise KeyboardInterrupt
        print("\nstopping… (saving first; press Ctrl+C again to abort)", file=sys.stderr, flush=True)
        token.cancel()

    try:
        signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not the main thread (embedded use): no signal handling
        pass
    try:
        yield token
    finally:
        try:
            signal.signal(signal.SIGINT, previous)
        except ValueError:
            pass


class TerminalProgress:
    """Draws ``[#####.....]  42%  message`` on a terminal; prints plain lines elsewhere."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self._drawn = False
        self._last_line = ""
        self.report = ThrottledProgress(self._draw, interval=0.1 if self.tty else 2.0)

    def __call__(self, fraction: float | None, message: str = "") -> None:
        if not self.quiet:
            self.report(fraction, message)

    def _draw(self, update: ProgressUpdate) -> None:
        elapsed = time.monotonic() - self.started
        if update.fraction is None:
            line = f"{update.message}  ({elapsed:.0f}s)"
        else:
            eta = elapsed / update.fraction * (1 - update.fraction) if update.fraction > 0.01 else None
            bar = "#" * int(update.fraction * 20)
            tail = f" eta {eta:.0f}s" if eta is not None and update.fraction < 1 else ""
            line = f"[{bar:<20}] {update.fraction * 100:3.0f}%  {update.message}{tail}"
        if self.tty:
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self.stream.write("\r" + line[:width].ljust(width))
            self._drawn = True
        elif line != self._last_line:
            self.stream.write(line + "\n")
        self._last_line = line
        self.stream.flush()

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


@contextmanager
def job(quiet: bool = False) -> Iterator[tuple[TerminalProgress, CancelToken]]:
    """A progress bar and a Ctrl+C cancel token for one core job; the bar's line is ended after."""
    bar = TerminalProgress(quiet=quiet)
    with interruptible() as cancel:
        try:
            yield bar, cancel
        finally:
            bar.close()
