"""A small terminal progress bar for core jobs (the CLI's half of the job protocol)."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from llmstudio.core.jobs import ProgressUpdate, ThrottledProgress


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
