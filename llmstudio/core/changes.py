"""What an operation changed, declared by the core operation itself.

A view that shows project data must redraw after an operation that changes that data,
and only then. The GUI used to guess ("an import changes sources, documents and
labels") in string sets written next to each button; a new operation, or a changed one,
left the guess stale. Here each core operation declares what it changes, once, with
``@declares(Changed.X | Changed.Y)``; the GUI's operation builder reads the declaration
with ``changes_of(fn)`` and the main window hands the flags to every panel, which
refreshes only what the flags name (Anki's ``OpChanges`` is the model).

The registry is keyed by the function's module and qualified name, so it works for plain
functions and for methods (``Project.set_setting``), and for ``functools.partial``
wrappers of either. A function nobody declared changes nothing (``Changed.NONE``): a
read-only query needs no declaration. This module imports neither Qt nor torch.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Changed(enum.Flag):
    """The kinds of project state an operation can change; combine them with ``|``."""

    NONE = 0
    SOURCES = enum.auto()  # the list of imported sources
    DOCUMENTS = enum.auto()  # documents added or removed
    SEARCH = enum.auto()  # the full-text index (more documents searchable)
    SNAPSHOTS = enum.auto()  # cleaned snapshots, their removals and overrides
    RECIPES = enum.auto()  # saved cleaning recipes
    LABELS = enum.auto()  # schemas, labels and annotations
    SPLITS = enum.auto()  # train/validation/test assignment of documents
    TOKENIZERS = enum.auto()  # trained tokenizers and their token shards
    RUNS = enum.auto()  # training runs, their metrics and checkpoints
    SETTINGS = enum.auto()  # project settings (the model and training config among them)

    @classmethod
    def of(cls, value: Changed | Iterable[Changed] | None) -> Changed:
        """One flag value from a flag, an iterable of flags, or None."""
        if value is None:
            return cls.NONE
        if isinstance(value, Changed):
            return value
        return functools.reduce(lambda a, b: a | b, value, cls.NONE)

    def names(self) -> list[str]:
        """The member names set in this value, lower-case, in declaration order (for logs and tests)."""
        return [m.name.lower() for m in Changed if m and m.name and m in self]


ALL = Changed.of(m for m in Changed)

_DECLARED: dict[str, Changed] = {}


def _key(fn: Callable[..., Any]) -> str | None:
    while isinstance(fn, functools.partial):
        fn = fn.func
    fn = getattr(fn, "__func__", fn)  # a bound method: the function it wraps
    module, name = getattr(fn, "__module__", None), getattr(fn, "__qualname__", None)
    if module is None or name is None or "<lambda>" in name or "<locals>" in name:
        return None  # a lambda or closure: it declares nothing, the caller must say
    return f"{module}.{name}"


def declares(changes: Changed) -> Callable[[F], F]:
    """Decorator for a core operation: record what it changes; the function is returned as is."""

    def mark(fn: F) -> F:
        key = _key(fn)
        if key is None:
            raise TypeError(f"only named functions and methods can declare what they change, not {fn!r}")
        _DECLARED[key] = changes
        return fn

    return mark


def changes_of(fn: Callable[..., Any]) -> Changed:
    """What ``fn`` declared it changes (``Changed.NONE`` for an undeclared function)."""
    key = _key(fn)
    return Changed.NONE if key is None else _DECLARED.get(key, Changed.NONE)


def declared() -> dict[str, Changed]:
    """Every declaration made so far (module.qualname -> flags), for docs and tests."""
    return dict(_DECLARED)
