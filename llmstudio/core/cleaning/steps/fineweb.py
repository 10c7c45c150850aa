"""The FineWeb quality rules (Penedo et al. 2024): catch list-like and boilerplate pages.

Thresholds, comparisons (< versus <=) and order are those of datatrove's
``FineWebQualityFilter`` in its FineWeb pipeline. The duplicated-line default is the code's
0.01; the FineWeb blog post quotes a larger figure, so it is a setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from llmstudio.core.cleaning.base import Removal, Step, register, setting
from llmstudio.core.cleaning.steps.gopher import _duplicates
from llmstudio.core.cleaning.words import split_words

FINEWEB = "FineWeb (Penedo et al. 2024)"

#: Sentence-final marks across scripts (a subset of datatrove's TERMINAL_PUNCTUATION).
TERMINAL_PUNCTUATION = tuple(
    ".!?‼‽⁇⁈⁉。．？！｡﹒﹗։؟۔।॥။።፧᙮។៕᠃᠉"
)


@register
@dataclass
class FineWebQuality(Step):
    """Drop list-like pages: few punctuated lines, many short lines, repeated lines."""

    name: ClassVar[str] = "fineweb_quality"
    title: ClassVar[str] = "FineWeb rules"
    group: ClassVar[str] = "Quality rules"
    description: ClassVar[str] = "Punctuated lines, short lines, duplicated lines and newlines per word."

    min_punct_lines: float = setting(0.12, "Drop if fewer than this fraction of lines end in terminal punctuation.", FINEWEB)
    max_short_lines: float = setting(0.67, "Drop if more than this fraction of lines are short.", FINEWEB)
    short_line_chars: int = setting(30, "A line this many characters long or shorter is short.", FINEWEB)
    max_dup_line_chars: float = setting(0.01, "Drop if characters in duplicated lines are above this fraction (code default; the blog quotes 0.1).", FINEWEB)
    max_newlines_per_word: float = setting(0.3, "Drop if there are more newlines per word than this (lists).", FINEWEB)

    def apply(self, text: str) -> str | Removal:
        lines = [line for line in text.split("\n") if line.strip()]
        if not lines:
            return Removal("empty document", 0.0)
        ratio = sum(1 for line in lines if line.endswith(TERMINAL_PUNCTUATION)) / len(lines)
        if ratio < self.min_punct_lines:
            return Removal(f"lines ending in punctuation below {self.min_punct_lines:g}", ratio)
        ratio = sum(1 for line in lines if len(line) <= self.short_line_chars) / len(lines)
        if ratio > self.max_short_lines:
            return Removal(f"short lines above {self.max_short_lines:g}", ratio)
        ratio = _duplicates(lines)[1] / max(1, len(text) - text.count("\n"))
        if ratio > self.max_dup_line_chars:
            return Removal(f"characters in duplicated lines above {self.max_dup_line_chars:g}", ratio)
        words = len(split_words(text))
        ratio = text.count("\n") / max(1, words)
        if ratio > self.max_newlines_per_word:
            return Removal(f"newlines per word above {self.max_newlines_per_word:g}", ratio)
        return text

    def measure(self, text: str) -> dict[str, float]:
        lines = [line for line in text.split("\n") if line.strip()] or [""]
        return {
            "lines ending in punctuation": sum(1 for line in lines if line.endswith(TERMINAL_PUNCTUATION)) / len(lines),
            "short lines": sum(1 for line in lines if len(line) <= self.short_line_chars) / len(lines),
        }
