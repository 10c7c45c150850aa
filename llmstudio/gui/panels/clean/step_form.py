"""The settings of one cleaning step as a form: one editor per setting, typed by the field.

Every editor's tooltip gives the setting's meaning, its default and the recipe the default
comes from (Gopher, C4, FineWeb...), read from the step's field metadata
(``llmstudio.core.settings``); a ``Literal`` setting gets a combo box. Lists are
edited as one entry per line. ``values()`` returns only settings that differ from the
defaults, so saved recipes stay short and follow future default changes.
"""

from __future__ import annotations

import typing
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from llmstudio.core.cleaning.steps import STEP_TYPES
from llmstudio.core.settings import fields_of
from llmstudio.gui.i18n import translate_dynamic
from llmstudio.gui.widgets.dataclass_form import describe_field


class StepForm(QWidget):
    changed = Signal()

    def __init__(self, step_name: str, settings: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step_name = step_name
        cls = STEP_TYPES[step_name]
        self._defaults = cls().settings()
        self._editors: dict[str, tuple[QWidget, Any]] = {}
        layout = QFormLayout(self)
        title, description = (translate_dynamic("CleaningSteps", cls.title),
                              translate_dynamic("CleaningSteps", cls.description))
        intro = QLabel(f"<b>{title}</b> — {description}" + (
            "<br><i>" + self.tr("Classic NLP: meant for text-classification features, not language-model "
                                "pretraining.") + "</i>" if cls.group.startswith("Classic") else ""))
        intro.setWordWrap(True)
        layout.addRow(intro)
        for info in fields_of(cls):
            value = settings.get(info.name, self._defaults[info.name])
            editor = self._make_editor(info.name, info.kind, value, info.choices)
            tip = describe_field(info, "CleaningSteps")
            editor.setToolTip(tip)
            editor.setObjectName(f"setting_{info.name}")
            label = QLabel(translate_dynamic("CleaningSteps", info.label))
            label.setToolTip(tip)
            layout.addRow(label, editor)
            self._editors[info.name] = (editor, info.kind)

    def _make_editor(self, name: str, kind: Any, value: Any, choices: tuple[str, ...] | None) -> QWidget:
        if kind is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(self.changed)
            return box
        if kind is int:
            spin = QSpinBox()
            spin.setRange(-1, 2_000_000_000)
            spin.setValue(int(value))
            spin.valueChanged.connect(self.changed)
            return spin
        if kind is float:
            dspin = QDoubleSpinBox()
            dspin.setDecimals(3)
            dspin.setRange(0.0, 1_000_000.0)
            dspin.setSingleStep(0.01)
            dspin.setValue(float(value))
            dspin.valueChanged.connect(self.changed)
            return dspin
        if kind is str and choices:
            combo = QComboBox()
            combo.addItems(list(choices))
            combo.setCurrentText(str(value))
            combo.currentTextChanged.connect(self.changed)
            return combo
        if kind is str:
            line = QLineEdit(str(value))
            line.textChanged.connect(self.changed)
            return line
        if typing.get_origin(kind) is list:
            text = QPlainTextEdit("\n".join(map(str, value)))
            text.setFixedHeight(70)
            text.textChanged.connect(self.changed)
            return text
        raise TypeError(f"no editor for {name}: {kind}")

    def set_value(self, name: str, value: Any) -> None:
        editor, kind = self._editors[name]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.setValue(value)
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("\n".join(map(str, value)))

    def _value(self, name: str) -> Any:
        editor, kind = self._editors[name]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QLineEdit):
            return editor.text()
        assert isinstance(editor, QPlainTextEdit)  # list settings
        lines = [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]
        inner = typing.get_args(kind)[0]
        if inner is float:
            return [float(x) for x in lines]
        return lines

    def values(self) -> dict[str, Any]:
        """Settings that differ from the step's defaults."""
        out = {}
        for name in self._editors:
            try:
                value = self._value(name)
            except ValueError:
                continue
            default = self._defaults[name]
            if isinstance(default, float) and isinstance(value, float):
                if abs(value - default) < 1e-9:
                    continue
            elif value == default:
                continue
            out[name] = value
        return out
