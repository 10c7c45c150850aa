"""Evaluation on the whole held-out split: loss, perplexity and bits per byte, tokens counted.

Training estimates validation loss from random windows, which is quick but noisy. Here every
token of the split (validation, or the test split the tokenizer set aside) is scored once:
the token file is cut into consecutive windows of the model's context length, each window
predicts its next tokens, and the summed cross-entropy is divided by the number of tokens
scored. Bits per byte divides the same sum, in bits, by the UTF-8 bytes of the decoded
text of the scored tokens, so models with different tokenizers compare fairly. Each result
is stored in the run's metrics at the checkpoint's step (``eval_<split>_loss`` and
friends), so a run keeps one evaluation per checkpoint and split.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.evaluate_store import EVAL_SPLITS, Evaluation, store_evaluation
from llmstudio.core.evaluation.loading import load_run
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project
from llmstudio.core.text_tokenizer import TextTokenizer
from llmstudio.core.tokenizer import split_path

DECODE_CHUNK = 1_000_000  # tokens decoded at a time when counting bytes


def split_tokens(project: Project, tokenizer: Any, split: str) -> np.ndarray:
    """The token ids of a held-out split, memory-mapped; clear errors for old or empty splits."""
    if split not in EVAL_SPLITS:
        raise StudioError(f"--split must be validation or test, not {split!r}")
    path = project.absolute(split_path(tokenizer, split), f"tokenizer {tokenizer.id}'s {split} token file")
    if not path.is_file():
        raise StudioError(f"tokenizer {tokenizer.id} has no {split} split (it was made before test splits "
                          f"existed); train the tokenizer again to make one")
    if path.stat().st_size == 0:
        raise StudioError(f"the {split} split of tokenizer {tokenizer.id} is empty; train the tokenizer again "
                          f"with a test fraction above 0")
    tokens = np.memmap(path, dtype=np.dtype(tokenizer.dtype), mode="r")
    if len(tokens) < 2:
        raise StudioError(f"the {split} split has fewer than 2 tokens; import more text")
    return tokens


@torch.no_grad()
def summed_loss(model: GPT, tokens: np.ndarray, device: torch.device, batch_size: int = 16,
                progress: Progress = no_progress, cancel: CancelToken | None = None) -> tuple[float, int]:
    """Summed next-token cross-entropy (nats) over consecutive context-length windows, and the
    number of tokens scored (every token but the first)."""
    context = model.config.context_length
    count = len(tokens) - 1
    starts = list(range(0, count, context))
    full = [s for s in starts if s + context <= count]
    tail = [s for s in starts if s + context > count]
    total = 0.0
    for index in range(0, len(full), batch_size):
        if cancel is not None:
            cancel.raise_if_cancelled()
        chunk = full[index:index + batch_size]
        rows = np.stack([tokens[s:s + context + 1] for s in chunk]).astype(np.int64)
        total += _window_loss(model, torch.from_numpy(rows).to(device))
        progress(index / max(1, len(full)), f"scored {index * context:,} of {count:,} tokens")
    for s in tail:  # the last, shorter window
        rows = np.asarray(tokens[s:count + 1], dtype=np.int64)[None, :]
        total += _window_loss(model, torch.from_numpy(rows).to(device))
    return total, count


def _window_loss(model: GPT, rows: torch.Tensor) -> float:
    x, y = rows[:, :-1], rows[:, 1:]  # (B, T) each
    logits, _ = model(x, y)
    return float(F.cross_entropy(logits.float().reshape(-1, logits.size(-1)), y.reshape(-1), reduction="sum"))


def decoded_bytes(processor: TextTokenizer, ids: np.ndarray) -> int:
    """UTF-8 bytes of the decoded text of ``ids``, decoded in chunks cut after an end-of-document
    token where one is near (a split of fewer than a million tokens is decoded at once)."""
    total, start = 0, 0
    while start < len(ids):
        end = min(len(ids), start + DECODE_CHUNK)
        if end < len(ids):
            eos = np.flatnonzero(np.asarray(ids[start:end]) == processor.eos_id)
            if len(eos):
                end = start + int(eos[-1]) + 1
        total += len(processor.decode(np.asarray(ids[start:end]).tolist()).encode("utf-8"))
        start = end
    return total


@declares(Changed.RUNS)
def evaluate_run(project: Project, run_id: int | None = None, which: str = "latest", split: str = "validation",
                 device: str = "auto", batch_size: int = 16, progress: Progress = no_progress,
                 cancel: CancelToken | None = None, store: bool = True) -> Evaluation:
    """Score the whole ``split`` with the run's ``which`` checkpoint; stores the result unless told not to."""
    loaded = load_run(project, run_id, which, device)
    tokens = split_tokens(project, loaded.tokenizer, split)
    progress(0.0, f"evaluating run {loaded.run.id} on {len(tokens):,} {split} tokens")
    nats, count = summed_loss(loaded.model, tokens, loaded.device, batch_size, progress, cancel)
    n_bytes = decoded_bytes(loaded.processor, tokens[1:])
    bits_per_byte = nats / math.log(2) / n_bytes if n_bytes else math.nan
    result = Evaluation(loaded.run.id, split, which, loaded.checkpoint.step, count, nats / count, bits_per_byte,
                        n_bytes)
    if store:
        store_evaluation(project, result)
    progress(1.0, f"{split} loss {result.loss:.4f}, perplexity {result.perplexity:,.2f}")
    return result


__all__ = ["EVAL_SPLITS", "Evaluation", "decoded_bytes", "evaluate_run", "split_tokens", "summed_loss"]
