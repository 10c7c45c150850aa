"""What a reviewer looks for in a screenshot, as code: English left in a translated window, clipped text.

``untranslated(root)`` lists the visible interface texts (labels, buttons, tabs, group titles,
table headers, placeholders) that still contain English words; content the user brought
(document text, file names, run names, tokens) is not interface and is skipped, as are
technical names that stay as they are in Chinese too (FLOPs, AdamW, CSV, setting keys).
``clipped(root)`` lists visible labels, buttons and drop-downs narrower than their text.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)

# Names that stay as they are in the Chinese interface (units, formats, libraries, algorithms, settings).
TECHNICAL = {
    "llmstudio", "flops", "gflops", "mflops", "tflops", "pflops", "eflops", "kflops", "adamw", "mfu", "eta", "csv",
    "json", "toml", "jsonl", "parquet", "slurm", "torchrun", "tensorboard", "transformer", "bpe", "unigram", "char",
    "cpu", "cuda", "mps", "gpu", "fsdp", "ddp", "dropout", "gelu", "swiglu", "rope", "layernorm", "rmsnorm",
    "cosine", "linear", "constant", "wsd", "fp32", "bf16", "fp16", "auto", "true", "false", "top", "minhash",
    "gopher", "fineweb", "pii", "cld2", "nlp", "gram", "ngram", "lorem", "ipsum", "javascript", "html", "http",
    "https", "urls", "url", "bytes", "nan", "eps", "beta1", "beta2", "kappa", "optuna", "tpe", "ema", "png", "svg",
    "mojibake", "unicode", "luhn", "snowball", "sentencepiece", "moby", "dick", "ishmael", "call", "the", "minimal",
    "learned", "sinusoidal", "gpt2", "tiny", "small", "llama", "docs", "ctrl", "shift", "esc", "enter", "space",
    "alt", "tab", "backspace", "cohen", "lora", "alpha", "instruction", "chatml", "plain",
}
_WORD = re.compile(r"[A-Za-z]{3,}")
_TAG = re.compile(r"<[^>]+>")
_KEY = re.compile(r"\b(?:model|train|classify|rl|reward)\.\w+|[\w./\\-]+\.(?:txt|md|py|toml|jsonl?|sqlite|log)\b|\b\w+_\w+\b"
                  r"|\(\w+\)|\b\w*\d\w*\b|\S*[*/]\S*")  # setting keys, file names, "(bias)"-style keys, beta1, fp16


def _english_words(text: str) -> list[str]:
    text = _KEY.sub(" ", _TAG.sub(" ", text))
    return [w for w in _WORD.findall(text) if w.lower() not in TECHNICAL and not w.isupper()]


def _is_content(widget: QWidget) -> bool:
    """Widgets showing the user's data (documents, tokens, file paths) say so with a 'content' property."""
    current: QWidget | None = widget
    while current is not None:
        if current.property("content"):
            return True
        current = current.parentWidget()
    return False


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QLineEdit) and not widget.text():
        return [widget.placeholderText()]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QTableWidget):
        items = (widget.horizontalHeaderItem(c) for c in range(widget.columnCount()))
        return [item.text() for item in items if item is not None]
    return []


def untranslated(root: QWidget, extra_allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or _is_content(widget):
            continue
        for text in _texts(widget):
            words = [w for w in _english_words(text) if w.lower() not in extra_allowed]
            if words:
                found.append(f"{type(widget).__name__} {widget.objectName() or ''}: {text!r} ({', '.join(words)})")
    return found


def clipped(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text() and "<" not in widget.text():
            shown = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")  # a mnemonic's & is not drawn
            needed = widget.fontMetrics().horizontalAdvance(shown) + 2 * widget.margin()
            if widget.width() + 1 < needed:
                found.append(f"QLabel {widget.text()!r}: {widget.width()} < {needed}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.width() + 2 < widget.minimumSizeHint().width():
                found.append(f"{type(widget).__name__} {widget.text()!r}: {widget.width()} < "
                             f"{widget.minimumSizeHint().width()}")
        elif isinstance(widget, QComboBox) and widget.currentText():
            needed = widget.fontMetrics().horizontalAdvance(widget.currentText()) + 20
            if widget.width() < needed:
                found.append(f"QComboBox {widget.currentText()!r}: {widget.width()} < {needed}")
    return found


def inputs_without_tooltip(root: QWidget) -> list[str]:
    """Visible inputs (fields, spin boxes, drop-downs, check boxes, editable text) a newcomer cannot hover for help."""
    from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QPlainTextEdit, QTextEdit

    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or _is_content(widget):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox)):
            continue  # the line edit inside a combo or spin box: the outer widget carries the tooltip
        editable_text = isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly()
        if (isinstance(widget, (QLineEdit, QAbstractSpinBox, QComboBox, QCheckBox)) or editable_text) \
                and not widget.toolTip().strip():
            name = widget.objectName() or getattr(widget, "text", lambda: "")() or type(widget).__name__
            found.append(f"{type(widget).__name__} {name!r}")
    return found
