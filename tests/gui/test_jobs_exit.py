"""A job still running when the program ends is cancelled and waited for, not destroyed running.

Seen at the end of the GUI suite: a panel's background job (the Model panel's timing) was still
running at interpreter exit; the job threads' references went away during shutdown and Qt
aborted the process ("QThread: Destroyed while thread ... is still running").
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import time
    from PySide6.QtWidgets import QApplication
    from llmstudio.core.errors import JobCancelled
    from llmstudio.gui.jobs import JobRunner

    app = QApplication([])

    def work(progress, cancel):
        while not cancel.cancelled:
            sum(range(1000))
        print("cancelled at exit", flush=True)
        raise JobCancelled()

    JobRunner().run("busy", work)
    time.sleep(0.3)
    print("exiting", flush=True)
""")


def test_a_job_running_at_exit_is_cancelled_and_the_process_exits_cleanly(tmp_path: Path) -> None:
    script = tmp_path / "exit_with_a_job.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert "Destroyed while thread" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["exiting", "cancelled", "at", "exit"]
