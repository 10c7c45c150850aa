"""Non-destructive cleaning: recipes of small steps that produce dataset snapshots."""

from llmstudio.core.cleaning.pipeline import CleanSummary, iter_kept_texts, run_recipe
from llmstudio.core.cleaning.recipe import PRESETS, Recipe, StepSpec, preset

__all__ = ["PRESETS", "CleanSummary", "Recipe", "StepSpec", "iter_kept_texts", "preset", "run_recipe"]
