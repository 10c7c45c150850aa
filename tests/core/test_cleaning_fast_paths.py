"""Fast paths in cleaning steps give exactly what the slow, obvious code gives.

For normalise, the oracle is ftfy itself: ``reference`` below is the step as it was before the fast path,
with ftfy's ``fix_text`` run on every non-ASCII text and every regex applied
unconditionally. Hypothesis draws texts from an alphabet rich in the characters mojibake
is made of (and real mojibake made by decoding UTF-8 as Latin-1 / Windows-1252 / MacRoman /
Windows-1251), plus real prose.
"""

from __future__ import annotations

import html
import re
import unicodedata

import ftfy
import pytest
from cleaning_helpers import real_paragraphs
from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from llmstudio.core.cleaning.mojibake import ftfy_may_change, trigger_and_width
from llmstudio.core.cleaning.steps import normalize as norm
from llmstudio.core.cleaning.steps.normalize import Normalize

CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    fix_surrogates=True, remove_control_chars=False, normalization=None, explain=False,
)


def reference(step: Normalize, text: str) -> str:
    """The step without any shortcut: ftfy on every non-ASCII text, every regex applied."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if step.fix_mojibake and not text.isascii():
        text = ftfy.fix_text(text, CONFIG)
    if step.strip_html:
        text = html.unescape(norm._TAG.sub("", norm._BLOCK_TAG.sub("\n", text)))
    if step.form != "none":
        text = unicodedata.normalize(step.form, text)
    if step.remove_control:
        text = norm._CONTROL.sub("", text)
    if step.lowercase:
        text = text.lower()
    if step.collapse_whitespace:
        text = norm._SPACES.sub(" ", text)
        # lines are stripped only when a space borders one (as the step always did: other
        # whitespace, e.g. \x1f when controls are kept, stays)
        if " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " ":
            text = "\n".join(line.strip() for line in text.split("\n"))
        text = norm._BLANK_LINES.sub("\n\n", text).strip()
    return text


def _mojibake(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding, errors="replace")


_TRIGGER, _ = trigger_and_width(BADNESS_RE)
_ALPHABET = st.sampled_from(
    sorted(_TRIGGER)
    + list("aeAEz .,!?-\n\n\t  \r#")
    + ["\u00a0", "\u00ad", "\u2019", "\u2014", "\u2026", "\x85", "\x9c", "\u200b", "\ufeff", "\u3000", "é", "ß"]
)
_WORDS = st.sampled_from(["café", "naïve", "Ångström", "smart “quotes”", "€5", "Zürich", "—", "日本語", "Ελληνικά", "Москва"])
_PIECE = st.one_of(
    st.text(_ALPHABET, max_size=12),
    st.from_regex(BADNESS_RE, fullmatch=True),  # each of ftfy's mojibake patterns, as text
    _WORDS,
    st.tuples(_WORDS, st.sampled_from(["latin-1", "cp1252", "mac_roman", "cp1251", "cp1253"])).map(lambda p: _mojibake(*p)),
    st.text(max_size=8),  # anything Unicode has (hypothesis leaves out surrogates)
)
TEXTS = st.lists(_PIECE, max_size=12).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_fast_path_equals_ftfy_on_every_text(text: str) -> None:
    assert Normalize().apply(text) == reference(Normalize(), text)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.sampled_from(["NFC", "NFKC", "none"]), st.booleans(), st.booleans(), st.booleans())
@example("?\x1f\r0", "NFC", False, True, False)  # found by hypothesis: a kept control that strip() eats
def test_fast_path_equals_reference_for_every_setting(text: str, form: str, control: bool, spaces: bool, tags: bool) -> None:
    step = Normalize(form=form, remove_control=control, collapse_whitespace=spaces, strip_html=tags)
    assert step.apply(text) == reference(step, text)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_the_check_never_misses_what_ftfy_would_change(text: str) -> None:
    if not ftfy_may_change(text):
        assert ftfy.fix_text(text, CONFIG) == text
        assert not any(is_bad(line) for line in text.splitlines(keepends=True))


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "mac_roman", "cp1251"])
def test_real_prose_with_and_without_mojibake(encoding: str) -> None:
    paragraphs = real_paragraphs()[:60]
    assert len(paragraphs) >= 30
    for i, paragraph in enumerate(paragraphs):
        # real text made non-ASCII, then a slice of it broken the way a wrong decode breaks it
        accented = paragraph.replace("e", "é", 3).replace("'", "\u2019").replace(" - ", " \u2014 ")
        cut = len(accented) // 3
        broken = accented[:cut] + _mojibake(accented[cut : 2 * cut], encoding) + accented[2 * cut :]
        for text in (paragraph, accented, broken):
            assert Normalize().apply(text) == reference(Normalize(), text), (encoding, i)
        if encoding == "cp1252" and "é" in accented[cut : 2 * cut]:
            assert ftfy_may_change(broken)  # real mojibake is found (and fixed, above)


def test_texts_with_only_common_non_ascii_skip_ftfy() -> None:
    """What makes the fast path fast: correct accented prose never reaches ftfy's regex."""
    text = "Le café est très “bon” — n’est-ce pas? Ça coûte 5 €, à Zürich.\n" * 50
    assert not ftfy_may_change(text)
    assert ftfy_may_change("The cafÃ© is open.")
    assert ftfy_may_change("first line\nÃ second line")  # ftfy's line-start rule
    assert ftfy_may_change("control \x85 character")


def test_the_trigger_set_comes_from_ftfys_regex() -> None:
    trigger, width = trigger_and_width(BADNESS_RE)
    assert 2 <= width <= 16
    assert not any(c.isascii() for c in trigger)
    with pytest.raises(ValueError, match="no non-ASCII character"):
        trigger_and_width(re.compile("ab|c[é]"))


def test_exact_dedup_key_treats_every_unicode_space_as_regex_whitespace() -> None:
    """The key joins str.split() words; the copies it must match are those r"\\s+" collapses."""
    from llmstudio.core.cleaning.steps.dedup import ExactDedup

    step = ExactDedup()
    spaces = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))]
    assert len(spaces) > 20
    for space in spaces:
        assert step.key(f"{space}A{space}{space}b{space}") == step.key("a b"), hex(ord(space))
    assert step.key("a\u200bb") != step.key("a b")  # zero-width space is not whitespace to either


def _duplicate_chars_walk(hs: list[int], cs: list[int], n: int, limit: float) -> int:
    """datatrove's walk over every position, as the step did it before."""
    seen: set[int] = set()
    total = idx = 0
    while idx < len(hs):
        if hs[idx] in seen:
            total += cs[idx]
            if total > limit:
                return total
            idx += n
        else:
            seen.add(hs[idx])
            idx += 1
    return total


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=80), st.integers(5, 10), st.floats(0.0, 1.2),
       st.randoms(use_true_random=False))
def test_repeated_ngram_chars_equal_datatroves_walk(grams: list[int], n: int, frac: float, rnd) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from llmstudio.core.cleaning.steps.gopher import _all_duplicate_chars

    h = np.array(grams, dtype=np.uint64)
    chars = np.array([rnd.randint(1, 40) for _ in grams], dtype=np.int64)
    text_len = int(chars.sum()) + 10
    ours = _all_duplicate_chars(h, chars, n, text_len, frac)
    walk = _duplicate_chars_walk(grams, chars.tolist(), n, frac * text_len)
    if walk > frac * text_len:
        assert ours == walk  # the value the rule reports
    else:
        assert walk <= ours <= frac * text_len  # under the threshold: an upper bound, still under
        assert (ours == 0) == (walk == 0)


@settings(max_examples=800, deadline=None)
@given(st.text(st.sampled_from("ab \n"), max_size=30))
def test_line_split_equals_the_regex(text: str) -> None:
    from llmstudio.core.cleaning.steps.gopher import _LINES, split_lines

    assert split_lines(text) == _LINES.split(text)
