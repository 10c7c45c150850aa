"""The Reinforcement tab at 1024x640, in English and in Simplified Chinese: every view of a finished
policy run (curves, samples, frontier) and each side page, with no English left in the Chinese
interface and no clipped text. The screenshots land in tests/gui/screenshots/ (rl_*.png) for a
person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from llmstudio.core.project import Project
from llmstudio.core.rl.events import PolicySamples
from llmstudio.core.rl.store import append_samples
from llmstudio.core.runs import add_run, append_metrics, get_run, run_folder, update_run
from llmstudio.gui.i18n import install_language
from llmstudio.gui.main_window import MainWindow
from tests.gui.ui_audit import clipped, untranslated


def _project(folder: Path) -> int:
    """A language-model run and two finished GRPO runs from it (stored metrics, samples on disk)."""
    with Project.create(folder) as project:
        lm = add_run(project, "lm", {}, max_steps=200, name="tiny")
        update_run(project, lm, step=200, status="completed")
        runs = []
        for kl_coef, pace in ((0.04, 1.0), (0.2, 0.6)):
            run_id = add_run(project, "policy", {"policy": {"algo": "grpo", "start_run": lm,
                                                            "reward": "rule:positive.toml", "pairs": ""},
                                                 "rl": {"kl_coef": kl_coef}}, max_steps=60, parent_run_id=lm)
            rows = []
            for step in range(1, 61):
                mean = 0.25 + 0.6 * pace * step / 60
                rows += [("reward_mean", step, mean), ("reward_std", step, 0.12), ("kl", step, 0.004 * pace * step),
                         ("policy_loss", step, 0.05 / step)]
                if step % 10 == 0:
                    rows += [("eval_reward", step, mean - 0.03), ("eval_kl", step, 0.004 * pace * step)]
            append_metrics(project, run_id, rows, step=60, status="completed")
            append_samples(run_folder(project, get_run(project, run_id)), PolicySamples(
                run_id, 60, ("The film was", "I thought the acting", "Overall"),
                ("a delight from start to finish", "was wonderful and warm", "a lovely, moving story"),
                ("long and", "was fine but the plot", "not much to say"), (0.97, 0.91, 0.95), (0.31, 0.22, 0.4)))
            runs.append(run_id)
        return runs[0]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_reinforcement_tab_fits_1024_by_640(qtbot, window: MainWindow, tmp_path: Path, screenshot_dir: Path,
                                                 language: str) -> None:
    run_id = _project(tmp_path / "p")
    try:
        window.set_language(language)
        assert window.open_project(tmp_path / "p")
        window.resize(1024, 640)
        window.show_panel("train")
        panel = window.panels["train"]
        panel.findChild(QTabWidget, "trainKinds").setCurrentWidget(panel.rl)
        tab = panel.rl
        tab.runs.select_run(run_id)
        assert tab.live.point_count("reward", "mean") == 60 and tab.live.samples.table.rowCount() == 3
        assert tab.frontier.runs == [run_id, run_id + 1]  # both runs from the reference, overlaid
        problems: list[str] = []
        for side in range(tab.sides.count()):
            tab.sides.setCurrentIndex(side)
            for view in range(tab.views.count()):
                tab.views.setCurrentIndex(view)
                for plot in (tab.live.reward, tab.live.kl, tab.live.loss, tab.frontier.plot):
                    plot.flush()
                QApplication.processEvents()
                window.grab().save(str(screenshot_dir / f"rl_{language}_{side}_{view}.png"))
                problems += [f"[{side}/{view}] clipped: {p}" for p in clipped(tab)]
                if language != "en":
                    problems += [f"[{side}/{view}] English: {p}" for p in untranslated(tab)]
        assert not problems, "\n".join(sorted(set(problems)))
    finally:
        install_language("en")
