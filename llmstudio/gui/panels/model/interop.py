"""The Model panel's "Import model...", "Export..." and "Import instructions..." actions.

Both dialogs describe what they will act on before anything runs: the import dialog reads a
Hugging Face folder's config and safetensors headers (architecture, parameter count,
tokenizer, licence file), the export dialog the run's architecture (a causal LM, or a
classifier run's ``...ForSequenceClassification``), size, tokenizer and licence. Nothing here
imports torch: the work itself runs as a job (``Op``) in the panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.errors import StudioError
from llmstudio.core.interop.architecture import (
    ARCHITECTURES,
    CLASSIFIER_ARCHITECTURES,
    layout_for,
    pooling_problem,
)
from llmstudio.core.interop.hf_folder import LICENCE_NAMES, read_folder
from llmstudio.core.model.size import human_count, parameter_count
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, list_runs, run_config, run_folder
from llmstudio.core.training.config import RunConfig
from llmstudio.gui.context import PanelContext
from llmstudio.gui.i18n import run_name, run_status, sentence
from llmstudio.gui.operations import Op


def _details(architecture: str, parameters: str, tokenizer: str, licence: str | None) -> str:
    return QCoreApplication.translate(
        "ModelInterop", "Architecture: {architecture}\nParameters: {parameters}\nTokenizer: {tokenizer}\n"
                        "Licence: {licence}").format(
        architecture=architecture, parameters=parameters, tokenizer=tokenizer,
        licence=licence or QCoreApplication.translate("ModelInterop", "no licence file"))


def describe_source(source: str) -> tuple[str, bool]:
    """What importing ``source`` would bring in, or why it cannot be imported, in the interface language;
    and whether it can be imported."""
    source = source.strip()
    if not source:
        return "", False
    path = Path(source).expanduser()
    if path.exists():
        try:
            info = read_folder(path)
        except StudioError as exc:
            reason = sentence(str(exc))
            return QCoreApplication.translate("ModelInterop", "Cannot import: {reason}").format(reason=reason), False
        return _details(f"{info.architecture} ({info.model_type})", human_count(info.parameters),
                        info.tokenizer_kind, info.licence.name if info.licence else None), True
    if "/" in source and len(source.split("/")) == 2:
        return QCoreApplication.translate("ModelInterop", "A Hugging Face Hub id: it is downloaded (into the Hub "
                                                          "cache) when you import it."), True
    return QCoreApplication.translate("ModelInterop", "Not a folder, and not a Hub id (owner/name)."), False


def describe_run(project: Project, run_id: int) -> tuple[str, bool]:
    """The run's export architecture, size, tokenizer and licence, or why it cannot be exported (in the
    interface language); and whether it can be exported."""
    run = get_run(project, run_id)
    classifier = run.kind == "classifier"
    stored = run_config(project, run.id)
    config = ClassifierRunConfig.from_dict(stored) if classifier else RunConfig.from_dict(stored)
    tokenizer = project.tokenizer(run.tokenizer_id)
    model = replace(config.model, vocab_size=max(config.model.vocab_size, tokenizer.vocab_size))  # no torch here
    try:
        pooling, windows = ((config.classify.pooling, config.classify.windows)
                            if isinstance(config, ClassifierRunConfig) else ("last", 1))
        if (problem := pooling_problem(run.id, pooling, windows)) is not None:
            raise StudioError(problem)
        architecture = (CLASSIFIER_ARCHITECTURES if classifier else ARCHITECTURES)[layout_for(model)]
    except StudioError as exc:
        reason = sentence(str(exc))
        return QCoreApplication.translate("ModelInterop", "Cannot export: {reason}").format(reason=reason), False
    source = run_folder(project, run) / "source"
    licence = next((name for name in LICENCE_NAMES if (source / name).is_file()), None)
    tokens = QCoreApplication.translate("ModelInterop", "{name} ({kind}, {count} tokens)").format(
        name=tokenizer.name, kind=tokenizer.model_type,
                                                          count=f"{tokenizer.vocab_size:,}")
    return _details(architecture, human_count(parameter_count(model)), tokens, licence), True


class ImportModelDialog(QDialog):
    """Choose a Hugging Face folder (or type a Hub id) and a run name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import model"))
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("a folder with config.json, or a Hub id such as owner/name"))
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        self.name = QLineEdit()
        self.details = QLabel()
        self.details.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.source, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("Model"), row)
        form.addRow(self.tr("Run name"), self.name)
        form.addRow(self.details)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.source.textChanged.connect(self._on_source_changed)
        self._on_source_changed("")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Hugging Face model folder"))
        if folder:
            self.source.setText(folder)

    def _on_source_changed(self, text: str) -> None:
        description, ok = describe_source(text)
        self.details.setText(description)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class ExportDialog(QDialog):
    """Choose a run, a format (Hugging Face folder or GGUF file), a weight type and where to write."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Export model"))
        self.run = QComboBox()
        for run in [r for r in list_runs(project) if r.kind in ("lm", "classifier")]:
            self.run.addItem(self.tr("{id}: {name} ({status}, step {step})").format(
                id=run.id, name=run_name(run.id, run.name), status=run_status(run.status), step=run.step), run.id)
        self.format = QComboBox()
        self.format.addItem(self.tr("Hugging Face folder (transformers)"), "hf")
        self.format.addItem(self.tr("GGUF file (llama.cpp, Ollama)"), "gguf")
        self.dtype = QComboBox()
        self.checkpoint = QComboBox()
        self.checkpoint.addItem(self.tr("latest"), "latest")
        self.checkpoint.addItem(self.tr("best (lowest validation loss)"), "best")
        self.out = QLineEdit()
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("Run"), self.run)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Weights"), self.dtype)
        form.addRow(self.tr("Checkpoint"), self.checkpoint)
        form.addRow(self.tr("Write to"), row)
        form.addRow(self.details)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.run.currentIndexChanged.connect(self._update)
        self.format.currentIndexChanged.connect(self._on_format)
        self.out.textChanged.connect(self._update)
        self._on_format()

    def _on_format(self) -> None:
        self.dtype.clear()
        self.dtype.addItems(["f32", "f16"] if self.format.currentData() == "hf" else ["f16", "q8_0", "f32"])
        self._update()

    def _browse(self) -> None:
        if self.format.currentData() == "hf":
            path = QFileDialog.getSaveFileName(self, self.tr("New folder for the export"))[0]
        else:
            path = QFileDialog.getSaveFileName(self, self.tr("GGUF file"), filter="GGUF (*.gguf)")[0]
        if path:
            self.out.setText(path)

    def _update(self) -> None:
        run_id = self.run.currentData()
        text, ok = describe_run(self.project, int(run_id)) if run_id is not None else (
            self.tr("No language-model run yet."), False)
        self.details.setText(text)
        ok = ok and bool(self.out.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def choice(self) -> tuple[int, str, str, str, Path]:
        """(run id, format, dtype, checkpoint, output path)."""
        return (int(self.run.currentData()), str(self.format.currentData()), self.dtype.currentText(),
                str(self.checkpoint.currentData()), Path(self.out.text().strip()).expanduser())


class InstructionsButton(QPushButton):
    """Import prompt/response pairs (JSON Lines) as an instruction dataset and train on it next (train.instruct)."""

    def __init__(self, context: PanelContext, use: Callable[[str], None]) -> None:
        super().__init__(self.tr("Import instructions..."))
        self.setToolTip(self.tr('Prompt/response pairs for instruction tuning (JSON Lines, one {"prompt": ..., '
                                '"response": ...} a line): the next run trains on them, with loss on the responses '
                                "only, in the chat template chosen under Training"))
        self.context, self.use = context, use
        self.clicked.connect(self._on_clicked)

    def _on_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import instructions"), "",
                                              self.tr("JSON Lines (*.jsonl);;All files (*)"))
        if path:
            self.start(path)

    def start(self, path: str) -> None:
        from llmstudio.core.instruct.store import import_jsonl  # torch-free

        Op(self.context, self.tr("Import instructions"), import_jsonl, self.context.project, Path(path), "",
           True).success(lambda summary: self.use(summary.name)).run()
