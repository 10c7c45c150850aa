"""The text-changing and special steps: normalisation, dedup, near-dedup, PII, language,
length and chunking, custom rules and the classic-NLP steps."""

from __future__ import annotations

import random

import pytest
from cleaning_helpers import real_paragraphs

from llmstudio.core.cleaning.base import Removal
from llmstudio.core.cleaning.steps.classic import RemoveStopWords, SpellCorrect, Stem
from llmstudio.core.cleaning.steps.dedup import ExactDedup
from llmstudio.core.cleaning.steps.language import LanguageFilter, detect_language
from llmstudio.core.cleaning.steps.length import CHUNK_SEPARATOR, MaxLength, MinLength
from llmstudio.core.cleaning.steps.minhash import MinHasher, NearDedup, jaccard
from llmstudio.core.cleaning.steps.normalize import Normalize
from llmstudio.core.cleaning.steps.pii import PII, luhn_ok
from llmstudio.core.cleaning.steps.rules import Blocklist, RegexRule
from llmstudio.core.errors import StudioError


def reason(result):
    return result.reason if isinstance(result, Removal) else None


# ---------------------------------------------------------------- normalisation


def test_normalize_repairs_mojibake_but_leaves_correct_text():
    step = Normalize()
    assert step.apply("CafÃ© au lait, naÃ¯ve") == "Café au lait, naïve"
    assert step.apply("Café “quoted” text") == "Café “quoted” text"


def test_normalize_forms_controls_whitespace_and_line_endings():
    assert Normalize(form="NFKC").apply("ｆｕｌｌ width") == "full width"
    assert Normalize().apply("ｆｕｌｌ") == "ｆｕｌｌ"
    assert Normalize().apply("a\x00b\x07c\u200bd") == "abcd"
    assert Normalize().apply("one\r\ntwo   three\r\n\n\n\nfour  ") == "one\ntwo three\n\nfour"


def test_normalize_html_and_lowercase_are_opt_in():
    html = "<p>Fish &amp; chips</p><script>var x = 1;</script><br>Done"
    assert Normalize().apply(html) == html
    assert Normalize(strip_html=True).apply(html) == "Fish & chips\n\nDone"
    assert Normalize(lowercase=True).apply("MiXeD") == "mixed"


def test_normalize_rejects_unknown_form():
    with pytest.raises(StudioError, match="form"):
        Normalize(form="NFX")


# ---------------------------------------------------------------- dedup


def test_exact_dedup_keeps_first_and_ignores_case_and_spacing():
    step = ExactDedup()
    assert step.apply("Hello  World") == "Hello  World"
    assert reason(step.apply("hello world")) == "exact duplicate of an earlier document"
    strict = ExactDedup(ignore_case_and_spaces=False)
    assert strict.apply("Hello World") == "Hello World"
    assert strict.apply("hello world") == "hello world"


def _mutate(text: str, rng: random.Random, rate: float) -> str:
    words = text.split()
    for i in rng.sample(range(len(words)), max(1, int(len(words) * rate))):
        words[i] = rng.choice(["alpha", "beta", "gamma", "delta", "omega"])
    return " ".join(words)


def test_near_dedup_recall_on_planted_duplicates_and_no_false_positives():
    rng = random.Random(0)
    paragraphs = real_paragraphs()
    docs = [paragraphs[i] + "\n\n" + paragraphs[i + 1] for i in range(0, len(paragraphs) - 1, 2)]
    hasher = MinHasher()
    shingles = [set(hasher.shingles(d).tolist()) for d in docs]

    def most_similar(i: int) -> float:
        return max((len(shingles[i] & shingles[j]) / len(shingles[i] | shingles[j]) for j in range(i)), default=0.0)

    originals = [d for i, d in enumerate(docs) if most_similar(i) < 0.3]  # help topics repeat some text
    assert len(originals) >= 90
    planted = []
    for text in originals:
        variant = _mutate(text, rng, rng.uniform(0.01, 0.02))
        variant = "Posted by admin. " + variant + " Share this page."
        if rng.random() < 0.5:
            variant = variant.upper()
        planted.append(variant)
    step = NearDedup()
    kept_originals = [text for text in originals if not isinstance(step.apply(text), Removal)]
    assert kept_originals == originals  # distinct real documents are not taken for duplicates
    caught = sum(isinstance(step.apply(text), Removal) for text in planted)
    assert min(jaccard(o, p) for o, p in zip(originals, planted, strict=False)) > 0.72
    assert caught / len(planted) >= 0.88


def test_near_dedup_catch_probability_follows_band_geometry():
    step = NearDedup()
    assert step.threshold == pytest.approx((1 / 14) ** (1 / 8))
    hasher = MinHasher()
    sig = hasher.signature("the same text " * 30)
    assert sig is not None and sig.shape == (112,)
    assert hasher.band_keys(sig).shape == (14,)
    assert NearDedup().key("") is None


def test_near_dedup_records_which_document_it_duplicates():
    step = NearDedup()
    text = real_paragraphs()[3]
    assert step.decide(step.key(text), 10) is None
    removal = step.decide(step.key(text + " extra"), 11)
    assert removal is not None and removal.duplicate_of == 10 and removal.value >= 1


def test_near_dedup_handles_cjk_by_characters():
    step = NearDedup()
    text = "北京是中华人民共和国的首都，也是全国的政治中心和文化中心。这座城市有三千多年的建城史，留下了许多名胜古迹。" * 2
    assert step.apply(text) == text
    assert isinstance(step.apply(text.replace("许多", "很多")), Removal)


# ---------------------------------------------------------------- PII


def test_pii_replaces_each_kind_with_a_placeholder_and_counts():
    step = PII()
    text = (
        "Mail jane.doe@example.com or call +1 555-123-4567. Server 8.8.8.8 and LAN 192.168.1.10. "
        "Card 4111 1111 1111 1111, order 1234 5678 9012 3456."
    )
    out = step.apply(text)
    assert "|||EMAIL_ADDRESS|||" in out and "jane.doe" not in out
    assert "|||PHONE_NUMBER|||" in out
    assert "|||IP_ADDRESS|||" in out and "192.168.1.10" in out
    assert "|||CREDIT_CARD|||" in out and "1234 5678 9012 3456" in out  # fails Luhn: kept
    assert step.counters() == {"email address": 1, "phone number": 1, "ip address": 1, "credit card": 1}
    assert step.counters() == {}


def test_pii_drops_documents_above_the_count():
    step = PII(drop_above=5)
    five = " ".join(f"user{i}@example.com" for i in range(5))
    assert "|||EMAIL_ADDRESS|||" in step.apply(five)
    assert reason(step.apply(five + " extra@example.com")) == "more than 5 personal-data items"


def test_luhn():
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    assert not luhn_ok("123")


# ---------------------------------------------------------------- language


def test_language_filter_keeps_chosen_languages():
    english = real_paragraphs()[0]
    french = "Le petit village se trouve au bord de la rivière, entouré de champs et de forêts. " * 3
    chinese = "北京是中华人民共和国的首都，也是全国的政治中心和文化中心。这座城市有三千多年的历史。"
    assert detect_language(english)[0] == "en"
    assert detect_language(chinese)[0] == "zh"
    step = LanguageFilter(keep=["en"])
    assert step.apply(english) == english
    assert reason(step.apply(french)) == "language not kept (fr)"
    assert LanguageFilter(keep=["zh"], min_score=0.5).apply(chinese) == chinese


def test_language_filter_survives_odd_input():
    assert detect_language("") == ("un", 0.0)
    assert detect_language("\x00\x01\x02 \ud800 binary\x9f")[0] in ("un", "en")
    with pytest.raises(StudioError, match="min_score"):
        LanguageFilter(min_score=2.0)


# ---------------------------------------------------------------- length and chunking


def test_min_length_either_side():
    step = MinLength(min_chars=20)
    assert step.apply("x" * 20) == "x" * 20
    assert reason(step.apply("x" * 19)) == "shorter than 20 characters"


def test_max_length_split_truncate_drop():
    paragraph = "word " * 100
    text = "\n\n".join([paragraph.strip()] * 10)  # ~5,000 characters
    chunks = MaxLength(max_chars=1200).apply(text).split(CHUNK_SEPARATOR)
    assert len(chunks) > 3 and all(len(c) <= 1200 for c in chunks)
    assert sum(len(c.split()) for c in chunks) == 1000  # nothing lost
    assert len(MaxLength(max_chars=1200, action="truncate").apply(text)) <= 1200
    assert reason(MaxLength(max_chars=1200, action="drop").apply(text)) == "longer than 1200 characters"
    assert MaxLength(max_chars=len(text)).apply(text) == text


# ---------------------------------------------------------------- custom rules


def test_regex_drop_and_replace_and_bad_pattern():
    assert reason(RegexRule(patterns=[r"buy now"]).apply("Buy NOW!")) == "matches /buy now/"
    step = RegexRule(patterns=[r"\[\d+\]"], action="replace", replacement="")
    assert step.apply("A fact[12] here.") == "A fact here."
    with pytest.raises(StudioError, match="not a valid regular expression"):
        RegexRule(patterns=["(unclosed"])


def test_blocklist_whole_words():
    step = Blocklist(keywords=["casino", "free money"])
    assert reason(step.apply("Visit our Casino today")) == "contains blocked keyword 'casino'"
    assert step.apply("occasion casinos") == "occasion casinos"
    assert reason(step.apply("get FREE  money")) is None
    assert reason(step.apply("get free money")) is not None


# ---------------------------------------------------------------- classic NLP


def test_classic_nlp_steps():
    assert Stem().apply("Running cats were jumping.") == "run cat were jump."
    assert RemoveStopWords().apply("the cat sat on the mat") == " cat sat mat"
    assert SpellCorrect().apply("A speling mistake") == "A spelling mistake"
    with pytest.raises(StudioError, match="language"):
        Stem(language="klingon")
