"""The C4 rules (Raffel et al. 2020): keep prose lines, drop boilerplate pages and bad words.

The line rules change a document (lines without terminal punctuation, with fewer than 3
words, mentioning JavaScript or cookie and privacy policies are removed); the page rules
drop it ("lorem ipsum", a curly brace, fewer than 5 sentences). Thresholds and order
follow datatrove's ``C4QualityFilter``; the paper and TFDS's reference code disagree on
two numbers (3 vs 5 words per line, 5 vs 3 sentences), and the paper's are the defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from llmstudio.core.cleaning.base import Removal, Step, register, setting
from llmstudio.core.cleaning.words import CJK_STOPS, has_cjk, split_words

C4 = "C4 (Raffel et al. 2020)"
_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
_END = (".", "?", "!", '"', "'") + CJK_STOPS
_SENTENCE_END = re.compile(r"(?:[.!?]+|[。！？｡]+)[\"'”’)\]]*(?=\s|$)|[。！？｡]+")
POLICY_PHRASES = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]

# A short default list (from the LDNOOBW English list C4 used); extend it in the recipe.
DEFAULT_BAD_WORDS = [
    "fuck", "fucking", "motherfucker", "shit", "cunt", "cock", "dick", "pussy", "bitch",
    "whore", "slut", "porn", "porno", "pornography", "nigger", "faggot", "blowjob",
    "handjob", "cum", "dildo", "anal", "rape", "xxx", "milf", "bdsm", "hentai",
]


def count_sentences(line: str) -> int:
    return max(1, len(_SENTENCE_END.findall(line)))


@register
@dataclass
class C4Quality(Step):
    """Keep only prose lines; drop boilerplate pages (C4 rules)."""

    name: ClassVar[str] = "c4_quality"
    title: ClassVar[str] = "C4 rules"
    group: ClassVar[str] = "Quality rules"
    changes_text: ClassVar[bool] = True
    description: ClassVar[str] = "Line rules (terminal punctuation, 3 words, JavaScript, policies) and page rules."

    keep_only_terminal_punct_lines: bool = setting(True, "Keep only lines ending in . ? ! or a quote (not '...'). FineWeb turns this off.", C4)
    min_words_per_line: int = setting(3, "Remove lines with fewer words (TFDS code uses 5).", C4)
    max_word_length: int = setting(1000, "Remove lines holding a word longer than this.", C4)
    remove_citations: bool = setting(True, "Remove Wikipedia-style marks like [1], [edit], [citation needed].", C4)
    drop_javascript_lines: bool = setting(True, "Remove lines mentioning 'javascript'.", C4)
    drop_policy_lines: bool = setting(True, "Remove lines about terms of use, privacy or cookie policies.", C4)
    drop_lorem_ipsum: bool = setting(True, "Drop the page if 'lorem ipsum' appears in a kept line.", C4)
    drop_curly_brace: bool = setting(True, "Drop the page if a kept line holds '{' (code, templates).", C4)
    min_sentences: int = setting(5, "Drop the page if fewer sentences are left (TFDS code uses 3). 0 turns it off.", C4)

    def apply(self, text: str) -> str | Removal:
        sentences = 0
        kept: list[str] = []
        cjk = has_cjk(text)
        for line in text.splitlines():
            line = line.strip()
            words = split_words(line) if cjk else line.split()
            if self.max_word_length > 0 and any(len(w) > self.max_word_length for w in words):
                continue
            if self.remove_citations and "[" in line:
                line = _CITATION.sub("", line)
            if self.keep_only_terminal_punct_lines and (not line.endswith(_END) or line.endswith("...")):
                continue
            if len(words) < self.min_words_per_line:
                continue
            lower = line.lower()
            if self.drop_lorem_ipsum and "lorem ipsum" in lower:
                return Removal("contains 'lorem ipsum'")
            if self.drop_javascript_lines and "javascript" in lower:
                continue
            if self.drop_curly_brace and "{" in line:
                return Removal("contains a curly brace")
            if self.drop_policy_lines and any(p in lower for p in POLICY_PHRASES):
                continue
            sentences += count_sentences(line)
            kept.append(line)
        if sentences < self.min_sentences:
            return Removal(f"fewer than {self.min_sentences} sentences", float(sentences))
        return "\n".join(kept).strip()


@register
@dataclass
class C4BadWords(Step):
    """Drop pages containing a word from a bad-words list (C4 used the LDNOOBW list)."""

    name: ClassVar[str] = "c4_badwords"
    title: ClassVar[str] = "Bad words (C4)"
    group: ClassVar[str] = "Quality rules"
    description: ClassVar[str] = "Drop documents that contain a listed word."

    words: list[str] = setting(DEFAULT_BAD_WORDS, "Words that drop a document (whole words, case-insensitive; CJK words match anywhere).", C4)

    def __post_init__(self) -> None:
        spaced = [re.escape(w.lower()) for w in self.words if w and not has_cjk(w)]
        unspaced = [re.escape(w.lower()) for w in self.words if w and has_cjk(w)]
        parts = []
        if spaced:
            parts.append(r"(?:\W|^)(?:{})(?:\W|$)".format("|".join(sorted(spaced, key=len, reverse=True))))
        if unspaced:
            parts.append("|".join(unspaced))
        self._regex = re.compile("|".join(parts)) if parts else None

    def apply(self, text: str) -> str | Removal:
        if self._regex is not None:
            found = self._regex.search(text.lower())
            if found:
                return Removal("contains a listed bad word")
        return text
