"""A user's own rules: regular expressions that drop or rewrite, and a keyword blocklist."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal

from llmstudio.core.cleaning.base import Removal, Step, register, setting
from llmstudio.core.errors import StudioError


@register
@dataclass
class RegexRule(Step):
    """Drop documents matching a pattern, or replace every match."""

    name: ClassVar[str] = "regex"
    title: ClassVar[str] = "Regular expression"
    group: ClassVar[str] = "Custom rules"
    changes_text: ClassVar[bool] = True
    description: ClassVar[str] = "Drop documents that match, or replace the matches."

    patterns: list[str] = setting([], "Python regular expressions, one per entry.", "")
    action: Literal["drop", "replace"] = setting("drop", "drop: remove matching documents; replace: substitute each match.", "")
    replacement: str = setting("", "Text put in place of each match (\\1 refers to a group).", "")
    ignore_case: bool = setting(True, "Match regardless of case.", "")

    def __post_init__(self) -> None:
        if self.action not in ("drop", "replace"):
            raise StudioError(f"step 'regex': setting 'action' must be drop or replace, not {self.action!r}")
        flags = re.IGNORECASE | re.MULTILINE if self.ignore_case else re.MULTILINE
        self._compiled = []
        for pattern in self.patterns:
            try:
                self._compiled.append(re.compile(pattern, flags))
            except re.error as exc:
                raise StudioError(f"step 'regex': setting 'patterns': {pattern!r} is not a valid regular expression ({exc})") from exc

    def apply(self, text: str) -> str | Removal:
        for pattern in self._compiled:
            if self.action == "drop":
                if pattern.search(text):
                    return Removal(f"matches /{pattern.pattern}/")
            else:
                text = pattern.sub(self.replacement, text)
        return text


@register
@dataclass
class Blocklist(Step):
    """Drop documents containing any listed keyword (whole words, case-insensitive)."""

    name: ClassVar[str] = "blocklist"
    title: ClassVar[str] = "Keyword blocklist"
    group: ClassVar[str] = "Custom rules"
    description: ClassVar[str] = "Drop documents containing a listed keyword or phrase."

    keywords: list[str] = setting([], "Keywords or phrases; a document containing any is dropped.", "")

    def __post_init__(self) -> None:
        words = sorted((re.escape(k.strip()) for k in self.keywords if k.strip()), key=len, reverse=True)
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE) if words else None

    def apply(self, text: str) -> str | Removal:
        if self._regex is not None and (m := self._regex.search(text)):
            return Removal(f"contains blocked keyword '{m.group(0).lower()}'")
        return text
