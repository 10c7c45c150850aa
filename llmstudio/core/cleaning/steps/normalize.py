"""Normalisation: repair mojibake, normalise Unicode, remove control characters and markup.

Mojibake repair uses ftfy with only its encoding fixes switched on by default, so text
that is already right is left exactly as it is (ftfy's other fixes, like uncurling quotes,
change correct text and are opt-in). ftfy runs only where a cheap check
(``cleaning.mojibake``) finds something it could change, with the same output as running
it on every text; the other fixes likewise run only where a substring test finds work, so
text that needs nothing costs a few scans in C.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from llmstudio.core.cleaning.base import Removal, Step, register, setting
from llmstudio.core.cleaning.mojibake import ftfy_may_change
from llmstudio.core.errors import StudioError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u200b\ufeff]")
_WS = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Only what needs changing: runs of 2+ spaces, or any other horizontal whitespace.
_SPACES = re.compile(f"(?: [ {_WS}]|[{_WS}])[ {_WS}]*")
_ODD_SPACE = re.compile(f"[{_WS}]")  # one character class: a fast scan, unlike _SPACES
_BLANK_LINES = re.compile(r"\n{3,}")
# ASCII characters _CONTROL keeps: deleting them from an ASCII text leaves only controls
_ASCII_OK = bytes(c for c in range(128) if not _CONTROL.match(chr(c)))
_TAG = re.compile(r"<(?:script|style)\b[^>]*>.*?</(?:script|style)\s*>|<!--.*?-->|</?[A-Za-z][^<>]*>", re.S | re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|tr|h[1-6]|ul|ol|table|section|article)\b[^<>]*>", re.I)


@register
@dataclass
class Normalize(Step):
    """Unicode normalisation, control characters, whitespace and line endings."""

    name: ClassVar[str] = "normalize"
    title: ClassVar[str] = "Normalise text"
    group: ClassVar[str] = "Normalisation"
    changes_text: ClassVar[bool] = True
    description: ClassVar[str] = "Repair mojibake, normalise Unicode, whitespace, line endings and markup."

    fix_mojibake: bool = setting(True, "Repair text decoded with the wrong encoding (ftfy, encoding fixes only).", "ftfy / FineWeb")
    form: Literal["NFC", "NFKC", "NFD", "NFKD", "none"] = setting("NFC", "Unicode normal form: NFC keeps compatibility characters, NFKC folds them (e.g. full-width letters).", "Unicode")
    remove_control: bool = setting(True, "Remove control and zero-width characters (keeps tabs and newlines).", "C4 / Dolma")
    collapse_whitespace: bool = setting(True, "Collapse runs of spaces, strip lines, keep at most one blank line.", "common practice")
    lowercase: bool = setting(False, "Lower-case everything (usually off for language models).", "classic NLP")
    strip_html: bool = setting(False, "Remove HTML tags (script and style blocks whole) and decode entities like &amp;.", "RefinedWeb / trafilatura")

    def __post_init__(self) -> None:
        if self.form not in ("NFC", "NFKC", "NFD", "NFKD", "none"):
            raise StudioError(f"step 'normalize': setting 'form' must be NFC, NFKC, NFD, NFKD or none, not {self.form!r}")
        self._fixer: Callable[[str], str] | None = None

    def _fix(self, text: str) -> str:
        if self._fixer is None:
            import ftfy

            config = ftfy.TextFixerConfig(
                unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                fix_surrogates=True, remove_control_chars=False, normalization=None, explain=False,
            )
            # ftfy is slow: run it only where it could change something
            self._fixer = lambda t: ftfy.fix_text(t, config) if ftfy_may_change(t) else t
        return self._fixer(text)

    def apply(self, text: str) -> str | Removal:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if self.fix_mojibake and not text.isascii():
            text = self._fix(text)
        if self.strip_html and ("<" in text or "&" in text):
            text = _BLOCK_TAG.sub("\n", text)
            text = _TAG.sub("", text)
            text = html.unescape(text)
        if self.form != "none" and not text.isascii():
            text = unicodedata.normalize(self.form, text)
        if self.remove_control and (not text.isascii() or text.encode("ascii").translate(None, _ASCII_OK)):
            text = _CONTROL.sub("", text)
        if self.lowercase:
            text = text.lower()
        if self.collapse_whitespace:
            if "  " in text or "\t" in text or (not text.isascii() and _ODD_SPACE.search(text)):
                text = _SPACES.sub(" ", text)
            if " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " ":
                text = "\n".join(map(str.strip, text.split("\n")))
            if "\n\n\n" in text:
                text = _BLANK_LINES.sub("\n\n", text)
            text = text.strip()
        return text
