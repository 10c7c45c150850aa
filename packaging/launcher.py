"""Entry script of the frozen app (PyInstaller needs a script file, not a console entry point).

It does what `llmstudio = llmstudio.__main__:main` does, plus three things only a frozen
or benchmarked start needs:
- `multiprocessing.freeze_support()` first, so a spawned worker process (DataLoader
  workers on Windows and macOS) runs its task instead of starting a second app;
- a windowed build (Windows/macOS) has no stdout/stderr; they become os.devnull so that
  CLI output and logging cannot crash it;
- `LLMSTUDIO_EXIT_AFTER_SHOWN=1` (used by packaging/bench.py): once the event loop runs
  with a top-level window visible, print "llmstudio-shown <seconds since start>" to stderr
  and quit with 0. It wraps QApplication.exec, so it times the real start path of the app.
The same script runs from source (`python packaging/launcher.py`), which is how the
benchmark compares frozen and source starts on equal terms.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

_STARTED = time.perf_counter()


def _give_windowed_app_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _exit_after_first_window() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    def exec_then_quit_once_shown(*_args: object) -> int:
        def check() -> None:
            if any(w.isVisible() for w in QApplication.topLevelWidgets()):
                sys.stderr.write(f"llmstudio-shown {time.perf_counter() - _STARTED:.3f}\n")
                sys.stderr.flush()
                QApplication.quit()
            else:
                QTimer.singleShot(10, check)

        QTimer.singleShot(0, check)
        return original_exec()  # a static method: `app.exec()` and `QApplication.exec()` alike

    QApplication.exec = exec_then_quit_once_shown  # type: ignore[method-assign]


def run() -> int:
    multiprocessing.freeze_support()
    _give_windowed_app_streams()
    if os.environ.get("LLMSTUDIO_EXIT_AFTER_SHOWN") == "1":
        _exit_after_first_window()
    from llmstudio.__main__ import main

    result = main()
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(run())
