"""Long documents are cut to classify.max_length as the setting says, with the project's real
sentencepiece tokenizer: the end, the start, or the middle (keeping both ends)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from classify_helpers import labelled_project  # noqa: E402

from llmstudio.core.classify.batches import encode_documents  # noqa: E402
from llmstudio.core.errors import ConfigError  # noqa: E402
from llmstudio.core.text_tokenizer import load_text_tokenizer  # noqa: E402


def test_truncation_keeps_the_beginning_the_ending_or_both(tmp_path: Path) -> None:
    project = labelled_project(tmp_path / "p", n=40, split=False)
    processor = load_text_tokenizer(project, project.tokenizer())
    long_text = "Review 1: " + ", ".join(f"the film was great {i}" for i in range(40)) + "."
    short_text = "Review 2: dull."
    ids = processor.encode_batch([long_text])[0]
    short = processor.encode_batch([short_text])[0]
    width = 21  # 20 tokens of text + the end-of-document token
    assert len(ids) > width
    expected = {"end": ids[:20], "start": ids[-20:], "middle": ids[:10] + ids[-10:]}
    for truncation, kept in expected.items():
        tokens, lengths = encode_documents(processor, [long_text, short_text], width, truncation)
        assert tokens[0].tolist() == [*kept, processor.eos_id]
        assert lengths.tolist() == [width, len(short) + 1]
        assert tokens[1, : len(short) + 1].tolist() == [*short, processor.eos_id]  # short ones are never cut
        assert not tokens[1, len(short) + 1:].any()
    tokens, _ = encode_documents(processor, [long_text], width + 1, "middle")  # odd: the beginning gets the extra
    assert tokens[0].tolist() == [*ids[:11], *ids[-10:], processor.eos_id]
    project.close()


def test_an_unknown_truncation_names_the_choices() -> None:
    from llmstudio.core.classify.config import ClassifierRunConfig

    with pytest.raises(ConfigError, match="classify.truncation must be one of end, start, middle"):
        ClassifierRunConfig.default().with_overrides(["classify.truncation=both"])
