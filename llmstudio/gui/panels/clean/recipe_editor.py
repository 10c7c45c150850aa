"""The recipe editor: pick a preset or saved recipe, add, remove and reorder steps, and
change each step's settings. It edits a plain ``Recipe`` value; saving, importing and
exporting TOML go through the core, so the checks and their messages are the CLI's."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.cleaning.recipe import PRESETS, Recipe, StepSpec
from llmstudio.core.cleaning.steps import STEP_TYPES
from llmstudio.gui.i18n import translate_dynamic
from llmstudio.gui.panels.clean.step_form import StepForm

GROUP_ORDER = ["Normalisation", "Deduplication", "Language", "Quality rules", "Privacy", "Length", "Custom rules"]


def _changed_note(spec: StepSpec) -> str:
    cls = STEP_TYPES.get(spec.step)
    if cls is None:
        return ""
    defaults = cls().settings()
    changed = sum(1 for k, v in spec.settings.items() if defaults.get(k) != v)
    return QCoreApplication.translate("RecipeEditor", "  ({count} changed)").format(count=changed) if changed else ""


def _title(title: str) -> str:
    return translate_dynamic("CleaningSteps", title)


class RecipeEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = QComboBox()
        self.source.setObjectName("recipeSource")
        self.source.setToolTip(self.tr("A preset or saved recipe to start from"))
        self.name = QLineEdit()
        self.name.setToolTip(self.tr("The recipe's name, used when you save it"))
        self.name.setObjectName("recipeName")
        self.name.setPlaceholderText(self.tr("recipe name"))
        self.steps = QListWidget()
        self.steps.setObjectName("recipeSteps")
        self.add_button = QPushButton(self.tr("Add step"))  # a push button leaves room for the menu arrow
        self.add_button.setObjectName("addStep")
        self.add_button.setMenu(self._add_menu())
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton(self.tr("Up"))
        self.down_button = QPushButton(self.tr("Down"))
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form: StepForm | None = None
        self._specs: list[StepSpec] = []

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Start from")))
        top.addWidget(self.source, 1)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.name)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.form_area, 2)

        self.source.activated.connect(self._on_source_chosen)
        self.steps.currentRowChanged.connect(self._on_row_changed)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.name.textChanged.connect(self.changed)
        self._saved: list[Recipe] = []
        self.set_choices([])
        self.set_recipe(PRESETS["Minimal"])

    def _add_menu(self) -> QMenu:
        menu = QMenu(self)
        groups: dict[str, list[str]] = {}
        for name, cls in STEP_TYPES.items():
            groups.setdefault(cls.group, []).append(name)
        for group in [*GROUP_ORDER, *sorted(set(groups) - set(GROUP_ORDER))]:
            sub = menu.addMenu(translate_dynamic("CleaningSteps", group))
            for name in groups.get(group, []):
                action = sub.addAction(f"{_title(STEP_TYPES[name].title)} ({name})")
                action.setToolTip(translate_dynamic("CleaningSteps", STEP_TYPES[name].description))
                action.triggered.connect(lambda checked=False, n=name: self.add_step(n))
        return menu

    # ------------------------------------------------------------------ recipe value
    def set_choices(self, saved: list[Recipe]) -> None:
        self._saved = saved
        current = self.source.currentText()
        self.source.clear()
        self.source.addItems([*PRESETS, *(self.tr("saved: {name}").format(name=r.name) for r in saved)])
        if current:
            self.source.setCurrentText(current)

    def _on_source_chosen(self, index: int) -> None:
        presets = list(PRESETS.values())
        recipe = presets[index] if index < len(presets) else self._saved[index - len(presets)]
        self.set_recipe(recipe)

    def set_recipe(self, recipe: Recipe) -> None:
        self._specs = list(recipe.steps)
        self.name.blockSignals(True)
        self.name.setText(recipe.name)
        self.name.blockSignals(False)
        self._fill(0)
        self.changed.emit()

    def recipe(self) -> Recipe:
        self._store_form()
        return Recipe(self.name.text().strip() or "custom", tuple(self._specs))

    def _fill(self, select: int) -> None:
        self.steps.blockSignals(True)
        self.steps.clear()
        for i, spec in enumerate(self._specs, 1):
            cls = STEP_TYPES.get(spec.step)
            title = _title(cls.title) if cls else self.tr("unknown step {name}").format(name=spec.step)
            self.steps.addItem(f"{i}. {title}{_changed_note(spec)}")
        self.steps.blockSignals(False)
        if self._specs:
            self.steps.setCurrentRow(max(0, min(select, len(self._specs) - 1)))
            self._on_row_changed(self.steps.currentRow())
        else:
            self._show_form(None)

    # ------------------------------------------------------------------ editing
    def add_step(self, name: str) -> None:
        self._store_form()
        row = self.steps.currentRow() + 1 if self._specs else 0
        self._specs.insert(row, StepSpec(name, {}))
        self._fill(row)
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.steps.currentRow()
        if 0 <= row < len(self._specs):
            self.form = None
            del self._specs[row]
            self._fill(row)
            self.changed.emit()

    def move_current(self, delta: int) -> None:
        self._store_form()
        row = self.steps.currentRow()
        target = row + delta
        if 0 <= row < len(self._specs) and 0 <= target < len(self._specs):
            self._specs[row], self._specs[target] = self._specs[target], self._specs[row]
            self._fill(target)
            self.changed.emit()

    def set_setting(self, name: str, value: object) -> None:
        """Change a setting of the selected step as the form would (used by tests and shortcuts)."""
        assert self.form is not None
        self.form.set_value(name, value)

    def _store_form(self) -> None:
        if self.form is None:
            return
        row = self._form_row
        if 0 <= row < len(self._specs) and self._specs[row].step == self.form.step_name:
            self._specs[row] = StepSpec(self.form.step_name, self.form.values())

    def _on_row_changed(self, row: int) -> None:
        self._store_form()
        if 0 <= row < len(self._specs) and self._specs[row].step in STEP_TYPES:
            self._show_form(row)
        else:
            self._show_form(None)

    def _show_form(self, row: int | None) -> None:
        self._form_row = -1 if row is None else row
        if row is None:
            self.form = None
            self.form_area.setWidget(QLabel(self.tr("Add a step to start.")))
            return
        spec = self._specs[row]
        self.form = StepForm(spec.step, spec.settings)
        self.form.changed.connect(self._on_form_changed)
        self.form_area.setWidget(self.form)

    def _on_form_changed(self) -> None:
        self._store_form()
        row = self._form_row
        spec = self._specs[row]
        item = self.steps.item(row)
        if item is not None:
            item.setText(f"{row + 1}. {_title(STEP_TYPES[spec.step].title)}{_changed_note(spec)}")
        self.changed.emit()
