"""Length limits: drop very short documents, and drop, cut or split very long ones.

Splitting keeps every character: a long document becomes chunks joined by the record
separator ``CHUNK_SEPARATOR`` in the snapshot, cut at paragraph, then line, then word
boundaries, and ``iter_kept_texts`` yields the chunks one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from llmstudio.core.cleaning.base import Removal, Step, register, setting
from llmstudio.core.errors import StudioError

CHUNK_SEPARATOR = "\x1e"


@register
@dataclass
class MinLength(Step):
    """Drop documents shorter than a number of characters (after the earlier steps)."""

    name: ClassVar[str] = "min_length"
    title: ClassVar[str] = "Minimum length"
    group: ClassVar[str] = "Length"
    description: ClassVar[str] = "Drop documents shorter than a number of characters."

    min_chars: int = setting(20, "Drop documents with fewer characters.", "common practice")

    def __post_init__(self) -> None:
        if not isinstance(self.min_chars, int) or self.min_chars < 0:
            raise StudioError(f"step 'min_length': setting 'min_chars' must be a whole number >= 0, not {self.min_chars!r}")

    def apply(self, text: str) -> str | Removal:
        if len(text) < self.min_chars:
            return Removal(f"shorter than {self.min_chars} characters", float(len(text)))
        return text

    def measure(self, text: str) -> dict[str, float]:
        return {"characters": float(len(text))}


def split_chunks(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars``, preferring natural boundaries."""
    chunks: list[str] = []
    rest = text
    while len(rest) > max_chars:
        window = rest[:max_chars]
        cut = -1
        for boundary in ("\n\n", "\n", " "):
            cut = window.rfind(boundary)
            if cut > max_chars // 2:
                break
        if cut <= max_chars // 2:
            cut = max_chars
        chunks.append(rest[:cut].strip())
        rest = rest[cut:]
    if rest.strip():
        chunks.append(rest.strip())
    return [c for c in chunks if c]


@register
@dataclass
class MaxLength(Step):
    """Handle very long documents: split them into chunks, cut them, or drop them."""

    name: ClassVar[str] = "max_length"
    title: ClassVar[str] = "Maximum length / chunking"
    group: ClassVar[str] = "Length"
    changes_text: ClassVar[bool] = True
    description: ClassVar[str] = "Split, truncate or drop documents longer than a limit."

    max_chars: int = setting(100_000, "Longest document, in characters.", "common practice")
    action: Literal["split", "truncate", "drop"] = setting("split", "split: into chunks at paragraph boundaries; truncate: keep the start; drop: remove.", "")

    def __post_init__(self) -> None:
        if self.action not in ("split", "truncate", "drop"):
            raise StudioError(f"step 'max_length': setting 'action' must be split, truncate or drop, not {self.action!r}")
        if self.max_chars < 100:
            raise StudioError(f"step 'max_length': setting 'max_chars' must be at least 100, not {self.max_chars!r}")

    def apply(self, text: str) -> str | Removal:
        if len(text) <= self.max_chars:
            return text
        if self.action == "drop":
            return Removal(f"longer than {self.max_chars} characters", float(len(text)))
        if self.action == "truncate":
            return split_chunks(text, self.max_chars)[0]
        return CHUNK_SEPARATOR.join(split_chunks(text, self.max_chars))
