"""Labelled documents as token batches for the trainer's step: encoded once, then indexed.

Documents are encoded with the run's sentencepiece tokenizer once, cut to
``classify.max_length`` tokens (keeping the beginning, the ending, or half of each) and ended with the
end-of-document token, so a language model's habits about document ends carry over.
With ``classify.windows`` = N > 1 a document is instead cut to N x max_length tokens and read
as up to N consecutive windows of max_length tokens (``encode_windows``); the model pools
over the tokens of all of them (``GPTClassifier``: ``owner`` says which document a window
belongs to), so a long e-mail is judged on all of its text, as the TF-IDF baseline judges it.
``ExampleBatches`` offers the trainer's batch protocol (``draw`` start positions from a
seeded generator that checkpoints save, ``load`` them onto the device), so the language-model
training loop drives a classifier unchanged; a batch is (tokens, lengths, targets), or
(tokens, lengths, targets or None, owner) with windows, right-padded to the longest window in
it (rounded up to 16 tokens, so few shapes occur).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import torch

from llmstudio.core.text_tokenizer import TextTokenizer

PAD_MULTIPLE = 16


def cut(ids: Sequence[int], keep: int, truncation: str) -> list[int]:
    """``ids`` cut to ``keep`` tokens: keep the beginning (end), the ending (start) or half of each (middle)."""
    if len(ids) <= keep:
        return list(ids)
    head = keep if truncation == "end" else 0 if truncation == "start" else (keep + 1) // 2
    return [*ids[:head], *ids[len(ids) - (keep - head):]]


def encode_windows(processor: TextTokenizer, texts: Sequence[str], max_length: int, truncation: str = "end",
                   windows: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(windows in all, max_length) token ids (0-padded), each window's length (>= 1), and the offsets
    (documents + 1,) of each document's windows: document i is windows offsets[i]:offsets[i + 1].

    A document is cut to ``windows`` x ``max_length`` tokens (its end-of-document token included)
    by ``truncation``, then split into consecutive windows of ``max_length`` tokens."""
    encoded = processor.encode_batch(list(texts)) if texts else []
    documents = [[*cut(ids, windows * max_length - 1, truncation), processor.eos_id] for ids in encoded]
    counts = [-(-len(ids) // max_length) for ids in documents]
    offsets = np.zeros(len(documents) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(counts)
    tokens = np.zeros((int(offsets[-1]), max_length), dtype=np.int64)
    lengths = np.zeros(int(offsets[-1]), dtype=np.int64)
    row = 0
    for ids in documents:
        for start in range(0, len(ids), max_length):
            window = ids[start:start + max_length]
            tokens[row, : len(window)] = window
            lengths[row] = len(window)
            row += 1
    return tokens, lengths, offsets


def encode_documents(processor: TextTokenizer, texts: Sequence[str], max_length: int,
                     truncation: str = "end") -> tuple[np.ndarray, np.ndarray]:
    """(documents, max_length) token ids (0-padded) and each document's length (>= 1): one window each."""
    tokens, lengths, _ = encode_windows(processor, texts, max_length, truncation, 1)
    return tokens, lengths


def document_examples(processor: TextTokenizer, texts: Sequence[str], max_length: int, truncation: str,
                      windows: int, targets: np.ndarray | None, seed: int, split: str) -> ExampleBatches:
    """The examples of ``texts``: one window each (``windows`` 1), or up to ``windows`` windows each."""
    tokens, lengths, offsets = encode_windows(processor, texts, max_length, truncation, windows)
    return ExampleBatches(tokens, lengths, targets, seed, split, offsets if windows > 1 else None)


def targets_for(labels: Sequence[tuple[str, ...]], names: Sequence[str], multi: bool) -> np.ndarray:
    """Class indices (single-label) or a 0/1 matrix (multi-label), in the order of ``names``."""
    index = {name: i for i, name in enumerate(names)}
    if multi:
        matrix = np.zeros((len(labels), len(names)), dtype=np.float32)
        for row, chosen in enumerate(labels):
            for name in chosen:
                matrix[row, index[name]] = 1.0
        return matrix
    return np.asarray([index[chosen[0]] for chosen in labels], dtype=np.int64)


def _to_device(part: torch.Tensor | None, device: torch.device) -> torch.Tensor | None:
    if part is None:
        return None
    if device.type == "cuda":
        return part.pin_memory().to(device, non_blocking=True)
    return part.to(device)


class ExampleBatches:
    """Random examples of one split, drawn with replacement from a seeded generator.

    Without ``offsets`` an example is one row of ``tokens``; with them, example i is the
    windows ``offsets[i]:offsets[i + 1]`` and a batch carries each window's ``owner``."""

    def __init__(self, tokens: np.ndarray, lengths: np.ndarray, targets: np.ndarray | None, seed: int,
                 split: str, offsets: np.ndarray | None = None) -> None:
        self.tokens, self.lengths, self.targets, self.split = tokens, lengths, targets, split
        self.offsets = offsets
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return int(self.tokens.shape[0] if self.offsets is None else len(self.offsets) - 1)

    def draw(self, count: int, generator: torch.Generator | None = None) -> torch.Tensor:
        return torch.randint(len(self), (count,), generator=generator or self.generator)

    def load(self, rows: torch.Tensor | np.ndarray, device: torch.device) -> tuple[torch.Tensor | None, ...]:
        examples = rows.numpy() if isinstance(rows, torch.Tensor) else np.asarray(rows)
        index, owner = examples, None
        if self.offsets is not None:
            starts, ends = self.offsets[examples], self.offsets[examples + 1]
            index = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)])
            owner = np.repeat(np.arange(len(examples)), ends - starts)
        lengths = self.lengths[index]
        width = min(self.tokens.shape[1], -(-int(lengths.max()) // PAD_MULTIPLE) * PAD_MULTIPLE)
        parts: list[torch.Tensor | None] = [torch.from_numpy(np.ascontiguousarray(self.tokens[index, :width])),
                                            torch.from_numpy(lengths)]
        if self.targets is not None:
            parts.append(torch.from_numpy(self.targets[examples]))
        if owner is not None:
            if self.targets is None:
                parts.append(None)  # forward(tokens, lengths, targets, owner)
            parts.append(torch.from_numpy(owner))
        return tuple(_to_device(p, device) for p in parts)

    def in_order(self, batch_size: int, device: torch.device) -> Iterator[tuple[torch.Tensor | None, ...]]:
        """Every example once, in order (evaluation and prediction)."""
        for start in range(0, len(self), batch_size):
            yield self.load(np.arange(start, min(start + batch_size, len(self))), device)
