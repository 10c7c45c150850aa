"""Classic-NLP preprocessing: spelling correction, stemming and stop-word removal.

These belong to text-classification features (bag of words, TF-IDF), not to language-model
pretraining, where they destroy the very text the model should learn; the app says so.
They use small, well-kept packages whose data ships inside them: pyspellchecker (word
frequency lists), snowballstemmer (Snowball stemmers) and stop-words (stop-word lists).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from llmstudio.core.cleaning.base import Removal, Step, register, setting
from llmstudio.core.errors import StudioError

CLASSIC = "Classic NLP (for text-classification features, not LM pretraining)"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@register
@dataclass
class SpellCorrect(Step):
    """Correct misspelled words with pyspellchecker (Norvig's edit-distance method)."""

    name: ClassVar[str] = "spell_correct"
    title: ClassVar[str] = "Spelling correction"
    group: ClassVar[str] = CLASSIC
    changes_text: ClassVar[bool] = True
    description: ClassVar[str] = "Replace unknown words by the most likely known word. Slow; for classifiers."

    language: str = setting("en", "Dictionary: en, es, fr, it, de, pt, ru, ar, lv, eu, nl, fa.", "pyspellchecker")
    distance: int = setting(1, "Largest edit distance tried (2 is much slower).", "pyspellchecker")

    def __post_init__(self) -> None:
        from spellchecker import SpellChecker

        try:
            self._checker = SpellChecker(language=self.language, distance=self.distance)
        except ValueError as exc:
            raise StudioError(f"step 'spell_correct': setting 'language': {exc}") from exc
        self._cache: dict[str, str] = {}

    def _fix(self, m: re.Match[str]) -> str:
        word = m.group(0)
        lower = word.lower()
        if lower not in self._cache:
            if lower in self._checker or len(lower) < 3:
                self._cache[lower] = lower
            else:
                self._cache[lower] = self._checker.correction(lower) or lower
        fixed = self._cache[lower]
        if fixed == lower:
            return word
        return fixed.capitalize() if word[:1].isupper() else fixed

    def apply(self, text: str) -> str | Removal:
        return _WORD.sub(self._fix, text)


@register
@dataclass
class Stem(Step):
    """Reduce words to their stems with a Snowball stemmer (running -> run)."""

    name: ClassVar[str] = "stem"
    title: ClassVar[str] = "Stemming"
    group: ClassVar[str] = CLASSIC
    changes_text: ClassVar[bool] = True
    description: ClassVar[str] = "Snowball stemming; for classifier features."

    language: str = setting("english", "Snowball language name, e.g. english, german, french.", "snowballstemmer")
    lowercase: bool = setting(True, "Lower-case words before stemming.", "snowballstemmer")

    def __post_init__(self) -> None:
        import snowballstemmer

        if self.language not in snowballstemmer.algorithms():
            raise StudioError(
                f"step 'stem': setting 'language' must be one of {', '.join(snowballstemmer.algorithms())}, not {self.language!r}"
            )
        self._stemmer = snowballstemmer.stemmer(self.language)

    def apply(self, text: str) -> str | Removal:
        stem = self._stemmer.stemWord
        if self.lowercase:
            return _WORD.sub(lambda m: stem(m.group(0).lower()), text)
        return _WORD.sub(lambda m: stem(m.group(0)), text)


@register
@dataclass
class RemoveStopWords(Step):
    """Remove stop words (the, and, of, ...) using the stop-words package lists."""

    name: ClassVar[str] = "remove_stop_words"
    title: ClassVar[str] = "Stop-word removal"
    group: ClassVar[str] = CLASSIC
    changes_text: ClassVar[bool] = True
    description: ClassVar[str] = "Delete common function words; for classifier features."

    language: str = setting("en", "Language code of the stop-word list, e.g. en, de, fr, es.", "stop-words")
    extra_words: list[str] = setting([], "More words to remove.", "")

    def __post_init__(self) -> None:
        from stop_words import StopWordError, get_stop_words

        try:
            words = get_stop_words(self.language)
        except StopWordError as exc:
            raise StudioError(f"step 'remove_stop_words': setting 'language': {exc}") from exc
        self._stop = {w.lower() for w in words} | {w.lower() for w in self.extra_words}

    def apply(self, text: str) -> str | Removal:
        stop = self._stop
        text = _WORD.sub(lambda m: "" if m.group(0).lower() in stop else m.group(0), text)
        return re.sub(r"[ \t]{2,}", " ", text)
