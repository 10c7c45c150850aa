"""The panels of the main window, in the order of the workflow.

Each entry is (key, title, module path, class name). Panels are imported by the main
window only; they never import each other and talk through ``PanelContext.notify``.
"""

from __future__ import annotations

PANELS: list[tuple[str, str, str, str]] = [
    ("sources", "Sources", "llmstudio.gui.panels.sources.panel", "SourcesPanel"),
    ("clean", "Clean", "llmstudio.gui.panels.clean.panel", "CleanPanel"),
    ("label", "Label", "llmstudio.gui.panels.label.panel", "LabelPanel"),
    ("tokenizer", "Tokenizer", "llmstudio.gui.panels.tokenizer.panel", "TokenizerPanel"),
    ("model", "Model", "llmstudio.gui.panels.model.panel", "ModelPanel"),
    ("train", "Train", "llmstudio.gui.panels.train.panel", "TrainPanel"),
    ("evaluate", "Evaluate", "llmstudio.gui.panels.evaluate.panel", "EvaluatePanel"),
    ("experiments", "Experiments", "llmstudio.gui.panels.experiments.panel", "ExperimentsPanel"),
]
