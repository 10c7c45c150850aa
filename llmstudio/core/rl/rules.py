"""A reward the user writes as a rule: keywords, regular expressions and length bounds, with weights.

Loaded from a small TOML file; nothing in it is executed. A text's reward is the sum of the
weights of the keywords it contains (each counted once), of the expressions it matches, and
of the length term when its length lies within the bounds. Example::

    case_sensitive = false

    [keywords]
    great = 1.0
    awful = -1.0

    [[regex]]
    pattern = "\\bthank(s| you)\\b"
    weight = 0.5

    [length]
    unit = "words"        # or "characters"
    min = 5
    max = 60
    weight = 0.25
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from llmstudio.core.errors import ConfigError

TOP_KEYS = ("case_sensitive", "keywords", "regex", "length")
REGEX_KEYS = ("pattern", "weight")
LENGTH_KEYS = ("unit", "min", "max", "weight")
UNITS = ("words", "characters")


@dataclass(frozen=True)
class LengthBounds:
    unit: str
    minimum: int | None
    maximum: int | None
    weight: float

    def measure(self, text: str) -> int:
        return len(text.split()) if self.unit == "words" else len(text)

    def holds(self, text: str) -> bool:
        n = self.measure(text)
        return (self.minimum is None or n >= self.minimum) and (self.maximum is None or n <= self.maximum)


@dataclass(frozen=True)
class RuleReward:
    """The parsed rule; ``score`` gives one float per text."""

    keywords: tuple[tuple[str, float], ...] = ()
    patterns: tuple[tuple[re.Pattern[str], float], ...] = ()
    length: LengthBounds | None = None
    case_sensitive: bool = False
    name: str = "rule"

    def score_one(self, text: str) -> float:
        haystack = text if self.case_sensitive else text.lower()
        total = 0.0
        for word, weight in self.keywords:
            if (word if self.case_sensitive else word.lower()) in haystack:
                total += weight
        for pattern, weight in self.patterns:
            if pattern.search(text):
                total += weight
        if self.length is not None and self.length.holds(text):
            total += self.length.weight
        return total

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.score_one(t) for t in texts], dtype=np.float64)


def _where(source: str, section: str = "") -> str:
    return f"{source} [{section}]" if section else source


def _unknown(table: dict[str, Any], allowed: Sequence[str], where: str) -> None:
    extra = sorted(set(table) - set(allowed))
    if extra:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(extra)}; allowed: {', '.join(allowed)}")


def _weight(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}: weight must be a number, not {value!r}")
    return float(value)


def _bound(value: Any, key: str, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{where}: {key} must be a whole number >= 0, not {value!r}")
    return value


def parse_rule(data: dict[str, Any], source: str = "rule") -> RuleReward:
    """A ``RuleReward`` from the parsed TOML table; every mistake is a ``ConfigError`` naming it."""
    _unknown(data, TOP_KEYS, source)
    case_sensitive = data.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise ConfigError(f"{source}: case_sensitive must be true or false, not {case_sensitive!r}")
    keywords_table = data.get("keywords", {})
    if not isinstance(keywords_table, dict):
        raise ConfigError(f"{source}: [keywords] must be a table of word = weight")
    keywords = []
    for word, weight in keywords_table.items():
        if not word.strip():
            raise ConfigError(f"{_where(source, 'keywords')}: an empty keyword matches everything; remove it")
        keywords.append((word, _weight(weight, f"{_where(source, 'keywords')} {word!r}")))
    regex = data.get("regex", [])
    entries = [regex] if isinstance(regex, dict) else regex
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{source}: [[regex]] entries must be tables with pattern and weight")
    patterns = []
    flags = 0 if case_sensitive else re.IGNORECASE
    for i, entry in enumerate(entries):
        where = _where(source, f"regex {i + 1}")
        _unknown(entry, REGEX_KEYS, where)
        pattern = entry.get("pattern")
        if not isinstance(pattern, str) or not pattern:
            raise ConfigError(f"{where}: pattern must be a non-empty string")
        try:
            compiled = re.compile(pattern, flags)
        except re.error as err:
            raise ConfigError(f"{where}: invalid regular expression {pattern!r}: {err}; fix the pattern") from err
        patterns.append((compiled, _weight(entry.get("weight", 1.0), where)))
    length = None
    if "length" in data:
        table = data["length"]
        where = _where(source, "length")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: must be a table with unit, min, max and weight")
        _unknown(table, LENGTH_KEYS, where)
        unit = table.get("unit", "words")
        if unit not in UNITS:
            raise ConfigError(f"{where}: unit must be one of {', '.join(UNITS)}, not {unit!r}")
        minimum, maximum = _bound(table.get("min"), "min", where), _bound(table.get("max"), "max", where)
        if minimum is None and maximum is None:
            raise ConfigError(f"{where}: give min, max or both")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise ConfigError(f"{where}: min {minimum} is above max {maximum}")
        length = LengthBounds(unit, minimum, maximum, _weight(table.get("weight", 1.0), where))
    if not keywords and not patterns and length is None:
        raise ConfigError(f"{source}: the rule is empty; add [keywords], [[regex]] or [length]")
    return RuleReward(tuple(keywords), tuple(patterns), length, case_sensitive, name=source)


def load_rule(path: Path) -> RuleReward:
    """The rule in the TOML file at ``path``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ConfigError(f"rule file {path} does not exist; give the path of a .toml rule file") from err
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"rule file {path} cannot be read: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"rule file {path} is not valid TOML: {err}") from err
    return parse_rule(data, str(path))
