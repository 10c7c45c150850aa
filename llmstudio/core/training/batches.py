"""Random training windows from a memory-mapped token file.

Each optimizer step draws the start offsets of all its sequences at once, from a seeded
``torch.Generator`` whose state is saved in every checkpoint, so a resumed run sees
exactly the batches it would have seen. How those sequences are then cut into
micro-batches (gradient accumulation, several processes, a smaller micro-batch after an
out-of-memory error) does not change which sequences a step trains on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
import torch

from llmstudio.core.errors import StudioError


class Batches(Protocol):
    """What the training loop draws from: token windows here, prompt/response pairs for instruction tuning
    (``core/instruct/batches.py``). ``generator`` is saved in checkpoints, so resume is exact."""

    generator: torch.Generator

    def draw(self, count: int, generator: torch.Generator | None = None) -> torch.Tensor: ...

    def load(self, starts: torch.Tensor, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]: ...


class TokenBatches:
    def __init__(self, path: Path, dtype: str, context_length: int, batch_size: int, seed: int, split: str) -> None:
        if not Path(path).is_file():
            raise StudioError(f"the {split} token file {path} is missing; train the tokenizer again")
        itemsize = np.dtype(dtype).itemsize
        if Path(path).stat().st_size % itemsize:
            raise StudioError(
                f"the {split} token file {path} is damaged (its length is not a whole number of "
                f"{itemsize}-byte tokens); train the tokenizer again"
            )
        self.tokens = np.memmap(path, dtype=np.dtype(dtype), mode="r")
        self.context_length = context_length
        self.batch_size = batch_size
        if len(self.tokens) < context_length + 2:
            raise StudioError(
                f"the {split} split has only {len(self.tokens):,} tokens, fewer than model.context_length "
                f"({context_length}) + 2; import more text or lower model.context_length"
            )
        self.generator = torch.Generator().manual_seed(seed)

    def draw(self, count: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """Start offsets of ``count`` windows; pass ``generator`` to leave the training stream alone."""
        high = len(self.tokens) - self.context_length - 1
        return torch.randint(high, (count,), generator=generator or self.generator)

    def load(self, starts: torch.Tensor, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        """Inputs and next-token targets for the windows at ``starts``: (B, T) each."""
        T = self.context_length
        rows = np.stack([self.tokens[s : s + T + 1] for s in starts.tolist()]).astype(np.int64)
        window = torch.from_numpy(rows)  # (B, T + 1)
        x, y = window[:, :-1], window[:, 1:]
        if device.type == "cuda":
            return x.pin_memory().to(device, non_blocking=True), y.pin_memory().to(device, non_blocking=True)
        return x.to(device), y.to(device)

    def next(self, device: torch.device, generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """One batch of ``batch_size`` windows."""
        return self.load(self.draw(self.batch_size, generator), device)


def split_for_rank(starts: torch.Tensor, rank: int, world_size: int, micro: int) -> list[torch.Tensor]:
    """This rank's share of a step's windows, cut into micro-batches of ``micro``."""
    share = len(starts) // world_size
    mine = starts[rank * share : (rank + 1) * share]
    return [mine[i : i + micro] for i in range(0, share, micro)]
