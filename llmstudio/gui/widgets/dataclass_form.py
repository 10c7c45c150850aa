"""A form generated from a dataclass: one editor per field, tooltips from field docstrings.

Editors match the field type (spin boxes, check boxes, combo boxes for choices).
``values()`` returns a plain dict; validation stays in the dataclass, whose error
messages name the setting.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)


def field_docs(cls: type) -> dict[str, str]:
    """The string literal under each dataclass field (litgpt style)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    docs: dict[str, str] = {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    for node, following in zip(body, body[1:], strict=False):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
                docs[node.target.id] = str(following.value.value)
    return docs


class DataclassForm(QWidget):
    changed = Signal()

    def __init__(self, cls: type, choices: dict[str, tuple[str, ...]] | None = None,
                 hidden: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cls = cls
        self._editors: dict[str, QWidget] = {}
        self._types: dict[str, str] = {}
        layout = QFormLayout(self)
        docs = field_docs(cls)
        defaults = cls()
        for field in dataclasses.fields(cls):
            if field.name in hidden:
                continue
            kind = str(field.type)
            editor = self._make_editor(field.name, kind, (choices or {}).get(field.name))
            editor.setToolTip(docs.get(field.name, ""))
            editor.setObjectName(field.name)
            self._editors[field.name] = editor
            self._types[field.name] = kind
            self._set(field.name, getattr(defaults, field.name))
            layout.addRow(field.name.replace("_", " "), editor)

    def _make_editor(self, name: str, kind: str, choices: tuple[str, ...] | None) -> QWidget:
        if choices:
            combo = QComboBox()
            combo.addItems(list(choices))
            combo.currentTextChanged.connect(lambda _: self.changed.emit())
            return combo
        if kind == "bool":
            check = QCheckBox()
            check.toggled.connect(lambda _: self.changed.emit())
            return check
        if kind == "int":
            spin = QSpinBox()
            spin.setRange(0, 1_000_000_000)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda _: self.changed.emit())
            return spin
        if kind == "str":
            line = QLineEdit()
            line.editingFinished.connect(self.changed.emit)
            return line
        editor = QLineEdit()  # floats span 1e-8 .. 1e3: a spin box with fixed decimals would round them
        validator = QDoubleValidator(editor)
        validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
        editor.setValidator(validator)
        editor.editingFinished.connect(self.changed.emit)
        return editor

    def _set(self, name: str, value: Any) -> None:
        editor = self._editors[name]
        editor.blockSignals(True)
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(f"{float(value):g}" if self._types.get(name) == "float" else str(value))
        editor.blockSignals(False)

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name in self._editors:
                self._set(name, value)
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, editor in self._editors.items():
            if isinstance(editor, QComboBox):
                result[name] = editor.currentText()
            elif isinstance(editor, QCheckBox):
                result[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                result[name] = editor.value()
            elif isinstance(editor, QLineEdit):
                result[name] = editor.text().strip()  # the dataclass parses and validates it
        return result

    def editor(self, name: str) -> QWidget:
        return self._editors[name]
