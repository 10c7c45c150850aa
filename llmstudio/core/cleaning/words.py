"""Splitting text into words the way the published rules count them, for every script.

The Gopher paper and Dolma split words on whitespace; that is our default and it is fast
(``str.split`` runs in C). Chinese and Japanese are written without spaces, so a
whitespace split would see a whole paragraph as one "word" and every English word rule
would drop the document. Here each Han, Hiragana or Katakana character counts as one word
(the usual character-level convention for these scripts); Korean Hangul is written with
spaces and is split on them. Rules designed for English only (mean word length, stop
words) ask ``mostly_cjk`` and step aside for such documents.
"""

from __future__ import annotations

import re
import string
import unicodedata

# Han (CJK Unified + Ext A + compatibility), Hiragana, Katakana (incl. half-width), CJK punctuation.
_CJK_CHARS = (
    "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002ffff"
)
_CJK = re.compile(f"[{_CJK_CHARS}]")
_CJK_OR_RUN = re.compile(f"[{_CJK_CHARS}]|[^\\s{_CJK_CHARS}]+")

#: Terminal punctuation for line and sentence rules, with the CJK full-width forms.
CJK_STOPS = ("。", "！", "？", "｡")

#: A token made only of these characters is a "symbol", not a word (datatrove's convention).
PUNCTUATION = frozenset(string.punctuation + "«»‹›“”‘’„‚–—…·•¡¿、。，！？；：（）「」『』【】《》〈〉")


# UTF-8 lead bytes of the CJK ranges above; text without them cannot hold CJK (a fast pre-check).
_CJK_LEADS = (b"\xe3", b"\xe4", b"\xe5", b"\xe6", b"\xe7", b"\xe8", b"\xe9", b"\xef", b"\xf0")


def has_cjk(text: str) -> bool:
    if text.isascii():
        return False
    raw = text.encode("utf-8", "surrogatepass")
    if not any(lead in raw for lead in _CJK_LEADS):
        return False
    return _CJK.search(text) is not None


def split_words(text: str) -> list[str]:
    """Whitespace words; each CJK ideograph or kana is a word of its own."""
    if not has_cjk(text):
        return text.split()
    return _CJK_OR_RUN.findall(text)


def is_cjk_word(word: str) -> bool:
    return len(word) == 1 and _CJK.match(word) is not None


def mostly_cjk(words: list[str]) -> bool:
    """True when CJK characters make up more than half of the words."""
    if not words:
        return False
    cjk = sum(1 for w in words if len(w) == 1 and _CJK.match(w))
    return cjk * 2 > len(words)


def is_symbol(word: str) -> bool:
    return all(ch in PUNCTUATION for ch in word)


def has_letter(word: str) -> bool:
    return any(ch.isalpha() for ch in word)


_NONWORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_ASCII_PUNCT_TO_SPACE = bytes.maketrans(string.punctuation.encode(), b" " * len(string.punctuation))
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_WIDE_PUNCT = [ch.encode("utf-8") for ch in sorted(PUNCTUATION) if not ch.isascii()]


def simplify(text: str, digits_to_zero: bool = False) -> str:
    """Lower case, accents and punctuation removed, whitespace collapsed (for near-dedup)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)) if not text.isascii() else text
    text = _NONWORD.sub(" ", text)
    if digits_to_zero:
        text = _DIGITS.sub("0", text)
    return _SPACES.sub(" ", text).strip()


def shingle_words(text: str, digits_to_zero: bool = False) -> list[bytes] | list[str]:
    """The words near-dedup compares: ``simplify(text).split()``, computed with C-level
    byte operations (lower case, accents removed, punctuation as spaces); CJK characters
    are words of their own, as in ``split_words``."""
    if not text.isascii():
        if has_cjk(text):
            return split_words(simplify(text, digits_to_zero))
        text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    raw = text.lower().encode("utf-8", "surrogatepass").translate(_ASCII_PUNCT_TO_SPACE)
    if not text.isascii():
        for wide in _WIDE_PUNCT:
            if wide in raw:
                raw = raw.replace(wide, b" ")
    if digits_to_zero:
        raw = raw.translate(_DIGITS_TO_ZERO)
    return raw.split()
