"""What a sweep varies: grid points from ``KEY=V1,V2`` and search spaces from a TOML file.

A grid is the cross product of ``section.key=v1,v2,...`` arguments, in the order given. A
search space file names config keys as TOML tables, for example::

    [train.lr]
    low = 1e-4
    high = 1e-2
    log = true

    [model.n_layer]
    choices = [1, 2, 3]

    [train.batch_size]
    low = 4
    high = 16
    step = 4

A range with whole-number ends is a range of whole numbers; ``log = true`` samples on a log
scale. When ``train.lr`` varies and ``train.min_lr`` does not, min_lr keeps its ratio to lr. Every key is checked against the run config before anything trains. This module
does not import torch or optuna; ``to_distributions`` imports optuna when a sweep starts.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmstudio.core.errors import ConfigError
from llmstudio.core.training.config import RunConfig, parse_override

Value = int | float | str | bool


@dataclass(frozen=True)
class Dimension:
    """One config key a sweep varies: a list of choices, or a numeric range."""

    key: str
    choices: tuple[Value, ...] = ()
    low: float | None = None
    high: float | None = None
    log: bool = False
    step: float | None = None
    integer: bool = False

    def describe(self) -> str:
        if self.choices:
            return f"{self.key} in {list(self.choices)}"
        scale = ", log scale" if self.log else ""
        return f"{self.key} from {self.low:g} to {self.high:g}{scale}"


def parse_value(text: str) -> Value:
    """A grid value as typed: a whole number, a number, true/false, or text."""
    text = text.strip()
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return int(text.replace("_", ""))
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def check_key(key: str, base: RunConfig, value: Value) -> None:
    """Refuse a key the run config does not have, or a value it would not take."""
    parse_override(f"{key}={format_value(value)}")
    try:
        apply_params(base, {key: value})
    except (TypeError, ValueError):  # train.lr=abc: min_lr is scaled from it before the config checks it
        raise ConfigError(f"{key} expects a number, not {format_value(value)!r}") from None


def apply_params(base: RunConfig, params: dict[str, Value]) -> RunConfig:
    """The base config with a trial's values. When a sweep varies train.lr but not
    train.min_lr, min_lr keeps its ratio to lr from the base config (so a low lr stays valid)."""
    overrides = overrides_for(params)
    if "train.lr" in params and "train.min_lr" not in params:
        ratio = base.train.min_lr / base.train.lr
        overrides.append(f"train.min_lr={format_value(float(params['train.lr']) * ratio)}")
    return base.with_overrides(overrides)


def format_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def overrides_for(params: dict[str, Value]) -> list[str]:
    return [f"{key}={format_value(value)}" for key, value in params.items()]


def parse_grid(items: list[str], base: RunConfig) -> tuple[list[Dimension], list[dict[str, Value]]]:
    """``section.key=v1,v2`` arguments -> the dimensions and every grid point, in order."""
    dimensions: list[Dimension] = []
    for item in items:
        if "=" not in item:
            raise ConfigError(f"--grid expects section.key=v1,v2,... (for example train.lr=1e-3,3e-3), not {item!r}")
        key, values = item.split("=", 1)
        key = key.strip()
        choices = tuple(parse_value(v) for v in values.split(",") if v.strip())
        if not choices:
            raise ConfigError(f"--grid {key} has no values; list them after '=' separated by commas")
        if key in {d.key for d in dimensions}:
            raise ConfigError(f"--grid names {key} twice; give all its values in one --grid")
        for value in choices:
            check_key(key, base, value)
        dimensions.append(Dimension(key, choices))
    points = [dict(zip([d.key for d in dimensions], combo, strict=True))
              for combo in itertools.product(*(d.choices for d in dimensions))]
    return dimensions, points


def load_space(path: Path, base: RunConfig) -> list[Dimension]:
    """Read a search space TOML file (see the module docstring)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"search space file {path} does not exist") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"search space file {path} is not valid TOML: {exc}") from None
    return load_space_text(text, base, str(path))


def load_space_text(text: str, base: RunConfig, where: str = "the search space") -> list[Dimension]:
    """Parse a search space written in TOML (the app's form, or a file's text)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where} is not valid TOML: {exc}") from None
    dimensions: list[Dimension] = []
    for section, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: write each key as a table, e.g. [train.lr] with low and high, "
                              f"not {section} = ...")
        for name, spec in table.items():
            dimensions.append(_dimension(f"{section}.{name}", spec, base, where))
    if not dimensions:
        raise ConfigError(f"{where} names no keys; add tables like [train.lr] low = 1e-4 high = 1e-2")
    return dimensions


def _dimension(key: str, spec: Any, base: RunConfig, path: str) -> Dimension:
    if isinstance(spec, list):
        spec = {"choices": spec}
    if not isinstance(spec, dict):
        raise ConfigError(f"{path}: {key} needs choices = [...] or low and high")
    unknown = set(spec) - {"choices", "low", "high", "log", "step"}
    if unknown:
        raise ConfigError(f"{path}: {key} has unknown field(s) {', '.join(sorted(unknown))} "
                          f"(fields: choices, low, high, log, step)")
    if "choices" in spec:
        choices = tuple(spec["choices"])
        if not choices:
            raise ConfigError(f"{path}: {key} has an empty list of choices")
        for value in choices:
            check_key(key, base, value)
        return Dimension(key, choices)
    if "low" not in spec or "high" not in spec:
        raise ConfigError(f"{path}: {key} needs both low and high (or a list of choices)")
    low, high = spec["low"], spec["high"]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)) or low >= high:
        raise ConfigError(f"{path}: {key} needs numbers with low < high, not low = {low!r}, high = {high!r}")
    log = bool(spec.get("log", False))
    if log and low <= 0:
        raise ConfigError(f"{path}: {key} on a log scale needs low > 0, not {low}")
    step = spec.get("step")
    integer = isinstance(low, int) and isinstance(high, int) and (step is None or isinstance(step, int))
    for value in (low, high):
        check_key(key, base, value)
    return Dimension(key, (), float(low), float(high), log, None if step is None else float(step), integer)


def to_distributions(dimensions: list[Dimension]) -> dict[str, Any]:
    """Optuna distributions for the dimensions (imports optuna)."""
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

    found: dict[str, Any] = {}
    for d in dimensions:
        if d.choices:
            found[d.key] = CategoricalDistribution(list(d.choices))
        elif d.integer:
            assert d.low is not None and d.high is not None
            found[d.key] = IntDistribution(int(d.low), int(d.high), log=d.log, step=1 if d.log else int(d.step or 1))
        else:
            assert d.low is not None and d.high is not None
            found[d.key] = FloatDistribution(d.low, d.high, log=d.log, step=None if d.log else d.step)
    return found


def dimensions_to_json(dimensions: list[Dimension]) -> list[dict[str, Any]]:
    return [{"key": d.key, "choices": list(d.choices), "low": d.low, "high": d.high, "log": d.log,
             "step": d.step, "integer": d.integer} for d in dimensions]


def dimensions_from_json(data: list[dict[str, Any]]) -> list[Dimension]:
    return [Dimension(d["key"], tuple(d["choices"]), d["low"], d["high"], d["log"], d["step"], d["integer"])
            for d in data]
