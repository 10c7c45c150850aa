"""The panels of the main window, in the order of the workflow.

Each entry is (key, title, module path, class name). Panels are imported by the main
window only; they never import each other and talk through ``PanelContext.notify``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from llmstudio.gui.i18n import QT_TRANSLATE_NOOP

PANELS: list[tuple[str, str, str, str]] = [
    ("sources", QT_TRANSLATE_NOOP("Panels", "Sources"), "llmstudio.gui.panels.sources.panel", "SourcesPanel"),
    ("clean", QT_TRANSLATE_NOOP("Panels", "Clean"), "llmstudio.gui.panels.clean.panel", "CleanPanel"),
    ("label", QT_TRANSLATE_NOOP("Panels", "Label"), "llmstudio.gui.panels.label.panel", "LabelPanel"),
    ("tokenizer", QT_TRANSLATE_NOOP("Panels", "Tokenizer"), "llmstudio.gui.panels.tokenizer.panel", "TokenizerPanel"),
    ("model", QT_TRANSLATE_NOOP("Panels", "Model"), "llmstudio.gui.panels.model.panel", "ModelPanel"),
    ("train", QT_TRANSLATE_NOOP("Panels", "Train"), "llmstudio.gui.panels.train.panel", "TrainPanel"),
    ("evaluate", QT_TRANSLATE_NOOP("Panels", "Evaluate"), "llmstudio.gui.panels.evaluate.panel", "EvaluatePanel"),
    ("experiments", QT_TRANSLATE_NOOP("Panels", "Experiments"), "llmstudio.gui.panels.experiments.panel",
     "ExperimentsPanel"),
]


def panel_title(title: str) -> str:
    """A panel's title in the interface language."""
    return QCoreApplication.translate("Panels", title)
