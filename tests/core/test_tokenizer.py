"""Training sentencepiece tokenizers on the cleaned text and encoding token shards."""

from __future__ import annotations

import numpy as np
import pytest

from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.tokenizer import (
    EOS_ID,
    TokenizerSettings,
    load_processor,
    split_path,
    train_tokenizer,
)


@pytest.mark.parametrize("model_type", ["bpe", "unigram", "char"])
def test_each_model_type_trains_and_encodes_all_kept_text(cleaned_project: Project, model_type: str) -> None:
    tok = train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=300, model_type=model_type))
    train = np.fromfile(cleaned_project.absolute(tok.train_path), dtype=tok.dtype)
    val = np.fromfile(cleaned_project.absolute(tok.val_path), dtype=tok.dtype)
    test = np.fromfile(cleaned_project.absolute(split_path(tok, "test")), dtype=tok.dtype)
    assert (len(train), len(val)) == (tok.train_tokens, tok.val_tokens)
    assert tok.train_tokens > 0 and tok.val_tokens > 0 and len(test) > 0
    assert int(max(train.max(), val.max(), test.max())) < tok.vocab_size
    # one end-of-document token per kept document, over the three splits
    eos = sum(int((part == EOS_ID).sum()) for part in (train, val, test))
    assert eos == cleaned_project.kept_document_count()
    processor = load_processor(cleaned_project, tok)
    assert processor.decode(processor.encode("Call me Ishmael.")) == "Call me Ishmael."
    # line breaks survive, so a model trained on the shards can write paragraphs
    assert processor.decode(processor.encode("Loomings.\n\nCall me Ishmael.")) == "Loomings.\n\nCall me Ishmael."
    if model_type == "char":
        assert tok.vocab_size < 120


def test_paths_in_the_database_are_relative(cleaned_project: Project) -> None:
    tok = train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=300))
    assert not tok.model_path.startswith("/")
    assert cleaned_project.absolute(tok.model_path).is_file()


def test_a_tokenizer_needs_a_cleaned_dataset(new_project: Project) -> None:
    with pytest.raises(StudioError, match="run Clean first"):
        train_tokenizer(new_project)


def test_bad_settings_name_the_problem() -> None:
    with pytest.raises(StudioError, match="model type"):
        TokenizerSettings(model_type="wordpiece")
    with pytest.raises(StudioError, match="vocab size"):
        TokenizerSettings(vocab_size=2)


def test_cancel_leaves_no_half_made_tokenizer(cleaned_project: Project) -> None:
    token = CancelToken()
    calls = []

    def progress(fraction, message=""):  # cancel as soon as encoding starts
        calls.append(message)
        if message.startswith("encoding"):
            token.cancel()

    with pytest.raises(JobCancelled):
        train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=300), progress=progress, cancel=token)
    assert cleaned_project.tokenizers() == []
    assert list((cleaned_project.root / "tokenizers").iterdir()) == []


def test_a_vocabulary_larger_than_the_text_allows_is_capped_not_fatal(cleaned_project: Project) -> None:
    tok = train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=200_000))
    assert tok.vocab_size < 200_000


def test_large_vocabularies_spell_unseen_characters_in_bytes(cleaned_project: Project) -> None:
    tok = train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=2000))
    processor = load_processor(cleaned_project, tok)
    assert processor.decode(processor.encode("鯨 whale")) == "鯨 whale"


def test_the_test_split_takes_its_share_and_can_be_turned_off(cleaned_project: Project) -> None:
    tok = train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=300, test_fraction=0.2))
    test = np.fromfile(cleaned_project.absolute(split_path(tok, "test")), dtype=tok.dtype)
    total = tok.train_tokens + tok.val_tokens + len(test)
    assert 0.05 < len(test) / total < 0.5
    none = train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=300, test_fraction=0.0))
    assert cleaned_project.absolute(split_path(none, "test")).stat().st_size == 0
    with pytest.raises(StudioError, match="test fraction"):
        TokenizerSettings(val_fraction=0.3, test_fraction=0.3)


def test_documents_of_the_projects_split_go_to_the_same_shard(cleaned_project: Project) -> None:
    """A language model never trains on a document the label split holds out for testing, so
    a classifier fine-tuned from it is scored on text the model has not seen."""
    from llmstudio.core.cleaning.pipeline import iter_kept_texts
    from llmstudio.core.labels.splits import make_splits
    from llmstudio.core.text_tokenizer import SentencePieceTokenizer

    make_splits(cleaned_project, ratios=(0.5, 0.25, 0.25), seed=0)
    assigned = dict(cleaned_project.db.execute("SELECT document_id, split FROM document_splits"))
    assert set(assigned.values()) == {"train", "validation", "test"}
    tok = train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=300))
    encoder = SentencePieceTokenizer(cleaned_project.absolute(tok.model_path))
    expected = {"train": 0, "validation": 0, "test": 0}
    for doc_id, text in iter_kept_texts(cleaned_project, cleaned_project.latest_snapshot_id()):
        expected[assigned[doc_id]] += len(encoder.encode(text)) + 1
    found = {split: len(np.fromfile(cleaned_project.absolute(split_path(tok, split)), dtype=tok.dtype))
             for split in expected}
    assert found == expected
