"""What a newcomer's walk through the app in Simplified Chinese turned up (docs/ux.md, session 5): words
left in English in panels and dialogs, example settings that do not exist, and buttons that could not
work. Each test shows the widget as a person sees it, in the interface language."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmstudio.core.project import Project
from llmstudio.core.runs import add_run, update_run
from llmstudio.gui.i18n import install_language
from tests.gui.ui_audit import _english_words


@pytest.fixture
def chinese():
    assert install_language("zh_CN")
    yield
    install_language("en")


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_whole_split_table_and_its_split_names_are_in_chinese(qtbot, chinese, tmp_path: Path) -> None:
    from llmstudio.core.evaluation.evaluate_store import Evaluation, store_evaluation
    from llmstudio.gui.jobs import JobRunner
    from llmstudio.gui.panels.evaluate.full_split import FullSplitView

    with Project.create(tmp_path / "p") as project:
        run_id = add_run(project, "lm", {}, max_steps=30, name="tiny")
        update_run(project, run_id, step=30, status="completed")
        store_evaluation(project, Evaluation(run_id, "validation", "best", 30, 1200, 5.9, 2.1, 4000))
        view = FullSplitView(project, JobRunner(), lambda: (run_id, "best"), lambda changed: None)
        qtbot.addWidget(view)
        view.show_stored(run_id)
        headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
        english = [h for h in headers if not _chinese(h)]
        assert not english, english  # were: split, step, tokens, loss, perplexity, bits per byte
        assert view.table.item(0, 0).text() == "验证"  # was 'validation'


def test_the_classifier_tab_says_its_schema_kind_and_result_in_chinese(qtbot, window, chinese, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QTabWidget

    from llmstudio.core.classify.trainer import ClassifierResult
    from llmstudio.core.labels.schemas import LabelSpec, create_schema

    with Project.create(tmp_path / "p") as project:
        create_schema(project, "topic", [LabelSpec("sea", shortcut="1"), LabelSpec("land", shortcut="2")])
    window.set_language("zh_CN")
    assert window.open_project(tmp_path / "p")
    window.show_panel("train")
    panel = window.panels["train"]
    panel.findChild(QTabWidget, "trainKinds").setCurrentWidget(panel.classifier)
    tab = panel.classifier
    assert tab.schema.currentText() == "topic (单标签)"  # was 'topic (single)'
    tab._on_success(ClassifierResult(2, "completed", "trained 6 steps; test macro-F1 0.2500, accuracy 0.3333 "
                                     "(baseline macro-F1 0.4000)", {"macro_f1": 0.25, "accuracy": 0.3333},
                                     {"macro_f1": 0.4}))
    status = tab.status.text()
    assert _chinese(status) and not _english_words(status), status  # was '分类器运行 2 completed：trained 6 steps; …'
    assert "0.2500" in status and "0.3333" in status and "0.4000" in status


def test_the_cleaning_funnel_names_its_steps_as_the_recipe_does(qtbot, chinese) -> None:
    from llmstudio.core.cleaning.queries import FunnelStage
    from llmstudio.gui.panels.clean.charts import FunnelChart

    chart = FunnelChart()
    qtbot.addWidget(chart)
    chart.set_stages([FunnelStage("input", 40, 361924), FunnelStage("normalize", 40, 361729),
                      FunnelStage("exact_dedup", 40, 361729), FunnelStage("min_length", 40, 361729)])
    for plot in (chart.docs_plot, chart.chars_plot):
        ticks = [text for _, text in plot.getAxis("left")._tickLevels[0]]
        assert len(ticks) == 4 and all(_chinese(t) for t in ticks), ticks  # were: input, normalize, exact dedup, …


def test_a_warmup_longer_than_the_run_is_pointed_out_where_it_is_set_in_chinese(
        qtbot, window, chinese, tmp_path: Path) -> None:
    """The Model panel said nothing when train.warmup_steps >= train.max_steps; Experiments said it in English,
    and offered 'Start a run from this trial' with no trial to start from."""
    from llmstudio.core.training.config import RunConfig
    from llmstudio.gui.context import CONFIG

    with Project.create(tmp_path / "p") as project:
        project.set_setting("run_config", RunConfig().with_overrides(["train.max_steps=30",
                                                                      "train.warmup_steps=40"]).to_dict())
    window.set_language("zh_CN")
    assert window.open_project(tmp_path / "p")
    window.show_panel("model")
    model = window.panels["model"]
    model.train_form.editor("max_steps").setValue(30)  # the user sets it here
    warning = model.error_label.text()
    assert "train.warmup_steps" in warning and _chinese(warning) and not _english_words(warning), warning
    window.show_panel("experiments")
    experiments = window.panels["experiments"]
    experiments.refresh(CONFIG)
    message = experiments.message.text()
    assert "train.warmup_steps" in message and _chinese(message) and not _english_words(message), message
    start = experiments.results.start_button
    assert not start.isEnabled() and _chinese(start.toolTip())



def test_the_reward_model_settings_field_gives_a_working_example_and_says_what_is_wrong_at_once(
        qtbot, window, chinese, tmp_path: Path) -> None:
    """Its example was 'reward.max_steps=200', a setting that does not exist (the run failed only after
    Start); its tooltip now lists the reward.* settings with their help in the interface language."""
    from llmstudio.core.rl.reward_config import RewardConfig
    from llmstudio.core.rl.reward_runs import RewardRunConfig
    from llmstudio.core.settings import fields_of

    Project.create(tmp_path / "p").close()
    window.set_language("zh_CN")
    assert window.open_project(tmp_path / "p")
    section = window.panels["train"].rl.reward_model
    example = section.extra.placeholderText().split("reward.", 1)[1]
    RewardRunConfig.default().with_overrides(("reward." + example).split())  # the example works
    tips = section.extra.toolTip().split("\n")
    assert [t.split(":")[0] for t in tips[1:]] == [f"reward.{f.name}" for f in fields_of(RewardConfig)]
    assert all(_chinese(t) for t in tips), tips
    section.extra.setText("reward.max_steps=200")
    assert not section.start_button.isEnabled()
    said = section.status.text()
    assert "reward.max_steps" in said and _chinese(said), said
    section.extra.setText("reward.epochs=3")
    assert section.status.text() == ""


def test_the_export_dialog_describes_the_run_in_chinese(qtbot, chinese, tokenized_project: Project, tmp_path) -> None:
    """It showed '1: run 1 (completed, step 30)', 'latest' and 'Architecture: … Licence: no licence file'."""
    from llmstudio.core.training.config import RunConfig
    from llmstudio.gui.panels.model.interop import ExportDialog

    project = tokenized_project
    run_id = add_run(project, "lm", RunConfig().to_dict(), max_steps=30, name="run 1",
                     tokenizer_id=project.tokenizers()[-1].id)
    update_run(project, run_id, step=30, status="completed")
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.out.setText(str(tmp_path / "model.gguf"))
    shown = [dialog.run.currentText(), dialog.checkpoint.currentText(), dialog.details.text()]
    english = [text for text in shown if _english_words(text.replace("run 1", ""))]
    assert not english, english
    assert "GPT2LMHeadModel" in dialog.details.text()
    assert dialog.choice()[3] == "latest"  # the core's word, whatever the language


def test_the_import_preview_says_one_document_per_file_in_chinese(qtbot, window, chinese, tmp_path: Path) -> None:
    Project.create(tmp_path / "p").close()
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Call me Ishmael. Some years ago, never mind how long precisely.\n", encoding="utf-8")
    window.set_language("zh_CN")
    assert window.open_project(tmp_path / "p")
    dialog = window.panels["sources"].import_paths([chapter])
    qtbot.waitUntil(lambda: "utf" in dialog.detected.text(), timeout=30_000)
    said = dialog.detected.text()
    assert "每篇文档对应: 文件" in said.replace("：", ": "), said  # was '每篇文档对应: file'
    dialog.reject()


def test_an_empty_plot_shows_its_hint_without_the_legend_on_top(qtbot) -> None:
    """The Reinforcement tab's empty plots drew 'mean ± spread / held-out prompts' over their hint text."""
    from llmstudio.gui.widgets.live_plot import LivePlot

    plot = LivePlot("Reward", "reward")
    qtbot.addWidget(plot)
    plot.add_series("mean", "#1f77b4", label="mean")
    plot.set_hint("Start a run: its mean reward appears here as it learns.")
    plot.resize(400, 300)
    plot.show()
    assert plot.hint.isVisible() and not plot.legend.isVisible()
    plot.append("mean", 1, 0.5)
    plot.flush()
    assert not plot.hint.isVisible() and plot.legend.isVisible()
    plot.clear()
    plot.flush()
    assert plot.hint.isVisible() and not plot.legend.isVisible()
