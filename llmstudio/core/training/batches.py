"""Random training windows from a memory-mapped token file.

Batches are drawn with their own seeded ``torch.Generator``, whose state is saved in every
checkpoint, so a resumed run sees exactly the batches it would have seen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from llmstudio.core.errors import StudioError


class TokenBatches:
    def __init__(self, path: Path, dtype: str, context_length: int, batch_size: int, seed: int, split: str) -> None:
        if not Path(path).is_file():
            raise StudioError(f"the {split} token file {path} is missing; train the tokenizer again")
        self.tokens = np.memmap(path, dtype=np.dtype(dtype), mode="r")
        self.context_length = context_length
        self.batch_size = batch_size
        if len(self.tokens) < context_length + 2:
            raise StudioError(
                f"the {split} split has only {len(self.tokens):,} tokens, fewer than model.context_length "
                f"({context_length}) + 2; import more text or lower model.context_length"
            )
        self.generator = torch.Generator().manual_seed(seed)

    def next(self, device: torch.device, generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """The next batch; pass ``generator`` to draw without moving the training stream."""
        T = self.context_length
        starts = torch.randint(len(self.tokens) - T - 1, (self.batch_size,), generator=generator or self.generator)
        rows = np.stack([self.tokens[s : s + T + 1] for s in starts.tolist()]).astype(np.int64)
        window = torch.from_numpy(rows)  # (B, T + 1)
        x, y = window[:, :-1], window[:, 1:]
        if device.type == "cuda":
            return x.pin_memory().to(device, non_blocking=True), y.pin_memory().to(device, non_blocking=True)
        return x.to(device), y.to(device)
