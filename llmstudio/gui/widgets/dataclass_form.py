"""A form generated from a settings dataclass: one editor per field, tooltips from field metadata.

Editors match the field type (spin boxes, check boxes, combo boxes for ``Literal``
choices); each tooltip is the field's help, choices, range and default, read by
``llmstudio.core.settings.fields_of`` from the class itself, so it works in a frozen app
that ships no source files. ``values()`` returns a plain dict; validation stays in the
dataclass, whose error messages name the setting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from llmstudio.core.settings import FieldInfo, describe_value, fields_of
from llmstudio.gui.i18n import translate_dynamic

INT_MAX = 1_000_000_000


class DataclassForm(QWidget):
    changed = Signal()

    def __init__(self, cls: type, hidden: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cls = cls
        self._editors: dict[str, QWidget] = {}
        self._types: dict[str, Any] = {}
        self.fields: dict[str, FieldInfo] = {}
        layout = QFormLayout(self)
        defaults = cls()
        for info in fields_of(cls):
            if info.name in hidden:
                continue
            editor = self._make_editor(info)
            editor.setToolTip(describe_field(info))
            editor.setObjectName(info.name)
            self._editors[info.name] = editor
            self._types[info.name] = info.kind
            self.fields[info.name] = info
            self._set(info.name, getattr(defaults, info.name))
            layout.addRow(translate_dynamic("Settings", info.label), editor)

    def _make_editor(self, info: FieldInfo) -> QWidget:
        kind = info.kind
        if info.choices:
            combo = QComboBox()
            combo.addItems([str(c) for c in info.choices])
            combo.currentTextChanged.connect(lambda _: self.changed.emit())
            return combo
        if kind is bool:
            check = QCheckBox()
            check.toggled.connect(lambda _: self.changed.emit())
            return check
        if kind is int:
            spin = QSpinBox()
            low = 0 if info.minimum is None else int(info.minimum)
            spin.setRange(low, INT_MAX if info.maximum is None else int(info.maximum))
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda _: self.changed.emit())
            return spin
        if kind is str:
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
            editor.setText(f"{float(value):g}" if self._types.get(name) is float else str(value))
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


def describe_field(info: FieldInfo, context: str = "Settings") -> str:
    """The tooltip of a setting in the interface language: help, allowed values, default, where the
    default comes from, its key. ``context`` is where the help text sits in the catalogue
    (``Settings`` for model and training settings, ``CleaningSteps`` for cleaning steps)."""
    lines = [translate_dynamic(context, info.help)] if info.help else []
    if info.choices:
        lines.append(QCoreApplication.translate("DataclassForm", "Choices: {values}").format(values=", ".join(map(str, info.choices))))
    low = None if info.minimum is None else f"{info.minimum:g}"
    high = None if info.maximum is None else f"{info.maximum:g}"
    if low is not None and high is not None:
        lines.append(QCoreApplication.translate("DataclassForm", "Range: {low} to {high}").format(low=low, high=high))
    elif low is not None:
        lines.append(QCoreApplication.translate("DataclassForm", "At least {low}").format(low=low))
    elif high is not None:
        lines.append(QCoreApplication.translate("DataclassForm", "At most {high}").format(high=high))
    lines.append(QCoreApplication.translate("DataclassForm", "Default: {value}").format(value=describe_value(info.default)))
    if info.source:
        lines.append(QCoreApplication.translate("DataclassForm", "From: {source}").format(source=info.source))
    lines.append(QCoreApplication.translate("DataclassForm", "Setting: {key}").format(key=info.name))
    return "\n".join(lines)
