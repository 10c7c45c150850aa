"""Recipes: an ordered list of steps with their settings, stored as plain data and as TOML.

A recipe is checked before anything runs: an unknown step, an unknown setting or a value
of the wrong type is a ``StudioError`` naming the recipe, the step (and its position) and
the setting, so a hand-edited TOML file fails with a message a person can act on.
"""

from __future__ import annotations

import json
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmstudio.core.cleaning.steps import STEP_TYPES, Step
from llmstudio.core.errors import StudioError
from llmstudio.core.settings import closest, fields_of


@dataclass(frozen=True)
class StepSpec:
    step: str
    settings: dict[str, Any] = field(default_factory=dict)


def _type_name(kind: Any) -> str:
    names = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}
    if kind in names:
        return names[kind]
    args = typing.get_args(kind)
    if typing.get_origin(kind) is list and args:
        return f"a list of {_type_name(args[0]).replace('a ', '').replace('true or false', 'booleans')}s"
    return str(kind)


def coerce(kind: Any, value: Any) -> Any:
    """The value as ``kind``, or raise TypeError (ints are accepted where numbers are)."""
    if kind is bool:
        if isinstance(value, bool):
            return value
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif kind is str:
        if isinstance(value, str):
            return value
    elif typing.get_origin(kind) is list:
        (inner,) = typing.get_args(kind)
        if isinstance(value, (list, tuple)):
            return [coerce(inner, v) for v in value]
    raise TypeError(_type_name(kind))


@dataclass(frozen=True)
class Recipe:
    name: str
    steps: tuple[StepSpec, ...]

    def check(self) -> list[StepSpec]:
        """Specs with values coerced to their types; a clear error for anything wrong."""
        if not self.steps:
            raise StudioError(f"recipe '{self.name}' has no steps; add at least one")
        checked = []
        for position, spec in enumerate(self.steps, 1):
            where = f"recipe '{self.name}', step {position} '{spec.step}'"
            cls = STEP_TYPES.get(spec.step)
            if cls is None:
                known = ", ".join(sorted(STEP_TYPES))
                raise StudioError(f"recipe '{self.name}', step {position}: unknown step '{spec.step}' (known steps: {known})")
            fields = {info.name: info for info in fields_of(cls)}
            values = {}
            for key, value in spec.settings.items():
                if key not in fields:
                    guess = closest(key, fields)
                    hint = f"; did you mean '{guess}'?" if guess else ""
                    raise StudioError(f"{where}: unknown setting '{key}'{hint} (settings: {', '.join(fields) or 'none'})")
                info = fields[key]
                try:
                    value = coerce(info.kind, value)
                except TypeError as exc:
                    raise StudioError(f"{where}: setting '{key}' must be {exc}, not {value!r}") from None
                choices = info.choices
                if choices and value not in choices:
                    raise StudioError(f"{where}: setting '{key}' must be one of {', '.join(map(str, choices))}, not {value!r}")
                values[key] = value
            checked.append(StepSpec(spec.step, values))
        return checked

    def build(self) -> list[Step]:
        """Instantiate fresh steps; a clear error names an unknown step or setting."""
        built = []
        for position, spec in enumerate(self.check(), 1):
            try:
                built.append(STEP_TYPES[spec.step](**spec.settings))
            except StudioError as exc:
                raise StudioError(f"recipe '{self.name}', step {position}: {exc}") from exc
        return built

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "steps": [{"step": s.step, **s.settings} for s in self.steps]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recipe:
        if not isinstance(data, dict):
            raise StudioError("a recipe must be a table with 'name' and a list of [[steps]]")
        raw_steps = data.get("steps", [])
        if not isinstance(raw_steps, list):
            raise StudioError("recipe: 'steps' must be a list of tables ([[steps]] in TOML)")
        steps = []
        for position, item in enumerate(raw_steps, 1):
            if not isinstance(item, dict) or not isinstance(item.get("step"), str):
                raise StudioError(f"recipe, step {position}: each step needs a 'step' name, e.g. step = \"normalize\"")
            item = dict(item)
            steps.append(StepSpec(item.pop("step"), item))
        return cls(str(data.get("name", "custom")), tuple(steps))

    # ------------------------------------------------------------------ TOML
    def to_toml(self) -> str:
        lines = [f"name = {_toml_value(self.name)}", ""]
        for spec in self.steps:
            lines.append("[[steps]]")
            lines.append(f"step = {_toml_value(spec.step)}")
            for key, value in spec.settings.items():
                lines.append(f"{key} = {_toml_value(value)}")
            lines.append("")
        return "\n".join(lines)

    @classmethod
    def from_toml(cls, text: str, source: str = "recipe") -> Recipe:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise StudioError(f"{source} is not valid TOML ({exc}); fix the file and try again") from exc
        recipe = cls.from_dict(data)
        recipe.check()
        return recipe

    @classmethod
    def load(cls, path: Path) -> Recipe:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise StudioError(f"cannot read the recipe file {path}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise StudioError(f"the recipe file {path} is not UTF-8 text") from exc
        return cls.from_toml(text, str(path))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise StudioError(f"cannot write {value!r} to TOML")


_GOPHER = (StepSpec("gopher_repetition"), StepSpec("gopher_quality"))
PRESETS: dict[str, Recipe] = {
    "Minimal": Recipe(
        "Minimal",
        (StepSpec("normalize"), StepSpec("exact_dedup"), StepSpec("min_length", {"min_chars": 20})),
    ),
    "Gopher": Recipe("Gopher", (StepSpec("normalize"), StepSpec("exact_dedup"), *_GOPHER)),
    "C4": Recipe(
        "C4",
        (
            StepSpec("normalize"),
            StepSpec("exact_dedup"),
            StepSpec("language", {"keep": ["en"], "min_score": 0.99}),
            StepSpec("c4_quality"),
            StepSpec("c4_badwords"),
        ),
    ),
    "FineWeb": Recipe(
        "FineWeb",
        (
            StepSpec("normalize"),
            StepSpec("exact_dedup"),
            StepSpec("language", {"keep": ["en"], "min_score": 0.65}),
            *_GOPHER,
            StepSpec("c4_quality", {"keep_only_terminal_punct_lines": False}),
            StepSpec("fineweb_quality"),
            StepSpec("near_dedup"),
            StepSpec("pii"),
        ),
    ),
    "Gopher + near-dedup": Recipe(
        "Gopher + near-dedup",
        (StepSpec("normalize"), StepSpec("exact_dedup"), *_GOPHER, StepSpec("near_dedup")),
    ),
}


def preset(name: str) -> Recipe:
    for key, recipe in PRESETS.items():
        if key.lower() == name.lower():
            return recipe
    raise StudioError(f"unknown recipe '{name}' (presets: {', '.join(PRESETS)})")
