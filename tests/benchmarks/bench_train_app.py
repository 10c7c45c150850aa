"""The app's training with the window open against headless training, same run, same
process, interleaved round by round.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_train_app.py --rounds 4 --steps 100

"Window open" is the main window showing the Train panel: the trainer runs on a QThread
while the GUI thread receives its events, appends them to the live plot and redraws it
on its timer. Headless is ``train_run`` on the main thread. Both read their time per
step from the run's final StepLogged event. Goal: the app within 10% of headless.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_train_common import char_project, cpu_pressure, recipe  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from llmstudio.core.training.trainer import StepLogged, create_run, train_run  # noqa: E402
from llmstudio.gui.main_window import MainWindow  # noqa: E402


def config_for(steps: int, threads: int):  # type: ignore[no-untyped-def]
    return recipe(f"train.max_steps={steps}", f"train.eval_interval={steps}", "train.eval_batches=1",
                  f"train.checkpoint_interval={steps * 10}", f"train.threads={threads}")


def app_step_time(app: QApplication, window: MainWindow, steps: int) -> float:
    train = window.panels["train"]
    last: list[StepLogged] = []

    def on_started(job) -> None:  # type: ignore[no-untyped-def]
        job.event.connect(lambda e: last.append(e) if isinstance(e, StepLogged) else None)

    window.jobs.job_started.connect(on_started)
    loop = QEventLoop()  # wait like the app does: blocked in Qt's event loop, not polling
    window.jobs.job_finished.connect(loop.quit)
    train.start_new_run()
    if train.job is not None:
        loop.exec()
    window.jobs.job_finished.disconnect(loop.quit)
    window.jobs.job_started.disconnect(on_started)
    return last[-1].elapsed_s / steps


def headless_step_time(project, steps: int, threads: int) -> float:  # type: ignore[no-untyped-def]
    run_id = create_run(project, config_for(steps, threads), name="headless")
    last: list[StepLogged] = []
    train_run(project, run_id, device="cpu", on_event=lambda e: last.append(e) if isinstance(e, StepLogged) else None)
    return last[-1].elapsed_s / steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "project"
        project = char_project(folder)
        project.set_setting("run_config", config_for(args.steps, args.threads).to_dict())
        window = MainWindow(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(1280, 820)
        window.show()
        window.open_project(folder)
        window.show_panel("train")
        app.processEvents()
        gui, headless, ratios = [], [], []
        for r in range(args.rounds):
            order = ("app", "headless") if r % 2 == 0 else ("headless", "app")
            times = {}
            for name in order:
                times[name] = (app_step_time(app, window, args.steps) if name == "app"
                               else headless_step_time(project, args.steps, args.threads))
            gui.append(times["app"])
            headless.append(times["headless"])
            ratios.append(times["headless"] / times["app"])  # > 1: the app is faster
            print(f"round {r + 1}: app {times['app'] * 1000:.1f} ms/step, headless {times['headless'] * 1000:.1f} "
                  f"ms/step, speed ratio {ratios[-1]:.3f}  [{cpu_pressure()}]", flush=True)
        print(json.dumps({"threads": args.threads, "steps_per_round": args.steps, "rounds": args.rounds,
                          "app_ms_per_step": statistics.median(gui) * 1000,
                          "headless_ms_per_step": statistics.median(headless) * 1000,
                          "median_speed_ratio": statistics.median(ratios)}, indent=2))
        window.jobs.cancel_all()
        window.jobs.wait_all()
        window.close()
        project.close()


if __name__ == "__main__":
    main()
