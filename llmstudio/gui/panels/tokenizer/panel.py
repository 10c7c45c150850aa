"""Tokenizer: train a sentencepiece model on the cleaned text and try it on a sentence.

The panel says which snapshot each tokenizer was trained on, warns when the latest
snapshot is newer than the latest tokenizer (or documents arrived since the cleaning),
says when sentencepiece gave fewer tokens than asked for, and warns about thin data: a
vocabulary close to the number of training tokens, or a validation set too small to
give a steady loss.
"""

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
from llmstudio.core.freshness import freshness
from llmstudio.core.project import TokenizerSummary
from llmstudio.core.text_tokenizer import TextTokenizer, load_text_tokenizer
from llmstudio.core.tokenizer import MODEL_TYPES, TokenizerSettings, train_tokenizer
from llmstudio.gui.context import DOCUMENTS, SNAPSHOTS, SOURCES, TOKENIZERS, PanelContext
from llmstudio.gui.i18n import human_datetime, human_number
from llmstudio.gui.operations import Op
from llmstudio.gui.theme import error_color
from llmstudio.gui.widgets.empty_state import EmptyState

TOKENS_PER_VOCAB_ENTRY = 20  # fewer training tokens per vocabulary entry: most tokens are barely seen
MIN_VAL_TOKENS = 2_000  # a validation loss over fewer tokens jumps from one evaluation to the next


class TokenizerPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.vocab_size = QSpinBox()
        self.vocab_size.setRange(8, 1_000_000)
        self.vocab_size.setValue(2000)
        self.vocab_size.setGroupSeparatorShown(True)
        self.vocab_size.setToolTip(self.tr("Number of tokens. Small corpora want small vocabularies (500-4000)."))
        self.model_type = QComboBox()
        self.model_type.addItems(list(MODEL_TYPES))
        self.model_type.setToolTip(self.tr("bpe and unigram learn sub-words; char uses one token per character"))
        self.model_type.currentTextChanged.connect(lambda t: self.vocab_size.setEnabled(t != "char"))
        self.test_fraction = QDoubleSpinBox()
        self.test_fraction.setObjectName("testFraction")
        self.test_fraction.setRange(0.0, 0.3)
        self.test_fraction.setSingleStep(0.01)
        self.test_fraction.setValue(0.05)
        self.test_fraction.setToolTip(self.tr("Share of documents held out as the test split: never trained on, "
                                              "scored in Evaluate › Whole split"))
        self.train_button = QPushButton(self.tr("Train tokenizer"))
        self.train_button.setObjectName("trainTokenizer")
        self.train_button.setToolTip(self.tr("Train a tokenizer on the latest cleaned snapshot and write the "
                                             "training, validation and test token files"))
        self.train_button.clicked.connect(self.train)
        form = QFormLayout()
        form.addRow(self.tr("Vocabulary size"), self.vocab_size)
        form.addRow(self.tr("Model type"), self.model_type)
        form.addRow(self.tr("Test split"), self.test_fraction)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.train_button)
        top.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("tokenizerNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {error_color()};")
        self.empty = EmptyState(self.tr("There is no cleaned text yet: the tokenizer trains on the latest cleaned "
                                        "snapshot. Run a cleaning recipe first."), self.tr("Go to Clean"),
                                lambda: context.show_panel("clean"))
        self.stale = EmptyState("", self.tr("Train again"), self.train)
        self.stale.setObjectName("tokenizerStale")
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("tokenizersTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("id"), self.tr("name"), self.tr("type"), self.tr("vocabulary"), self.tr("snapshot"),
            self.tr("train tokens"), self.tr("val tokens"), self.tr("created")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.try_text = QLineEdit("Call me Ishmael.")
        self.try_text.setPlaceholderText(self.tr("Type text to see how the latest tokenizer splits it"))
        self.try_text.setToolTip(self.tr("Type text to see how the latest tokenizer splits it"))
        self.try_text.textChanged.connect(self._show_pieces)
        self.pieces = QLabel()
        self.pieces.setWordWrap(True)
        self.pieces.setProperty("content", True)  # the user's text, split into tokens
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.stale)
        layout.addWidget(self.status)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("Try the latest tokenizer:")))
        layout.addWidget(self.try_text)
        layout.addWidget(self.pieces)
        self._processor: TextTokenizer | None = None
        self._cap_message = ""
        self.refresh(TOKENIZERS)

    def train(self) -> None:
        settings = TokenizerSettings(vocab_size=self.vocab_size.value(), model_type=self.model_type.currentText(),
                                     test_fraction=self.test_fraction.value())
        project = self.context.project
        self._cap_message = ""
        (Op(self.context, self.tr("Training the tokenizer"), train_tokenizer, project, settings)
         .success(lambda tokenizer: self._on_trained(settings, tokenizer))
         .run())

    def _on_trained(self, settings: TokenizerSettings, tokenizer: TokenizerSummary) -> None:
        if settings.model_type != "char" and tokenizer.vocab_size < settings.vocab_size:
            self._cap_message = self.tr(
                "You asked for {asked} tokens, but this text only supports {got}: sentencepiece stopped there, "
                "so the tokenizer has {got} tokens. Import more text for a larger vocabulary.").format(
                asked=human_number(settings.vocab_size), got=human_number(tokenizer.vocab_size))
        self._show_notices(self.context.project.tokenizers())

    def refresh(self, changed: Changed) -> None:
        if not changed & (TOKENIZERS | SNAPSHOTS | DOCUMENTS | SOURCES):
            return
        project = self.context.project
        tokenizers = project.tokenizers()
        self.table.setRowCount(len(tokenizers))
        for r, tok in enumerate(tokenizers):
            snapshot = "-" if tok.snapshot_id is None else str(tok.snapshot_id)
            values = (tok.id, tok.name, tok.model_type, human_number(tok.vocab_size), snapshot,
                      human_number(tok.train_tokens), human_number(tok.val_tokens), human_datetime(tok.created_at))
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        snapshot_id = project.latest_snapshot_id()
        self.empty.show_if(snapshot_id is None)
        self.train_button.setEnabled(snapshot_id is not None)
        if snapshot_id is None:
            self.status.setText("")
        else:
            self.status.setText(self.tr("Trains on the latest cleaned snapshot ({snapshot}: %Ln document(s)).", "",
                                        project.kept_document_count()).format(snapshot=snapshot_id))
        self._show_freshness()
        self._show_notices(tokenizers)
        try:
            self._processor = load_text_tokenizer(project, tokenizers[-1]) if tokenizers else None
        except StudioError as exc:  # a damaged tokenizer file must not stop the project from opening
            self._processor = None
            self.status.setText(str(exc))
        self._show_pieces(self.try_text.text())

    def _show_freshness(self) -> None:
        state = freshness(self.context.project)
        if state.clean_is_stale:
            self.stale.set_text(self.tr(
                "⚠ %Ln document(s) arrived since the latest cleaning: a tokenizer trained now would not see them. "
                "Clean again first.", "", state.documents_not_cleaned), self.tr("Go to Clean"))
            self.stale.button.clicked.disconnect()
            self.stale.button.clicked.connect(lambda: self.context.show_panel("clean"))
        elif state.tokenizer_is_stale:
            self.stale.set_text(self.tr(
                "⚠ The latest tokenizer was trained on snapshot {old}; snapshot {new} is newer. Train again to use "
                "the new text.").format(old=state.tokenizer_snapshot_id or "-", new=state.latest_snapshot_id),
                self.tr("Train again"))
            self.stale.button.clicked.disconnect()
            self.stale.button.clicked.connect(self.train)
        self.stale.show_if(state.clean_is_stale or state.tokenizer_is_stale)

    def _show_notices(self, tokenizers: list[TokenizerSummary]) -> None:
        notes = [self._cap_message] if self._cap_message else []
        if tokenizers:
            tok = tokenizers[-1]
            if tok.model_type != "char" and tok.train_tokens < TOKENS_PER_VOCAB_ENTRY * tok.vocab_size:
                notes.append(self.tr(
                    "⚠ The vocabulary ({vocab}) is large for {tokens} training tokens: most tokens will be seen only a "
                    "few times and the model will overfit. Choose at most {suggest} tokens, or import more text.")
                    .format(vocab=human_number(tok.vocab_size), tokens=human_number(tok.train_tokens),
                            suggest=human_number(max(8, tok.train_tokens // (5 * TOKENS_PER_VOCAB_ENTRY)))))
            if tok.val_tokens < MIN_VAL_TOKENS:
                notes.append(self.tr(
                    "⚠ The validation set has only {tokens} tokens: its loss will jump from one evaluation to the next "
                    "and early stopping may stop too soon. Import more text.").format(
                    tokens=human_number(tok.val_tokens)))
        self.notice.setText("<br>".join(notes))
        self.notice.setVisible(bool(notes))

    def _show_pieces(self, text: str) -> None:
        if self._processor is None:
            self.pieces.setText(self.tr("<i>No tokenizer yet.</i>"))
            return
        pieces = self._processor.pieces(text)
        self.pieces.setText(self.tr("{count} tokens: {pieces}").format(count=len(pieces), pieces=" | ".join(pieces)))
