"""Field metadata for every settings dataclass: default, help, unit, range, choices.

Model, training and cleaning-step settings are dataclasses. Each field is declared with
``setting(default, help, unit=..., minimum=..., maximum=...)``, and a field with a fixed
set of values is typed ``Literal[...]``; everything a form, a tooltip, ``--help`` or
the docs say about a setting is read from here by ``fields_of(cls)``. The metadata lives
in the class object itself, so it works in a frozen app that ships no source files (the
earlier way, parsing the docstring under each field with ``ast`` and
``inspect.getsource``, returned nothing there). This module imports neither Qt nor torch.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from llmstudio.core.errors import ConfigError

_NO_DEFAULT = object()


def setting(
    default: Any,
    help: str,
    *,
    unit: str = "",
    minimum: float | None = None,
    maximum: float | None = None,
    source: str = "",
    **extra: Any,
) -> Any:
    """A dataclass field carrying its help text (and unit, range, source) as metadata.

    ``minimum``/``maximum`` give forms their range; the dataclass still validates in
    ``__post_init__`` with messages that name the user-facing setting. ``source`` names
    the recipe or paper a default comes from. Mutable defaults (lists) are copied per
    instance.
    """
    meta = {"help": help, "unit": unit, "minimum": minimum, "maximum": maximum, "source": source, **extra}
    if isinstance(default, (list, dict, set)):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclass(frozen=True)
class FieldInfo:
    """Everything the app says about one setting."""

    name: str
    kind: Any  # bool, int, float, str or list[...]: the value's type (a Literal's values' type)
    default: Any
    help: str = ""
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()
    source: str = ""

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")

    def describe(self) -> str:
        """A tooltip: the help, the allowed values, the default and where it comes from."""
        lines = [self.help] if self.help else []
        if self.choices:
            lines.append("Choices: " + ", ".join(map(str, self.choices)))
        low, high = _num(self.minimum), _num(self.maximum)
        if low is not None and high is not None:
            lines.append(f"Range: {low} to {high}")
        elif low is not None:
            lines.append(f"At least {low}")
        elif high is not None:
            lines.append(f"At most {high}")
        default = describe_value(self.default)
        lines.append(f"Default: {default}{' ' + self.unit if self.unit and self.default != '' else ''}")
        if self.source:
            lines.append(f"From: {self.source}")
        return "\n".join(lines)


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe_value(value: Any) -> str:
    """A default as a person reads it: lists joined by commas, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) if value else "(empty)"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def choices_of(kind: Any) -> tuple[Any, ...]:
    """The values of a ``Literal[...]`` type (also inside ``Optional``), else ()."""
    if typing.get_origin(kind) is Literal:
        return typing.get_args(kind)
    return ()


def value_type(kind: Any) -> Any:
    """The type a field's values have: a ``Literal``'s values' type, else the type itself."""
    values = choices_of(kind)
    if values:
        return type(values[0])
    return kind


def fields_of(cls: type) -> list[FieldInfo]:
    """A settings dataclass's fields, in declaration order, with their metadata resolved.

    Type hints are resolved from the class and its module (no source file needed), so
    ``Literal`` choices work under ``from __future__ import annotations``.
    """
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        kind = hints.get(f.name, f.type)
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = _NO_DEFAULT
        meta = f.metadata
        choices = choices_of(kind) or tuple(meta.get("choices") or ())
        out.append(FieldInfo(
            name=f.name, kind=value_type(kind), default=default, help=str(meta.get("help", "")),
            unit=str(meta.get("unit", "")), minimum=meta.get("minimum"), maximum=meta.get("maximum"),
            choices=choices, source=str(meta.get("source", "")),
        ))
    return out


def field_help(cls: type) -> dict[str, str]:
    """Each field's help text by name (empty for a field without one)."""
    return {info.name: info.help for info in fields_of(cls)}


def help_lines(cls: type, section: str = "") -> list[str]:
    """One line per setting, ``section.name = default  help (choices)``, for ``--help`` and docs."""
    lines = []
    prefix = f"{section}." if section else ""
    for info in fields_of(cls):
        extra = f" ({'|'.join(map(str, info.choices))})" if info.choices else ""
        unit = f" {info.unit}" if info.unit else ""
        lines.append(f"{prefix}{info.name} = {describe_value(info.default)}{unit}  {info.help}{extra}")
    return lines


def markdown_table(cls: type, section: str = "") -> str:
    """The settings as a Markdown table (key, default, meaning) for the docs."""
    prefix = f"{section}." if section else ""
    rows = ["| Key | Default | Meaning |", "| --- | --- | --- |"]
    for info in fields_of(cls):
        meaning = info.help
        if info.choices:
            meaning += " Choices: " + ", ".join(f"`{c}`" for c in info.choices) + "."
        if info.source:
            meaning += f" From: {info.source}."
        unit = f" {info.unit}" if info.unit else ""
        rows.append(f"| `{prefix}{info.name}` | `{describe_value(info.default)}`{unit} | {meaning.replace('|', '/')} |")
    return "\n".join(rows)


def build_settings(cls: type, section: str, values: dict[str, Any]) -> Any:
    """``cls(**values)`` with every value coerced to its field's type; unknown keys and bad values are
    ``ConfigError``s naming ``section.key``."""
    if not isinstance(values, dict):
        raise ConfigError(f"[{section}] must be a table of settings: a line [{section}], then one 'key = value' "
                          f"line per setting, not {section} = {describe_value(values)}")
    known = {info.name: info.kind for info in fields_of(cls)}
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise unknown_setting(section, key, known)
        clean[key] = coerce_setting(section, key, known[key], value)
    return cls(**clean)


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The choice a mistyped ``name`` most likely meant (``lrr`` -> ``lr``), or None when none is close."""
    found = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_setting(section: str, key: str, known: Iterable[str]) -> ConfigError:
    """A mistyped setting named with the closest real one, and where every setting is listed (the list
    itself, some 40 keys, buried the one a person meant)."""
    guess = closest(key, known)
    where = "(all settings: docs/settings.md, or --help)"
    if guess is not None:
        return ConfigError(f"unknown setting {section}.{key}; did you mean {section}.{guess}? {where}")
    return ConfigError(f"unknown setting {section}.{key} {where}")


def coerce_setting(section: str, key: str, value_type: Any, value: Any) -> Any:
    """A text (or TOML) value as the field's type: bool, int, float or str.

    A value of the wrong kind is a ``ConfigError`` in words a person uses ("a whole number",
    "a number", "true or false"), never a Python type name. The int wording is the one the
    settings dataclasses use for a fractional value, so both read (and translate) alike.
    """
    kind = getattr(value_type, "__name__", str(value_type))
    name = f"{section}.{key}"
    shown = repr(value) if isinstance(value, str) else describe_value(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
        raise ConfigError(f"{name} must be true or false, not {shown}")
    if kind in ("int", "float") and isinstance(value, bool):  # TOML ``n_layer = true``
        raise ConfigError(f"{name} must be a whole number, not {shown}" if kind == "int"
                          else f"{name} expects a number, not {shown}")
    try:
        if kind == "int":
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            if isinstance(value, str):
                value = value.replace("_", "")
                number = float(value) if "e" in value.lower() else int(value)
                if isinstance(number, float) and not number.is_integer():
                    raise ValueError(value)
                return int(number)
            return int(value)
        if kind == "float":
            return float(value)
    except (TypeError, ValueError, OverflowError):
        if kind == "int":
            raise ConfigError(f"{name} must be a whole number, not {shown}") from None
        raise ConfigError(f"{name} expects a number, not {shown}") from None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
