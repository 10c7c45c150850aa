"""The step protocol every cleaning rule follows, and the registry recipes look steps up in.

A step is a dataclass whose fields are its settings (each with a default, a help text and
the recipe it comes from). ``apply(text)`` returns the possibly changed text, or a
``Removal`` naming the rule and the measured value that crossed the threshold. Steps that
must see every earlier document (deduplication) are ``GlobalStep``s: worker processes
compute a small ``key`` per document and the parent decides, in document order, so the
first copy is always the one kept no matter how many cores ran.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from llmstudio.core.errors import StudioError
from llmstudio.core.settings import setting as _setting


@dataclass(frozen=True)
class Removal:
    """Why a step dropped a document: a stable rule text (filterable) and the measured value."""

    reason: str
    value: float | None = None
    duplicate_of: int | None = None


def setting(default: Any, help: str, source: str = "", **extra: Any) -> Any:
    """A step setting: its default, a tooltip, and the recipe the default comes from.

    The cleaning steps' short form of ``llmstudio.core.settings.setting`` (the source is
    the third argument here); a setting with fixed values is typed ``Literal[...]``.
    """
    return _setting(default, help, source=source, **extra)


class Step:
    """Base class; subclasses are dataclasses whose fields are the step's settings."""

    name: ClassVar[str]
    title: ClassVar[str]
    group: ClassVar[str] = "General"
    description: ClassVar[str] = ""
    changes_text: ClassVar[bool] = False

    def apply(self, text: str) -> str | Removal:
        raise NotImplementedError

    def settings(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def measure(self, text: str) -> dict[str, float]:
        """The values this step's rules look at, for histograms; empty if it has none."""
        return {}

    def counters(self) -> dict[str, int]:
        """Running totals worth reporting (e.g. PII replacements); read and reset per batch."""
        return {}


class GlobalStep(Step):
    """A step whose decision depends on earlier documents (dedup)."""

    def key(self, text: str) -> Any:
        """A small picklable value computed in a worker from the document's current text."""
        raise NotImplementedError

    def decide(self, key: Any, doc_id: int) -> Removal | None:
        """Called in the parent, in document order; remembers the key."""
        raise NotImplementedError

    def apply(self, text: str) -> str | Removal:
        """In-process use without document ids: each call gets a fresh negative id."""
        self._calls = getattr(self, "_calls", 0) + 1
        removal = self.decide(self.key(text), -self._calls)
        if removal is not None and removal.duplicate_of is not None and removal.duplicate_of < 0:
            removal = Removal(removal.reason, removal.value, None)
        return text if removal is None else removal


STEP_TYPES: dict[str, type[Step]] = {}


def register(cls: type[Step]) -> type[Step]:
    """Class decorator: make a step available to recipes under ``cls.name``."""
    if cls.name in STEP_TYPES and STEP_TYPES[cls.name] is not cls:
        raise RuntimeError(f"two cleaning steps are named {cls.name!r}")
    STEP_TYPES[cls.name] = cls
    return cls


def check_range(step: str, name: str, value: float | None, low: float, high: float) -> None:
    if value is not None and not (low <= value <= high):
        raise StudioError(f"step '{step}': setting '{name}' must be between {low} and {high}, not {value!r}")
