"""Small text helpers shared by importers and cleaning steps."""

from __future__ import annotations

import hashlib

BINARY_SNIFF_BYTES = 8192


def content_hash(text: str) -> str:
    """A stable 128-bit hash of the text, hex; used for exact-duplicate detection."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def looks_binary(head: bytes) -> bool:
    """True for data that is not text: NUL bytes, or mostly control bytes."""
    if not head:
        return False
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.3
