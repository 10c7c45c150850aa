"""The Gopher (MassiveText) quality and repetition rules, with their published thresholds.

Rules, order and reasons follow Rae et al. 2021, appendix A, as implemented in datatrove's
``GopherQualityFilter`` / ``GopherRepetitionFilter`` (so decisions can be compared one to
one); words are whitespace words (the paper's and Dolma's convention, and ~30x faster than
datatrove's spaCy tokens), with CJK characters counted one word each. The two rules meant
for English only (mean word length, stop words) step aside for mostly-CJK documents.
Speed: the hot counts are done by C-level ``str`` methods, regexes and numpy, not by Python
loops over words.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from llmstudio.core.cleaning.base import Removal, Step, register, setting
from llmstudio.core.cleaning.words import PUNCTUATION, has_cjk, has_letter, is_symbol, mostly_cjk, split_words

GOPHER = "Gopher (Rae et al. 2021)"
# Punctuation -> a marker byte: a word that becomes all markers was a symbol, not a word.
# Every ASCII non-letter -> a marker byte: a word that becomes all markers has no letter.
_PUNCT_TO_MARK_BYTES = bytes.maketrans(
    bytes(c for c in range(128) if chr(c) in PUNCTUATION), b"\x01" * sum(chr(c) in PUNCTUATION for c in range(128))
)
_NON_LETTER_BYTES = bytes(c for c in range(128) if not chr(c).isalpha() and not chr(c).isspace())
_NON_LETTER_TO_MARK_BYTES = bytes.maketrans(_NON_LETTER_BYTES, b"\x01" * len(_NON_LETTER_BYTES))
_BULLETS = ("•", "-")
_ELLIPSES = ("...", "…")


def _marker_words(marked: bytes) -> tuple[int, int]:
    """(count, total length) of the words of ``marked`` made only of marker bytes.

    Runs in C: words are re-joined with two spaces, so " <k markers> " is counted for each
    length k that starts some word, without overlaps.
    """
    if b"\x01" not in marked:
        return 0, 0
    spaced = b"  " + b"  ".join(marked.split()) + b"  "
    count = chars = 0
    k = 1
    while b" " + b"\x01" * k in spaced:
        found = spaced.count(b" " + b"\x01" * k + b" ")
        count += found
        chars += found * k
        k += 1
    return count, chars


_WIDE_PUNCT = [(ch.encode("utf-8"), b"\x01") for ch in sorted(PUNCTUATION) if not ch.isascii()]


def _as_marked_bytes(text: str) -> bytes:
    """UTF-8 text with each non-ASCII punctuation character turned into one marker byte."""
    if text.isascii():
        return text.encode("ascii")
    raw = text.encode("utf-8", "surrogatepass")
    for wide, mark in _WIDE_PUNCT:
        if wide in raw:
            raw = raw.replace(wide, mark)
    return raw


def _word_stats(text: str, words: list[str]) -> tuple[int, int, int]:
    """(non-symbol words, their total length, words with a letter) for text without CJK."""
    raw = _as_marked_bytes(text)  # bytes.translate is ~20x faster than str.translate
    symbols, symbol_chars = _marker_words(raw.translate(_PUNCT_TO_MARK_BYTES))
    marked = raw.translate(_NON_LETTER_TO_MARK_BYTES)
    if not text.isascii():  # other non-letters outside ASCII (©, digits of other scripts) are markers too
        for ch in set(text):
            if not ch.isascii() and not ch.isalpha() and not ch.isspace() and ch not in PUNCTUATION:
                marked = marked.replace(ch.encode("utf-8", "surrogatepass"), b"\x01")
    # a word made only of markers vanishes when the markers are deleted
    no_letter = len(marked.split()) - len(marked.translate(None, b"\x01").split()) if b"\x01" in marked else 0
    return len(words) - symbols, sum(map(len, words)) - symbol_chars, len(words) - no_letter


@register
@dataclass
class GopherQuality(Step):
    """Drop documents that do not look like natural prose (Gopher quality rules)."""

    name: ClassVar[str] = "gopher_quality"
    title: ClassVar[str] = "Gopher quality rules"
    group: ClassVar[str] = "Quality rules"
    description: ClassVar[str] = "Word count, word length, symbols, bullets, ellipses, letters and stop words."

    min_words: int = setting(50, "Drop documents with fewer words (punctuation-only tokens not counted).", GOPHER)
    max_words: int = setting(100_000, "Drop documents with more words.", GOPHER)
    min_mean_word_length: float = setting(3.0, "Drop if the mean word length is below this (not applied to CJK text).", GOPHER)
    max_mean_word_length: float = setting(10.0, "Drop if the mean word length is above this (not applied to CJK text).", GOPHER)
    max_symbol_word_ratio: float = setting(0.1, "Drop if '#' per word, or '...'/'…' per word, is above this.", GOPHER)
    max_bullet_lines_ratio: float = setting(0.9, "Drop if more than this fraction of lines start with a bullet (• or -).", GOPHER)
    max_ellipsis_lines_ratio: float = setting(0.3, "Drop if more than this fraction of lines end with an ellipsis.", GOPHER)
    min_alpha_words_ratio: float = setting(0.8, "Drop if fewer than this fraction of words contain a letter.", GOPHER)
    min_stop_words: int = setting(2, "Drop if fewer than this many distinct stop words appear (English only; not applied to CJK text).", GOPHER)
    stop_words: list[str] = setting(["the", "be", "to", "of", "and", "that", "have", "with"], "The stop words (case-sensitive, as in datatrove and Dolma).", GOPHER)

    def __post_init__(self) -> None:
        self._stop = frozenset(self.stop_words)

    def _counts(self, text: str) -> tuple[list[str], int, int, int, bool]:
        """(words, non-symbol words, their total length, words with a letter, mostly CJK)."""
        words = split_words(text)
        if has_cjk(text):
            ns = [w for w in words if not is_symbol(w)]
            alpha = sum(1 for w in words if has_letter(w))
            return words, len(ns), sum(map(len, ns)), alpha, mostly_cjk(words)
        return words, *_word_stats(text, words), False

    def apply(self, text: str) -> str | Removal:
        words, n_ns, chars, alpha, cjk = self._counts(text)
        n_words = len(words)
        if n_ns < self.min_words:
            return Removal(f"fewer than {self.min_words} words", float(n_ns))
        if n_ns > self.max_words:
            return Removal(f"more than {self.max_words} words", float(n_ns))
        if not cjk:
            mean = chars / n_ns
            if mean < self.min_mean_word_length:
                return Removal(f"mean word length below {self.min_mean_word_length:g}", mean)
            if mean > self.max_mean_word_length:
                return Removal(f"mean word length above {self.max_mean_word_length:g}", mean)
        ratio = text.count("#") / n_words
        if ratio > self.max_symbol_word_ratio:
            return Removal(f"'#' per word above {self.max_symbol_word_ratio:g}", ratio)
        ratio = (text.count("...") + text.count("…")) / n_words
        if ratio > self.max_symbol_word_ratio:
            return Removal(f"ellipses per word above {self.max_symbol_word_ratio:g}", ratio)
        lines = text.splitlines()
        ratio = sum(map(operator.methodcaller("startswith", _BULLETS), map(str.lstrip, lines))) / len(lines)
        if ratio > self.max_bullet_lines_ratio:
            return Removal(f"lines starting with a bullet above {self.max_bullet_lines_ratio:g}", ratio)
        ratio = sum(map(operator.methodcaller("endswith", _ELLIPSES), map(str.rstrip, lines))) / len(lines)
        if ratio > self.max_ellipsis_lines_ratio:
            return Removal(f"lines ending with an ellipsis above {self.max_ellipsis_lines_ratio:g}", ratio)
        ratio = alpha / n_words
        if ratio < self.min_alpha_words_ratio:
            return Removal(f"words with a letter below {self.min_alpha_words_ratio:g}", ratio)
        if not cjk and self.min_stop_words:
            found = len(self._stop.intersection(words))
            if found < self.min_stop_words:
                return Removal(f"fewer than {self.min_stop_words} stop words", float(found))
        return text

    def measure(self, text: str) -> dict[str, float]:
        words, n_ns, chars, alpha, _ = self._counts(text)
        return {
            "words": float(n_ns),
            "mean word length": chars / n_ns if n_ns else 0.0,
            "words with a letter": alpha / len(words) if words else 0.0,
        }


def _duplicates(items: list[str]) -> tuple[int, int]:
    """(number of repeated items, characters in the repeats); the first copy is not counted."""
    seen: set[str] = set()
    count = chars = 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item)
        else:
            seen.add(item)
    return count, chars


class _NGrams:
    """n-gram hashes and character lengths for all n of one document, in numpy."""

    _MIX = np.random.default_rng(7).integers(1, 2**63, size=16, dtype=np.uint64) * np.uint64(2) + np.uint64(1)

    def __init__(self, words: list[str]) -> None:
        # Python's own str hash: cached on each word, computed in C, and only ever compared
        # within this one document (so its per-process salt does not matter)
        self.ids = np.fromiter(map(hash, words), dtype=np.int64, count=len(words)).view(np.uint64)
        self.lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        self.cum = np.concatenate(([0], np.cumsum(self.lens)))
        self._last: tuple[int, np.ndarray] | None = None

    def grams(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        count = len(self.ids) - n + 1
        with np.errstate(over="ignore"):
            if self._last is not None and self._last[0] == n - 1:  # n-grams extend the (n-1)-grams
                h = self._last[1][:count] + self.ids[n - 1 : n - 1 + count] * self._MIX[n - 1]
            else:
                h = self.ids[:count] * self._MIX[0]
                for k in range(1, n):
                    h = h + self.ids[k : k + count] * self._MIX[k]
        self._last = (n, h)
        chars = self.cum[n : n + count] - self.cum[:count]
        return h, chars


def _top_gram_chars(h: np.ndarray, chars: np.ndarray, sep: int, n: int) -> int:
    """Characters covered by the most frequent n-gram (first seen wins ties, as Counter does)."""
    _, first, counts = np.unique(h, return_index=True, return_counts=True)
    best = counts.max()
    where = first[counts == best].min()
    return int((chars[where] + sep * (n - 1)) * best)


def _all_duplicate_chars(h: np.ndarray, chars: np.ndarray, n: int, text_len: int, frac: float) -> int:
    """Characters in repeated n-grams, skipping past each repeat (datatrove's definition).

    datatrove walks every position: a gram seen before counts and the walk jumps n ahead
    (the grams jumped over are never "seen"); otherwise the gram is remembered. Here only
    the positions that repeat an earlier gram are visited, in order: such a position counts
    when one of its earlier occurrences was walked over (not jumped), which a chain of
    previous occurrences answers. Same totals, same early stop, far fewer Python steps.
    """
    order = np.argsort(h, kind="stable")  # within a group of equal grams: by position
    sorted_h = h[order]
    starts = np.empty(h.size, dtype=bool)
    starts[0] = True
    np.not_equal(sorted_h[1:], sorted_h[:-1], out=starts[1:])
    if starts.all():
        return 0
    repeats = order[~starts]
    upper = int(chars[repeats].sum())
    limit = frac * text_len
    if upper <= limit:
        return upper  # an upper bound already under the threshold
    previous = np.empty(h.size, dtype=np.int64)  # the earlier occurrence of the same gram
    previous[order[1:]] = order[:-1]
    first = np.zeros(h.size, dtype=bool)
    first[order[starts]] = True
    prev, is_first, cs = previous.tolist(), first.tolist(), chars.tolist()
    jumped: set[int] = set()
    total = walk_from = 0
    for p in np.sort(repeats).tolist():
        if p < walk_from:
            continue  # jumped over
        q = prev[p]
        while q in jumped:
            if is_first[q]:
                break  # every earlier occurrence was jumped over: this one is new to the walk
            q = prev[q]
        else:
            total += cs[p]
            if total > limit:
                return total  # over the threshold already: the rest cannot bring it back
            jumped.update(range(p + 1, p + n))
            walk_from = p + n
    return total


_PARAGRAPHS = re.compile(r"\n{2,}")
_LINES = re.compile(r"\n+")


def split_lines(text: str) -> list[str]:
    """``_LINES.split(text)`` (runs of newlines are one break), twice as fast with str.split."""
    parts = text.split("\n")
    if len(parts) < 3:
        return parts
    return [parts[0], *filter(None, parts[1:-1]), parts[-1]]


@register
@dataclass
class GopherRepetition(Step):
    """Drop documents with repeated lines, paragraphs or n-grams (Gopher repetition rules)."""

    name: ClassVar[str] = "gopher_repetition"
    title: ClassVar[str] = "Gopher repetition rules"
    group: ClassVar[str] = "Quality rules"
    description: ClassVar[str] = "Duplicate lines and paragraphs, and repeated word n-grams."

    max_dup_line_fraction: float = setting(0.3, "Drop if more than this fraction of lines are repeats.", GOPHER)
    max_dup_paragraph_fraction: float = setting(0.3, "Drop if more than this fraction of paragraphs are repeats.", GOPHER)
    max_dup_line_chars: float = setting(0.2, "Drop if repeated lines hold more than this fraction of characters.", GOPHER)
    max_dup_paragraph_chars: float = setting(0.2, "Drop if repeated paragraphs hold more than this fraction of characters.", GOPHER)
    top_ngram_chars: list[float] = setting([0.2, 0.18, 0.16], "For 2-, 3- and 4-grams: drop if the most frequent n-gram covers more than this fraction of characters.", GOPHER)
    dup_ngram_chars: list[float] = setting([0.15, 0.14, 0.13, 0.12, 0.11, 0.10], "For 5- to 10-grams: drop if repeated n-grams cover more than this fraction of characters.", GOPHER)

    def apply(self, text: str) -> str | Removal:
        if not text:
            return Removal("empty document", 0.0)
        size = len(text)
        paragraph_list = _PARAGRAPHS.split(text.strip())
        count, chars = _duplicates(paragraph_list)
        paragraphs = len(paragraph_list)
        if count / paragraphs > self.max_dup_paragraph_fraction:
            return Removal(f"repeated paragraphs above {self.max_dup_paragraph_fraction:g}", count / paragraphs)
        if chars / size > self.max_dup_paragraph_chars:
            return Removal(f"characters in repeated paragraphs above {self.max_dup_paragraph_chars:g}", chars / size)
        lines = split_lines(text)
        count, chars = _duplicates(lines)
        if count / len(lines) > self.max_dup_line_fraction:
            return Removal(f"repeated lines above {self.max_dup_line_fraction:g}", count / len(lines))
        if chars / size > self.max_dup_line_chars:
            return Removal(f"characters in repeated lines above {self.max_dup_line_chars:g}", chars / size)
        words = split_words(text)
        sep = 0 if has_cjk(text) and mostly_cjk(words) else 1
        grams = _NGrams(words)
        for n, frac in zip((2, 3, 4), self.top_ngram_chars, strict=False):
            if len(words) < n:
                continue
            h, c = grams.grams(n)
            ratio = _top_gram_chars(h, c, sep, n) / size
            if ratio > frac:
                return Removal(f"top {n}-gram characters above {frac:g}", ratio)
        for n, frac in zip(range(5, 11), self.dup_ngram_chars, strict=False):
            if len(words) < n:
                continue
            h, c = grams.grams(n)
            dup = _all_duplicate_chars(h, c, n, size, frac)
            if dup == 0:
                break  # no repeated n-gram means no repeated longer one either
            if dup / size > frac:
                return Removal(f"repeated {n}-gram characters above {frac:g}", dup / size)
        return text

    def measure(self, text: str) -> dict[str, float]:
        lines = _LINES.split(text) if text else [""]
        return {"repeated lines": _duplicates(lines)[0] / len(lines)}

