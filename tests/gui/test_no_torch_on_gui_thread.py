"""Opening the app and showing every panel loads no torch on the GUI thread (issue #11).

Importing torch takes seconds; done on the GUI thread it freezes the window (the Train
panel once did, for about 3 s, the first time it was shown). This runs the app in a fresh
process, so that nothing the test suite imported before can hide an import: it opens a
project that has a trained run, shows every panel, lets their jobs finish, and watches
every import of torch. Torch may load only in a job's thread (the device probe does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.runs import create_run
from llmstudio.core.training.trainer import train_run

REPO = Path(__file__).resolve().parents[2]

APP = r"""
import importlib.abc, json, sys, threading
from pathlib import Path

torch_loads = []  # (module, thread name) of each first import of torch or a torch submodule


class WatchTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "torch" or name.startswith("torch."):
            torch_loads.append((name, threading.current_thread().name))
        return None


sys.meta_path.insert(0, WatchTorch())
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from llmstudio.gui.main_window import MainWindow
from llmstudio.gui.panels import PANELS

app = QApplication([])
report = {"before": "torch" in sys.modules}
window = MainWindow(QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.resize(1200, 800)
window.show()
report["opened"] = window.open_project(Path(sys.argv[1]))
report["panels"] = []
for key, *_ in PANELS:
    window.show_panel(key)
    app.processEvents()
    report["panels"].append(key)
    report["failed_panels"] = [k for k, panel in window.panels.items() if type(panel).__name__ == "QLabel"]
report["after_showing"] = "torch" in sys.modules
report["on_gui_thread_after_showing"] = [m for m, t in torch_loads if t == threading.main_thread().name]
window.jobs.wait_all(120_000)  # the device probe: torch loads here, in the job's thread
app.processEvents()
report["threads_that_loaded_torch"] = sorted({t for _, t in torch_loads})
report["on_gui_thread"] = [m for m, t in torch_loads if t == threading.main_thread().name]
window.close()
print(json.dumps(report))
"""


def test_showing_every_panel_loads_no_torch_on_the_gui_thread(tokenized_project: Project, tiny_overrides,
                                                                tmp_path: Path) -> None:
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides + ["train.max_steps=10"]))
    train_run(tokenized_project, run_id, device="cpu")  # the Train and Evaluate panels have a run to show
    tokenized_project.close()
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", APP, str(tokenized_project.root), str(tmp_path / "settings.ini")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["opened"] and report["failed_panels"] == []
    assert len(report["panels"]) >= 8
    assert report["before"] is False  # the app's own imports load no torch
    assert report["on_gui_thread_after_showing"] == []
    assert report["on_gui_thread"] == []  # torch loaded, if at all, in a job's thread only
    assert "MainThread" not in report["threads_that_loaded_torch"]
