"""The panels of the main window, in the order of the workflow.

Each entry is (key, title, module path, class name). Panels are imported by the main
window only; they never import each other and talk through ``PanelContext.notify``.
"""

from __future__ import annotations

PANELS: list[tuple[str, str, str, str]] = [
    ("sources", "Sources", "llmstudio.gui.panels.sources", "SourcesPanel"),
    ("clean", "Clean", "llmstudio.gui.panels.clean", "CleanPanel"),
    ("label", "Label", "llmstudio.gui.panels.label", "LabelPanel"),
    ("tokenizer", "Tokenizer", "llmstudio.gui.panels.tokenizer", "TokenizerPanel"),
    ("model", "Model", "llmstudio.gui.panels.model", "ModelPanel"),
    ("train", "Train", "llmstudio.gui.panels.train", "TrainPanel"),
    ("evaluate", "Evaluate", "llmstudio.gui.panels.evaluate", "EvaluatePanel"),
]
