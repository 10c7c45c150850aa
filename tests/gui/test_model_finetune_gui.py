"""The Model panel for fine-tuning: the memory estimate with LoRA (the adapters that train, the memory
saved), Import instructions... (a dataset the next run trains on) and exporting classifier runs."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from llmstudio.core.model.size import human_count, lora_parameter_count
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.gui.context import PanelContext
from llmstudio.gui.jobs import JobRunner
from llmstudio.gui.panels.model.panel import ModelPanel


def test_a_lora_rank_shows_trainable_parameters_and_the_optimizer_saving(qtbot, tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    panel = ModelPanel(PanelContext(project, JobRunner(), lambda flags: None, settings, lambda key: None))
    qtbot.addWidget(panel)
    assert "LoRA" not in panel.size_label.text()
    panel.train_form.editor("lora_rank").setValue(8)
    text = panel.size_label.text()
    config = RunConfig.from_dict(project.get_setting("run_config"))
    assert config.train.lora_rank == 8
    adapters = lora_parameter_count(config.model, 8, config.train.lora_target_names)
    assert "LoRA rank 8" in text and f"{human_count(adapters)} trainable parameters" in text
    assert "AdamW state" in text and "less" in text
    project.close()


def test_import_instructions_sets_the_dataset_the_next_run_trains_on(qtbot, tmp_path: Path) -> None:
    import json

    project = Project.create(tmp_path / "p")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    panel = ModelPanel(PanelContext(project, JobRunner(), lambda flags: None, settings, lambda key: None))
    qtbot.addWidget(panel)
    source = tmp_path / "faq.jsonl"
    source.write_text(json.dumps({"prompt": "Hello?", "response": "Hi."}) + "\n" +
                      json.dumps({"prompt": "Bye?", "response": "Bye."}) + "\n", encoding="utf-8")
    panel.instructions_button.start(str(source))
    qtbot.waitUntil(lambda: panel.train_form.values()["instruct"] == "faq", timeout=20_000)
    assert RunConfig.from_dict(project.get_setting("run_config")).train.instruct == "faq"
    assert (project.root / "instruct" / "faq.jsonl").is_file()
    project.close()


def test_the_export_dialog_offers_classifier_runs(qtbot, tmp_path: Path) -> None:
    from llmstudio.core.classify.config import ClassifierRunConfig
    from llmstudio.core.classify.runs import create_classifier_run
    from llmstudio.gui.panels.model.interop import ExportDialog
    from tests.core.classify_helpers import TINY, labelled_project

    project = labelled_project(tmp_path / "p", n=40)
    gpt2 = ["model.pos_encoding=learned", "model.norm=layernorm", "model.activation=gelu"]
    last = create_classifier_run(project, ClassifierRunConfig.default().with_overrides(
        [*TINY, *gpt2, "classify.pooling=last"]))
    mean = create_classifier_run(project, ClassifierRunConfig.default().with_overrides([*TINY, *gpt2]))
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.run.setCurrentIndex(dialog.run.findData(last))
    assert "GPT2ForSequenceClassification" in dialog.details.text()
    dialog.run.setCurrentIndex(dialog.run.findData(mean))
    assert dialog.details.text().startswith("Cannot export") and "classify.pooling=last" in dialog.details.text()
    project.close()
