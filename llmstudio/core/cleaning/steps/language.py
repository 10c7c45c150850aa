"""Language identification with CLD2 (pycld2), whose model is compiled into the package.

Nothing is downloaded at run time. CLD2 is fast (C++, ~100 MB/s) and covers 80+ languages,
including Chinese, Japanese and Korean. fastText's lid.176 (FineWeb, Dolma) is more accurate
on short text but needs a model download, which this app never does; the score here is
CLD2's percentage of the text in the top language, in [0, 1].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from llmstudio.core.cleaning.base import Removal, Step, check_range, register, setting

_BAD_FOR_CLD2 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
SAMPLE_CHARS = 20_000


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or 'un', score in [0, 1]) for the dominant language of ``text``."""
    import pycld2

    sample = _BAD_FOR_CLD2.sub(" ", text[:SAMPLE_CHARS])
    try:
        _, _, details = pycld2.detect(sample, bestEffort=True)
    except pycld2.error:
        return "un", 0.0
    name, code, percent, _score = details[0]
    return code.split("-")[0].lower(), percent / 100.0


@register
@dataclass
class LanguageFilter(Step):
    """Keep documents in the chosen languages, identified by CLD2."""

    name: ClassVar[str] = "language"
    title: ClassVar[str] = "Language filter"
    group: ClassVar[str] = "Language"
    description: ClassVar[str] = "Keep documents whose main language is in a list (CLD2, no download)."

    keep: list[str] = setting(["en"], "ISO 639-1 codes to keep, e.g. en, de, zh, ja. Empty keeps every language.", "FineWeb keeps en")
    min_score: float = setting(0.65, "Drop when less than this fraction of the text is in the detected language.", "FineWeb / RefinedWeb (fastText 0.65)")

    def __post_init__(self) -> None:
        check_range(self.name, "min_score", self.min_score, 0.0, 1.0)
        self._keep = {code.lower() for code in self.keep}

    def apply(self, text: str) -> str | Removal:
        code, score = detect_language(text)
        if self._keep and code not in self._keep:
            return Removal(f"language not kept ({code})", score)
        if score < self.min_score:
            return Removal(f"language score below {self.min_score:g}", score)
        return text

    def measure(self, text: str) -> dict[str, float]:
        return {"language score": detect_language(text)[1]}
