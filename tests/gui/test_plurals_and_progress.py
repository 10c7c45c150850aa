"""Counts read right in both languages, and what the core reports while it works is not left in English.

Counts use Qt's plural forms ("1 layer", "2 layers"; "1 层"); a core job's progress messages pass
through the GUI's table of the core's templates (``llmstudio/gui/core_progress.py``) before any
widget shows them, and each template is checked against the core's source so a reworded core
message fails here; the core's default run names ("run 1") are shown in the interface language.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from llmstudio.core.project import Project
from llmstudio.core.runs import add_run
from llmstudio.core.training.config import RunConfig
from llmstudio.gui.core_progress import TEMPLATES, translate_progress
from llmstudio.gui.i18n import install_language
from llmstudio.gui.main_window import MainWindow

CORE = Path(__file__).resolve().parents[2] / "llmstudio" / "core"


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A project whose model has 1 layer and 2 heads, trained for 1 step, with one run not yet started."""
    folder = tmp_path / "p"
    project = Project.create(folder)
    config = RunConfig().with_overrides(["model.n_layer=1", "model.n_head=2", "model.d_model=32",
                                         "train.max_steps=1", "train.warmup_steps=0"])
    project.set_setting("run_config", config.to_dict())
    add_run(project, "lm", config.to_dict(), max_steps=1)
    project.close()
    return folder


def test_the_model_summary_counts_layers_heads_and_steps_in_both_languages(qtbot, window: MainWindow,
                                                                           tiny_project: Path) -> None:
    assert window.open_project(tiny_project)
    window.show_panel("train")
    panel = window.panels["train"]
    text = panel.config_label.text()
    assert "1 layer × 2 heads" in text and "1 step," in text, text
    try:
        window.set_language("zh_CN")
        panel = window.panels["train"]
        text = panel.config_label.text()
        assert "1 层 × 2 个头" in text and "1 步" in text, text
        assert panel.runs.item(0, 1).text() == "运行 1"  # the core's default name, in the interface language
    finally:
        install_language("en")
    window.set_language("en")
    assert window.panels["train"].runs.item(0, 1).text() == "run 1"


def test_a_run_with_the_default_name_is_not_named_twice(qtbot) -> None:
    from llmstudio.gui.i18n import run_title

    assert run_title(3, "run 3") == "run 3"  # was "run 3: run 3"
    assert run_title(3, "baseline") == "run 3: baseline"
    try:
        install_language("zh_CN")
        assert run_title(3, "run 3") == "运行 3" and run_title(3, "baseline") == "运行 3：baseline"
    finally:
        install_language("en")


def test_a_core_jobs_progress_reaches_the_status_bar_in_chinese(qtbot, window: MainWindow) -> None:
    """The import meter (real core code) reports MB/s and time left; the window shows it translated."""
    from llmstudio.core.sources.import_file import Meter
    from llmstudio.gui.widgets.job_status import JobStatus

    def work(progress, cancel) -> None:  # type: ignore[no-untyped-def]
        Meter(1000, progress).update(500, "chapter_01.txt", force=True)
        cancel.wait(0.3)

    status = window.findChild(JobStatus)
    shown: list[str] = []
    try:
        install_language("zh_CN")
        job = window.jobs.run("导入", work)
        job.progressed.connect(lambda update: shown.append(status.label.text()))
        qtbot.waitUntil(lambda: job.outcome is not None, timeout=10_000)
    finally:
        install_language("en")
    assert shown and "chapter_01.txt" in shown[-1] and "剩余" in shown[-1], shown
    assert "left" not in shown[-1]


def _core_strings() -> set[str]:
    """Every string literal of the core, f-strings and str.format templates with each replacement field
    written '{}'."""
    found: set[str] = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(re.sub(r"\{\w+\}", "{}", node.value))
            elif isinstance(node, ast.JoinedStr):
                found.add("".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values))
    return found


def test_every_progress_template_is_a_message_the_core_still_writes() -> None:
    strings = _core_strings()
    stale = [t for t in TEMPLATES if re.sub(r"\{\w+\}", "{}", t) not in strings]
    assert not stale, f"the core no longer writes these progress messages; update llmstudio/gui/core_progress.py: {stale}"


def test_unknown_progress_stays_as_the_core_wrote_it(qtbot) -> None:
    try:
        install_language("zh_CN")
        assert translate_progress("step 3/30 loss 4.1234") == "第 3/30 步，损失 4.1234"
        assert translate_progress("something new") == "something new"
    finally:
        install_language("en")
