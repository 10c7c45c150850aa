"""The interface in Simplified Chinese: the catalogue is complete, switching is live, formats are local."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget

from llmstudio.gui.i18n import count_text, human_flops, human_size, install_language, sentence
from llmstudio.gui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]


def _i18n_tool():
    spec = importlib.util.spec_from_file_location("llmstudio_i18n_tool", REPO / "packaging" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def chinese():
    assert install_language("zh_CN")
    yield
    install_language("en")


def test_every_interface_string_has_a_chinese_translation() -> None:
    """Runs lupdate over llmstudio/gui into a temporary copy of the .ts: new strings show up as unfinished."""
    problems = _i18n_tool().check("zh_CN")
    assert not problems, "\n\n".join(problems)


def test_every_count_has_its_english_singular_and_plural() -> None:
    """English is the source language; its catalogue holds only the plural forms ("%Ln file(s)")."""
    problems = _i18n_tool().check("en")
    assert not problems, "\n\n".join(problems)


def test_the_check_catches_a_new_untranslated_string(tmp_path: Path) -> None:
    tool = _i18n_tool()
    ts = tmp_path / "x.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN"><context>'
                  "<name>Panel</name><message><source>New words</source><translation type=\"unfinished\">"
                  "</translation></message><message><source>Done</source><translation>完成</translation>"
                  "</message></context></TS>", encoding="utf-8")
    assert tool.unfinished(ts) == [("Panel", "New words")]
    assert "packaging/i18n.py update" in tool.HOW_TO_FIX and "compile" in tool.HOW_TO_FIX


def test_view_language_switches_the_window_without_restart(qtbot, window: MainWindow) -> None:
    try:
        window.set_language("zh_CN")
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus[:3] == ["文件(&F)", "视图(&V)", "帮助(&H)"]
        assert window.nav.item(0).text() == "1  数据源"
        assert window.settings.value("ui/language") == "zh_CN"
        window.set_language("en")
        assert window.nav.item(0).text() == "1  Sources"
    finally:
        install_language("en")


def test_switching_language_with_a_project_open_keeps_the_panel_in_view(qtbot, window: MainWindow,
                                                                        tmp_path: Path) -> None:
    from llmstudio.core.project import Project

    Project.create(tmp_path / "p").close()
    assert window.open_project(tmp_path / "p")
    window.show_panel("label")
    try:
        window.set_language("zh_CN")
        assert window.current_panel() is window.panels["label"]  # not the welcome page
        assert window.panels["label"].new_schema.text() == "新建标注方案…"
    finally:
        install_language("en")


def test_sizes_counts_and_flops_read_like_a_person_wrote_them() -> None:
    QLocale.setDefault(QLocale("en_US"))
    assert human_size(35_000) == "35.0 kB"  # not "0.0 MB"
    assert human_size(1_500_000_000) == "1.5 GB"
    assert count_text(1, "{n} file", "{n} files") == "1 file"
    assert count_text(1200, "{n} file", "{n} files") == "1,200 files"
    assert human_flops(6424477.76e12) == "6.42 EFLOPs"  # not "6424477.76T FLOPs"
    assert human_flops(3.2e9) == "3.20 GFLOPs"
    assert "×10^" in human_flops(4e24)
    assert sentence("a job is still running") == "A job is still running."
    assert sentence("train.lr must be positive") == "train.lr must be positive."


def test_chinese_dates_and_numbers_follow_the_locale(chinese) -> None:
    from llmstudio.gui.i18n import human_datetime

    assert human_datetime("2026-11-30T08:00:00+00:00").startswith("2026/11/30")
    assert "T" not in human_datetime("2026-11-30T08:00:00")


def test_core_settings_and_cleaning_steps_are_translated(qtbot, chinese) -> None:
    """The core's labels, help texts and step descriptions (Qt-free, collected into settings_strings.py by
    `packaging/i18n.py update`) all have Chinese in the catalogue, and every form tooltip shows it."""
    from PySide6.QtCore import QCoreApplication

    from llmstudio.core.cleaning.steps import STEP_TYPES
    from llmstudio.core.model.config import ModelConfig
    from llmstudio.core.settings import fields_of
    from llmstudio.core.training.config import TrainConfig
    from llmstudio.gui.panels.clean.step_form import StepForm
    from llmstudio.gui.settings_strings import STRINGS
    from llmstudio.gui.widgets.dataclass_form import DataclassForm, describe_field
    from tests.gui.ui_audit import _english_words

    collected = set(_i18n_tool().settings_strings())
    from llmstudio.core.rl.config import RLConfig
    from llmstudio.core.rl.reward_config import RewardConfig

    core = {("Settings", info.help) for cls in (ModelConfig, TrainConfig, RLConfig, RewardConfig)
            for info in fields_of(cls) if info.help}
    core |= {("CleaningSteps", text) for step in STEP_TYPES.values()
             for text in (step.title, step.description, *(i.help for i in fields_of(step)))}
    assert core <= collected and len(STRINGS) == len(collected)  # nothing the core shows is left out
    untranslated = [text for context, text in sorted(collected) if _english_words(text) and not any(
        "\u4e00" <= ch <= "\u9fff" for ch in QCoreApplication.translate(context, text))]
    assert not untranslated, untranslated
    tips = [describe_field(info) for cls in (ModelConfig, TrainConfig) for info in fields_of(cls)]
    for name in STEP_TYPES:
        form = StepForm(name, {})
        tips += [w.toolTip() for w in form.findChildren(QWidget) if w.objectName().startswith("setting_")]
    form = DataclassForm(TrainConfig)
    tips += [form.editor(info.name).toolTip() for info in fields_of(TrainConfig)]
    english = [tip for tip in tips if not any("\u4e00" <= ch <= "\u9fff" for ch in tip.split("\n")[0])
               or any(line.split(":")[0] in ("Default", "From", "Choices", "Range", "Setting")
                      for line in tip.split("\n"))]
    assert not english, english[:10]  # the help line and the Default/From lines are in Chinese too


def test_chinese_without_a_cjk_font_names_the_package_to_install(qtbot, window: MainWindow, dialogs, monkeypatch,
                                                                  caplog) -> None:
    import llmstudio.gui.i18n as i18n

    monkeypatch.setattr(i18n, "cjk_font_families", lambda: [])  # a Linux machine without a CJK font
    try:
        window.set_language("en")
        assert not dialogs  # English needs no CJK font
        window.set_language("zh_CN")
        title, text = dialogs[-1]
        assert "fonts-noto-cjk" in text and "font" in window.statusBar().currentMessage()
        assert "fonts-noto-cjk" in caplog.text  # and the log says it too
    finally:
        install_language("en")
    monkeypatch.undo()
    assert i18n.missing_cjk_font("en") == ""


def _core_messages(tmp_path: Path) -> list[str]:
    """Messages the core itself raises for the mistakes a newcomer makes in the app."""
    from llmstudio.core.errors import StudioError
    from llmstudio.core.model.config import ModelConfig
    from llmstudio.core.project import Project
    from llmstudio.core.training.config import RunConfig, TrainConfig

    made = [lambda: ModelConfig(n_head=3), lambda: ModelConfig(n_layer=0), lambda: ModelConfig(dropout=1.0),
            lambda: ModelConfig(mlp_ratio=0), lambda: ModelConfig(n_kv_head=-1), lambda: ModelConfig(n_kv_head=3),
            lambda: ModelConfig(mlp_width=-1), lambda: ModelConfig(norm_eps=1.0), lambda: ModelConfig(norm="x"),
            lambda: ModelConfig(n_layer=1.5), lambda: ModelConfig(d_model=6, n_head=2, pos_encoding="rope"),
            lambda: TrainConfig(lr=-1), lambda: TrainConfig(min_lr=1.0), lambda: TrainConfig(beta1=1.0),
            lambda: TrainConfig(weight_decay=-1), lambda: TrainConfig(grad_clip=-1), lambda: TrainConfig(threads=-1),
            lambda: RunConfig(train=TrainConfig(token_budget=-1)), lambda: TrainConfig(batch_size=0),
            lambda: RunConfig().with_overrides(["train.lr=fast"]),
            lambda: RunConfig().with_overrides(["model.nope=1"]), lambda: RunConfig().with_overrides(["train.lrr=1"]),
            lambda: Project.open(tmp_path), lambda: Project.open(tmp_path / "gone"),
            lambda: Project.open(Path(__file__)), lambda: RunConfig().with_overrides(["model.bias=maybe"])]
    messages = []
    for make in made:
        with pytest.raises(StudioError) as raised:
            make()
        messages.append(str(raised.value))
    return messages


def test_core_messages_shown_in_dialogs_are_translated(qtbot, chinese, tmp_path: Path) -> None:
    """Invalid settings and a folder that is not a project: the core's English becomes Chinese in the app."""
    messages = _core_messages(tmp_path)
    shown = [sentence(message) for message in messages]
    english = [(m, s) for m, s in zip(messages, shown, strict=True) if not any("\u4e00" <= ch <= "\u9fff" for ch in s)]
    assert not english, english
    assert "model.n_head（3）" in shown[0] and " 或 " in shown[0] and shown[0].endswith("。")
    kinds = [s for m, s in zip(messages, shown, strict=True) if "expects a number" in m or "true or false" in m]
    assert len(kinds) == 2 and not [s for s in kinds if "number" in s or "true or false" in s], kinds  # in words too
    install_language("en")
    assert sentence(messages[0]) == messages[0][:1] + messages[0][1:] + "."  # English stays as the core says it


def test_histogram_values_the_core_measures_are_listed_for_translation(qtbot, chinese, cleaned_project) -> None:
    from PySide6.QtCore import QCoreApplication

    from llmstudio.core.cleaning.queries import histogram_values
    from llmstudio.gui.panels.clean.charts import HISTOGRAM_NAMES, Histograms

    names = set(histogram_values(cleaned_project, sample=20))
    assert names and names <= set(HISTOGRAM_NAMES), names - set(HISTOGRAM_NAMES)
    assert all(QCoreApplication.translate("Histograms", name) != name for name in HISTOGRAM_NAMES)
    view = Histograms()
    qtbot.addWidget(view)
    view.set_values(histogram_values(cleaned_project, sample=20))
    assert view.choice.currentData() in names and view.choice.currentText() != view.choice.currentData()


def test_the_reasons_cleaning_steps_give_are_translated(qtbot, chinese) -> None:
    """Real steps remove crafted documents; every reason they give reads as Chinese in the Clean panel."""
    from llmstudio.core.cleaning.base import Removal
    from llmstudio.core.cleaning.steps import STEP_TYPES
    from llmstudio.gui.core_messages import translate_reason

    texts = ["", "lorem ipsum dolor.", "a { b", "short", "word " * 200_000, "• a\n• b\n• c\n• d", "x\nx\nx\nx\nx",
             "Mail me at someone@example.com or other@example.org or third@example.net now.",
             "### ### ### ###", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b", "Der Hund schläft im Haus."]
    steps = [STEP_TYPES[name](**extra) for name, extra in (
        ("min_length", {}), ("max_length", {"max_chars": 100, "action": "drop"}), ("gopher_quality", {}),
        ("gopher_repetition", {}), ("fineweb_quality", {}), ("c4_quality", {}), ("pii", {"drop_above": 1}),
        ("blocklist", {"keywords": ["lorem"]}), ("regex", {"patterns": ["\\{"]}), ("language", {"keep": ["en"]}))]
    reasons = {result.reason for step in steps for text in texts
               if isinstance(result := step.apply(text), Removal)}
    assert len(reasons) >= 10, reasons
    english = [r for r in reasons if not any("\u4e00" <= ch <= "\u9fff" for ch in translate_reason(r))]
    assert not english, english
