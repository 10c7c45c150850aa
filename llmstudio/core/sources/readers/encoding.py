"""Which text encoding a file uses, and a decoder that counts the bytes it had to replace.

Order of evidence: a byte-order mark; the NUL pattern of BOM-less UTF-16; valid UTF-8 (or
mostly valid UTF-8 with a few broken bytes, which is corrupt UTF-8 rather than another
encoding); then charset-normalizer on the file's head. Short single-byte samples are
ambiguous between the Windows code pages, so among equally plausible ones cp1252 (the
commonest) wins. Invalid bytes are never fatal: they become U+FFFD and are counted, so the
import can say how many were replaced.
"""

from __future__ import annotations

import codecs
import logging
import threading
from dataclasses import dataclass

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SINGLE_BYTE_FAMILY = ("cp125", "iso8859", "latin", "mac_", "cp775", "cp850", "cp437", "koi8")

ERROR_HANDLER = "llmstudio.count_replaced"
_counts = threading.local()


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _counts.value = getattr(_counts, "value", 0) + (exc.end - exc.start)
    return "\ufffd", exc.end


codecs.register_error(ERROR_HANDLER, _count_and_replace)


def replaced_bytes() -> int:
    """Bytes replaced by ``ERROR_HANDLER`` in this thread since the last ``reset_replaced``."""
    return int(getattr(_counts, "value", 0))


def reset_replaced() -> None:
    _counts.value = 0


@dataclass(frozen=True)
class Detected:
    encoding: str
    how: str  # bom | utf-16 pattern | utf-8 | mostly utf-8 | detected | declared | fallback


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _utf8_verdict(head: bytes, complete: bool) -> str | None:
    """'utf-8' when valid; 'mostly utf-8' when valid multibyte sequences outnumber bad bytes."""
    sample = head
    if not complete:
        # Drop a multibyte sequence cut in half at the end of the head.
        for back in range(1, 4):
            if len(sample) >= back and sample[-back] & 0xC0 == 0xC0:
                sample = sample[:-back]
                break
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = sample.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    multibyte = sum(1 for ch in decoded if ord(ch) > 0x7F and ch != "\ufffd")
    return "mostly utf-8" if multibyte >= max(1, bad) else None


def detect_encoding(head: bytes, complete: bool, declared: str | None = None) -> Detected:
    """Pick the encoding for a file whose first bytes are ``head`` (``complete``: that is all)."""
    if declared:
        try:
            return Detected(codecs.lookup(declared).name, "declared")
        except LookupError:
            log.warning("unknown declared encoding %r; detecting instead", declared)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Detected(name, "bom")
    utf16 = _utf16_without_bom(head)
    if utf16:
        return Detected(utf16, "utf-16 pattern")
    verdict = _utf8_verdict(head, complete)
    if verdict:
        return Detected("utf-8", verdict)
    from charset_normalizer import from_bytes

    results = list(from_bytes(head[:32768]))
    if not results:
        return Detected("utf-8", "fallback")
    best = results[0]
    if best.encoding.startswith(_SINGLE_BYTE_FAMILY) and best.encoding != "cp1252":
        for other in results:
            if other.encoding == "cp1252" and other.chaos <= best.chaos + 0.1:
                return Detected("cp1252", "detected")
        try:
            if head.decode("cp1252") == head.decode(best.encoding):
                return Detected("cp1252", "detected")
        except UnicodeDecodeError:
            pass
    return Detected(codecs.lookup(best.encoding).name, "detected")


def looks_binary(head: bytes, encoding: str) -> bool:
    """True for data that is not text in ``encoding``: NULs or mostly control bytes."""
    if not head or encoding.startswith(("utf-16", "utf-32")):
        return False
    if b"\x00" in head:
        return True
    sample = head[:8192]
    control = len(sample.translate(None, _NOT_CONTROL))  # what is left are control bytes
    return control / len(sample) > 0.3


_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))
