"""Model: configure the Transformer and the training recipe, and see what they cost.

Sizes, FLOPs and memory are arithmetic on the config (no torch) and update as settings
change. The time per 1,000 steps comes from timing a few real training steps on the
chosen device, in a background job started a moment after the last change (never on
the GUI thread); a config that will not fit the device's memory is flagged before it
is started.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import StudioError
from llmstudio.core.experiments.checks import config_warnings
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.size import (
    flops_per_token,
    human_count,
    lora_parameter_count,
    parameter_count,
    training_memory,
)
from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs, run_config
from llmstudio.core.training.config import RunConfig, TrainConfig, load_preset, preset_names
from llmstudio.gui.context import CONFIG, CONFIG_ERROR_SETTING, CONFIG_SETTING, RUNS, TOKENIZERS, PanelContext
from llmstudio.gui.core_messages import translate_core_message
from llmstudio.gui.i18n import human_flops, human_number, human_size, run_name, sentence
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.model.interop import ExportDialog, ImportModelDialog, InstructionsButton
from llmstudio.gui.theme import error_color
from llmstudio.gui.widgets.dataclass_form import DataclassForm

if TYPE_CHECKING:
    from llmstudio.core.training.device import DeviceInfo

DEFAULT_VOCAB = 2000
ESTIMATE_DELAY_MS = 700  # wait for the user to stop typing before timing steps
FIT_MARGIN = 0.9  # warn above 90% of the device's memory


class ModelPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.preset = QComboBox()
        self.preset.addItem(self.tr("(choose a preset)"))
        self.preset.setToolTip(self.tr("Load a ready-made model and training configuration"))
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preset.addItems(preset_names())
        self.preset.activated.connect(self._on_preset_chosen)
        self.model_form = DataclassForm(ModelConfig, hidden=("vocab_size",))  # choices: the Literal types
        self.train_form = DataclassForm(TrainConfig)
        self.model_form.changed.connect(self._on_changed)
        self.train_form.changed.connect(self._on_changed)
        self.size_label = QLabel()
        self.size_label.setObjectName("modelSize")
        self.size_label.setWordWrap(True)
        self.size_label.setToolTip(self.tr(
            "Estimated from the settings: the memory one training step needs on the device (weights, their "
            "gradients, the AdamW optimizer's two moments and the activations of one micro-batch). The Train "
            "panel's memory figure is what the running trainer actually uses."))
        self.error_label = QLabel()
        self.error_label.setObjectName("configError")
        self.error_label.setStyleSheet(f"color: {error_color()};")
        self.error_label.setWordWrap(True)
        self.device = QComboBox()
        self.device.setObjectName("estimateDevice")
        self.device.setToolTip(self.tr("The device the time estimate and the memory check are for"))
        self.device.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.device.currentIndexChanged.connect(lambda _: self._schedule_estimate())
        self.estimate_label = QLabel(self.tr("Time per 1,000 steps: not measured yet"))
        self.estimate_label.setObjectName("timeEstimate")
        self.estimate_label.setWordWrap(True)
        self.fit_label = QLabel()
        self.fit_label.setObjectName("fitWarning")
        self.fit_label.setWordWrap(True)
        self.fit_label.setStyleSheet(f"color: {error_color()};")
        self._devices: dict[str, int | None] = {}
        self._devices_requested = False
        self._estimate_job: Job | None = None
        self._estimate_again = False
        self.last_estimate: dict | None = None
        self._last_saved: RunConfig | None = None
        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(ESTIMATE_DELAY_MS)
        self._estimate_timer.timeout.connect(self.start_estimate)
        self.measure_button = QPushButton(self.tr("Measure"))
        self.measure_button.setObjectName("measureTime")
        self.measure_button.setToolTip(self.tr("Time a few training steps of these settings on the chosen device"))
        self.measure_button.clicked.connect(self.start_estimate)
        context.jobs.job_started.connect(self._on_job_started)
        self.import_button = QPushButton(self.tr("Import model..."))
        self.import_button.setToolTip(self.tr("A Hugging Face model (folder or Hub id) as a new run to generate "
                                              "from, evaluate or train further"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button = QPushButton(self.tr("Export..."))
        self.export_button.setToolTip(self.tr("A run as a Hugging Face folder or a GGUF file"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.instructions_button = InstructionsButton(context, lambda name: self.train_form.set_values(
            {"instruct": name}))
        self.imported = QComboBox()
        self.imported.currentIndexChanged.connect(self._show_imported)
        self.imported_form = DataclassForm(ModelConfig)
        self.imported_form.setEnabled(False)  # an imported model's shape is fixed by its weights
        self.imported_box = QGroupBox(self.tr("Imported model (read-only)"))
        imported_layout = QVBoxLayout(self.imported_box)
        imported_layout.addWidget(self.imported)
        imported_layout.addWidget(self.imported_form)

        model_box = QGroupBox(self.tr("Transformer"))
        QVBoxLayout(model_box).addWidget(self.model_form)
        train_box = QGroupBox(self.tr("Training"))
        QVBoxLayout(train_box).addWidget(self.train_form)
        forms = QWidget()
        row = QHBoxLayout(forms)
        row.addWidget(model_box)
        row.addWidget(train_box)
        row.addWidget(self.imported_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(forms)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Preset")))
        top.addWidget(self.preset)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Device")))
        top.addWidget(self.device)
        top.addWidget(self.measure_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        top.addWidget(self.instructions_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.size_label)
        layout.addWidget(self.estimate_label)
        layout.addWidget(self.fit_label)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 1)
        saved = context.project.get_setting(CONFIG_SETTING)
        config = _safe_config(saved) or load_preset("tiny")
        self._load(config)
        self._list_imported()

    def _load(self, config: RunConfig) -> None:
        for form in (self.model_form, self.train_form):
            form.blockSignals(True)
        try:
            self.model_form.set_values(config.model.to_dict())
            self.train_form.set_values(config.train.__dict__)
        finally:
            for form in (self.model_form, self.train_form):
                form.blockSignals(False)
        self._on_changed()

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
            reason = sentence(str(exc))
            self.error_label.setText(f"⚠ {reason}")
            self.size_label.setText(self.tr("Sizes, memory and time show again when every setting is valid."))
            self.fit_label.setText("")
            self._estimate_timer.stop()
            if self.context.project.get_setting(CONFIG_ERROR_SETTING) != reason:
                self.context.project.set_setting(CONFIG_ERROR_SETTING, reason)
                self.context.notify(CONFIG)
            return
        self.error_label.setText("\n".join(f"⚠ {sentence(w)}" for w in config_warnings(config)))  # trains, but…
        self.context.project.set_setting(CONFIG_ERROR_SETTING, None)
        self._last_saved = config  # before the notification: refresh() must not reload it
        Op(self.context, self.tr("Save the settings"), self.context.project.set_setting, CONFIG_SETTING,
           config.to_dict()).run_now()
        self._show_size(config)
        self._schedule_estimate()

    def _show_size(self, config: RunConfig) -> None:
        vocab = self._vocab_size()
        params = parameter_count(config.model, vocab)
        flops = flops_per_token(config.model, vocab)
        precision = "fp32" if config.train.precision == "auto" else config.train.precision
        memory = training_memory(config.model, config.train.batch_size, precision, vocab, config.train.lora_rank,
                                 config.train.lora_target_names)
        tokens_per_step = config.train.batch_size * config.train.grad_accum * config.model.context_length
        total_flops = flops * tokens_per_step * config.train.max_steps
        self.size_label.setText(self.tr(
            "<b>{params} parameters</b> (vocabulary {vocab}) · {flops} per token · {tokens} tokens per step · "
            "{total} for {steps} steps<br>Memory a training step needs ≈ <b>{memory}</b>: weights {weights}, "
            "gradients {gradients}, AdamW state {optimizer}, activations {activations} (batch {batch}, {precision})"
        ).format(params=human_count(params), vocab=human_number(vocab), flops=human_flops(flops),
                 tokens=human_number(tokens_per_step), total=human_flops(total_flops),
                 steps=human_number(config.train.max_steps), memory=human_size(memory.total),
                 weights=human_size(memory.weights), gradients=human_size(memory.gradients),
                 optimizer=human_size(memory.optimizer), activations=human_size(memory.activations),
                 batch=config.train.batch_size, precision=precision) + self._lora_text(config, params, vocab, precision))
        self._check_fit(memory.total)

    def _lora_text(self, config: RunConfig, params: int, vocab: int, precision: str) -> str:
        """With LoRA: the adapters that train and the gradient and AdamW memory that saves."""
        train = config.train
        if not train.lora_rank:
            return ""
        adapters = lora_parameter_count(config.model, train.lora_rank, train.lora_target_names)
        full = training_memory(config.model, train.batch_size, precision, vocab)
        lora = training_memory(config.model, train.batch_size, precision, vocab, train.lora_rank,
                               train.lora_target_names)
        saved = full.gradients + full.optimizer - lora.gradients - lora.optimizer
        return "<br>" + self.tr(
            "LoRA rank {rank}: <b>{trainable} trainable parameters</b> ({share} of the model); AdamW state {lora} "
            "instead of {full}, and gradients and AdamW state together {saved} less").format(
            rank=train.lora_rank, trainable=human_count(adapters), share=f"{adapters / max(1, params):.2%}",
            lora=human_size(lora.optimizer), full=human_size(full.optimizer), saved=human_size(saved))

    def _check_fit(self, needed: int) -> None:
        available = self._devices.get(self.device.currentData() or "")
        if available and needed > FIT_MARGIN * available:
            self.fit_label.setText(self.tr(
                "⚠ These settings need about {needed} to train, more than the {available} of {device}: they will "
                "not fit. Lower train.batch_size (and raise train.grad_accum to keep the batch), "
                "model.context_length or the model size, or choose precision bf16.").format(
                needed=human_size(needed), available=human_size(available), device=self.device.currentData()))
        else:
            self.fit_label.setText("")

    # ------------------------------------------------------------------ devices and time estimate
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._devices_requested:
            self._devices_requested = True
            Op(self.context, self.tr("Looking for devices"), _available_devices).success(self._on_devices).quiet().run()

    def _on_devices(self, devices: list) -> None:
        self.device.blockSignals(True)
        self.device.clear()
        for info in devices:
            self._devices[info.name] = info.memory_bytes
            memory = f", {human_size(info.memory_bytes)}" if info.memory_bytes else ""
            self.device.addItem(f"{info.name} — {translate_core_message(info.description)}{memory}", info.name)
        self.device.blockSignals(False)
        self._on_changed()

    def _schedule_estimate(self) -> None:
        if self.device.count() and not self._other_jobs_running():
            self._estimate_timer.start()

    def _other_jobs_running(self) -> bool:
        """Training or another job the user started: timing steps now would compete for the cores."""
        return any(not job.background for job in self.context.jobs.active_jobs())

    def _on_job_started(self, job: Job) -> None:
        if not job.background and self._estimate_job is not None:
            self._estimate_again = False
            self._estimate_job.cancel()  # make way for the user's job
        if not job.background:
            self._estimate_timer.stop()

    def start_estimate(self) -> None:
        """Time a few training steps of the current config in the background."""
        if self._estimate_job is not None:  # one at a time: stop it, start again when it ends
            self._estimate_again = True
            self._estimate_job.cancel()
            return
        try:
            config = self.current_config()
        except StudioError:
            return
        if self._other_jobs_running():
            self.estimate_label.setText(self.tr(
                "Time per 1,000 steps: not measured while another job runs (it would compete for the same "
                "processor). Press Measure when it has finished."))
            return
        if self.fit_label.text():
            self.estimate_label.setText(self.tr(
                "Time per 1,000 steps: not measured, the settings do not fit this device."))
            return
        config = replace(config, model=replace(config.model, vocab_size=self._vocab_size()))
        device = self.device.currentData() or "cpu"
        self.estimate_label.setText(self.tr("Time per 1,000 steps on {device}: measuring…").format(device=device))
        self._estimate_job = (
            Op(self.context, self.tr("Timing a few training steps"), _estimate, config, device)
            .success(self._on_estimate)
            .failure(lambda message: self.estimate_label.setText(self.tr(
                "Time per 1,000 steps: could not measure ({reason})").format(reason=message)))
            .finished(self._on_estimate_finished)
            .background()
            .run()
        )

    def _on_estimate(self, result: dict) -> None:
        self.last_estimate = result
        seconds = result["seconds_per_1000_steps"]
        self.estimate_label.setText(self.tr(
            "Time per 1,000 steps on {device}: <b>≈ {duration}</b> ({rate} tokens/s, MFU {mfu}; measured over 3 "
            "steps at a micro-batch of {batch}, {threads})").format(
            device=result["device"], duration=self._duration(seconds), rate=human_number(result["tokens_per_s"]),
            mfu="-" if result["mfu"] is None else f"{result['mfu']:.0%}", batch=result["measured_micro_batch"],
            threads=self.tr("%Ln thread(s)", "", int(result["threads"]))))

    def _on_estimate_finished(self, outcome: JobOutcome) -> None:
        self._estimate_job = None
        if outcome.status == "cancelled" and not self._estimate_again:
            # Cancelled by the user (Cancel, Cancel all) or for a training run: stay stopped until asked.
            self.estimate_label.setText(self.tr("Time per 1,000 steps: not measured (cancelled). Press Measure "
                                                "to time a few steps."))
        if self._estimate_again:
            self._estimate_again = False
            self._schedule_estimate()

    def _duration(self, seconds: float) -> str:
        seconds = int(max(0, seconds))
        h, rem = divmod(seconds, 3600)
        m, s = divmod(rem, 60)
        if h >= 48:
            return self.tr("{days} days").format(days=human_number(h / 24, 1))
        return self.tr("{h} h {m:02d} min").format(h=h, m=m) if h else self.tr("{m} min {s:02d} s").format(m=m, s=s)

    def refresh(self, changed: Changed) -> None:
        if CONFIG in changed:
            saved = _safe_config(self.context.project.get_setting(CONFIG_SETTING))
            if saved is not None and saved != self._last_saved:  # another panel (Train: clone) chose a config
                self._load(saved)
        if TOKENIZERS in changed:
            self._on_changed()
        if RUNS in changed:
            self._list_imported()

    # ----------------------------------------------------------------- import / export
    def _on_import_clicked(self) -> None:
        dialog = ImportModelDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_import(dialog.source.text().strip(), dialog.name.text().strip())

    def _on_export_clicked(self) -> None:
        dialog = ExportDialog(self.context.project, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_export(*dialog.choice())

    def start_import(self, source: str, name: str = "") -> None:
        Op(self.context, self.tr("Importing {0}").format(source), import_model_job, self.context.project, source, name).success(
            self._on_imported).run()

    def _on_imported(self, run_id: int) -> None:
        self._list_imported()
        self.imported.setCurrentIndex(max(0, self.imported.findData(run_id)))

    def start_export(self, run_id: int, fmt: str, dtype: str, which: str, out: Path) -> None:
        Op(self.context, self.tr("Exporting run {0}").format(run_id), export_model_job, self.context.project, run_id, fmt, dtype,
           which, out).run()

    def _list_imported(self) -> None:
        """Runs that came from an import, each with its configuration shown read-only."""
        project = self.context.project
        current = self.imported.currentData()
        runs = [r for r in list_runs(project, kind="lm") if (r.message or "").startswith("imported from")]
        self.imported.blockSignals(True)
        self.imported.clear()
        for run in runs:
            self.imported.addItem(f"{run.id}: {run_name(run.id, run.name)}", run.id)
        if current is not None and self.imported.findData(current) >= 0:
            self.imported.setCurrentIndex(self.imported.findData(current))
        self.imported.blockSignals(False)
        self.imported_box.setVisible(bool(runs))
        self._show_imported()

    def _show_imported(self) -> None:
        run_id = self.imported.currentData()
        if run_id is None:
            return
        config = _safe_config(run_config(self.context.project, int(run_id)))
        if config is not None:
            self.imported_form.set_values(config.model.__dict__)


@declares(Changed.RUNS | Changed.TOKENIZERS)
def import_model_job(project: Project, source: str, name: str = "", progress: Progress = no_progress,
                     cancel: CancelToken | None = None) -> int:
    """Runs in the job: the import imports torch, which must not load on the GUI thread."""
    from llmstudio.core.interop.hf_import import import_model

    return import_model(project, source, name, progress, cancel).run_id


def export_model_job(project: Project, run_id: int, fmt: str, dtype: str, which: str, out: Path,
                     progress: Progress = no_progress, cancel: CancelToken | None = None) -> Path:
    """Runs in the job (torch is imported there)."""
    if fmt == "hf":
        from llmstudio.core.interop.hf_export import export_hf

        return export_hf(project, run_id, out, which, dtype, progress, cancel)
    from llmstudio.core.interop.gguf_export import export_gguf

    return export_gguf(project, run_id, out, which, dtype, progress, cancel)


def _available_devices() -> list[DeviceInfo]:
    """Runs in the job: the device module imports torch, which must not load on the GUI thread."""
    from llmstudio.core.training.device import available_devices

    return available_devices()


def _estimate(config: RunConfig, device: str, cancel: CancelToken | None = None) -> dict[str, Any]:
    """Runs in the job: time a few training steps (the bench imports torch)."""
    from llmstudio.core.training.bench import estimate_time_per_1000_steps

    return estimate_time_per_1000_steps(config, device, cancel=cancel)


def _safe_config(data: object) -> RunConfig | None:
    if not isinstance(data, dict):
        return None
    try:
        return RunConfig.from_dict(data)
    except StudioError:
        return None
