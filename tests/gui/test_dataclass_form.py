"""The settings form reads help, choices and ranges from the dataclass's field metadata."""

from __future__ import annotations

import inspect

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from llmstudio.core.model.config import ModelConfig
from llmstudio.core.training.config import RunConfig, TrainConfig
from llmstudio.gui.widgets.dataclass_form import DataclassForm


def test_the_form_builds_from_metadata_even_without_source_files(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_source(obj: object) -> str:
        raise OSError("could not get source code")  # as in a frozen app that ships only bytecode

    monkeypatch.setattr(inspect, "getsource", no_source)
    model, train = DataclassForm(ModelConfig, hidden=("vocab_size",)), DataclassForm(TrainConfig)
    qtbot.addWidget(model)
    qtbot.addWidget(train)
    schedule = train.editor("schedule")
    assert isinstance(schedule, QComboBox)
    assert [schedule.itemText(i) for i in range(schedule.count())] == ["cosine", "linear", "constant", "wsd"]
    assert "Decay after warmup" in schedule.toolTip() and "Default: cosine" in schedule.toolTip()
    n_layer = model.editor("n_layer")
    assert isinstance(n_layer, QSpinBox) and n_layer.minimum() == 1  # minimum=1 in the metadata
    assert n_layer.toolTip().startswith("Number of Transformer blocks")
    assert isinstance(train.editor("lr"), QLineEdit) and "Default: 0.001" in train.editor("lr").toolTip()
    with pytest.raises(KeyError):
        model.editor("vocab_size")  # hidden

    model.editor("norm").setCurrentText("rmsnorm")
    config = RunConfig.from_dict({"model": model.values(), "train": train.values()})
    assert config.model.norm == "rmsnorm" and config.train == TrainConfig()
