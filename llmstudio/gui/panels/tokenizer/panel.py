"""Tokenizer: train a sentencepiece model on the cleaned text and try it on a sentence."""

from __future__ import annotations


from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.errors import StudioError
from llmstudio.core.text_tokenizer import TextTokenizer, load_text_tokenizer
from llmstudio.core.tokenizer import MODEL_TYPES, TokenizerSettings, train_tokenizer
from llmstudio.gui.context import SNAPSHOTS, TOKENIZERS, PanelContext
from llmstudio.gui.operations import Op


class TokenizerPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.vocab_size = QSpinBox()
        self.vocab_size.setRange(8, 1_000_000)
        self.vocab_size.setValue(2000)
        self.vocab_size.setToolTip("Number of tokens. Small corpora want small vocabularies (500-4000).")
        self.model_type = QComboBox()
        self.model_type.addItems(list(MODEL_TYPES))
        self.model_type.setToolTip("bpe and unigram learn sub-words; char uses one token per character")
        self.model_type.currentTextChanged.connect(lambda t: self.vocab_size.setEnabled(t != "char"))
        self.test_fraction = QDoubleSpinBox()
        self.test_fraction.setObjectName("testFraction")
        self.test_fraction.setRange(0.0, 0.3)
        self.test_fraction.setSingleStep(0.01)
        self.test_fraction.setValue(0.05)
        self.test_fraction.setToolTip(self.tr("Share of documents held out as the test split: never trained on, "
                                              "scored in Evaluate › Whole split"))
        self.train_button = QPushButton("Train tokenizer")
        self.train_button.setObjectName("trainTokenizer")
        self.train_button.clicked.connect(self.train)
        form = QFormLayout()
        form.addRow("Vocabulary size", self.vocab_size)
        form.addRow("Model type", self.model_type)
        form.addRow(self.tr("Test split"), self.test_fraction)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.train_button)
        top.addStretch(1)
        self.status = QLabel()
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["id", "name", "type", "vocabulary", "train tokens", "val tokens"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.try_text = QLineEdit("Call me Ishmael.")
        self.try_text.setPlaceholderText("Type text to see how the latest tokenizer splits it")
        self.try_text.textChanged.connect(self._show_pieces)
        self.pieces = QLabel()
        self.pieces.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("Try the latest tokenizer:"))
        layout.addWidget(self.try_text)
        layout.addWidget(self.pieces)
        self._processor: TextTokenizer | None = None
        self.refresh(TOKENIZERS)

    def train(self) -> None:
        settings = TokenizerSettings(vocab_size=self.vocab_size.value(), model_type=self.model_type.currentText(),
                                     test_fraction=self.test_fraction.value())
        project = self.context.project
        Op(self.context, "Training the tokenizer", train_tokenizer, project, settings).run()

    def refresh(self, changed: Changed) -> None:
        if not changed & (TOKENIZERS | SNAPSHOTS):
            return
        project = self.context.project
        tokenizers = project.tokenizers()
        self.table.setRowCount(len(tokenizers))
        for r, tok in enumerate(tokenizers):
            values = (tok.id, tok.name, tok.model_type, tok.vocab_size, f"{tok.train_tokens:,}", f"{tok.val_tokens:,}")
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        snapshot = project.latest_snapshot_id()
        if snapshot is None:
            self.status.setText("Clean the documents first: the tokenizer trains on the latest cleaned snapshot.")
        else:
            self.status.setText(f"Trains on the latest cleaned snapshot ({project.kept_document_count():,} documents).")
        try:
            self._processor = load_text_tokenizer(project, tokenizers[-1]) if tokenizers else None
        except StudioError as exc:  # a damaged tokenizer file must not stop the project from opening
            self._processor = None
            self.status.setText(str(exc))
        self._show_pieces(self.try_text.text())

    def _show_pieces(self, text: str) -> None:
        if self._processor is None:
            self.pieces.setText("<i>No tokenizer yet.</i>")
            return
        pieces = self._processor.pieces(text)
        self.pieces.setText(f"{len(pieces)} tokens: " + " | ".join(pieces))
