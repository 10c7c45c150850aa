"""Each published threshold, tested on crafted documents just either side of it.

Where one document would trip several rules at once, the other rules of the same step are
switched off (set to 1.0 or 0), so the test shows the one threshold it names.
"""

from __future__ import annotations

import itertools
import math
import string

import pytest

from llmstudio.core.cleaning.base import Removal
from llmstudio.core.cleaning.steps.c4 import C4BadWords, C4Quality
from llmstudio.core.cleaning.steps.fineweb import FineWebQuality
from llmstudio.core.cleaning.steps.gopher import GopherQuality, GopherRepetition

# ---------------------------------------------------------------- helpers


def distinct_words(n: int, length: int = 5) -> list[str]:
    """n different lowercase words of exactly ``length`` letters (no stop words)."""
    letters = string.ascii_lowercase
    out = []
    for combo in itertools.product(letters, repeat=3):
        word = ("".join(combo) * length)[:length]
        out.append("q" + word[1:] if length > 1 else word)
        if len(set(out)) < len(out):
            out.pop()
        if len(out) == n:
            return out
    raise AssertionError("not enough words")


def prose(n_words: int) -> str:
    """n words of plain prose-like text with two stop words, mean length 5."""
    words = ["the", "and", *distinct_words(n_words - 2, 5)]
    return " ".join(words[:n_words])


def removed(result: str | Removal) -> str | None:
    return result.reason if isinstance(result, Removal) else None


def pad_to(text: str, total: int, sep: str = " ") -> str:
    """Append one unique filler word so that len(text) == total."""
    need = total - len(text) - len(sep)
    assert need >= 1, (len(text), total)
    return text + sep + "z" * need


# ---------------------------------------------------------------- Gopher quality


def test_gopher_min_words_50():
    step = GopherQuality()
    assert removed(step.apply(prose(50))) is None
    assert removed(step.apply(prose(49))) == "fewer than 50 words"


def test_gopher_punctuation_tokens_do_not_count_as_words():
    step = GopherQuality()
    assert removed(step.apply(prose(49) + " - ")) == "fewer than 50 words"


def test_gopher_max_words_100000():
    step = GopherQuality()
    words = distinct_words(5000)
    body = " ".join(["the and", *(words * 20)][: 100_000 - 1])
    assert len(body.split()) == 100_000
    assert removed(step.apply(body)) is None
    assert removed(step.apply(body + " extra")) == "more than 100000 words"


def test_gopher_mean_word_length_3():
    step = GopherQuality()
    three = distinct_words(48, 3)
    assert removed(step.apply(" ".join(["the", "and", *three]))) is None  # mean 3.0
    shorter = three[:-1] + ["ab"]
    assert removed(step.apply(" ".join(["the", "and", *shorter]))) == "mean word length below 3"


def test_gopher_mean_word_length_10():
    step = GopherQuality()
    words = ["the", "and", *distinct_words(14, 11), *distinct_words(34, 10)]
    assert sum(map(len, words)) / len(words) == 10.0
    assert removed(step.apply(" ".join(words))) is None
    words[-1] += "x"
    assert removed(step.apply(" ".join(words))) == "mean word length above 10"


def test_gopher_hash_ratio_0_1():
    step = GopherQuality()
    words = prose(100).split()
    tagged = [("#" + w if i < 10 else w) for i, w in enumerate(words[2:])]
    assert removed(step.apply(" ".join(words[:2] + tagged))) is None  # 10 / 100
    tagged[10] = "#" + tagged[10]
    assert removed(step.apply(" ".join(words[:2] + tagged))) == "'#' per word above 0.1"


def test_gopher_ellipsis_ratio_0_1():
    step = GopherQuality()
    words = prose(100).split()
    marked = [(w + "..." if 2 <= i < 12 else w) for i, w in enumerate(words)]
    assert removed(step.apply(" ".join(marked) + " end")) is None  # 10 / 101
    marked[12] += "…"
    marked[13] += "..."
    assert removed(step.apply(" ".join(marked) + " end")) == "ellipses per word above 0.1"


def test_gopher_bullet_lines_0_9():
    step = GopherQuality()
    words = prose(80).split()
    lines = [" ".join(words[i * 4 : i * 4 + 4]) for i in range(20)]
    bulleted = ["• " + line if i < 18 else line for i, line in enumerate(lines)]
    assert removed(step.apply("\n".join(bulleted))) is None  # 18 / 20
    bulleted[18] = "- " + lines[18]
    assert removed(step.apply("\n".join(bulleted))) == "lines starting with a bullet above 0.9"


def test_gopher_ellipsis_lines_0_3():
    step = GopherQuality(max_symbol_word_ratio=1.0)
    words = prose(80).split()
    lines = [" ".join(words[i * 8 : i * 8 + 8]) for i in range(10)]
    ending = [line + "..." if i < 3 else line for i, line in enumerate(lines)]
    assert removed(step.apply("\n".join(ending))) is None  # 3 / 10
    ending[3] += "…"
    assert removed(step.apply("\n".join(ending))) == "lines ending with an ellipsis above 0.3"


def test_gopher_words_with_a_letter_0_8():
    step = GopherQuality()
    words = prose(100).split()
    numbers = [str(100 + i) for i in range(20)]
    assert removed(step.apply(" ".join(words[:80] + numbers))) is None  # 80 / 100
    numbers.append("999")
    assert removed(step.apply(" ".join(words[:79] + numbers))) == "words with a letter below 0.8"


def test_gopher_stop_words_2():
    step = GopherQuality()
    body = distinct_words(60)
    assert removed(step.apply(" ".join(["the", "and", *body]))) is None
    assert removed(step.apply(" ".join(["the", "the", *body]))) == "fewer than 2 stop words"


CHINESE = (
    "北京是中华人民共和国的首都，也是全国的政治中心和文化中心。这座城市有三千多年的建城史，"
    "留下了故宫、天坛和长城等许多名胜古迹。每年都有大量游客从世界各地来到这里参观。"
    "近年来，北京的交通发展很快，地铁线路越来越多，人们出行也更加方便了。"
)
JAPANESE = (
    "東京は日本の首都であり、世界でも有数の大都市です。江戸時代には将軍の城下町として栄え、"
    "明治時代に現在の名前になりました。今では多くの会社や大学が集まり、毎日たくさんの人が電車で通勤しています。"
)
KOREAN = (
    "서울은 대한민국의 수도이며 가장 큰 도시입니다. 한강이 도시의 가운데를 흐르고 있으며, "
    "오래된 궁궐과 현대적인 건물이 함께 있는 곳입니다. 많은 사람들이 지하철과 버스를 이용해 출퇴근합니다. "
    "주말에는 공원이나 시장에 가서 시간을 보내는 사람들이 많습니다."
)


@pytest.mark.parametrize("text", [CHINESE, JAPANESE], ids=["chinese", "japanese"])
def test_cjk_prose_is_not_dropped_by_english_word_rules(text):
    assert removed(GopherQuality().apply(text)) is None
    assert removed(GopherRepetition().apply(text)) is None
    assert removed(FineWebQuality().apply(text)) is None


def test_korean_is_split_on_spaces_and_kept_when_long_enough():
    step = GopherQuality(min_stop_words=0)
    assert removed(step.apply(KOREAN + " " + KOREAN.replace("서울", "부산"))) is None


def test_cjk_word_count_counts_characters():
    step = GopherQuality()
    assert removed(step.apply("北京是首都。")) == "fewer than 50 words"


# ---------------------------------------------------------------- Gopher repetition

_REP_OFF = dict(
    max_dup_line_fraction=1.0, max_dup_paragraph_fraction=1.0, max_dup_line_chars=1.0,
    max_dup_paragraph_chars=1.0, top_ngram_chars=[1.0, 1.0, 1.0], dup_ngram_chars=[1.0] * 6,
)


def rep(**on) -> GopherRepetition:
    return GopherRepetition(**{**_REP_OFF, **on})


def test_repetition_duplicate_paragraph_fraction_0_3():
    step = rep(max_dup_paragraph_fraction=0.3)
    paras = [" ".join(distinct_words(60)[i * 6 : i * 6 + 6]) for i in range(7)]
    assert removed(step.apply("\n\n".join(paras + [paras[0]] * 3))) is None  # 3 / 10
    assert removed(step.apply("\n\n".join(paras[:6] + [paras[0]] * 4))) == "repeated paragraphs above 0.3"


def test_repetition_duplicate_paragraph_chars_0_2():
    step = rep(max_dup_paragraph_chars=0.2)
    para = "a" * 100
    base = para + "\n\n" + para + "\n\n" + " ".join(distinct_words(10))
    assert removed(step.apply(pad_to(base, 500))) is None  # 100 / 500
    assert removed(step.apply(pad_to(base, 499))) == "characters in repeated paragraphs above 0.2"


def test_repetition_duplicate_line_fraction_0_3():
    step = rep(max_dup_line_fraction=0.3)
    lines = distinct_words(7)
    assert removed(step.apply("\n".join(lines + [lines[0]] * 3))) is None
    assert removed(step.apply("\n".join(lines[:6] + [lines[0]] * 4))) == "repeated lines above 0.3"


def test_repetition_duplicate_line_chars_0_2():
    step = rep(max_dup_line_chars=0.2)
    line = "b" * 100
    base = line + "\n" + line + "\n" + " ".join(distinct_words(10))
    assert removed(step.apply(pad_to(base, 500))) is None
    assert removed(step.apply(pad_to(base, 499))) == "characters in repeated lines above 0.2"


@pytest.mark.parametrize("n,frac", [(2, 0.2), (3, 0.18), (4, 0.16)])
def test_repetition_top_ngram_chars(n, frac):
    step = rep(top_ngram_chars=[frac if k == n else 1.0 for k in (2, 3, 4)])
    gram = " ".join(["ab", "cd", "ef", "gh"][:n])
    fillers = distinct_words(40, 6)
    parts = []
    for i in range(10):
        parts += [gram, fillers[2 * i], fillers[2 * i + 1]]
    body = " ".join(parts)
    total = math.ceil(10 * len(gram) / frac - 1e-9)
    assert removed(step.apply(pad_to(body, total))) is None
    assert removed(step.apply(pad_to(body, total - 1))) == f"top {n}-gram characters above {frac:g}"


@pytest.mark.parametrize("n,frac", [(5, 0.15), (10, 0.10)])
def test_repetition_duplicated_ngram_chars(n, frac):
    dup = [frac if k == n else 1.0 for k in range(5, 11)]
    step = rep(dup_ngram_chars=dup)
    gram = distinct_words(n, 4)
    fillers = distinct_words(200, 7)[100:]
    words = []
    for i in range(4):
        words += gram + fillers[2 * i : 2 * i + 2]
    body = " ".join(words)
    dup_chars = 3 * 4 * n  # three repeats; datatrove counts an n-gram's characters without spaces
    total = math.ceil(dup_chars / frac - 1e-9)
    assert total > len(body)
    assert removed(step.apply(pad_to(body, total))) is None
    assert removed(step.apply(pad_to(body, total - 1))) == f"repeated {n}-gram characters above {frac:g}"


# ---------------------------------------------------------------- C4


def sentence(i: int) -> str:
    w = distinct_words(200)[i * 5 : i * 5 + 5]
    return f"The {w[0]} {w[1]} and {w[2]} {w[3]}."


def test_c4_keeps_only_lines_with_terminal_punctuation():
    step = C4Quality()
    text = "\n".join([sentence(i) for i in range(5)] + ["A menu line without a stop", "Home about us..."])
    assert step.apply(text) == "\n".join(sentence(i) for i in range(5))


def test_c4_min_words_per_line_3():
    step = C4Quality(min_sentences=0)
    assert step.apply("Three words here.") == "Three words here."
    assert step.apply("Two words.") == ""


def test_c4_min_sentences_5():
    step = C4Quality()
    five = "\n".join(sentence(i) for i in range(5))
    assert removed(step.apply(five)) is None
    four = "\n".join(sentence(i) for i in range(4))
    assert removed(step.apply(four)) == "fewer than 5 sentences"


def test_c4_line_rules_javascript_and_policies():
    step = C4Quality(min_sentences=0)
    text = "Please enable JavaScript to view this page.\nRead our privacy policy before you go.\nThis line is good prose."
    assert step.apply(text) == "This line is good prose."


def test_c4_page_rules_lorem_ipsum_and_curly_brace():
    step = C4Quality(min_sentences=0)
    assert removed(step.apply("Lorem ipsum dolor sit amet.")) == "contains 'lorem ipsum'"
    assert removed(step.apply("function f() { return 1; } is code.")) == "contains a curly brace"


def test_c4_bad_words_whole_words_only():
    step = C4BadWords(words=["darn"])
    assert removed(step.apply("Well, darn it.")) == "contains a listed bad word"
    assert removed(step.apply("The darning needle.")) is None


def test_c4_terminal_punctuation_includes_cjk_full_stop():
    step = C4Quality(min_sentences=1)
    assert step.apply(CHINESE) != ""
    assert removed(step.apply(CHINESE)) is None


# ---------------------------------------------------------------- FineWeb

_FW_OFF = dict(min_punct_lines=0.0, max_short_lines=1.0, max_dup_line_chars=1.0, max_newlines_per_word=100.0)


def long_line(i: int, end: str = ".") -> str:
    w = distinct_words(800, 6)[i * 6 : i * 6 + 6]
    return " ".join(w) + end


def test_fineweb_punctuated_lines_0_12():
    step = FineWebQuality(**{**_FW_OFF, "min_punct_lines": 0.12})
    lines = [long_line(i, "." if i < 12 else "") for i in range(100)]
    assert removed(step.apply("\n".join(lines))) is None  # 12 / 100
    lines[11] = long_line(11, "")
    assert removed(step.apply("\n".join(lines))) == "lines ending in punctuation below 0.12"


def test_fineweb_short_lines_0_67():
    step = FineWebQuality(**{**_FW_OFF, "max_short_lines": 0.67})
    short = [f"{w} and more." for w in distinct_words(100, 6)]  # 15 characters
    lines = short[:67] + [long_line(i) for i in range(33)]
    assert removed(step.apply("\n".join(lines))) is None
    lines = short[:68] + [long_line(i) for i in range(32)]
    assert removed(step.apply("\n".join(lines))) == "short lines above 0.67"


def test_fineweb_duplicated_line_chars_0_01():
    step = FineWebQuality(**{**_FW_OFF, "max_dup_line_chars": 0.01})
    dup = "Same line here."  # 15 characters
    body = "\n".join([dup, dup] + [long_line(i) for i in range(20)])
    # the ratio's denominator is the text without newlines: make it exactly 1500, then 1499
    newlines = body.count("\n") + 1
    assert removed(step.apply(pad_to(body, 1500 + newlines, "\n"))) is None
    assert removed(step.apply(pad_to(body, 1499 + newlines, "\n"))) == "characters in duplicated lines above 0.01"


def test_fineweb_newlines_per_word_0_3():
    step = FineWebQuality(**{**_FW_OFF, "max_newlines_per_word": 0.3})
    words = distinct_words(30, 6)
    lines = [" ".join(words[i * 3 : i * 3 + 3]) + "." for i in range(10)]  # 9 newlines, 30 words
    assert removed(step.apply("\n".join(lines))) is None
    lines[-1] = words[-1] + "."
    lines[-2] = " ".join(words[24:26]) + "."  # 9 newlines, 28 words
    assert removed(step.apply("\n".join(lines))) == "newlines per word above 0.3"


def test_fineweb_empty_document():
    assert removed(FineWebQuality().apply("")) == "empty document"


def test_gopher_words_with_a_letter_counts_non_ascii_symbols_as_non_letters():
    step = GopherQuality()
    words = prose(100).split()
    marks = ["©"] * 20
    assert removed(step.apply(" ".join(words[:80] + marks) + " Müller")) is None  # 81 / 101
    assert removed(step.apply(" ".join(words[:78] + marks + ["©"]) + " Müller")) == "words with a letter below 0.8"
