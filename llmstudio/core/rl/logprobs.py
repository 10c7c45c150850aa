"""Log-probabilities of completions given prompts under the project's GPT.

DPO compares summed completion log-probabilities of the policy and the reference; GRPO needs
them per token. Both come from one batched forward pass: each row is prompt + completion,
right-padded, and only the completion tokens count (the prompt and the padding are masked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from llmstudio.core.model.gpt import GPT


@dataclass(frozen=True)
class CompletionLogprobs:
    """Per-token log-probabilities aligned with the predicted tokens, and their mask.

    ``tokens`` and ``mask`` are (B, L - 1): position t holds log p(x[t + 1] | x[: t + 1]);
    ``mask`` is 1 where x[t + 1] is a completion token.
    """

    tokens: torch.Tensor
    mask: torch.Tensor

    @property
    def sequence(self) -> torch.Tensor:
        """(B,) summed log-probability of each completion."""
        return (self.tokens * self.mask).sum(dim=1)


def pack(prompts: Sequence[Sequence[int]], completions: Sequence[Sequence[int]],
         pad_id: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """(B, L) token ids of prompt + completion, right-padded, and the (B, L - 1) completion mask."""
    if len(prompts) != len(completions):
        raise ValueError(f"{len(prompts)} prompts but {len(completions)} completions")
    if not prompts:
        raise ValueError("no prompts given")
    for i, prompt in enumerate(prompts):
        if not prompt:
            raise ValueError(f"prompt {i} is empty: a completion needs at least one token to follow")
    length = max(len(p) + len(c) for p, c in zip(prompts, completions, strict=True))
    ids = torch.full((len(prompts), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(prompts), length - 1))
    for row, (prompt, completion) in enumerate(zip(prompts, completions, strict=True)):
        n_prompt, n_all = len(prompt), len(prompt) + len(completion)
        ids[row, :n_all] = torch.tensor([*prompt, *completion], dtype=torch.long)
        mask[row, n_prompt - 1:n_all - 1] = 1.0
    return ids, mask


def completion_logprobs(model: GPT, prompts: Sequence[Sequence[int]], completions: Sequence[Sequence[int]],
                        pad_id: int = 0) -> CompletionLogprobs:
    """Log-probabilities of each completion's tokens given its prompt, in one padded batch.

    Gradients flow when called under grad (the policy); wrap in ``torch.no_grad()`` for the
    reference. Rows longer than the model's context are refused rather than truncated.
    """
    ids, mask = pack(prompts, completions, pad_id)
    limit = model.config.context_length
    if ids.shape[1] > limit:
        raise ValueError(f"prompt + completion of {ids.shape[1]} tokens is longer than the model's "
                         f"context of {limit}; shorten the prompts or max_new_tokens")
    device = next(model.parameters()).device
    ids, mask = ids.to(device), mask.to(device)
    logits = model.head(model.hidden_states(ids[:, :-1])).float()
    logp = torch.log_softmax(logits, dim=-1)
    picked = logp.gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
    return CompletionLogprobs(picked * mask, mask)


def sequence_logprobs(model: GPT, prompts: Sequence[Sequence[int]], completions: Sequence[Sequence[int]],
                      pad_id: int = 0) -> torch.Tensor:
    """(B,) summed log-probability of each completion given its prompt."""
    return completion_logprobs(model, prompts, completions, pad_id).sequence
