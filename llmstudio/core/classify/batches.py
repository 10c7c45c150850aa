"""Labelled documents as token batches for the trainer's step: encoded once, then indexed.

Documents are encoded with the run's sentencepiece tokenizer once, cut to
``classify.max_length`` tokens (keeping the beginning, the ending, or half of each) and ended with the
end-of-document token, so a language model's habits about document ends carry over.
``ExampleBatches`` offers the trainer's batch protocol (``draw`` start positions from a
seeded generator that checkpoints save, ``load`` them onto the device), so the language-model
training loop drives a classifier unchanged; a batch is (tokens, lengths, targets),
right-padded to the longest document in it (rounded up to 16 tokens, so few shapes occur).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import torch

from llmstudio.core.text_tokenizer import TextTokenizer

PAD_MULTIPLE = 16


def encode_documents(processor: TextTokenizer, texts: Sequence[str], max_length: int,
                     truncation: str = "end") -> tuple[np.ndarray, np.ndarray]:
    """(documents, max_length) token ids (0-padded) and each document's length (>= 1)."""
    encoded = processor.encode_batch(list(texts)) if texts else []
    tokens = np.zeros((len(texts), max_length), dtype=np.int64)
    lengths = np.zeros(len(texts), dtype=np.int64)
    keep = max_length - 1
    for row, ids in enumerate(encoded):
        if len(ids) > keep:
            head = keep if truncation == "end" else 0 if truncation == "start" else (keep + 1) // 2
            ids = [*ids[:head], *ids[len(ids) - (keep - head):]]
        ids = [*ids, processor.eos_id]
        tokens[row, : len(ids)] = ids
        lengths[row] = len(ids)
    return tokens, lengths


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


class ExampleBatches:
    """Random examples of one split, drawn with replacement from a seeded generator."""

    def __init__(self, tokens: np.ndarray, lengths: np.ndarray, targets: np.ndarray | None, seed: int,
                 split: str) -> None:
        self.tokens, self.lengths, self.targets, self.split = tokens, lengths, targets, split
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return int(self.tokens.shape[0])

    def draw(self, count: int, generator: torch.Generator | None = None) -> torch.Tensor:
        return torch.randint(len(self), (count,), generator=generator or self.generator)

    def load(self, rows: torch.Tensor | np.ndarray, device: torch.device) -> tuple[torch.Tensor, ...]:
        index = rows.numpy() if isinstance(rows, torch.Tensor) else np.asarray(rows)
        lengths = self.lengths[index]
        width = min(self.tokens.shape[1], -(-int(lengths.max()) // PAD_MULTIPLE) * PAD_MULTIPLE)
        parts = [torch.from_numpy(np.ascontiguousarray(self.tokens[index, :width])), torch.from_numpy(lengths)]
        if self.targets is not None:
            parts.append(torch.from_numpy(self.targets[index]))
        if device.type == "cuda":
            return tuple(p.pin_memory().to(device, non_blocking=True) for p in parts)
        return tuple(p.to(device) for p in parts)

    def in_order(self, batch_size: int, device: torch.device) -> Iterator[tuple[torch.Tensor, ...]]:
        """Every example once, in order (evaluation and prediction)."""
        for start in range(0, len(self), batch_size):
            yield self.load(np.arange(start, min(start + batch_size, len(self))), device)
