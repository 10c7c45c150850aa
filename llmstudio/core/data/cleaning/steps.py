"""Cleaning steps: small classes with one job each, that say why they drop a document.

A step takes a document's current text and returns either the (possibly changed) text or
a ``Removal`` naming the rule and the measured value. Every threshold is a named setting
with a default, so a recipe can show and change it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from llmstudio.core.data.text import content_hash
from llmstudio.core.errors import StudioError


@dataclass(frozen=True)
class Removal:
    reason: str
    value: float | None = None


class Step:
    """Base class; subclasses are dataclasses whose fields are the step's settings."""

    name: ClassVar[str]
    title: ClassVar[str]

    def apply(self, text: str) -> str | Removal:
        raise NotImplementedError

    def settings(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class Normalize(Step):
    """Unicode normalisation, control characters, whitespace and line endings."""

    name: ClassVar[str] = "normalize"
    title: ClassVar[str] = "Normalise Unicode and whitespace"
    form: str = "NFC"
    collapse_whitespace: bool = True

    def __post_init__(self) -> None:
        if self.form not in ("NFC", "NFKC", "NFD", "NFKD"):
            raise StudioError(
                f"normalize: form must be NFC, NFKC, NFD or NFKD, not {self.form!r}"
            )

    def apply(self, text: str) -> str | Removal:
        text = unicodedata.normalize(self.form, text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _CONTROL.sub("", text)
        if self.collapse_whitespace:
            text = _SPACES.sub(" ", text)
            text = "\n".join(line.strip() for line in text.split("\n"))
            text = _BLANK_LINES.sub("\n\n", text).strip()
        return text


@dataclass
class ExactDedup(Step):
    """Drop a document whose normalised text equals an earlier one's (the first is kept)."""

    name: ClassVar[str] = "exact_dedup"
    title: ClassVar[str] = "Remove exact duplicates"

    def __post_init__(self) -> None:
        self._seen: set[str] = set()

    def apply(self, text: str) -> str | Removal:
        digest = content_hash(text)
        if digest in self._seen:
            return Removal("exact duplicate of an earlier document")
        self._seen.add(digest)
        return text


@dataclass
class MinLength(Step):
    """Drop documents shorter than a number of characters (after the earlier steps)."""

    name: ClassVar[str] = "min_length"
    title: ClassVar[str] = "Minimum length"
    min_chars: int = 20

    def __post_init__(self) -> None:
        if not isinstance(self.min_chars, int) or self.min_chars < 0:
            raise StudioError(f"min_length: min_chars must be a whole number >= 0, not {self.min_chars!r}")

    def apply(self, text: str) -> str | Removal:
        if len(text) < self.min_chars:
            return Removal(f"shorter than {self.min_chars} characters", float(len(text)))
        return text


STEP_TYPES: dict[str, type[Step]] = {cls.name: cls for cls in (Normalize, ExactDedup, MinLength)}
