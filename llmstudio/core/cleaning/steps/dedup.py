"""Exact deduplication on a hash of the (normalised) text; the first copy is kept.

Workers hash; the parent keeps a set of 16-byte digests and decides in document order, so
the lowest document id of a group of copies survives however the batches were spread.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import ClassVar

from llmstudio.core.cleaning.base import GlobalStep, Removal, register, setting


@register
@dataclass
class ExactDedup(GlobalStep):
    """Drop a document whose text equals an earlier one's (the first is kept)."""

    name: ClassVar[str] = "exact_dedup"
    title: ClassVar[str] = "Remove exact duplicates"
    group: ClassVar[str] = "Deduplication"
    description: ClassVar[str] = "Keep the first of documents whose text is identical after normalising."

    ignore_case_and_spaces: bool = setting(True, "Compare lower-cased text with whitespace collapsed, so copies that differ only in case or spacing count as the same.", "Dolma / datatrove exact dedup")

    def __post_init__(self) -> None:
        self._seen: dict[bytes, int] = {}

    def key(self, text: str) -> bytes:
        if self.ignore_case_and_spaces:
            # str.split() splits on exactly what r"\s+" matches, and runs 3x faster
            text = " ".join(text.lower().split())
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def decide(self, key: bytes, doc_id: int) -> Removal | None:
        first = self._seen.get(key)
        if first is not None:
            return Removal("exact duplicate of an earlier document", None, first)
        self._seen[key] = doc_id
        return None
