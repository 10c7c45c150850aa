"""The Model panel's memory estimate with LoRA: the adapters that train and the memory saved."""

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
