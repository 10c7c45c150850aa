"""Model: configure the Transformer and the training recipe, and see what they cost."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.errors import StudioError
from llmstudio.core.model.config import ACTIVATIONS, NORMS, POS_ENCODINGS, ModelConfig
from llmstudio.core.model.size import flops_per_token, human_bytes, human_count, parameter_count, training_memory
from llmstudio.core.training.config import PRECISIONS, SCHEDULES, RunConfig, TrainConfig, load_preset, preset_names
from llmstudio.gui.context import CONFIG, TOKENIZERS, PanelContext
from llmstudio.gui.widgets.dataclass_form import DataclassForm

CONFIG_SETTING = "run_config"
DEFAULT_VOCAB = 2000


class ModelPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.preset = QComboBox()
        self.preset.addItem("(choose a preset)")
        self.preset.addItems(preset_names())
        self.preset.activated.connect(self._on_preset_chosen)
        self.model_form = DataclassForm(ModelConfig, hidden=("vocab_size",), choices={
            "pos_encoding": POS_ENCODINGS, "norm": NORMS, "activation": ACTIVATIONS})
        self.train_form = DataclassForm(TrainConfig, choices={"schedule": SCHEDULES, "precision": PRECISIONS})
        self.model_form.changed.connect(self._on_changed)
        self.train_form.changed.connect(self._on_changed)
        self.size_label = QLabel()
        self.size_label.setObjectName("modelSize")
        self.size_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("configError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)

        model_box = QGroupBox("Transformer")
        QVBoxLayout(model_box).addWidget(self.model_form)
        train_box = QGroupBox("Training")
        QVBoxLayout(train_box).addWidget(self.train_form)
        forms = QWidget()
        row = QHBoxLayout(forms)
        row.addWidget(model_box)
        row.addWidget(train_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(forms)
        top = QHBoxLayout()
        top.addWidget(QLabel("Preset"))
        top.addWidget(self.preset)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.size_label)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 1)
        saved = context.project.get_setting(CONFIG_SETTING)
        config = _safe_config(saved) or load_preset("tiny")
        self._load(config)

    def _load(self, config: RunConfig) -> None:
        self.model_form.set_values(config.model.to_dict())
        self.train_form.set_values(config.train.__dict__)

    def _on_preset_chosen(self, index: int) -> None:
        if index > 0:
            self._load(load_preset(self.preset.currentText()))

    def current_config(self) -> RunConfig:
        # Values come as text from the float editors; RunConfig coerces and validates them by field type.
        return RunConfig.from_dict({"model": self.model_form.values(), "train": self.train_form.values()})

    def _vocab_size(self) -> int:
        tokenizers = self.context.project.tokenizers()
        return tokenizers[-1].vocab_size if tokenizers else DEFAULT_VOCAB

    def _on_changed(self) -> None:
        try:
            config = self.current_config()
        except StudioError as exc:
            self.error_label.setText(f"⚠ {exc}")
            return
        self.error_label.setText("")
        self.context.project.set_setting(CONFIG_SETTING, config.to_dict())
        self._show_size(config)
        self.context.notify(frozenset({CONFIG}))

    def _show_size(self, config: RunConfig) -> None:
        vocab = self._vocab_size()
        params = parameter_count(config.model, vocab)
        flops = flops_per_token(config.model, vocab)
        precision = "fp32" if config.train.precision == "auto" else config.train.precision
        memory = training_memory(config.model, config.train.batch_size, precision, vocab)
        tokens_per_step = config.train.batch_size * config.train.grad_accum * config.model.context_length
        total_flops = flops * tokens_per_step * config.train.max_steps
        self.size_label.setText(
            f"<b>{human_count(params)} parameters</b> (vocabulary {vocab:,}) · "
            f"{human_count(flops)} FLOPs per token · {tokens_per_step:,} tokens per step · "
            f"{human_count(total_flops)} FLOPs for {config.train.max_steps:,} steps<br>"
            f"Training memory ≈ <b>{human_bytes(memory.total)}</b>: weights {human_bytes(memory.weights)}, "
            f"gradients {human_bytes(memory.gradients)}, AdamW {human_bytes(memory.optimizer)}, "
            f"activations {human_bytes(memory.activations)} (batch {config.train.batch_size}, {precision})")

    def refresh(self, changed: frozenset[str]) -> None:
        if TOKENIZERS in changed:
            self._on_changed()


def _safe_config(data: object) -> RunConfig | None:
    if not isinstance(data, dict):
        return None
    try:
        return RunConfig.from_dict(data)
    except StudioError:
        return None
