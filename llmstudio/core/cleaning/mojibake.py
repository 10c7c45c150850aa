"""A cheap test for "could ftfy change this text?", so the normalise step runs ftfy only there.

ftfy decides what to fix with one big regular expression (``ftfy.badness.BADNESS_RE``, 37
alternatives tried at every position), which costs more than all the Gopher rules together
on ordinary non-ASCII text. Every alternative needs at least one of a few hundred
characters that only appear in mojibake-prone places, and no match is longer than a few
characters. So: find those characters with one character-class scan (fast in ``re``),
and run ftfy's own regex only on the few characters around each, inside its line (ftfy
fixes text line by line). C1 controls and surrogates, which ftfy also fixes, are in the
trigger set. When the test says no, ``ftfy.fix_text`` would have returned the text
unchanged; when it says yes, the caller runs the full ``ftfy.fix_text``, so the output is
ftfy's own in every case (a hypothesis property test checks it against ftfy on every text).

The trigger set and window width are derived from ftfy's regex when first needed; if that
ever fails (a new ftfy or Python), every non-ASCII text goes to ftfy, which is only slower.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

#: ftfy.fix_text cuts lines longer than this into pieces; such texts always go to ftfy.
_FTFY_MAX_SEGMENT = 1_000_000


def _charset(item: tuple[Any, Any]) -> set[str] | None:
    """The characters one regex atom matches, or None for anything but a literal or a class."""
    import re._constants as K  # noqa: N812

    op, av = item
    if op is K.LITERAL:
        return {chr(av)}
    if op is not K.IN:
        return None
    chars: set[str] = set()
    for sub_op, sub_av in av:
        if sub_op is K.LITERAL:
            chars.add(chr(sub_av))
        elif sub_op is K.RANGE:
            chars.update(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
        else:  # a negated class or a category (\w): not a usable trigger
            return None
    return chars


def trigger_and_width(pattern: re.Pattern[str]) -> tuple[set[str], int]:
    """For a regex made of top-level alternatives: a set of non-ASCII characters such that
    every match contains one of them, and the longest possible match."""
    import re._constants as K  # noqa: N812
    import re._parser as parser

    tree = parser.parse(pattern.pattern, pattern.flags)
    if len(tree.data) != 1 or tree.data[0][0] is not K.BRANCH:
        raise ValueError("expected a regex of top-level alternatives")
    trigger: set[str] = set()
    width = 0
    for branch in tree.data[0][1][1]:
        best: set[str] | None = None
        for item in branch.data:  # top-level atoms of a branch are all mandatory, except repeats
            chars = _charset(item)
            if chars is None or any(c.isascii() for c in chars):
                continue
            if best is None or len(chars) < len(best):
                best = chars
        if best is None:
            raise ValueError(f"an alternative has no non-ASCII character it must match: {branch}")
        trigger |= best
        low, high = branch.getwidth()
        width = max(width, high)
    return trigger, width


def _build() -> Callable[[str], bool]:
    from ftfy.badness import BADNESS_RE

    try:
        trigger, width = trigger_and_width(BADNESS_RE)
    except Exception:  # noqa: BLE001 - a future ftfy/Python: stay correct, only slower
        log.warning("cannot derive ftfy's mojibake trigger characters; checking every non-ASCII text with ftfy")
        return lambda text: True
    trigger.update(chr(c) for c in range(0x80, 0xA0))  # C1 controls (fix_c1_controls)
    trigger.update(chr(c) for c in range(0xD800, 0xE000))  # surrogates (fix_surrogates)
    finder = re.compile("[" + "".join(re.escape(c) for c in sorted(trigger)) + "]")
    search = BADNESS_RE.search

    def may_change(text: str) -> bool:
        if len(text) > _FTFY_MAX_SEGMENT:
            return True
        done = -1  # end of the last window searched
        for match in finder.finditer(text):
            i = match.start()
            if i < done - width:  # already inside a searched window, with room for any match
                continue
            line_start = text.rfind("\n", 0, i) + 1
            line_end = text.find("\n", i)
            line_end = len(text) if line_end < 0 else line_end + 1
            end = min(line_end, i + width)
            # a slice, so "^" may match at its start: a superset of ftfy's per-line matches
            if search(text[max(line_start, i - width + 1) : end]):
                return True
            done = end
        return False

    return may_change


_may_change: Callable[[str], bool] | None = None


def ftfy_may_change(text: str) -> bool:
    """False only when ``ftfy.fix_text`` (encoding fixes, C1 controls, surrogates) would
    return ``text`` unchanged; True means: run ftfy."""
    global _may_change
    if text.isascii():
        return False
    if _may_change is None:
        _may_change = _build()
    return _may_change(text)
