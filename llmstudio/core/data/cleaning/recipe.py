"""Recipes: an ordered list of steps with their settings, stored as plain data."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from llmstudio.core.data.cleaning.steps import STEP_TYPES, Step
from llmstudio.core.errors import StudioError


@dataclass(frozen=True)
class StepSpec:
    step: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recipe:
    name: str
    steps: tuple[StepSpec, ...]

    def build(self) -> list[Step]:
        """Instantiate fresh steps; a clear error names an unknown step or setting."""
        built = []
        for spec in self.steps:
            cls = STEP_TYPES.get(spec.step)
            if cls is None:
                known = ", ".join(sorted(STEP_TYPES))
                raise StudioError(f"recipe '{self.name}': unknown step '{spec.step}' (known: {known})")
            allowed = {f.name: f for f in dataclasses.fields(cls)}
            for key, value in spec.settings.items():
                if key not in allowed:
                    raise StudioError(
                        f"recipe '{self.name}', step '{spec.step}': unknown setting '{key}' "
                        f"(settings: {', '.join(allowed) or 'none'})"
                    )
            built.append(cls(**spec.settings))
        return built

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "steps": [{"step": s.step, **s.settings} for s in self.steps]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recipe:
        steps = []
        for item in data.get("steps", []):
            item = dict(item)
            steps.append(StepSpec(item.pop("step"), item))
        return cls(str(data.get("name", "custom")), tuple(steps))


PRESETS: dict[str, Recipe] = {
    "Minimal": Recipe(
        "Minimal",
        (StepSpec("normalize"), StepSpec("exact_dedup"), StepSpec("min_length", {"min_chars": 20})),
    ),
}


def preset(name: str) -> Recipe:
    for key, recipe in PRESETS.items():
        if key.lower() == name.lower():
            return recipe
    raise StudioError(f"unknown recipe '{name}' (presets: {', '.join(PRESETS)})")
