"""Sampling completions in batches, for GRPO's groups and the held-out evaluations.

The playground's ``Generator`` samples one text token by token with streaming and filters;
a policy run needs many short completions at once from plain temperature sampling (the
distribution the policy's log-probabilities describe). Prompts of equal length are sampled
together; a row stops at the end-of-document token, which stays in its completion (stopping
is an action the policy learns too) but not in its text. The random draws come from a
``torch.Generator`` the caller owns, so a resumed run samples exactly what an unbroken one would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import torch

from llmstudio.core.model.gpt import GPT
from llmstudio.core.text_tokenizer import TextTokenizer


@torch.no_grad()
def sample_completions(model: GPT, prompts: Sequence[Sequence[int]], max_new_tokens: int, temperature: float,
                       eos_id: int, generator: torch.Generator) -> list[list[int]]:
    """One completion per prompt (a prompt given twice is sampled twice), in the prompts' order."""
    by_length: dict[int, list[int]] = defaultdict(list)
    for index, prompt in enumerate(prompts):
        by_length[len(prompt)].append(index)
    out: list[list[int]] = [[] for _ in prompts]
    device = next(model.parameters()).device
    limit = model.config.context_length
    for length in sorted(by_length):
        rows = by_length[length]
        if length + max_new_tokens > limit:
            raise ValueError(f"a prompt of {length} tokens + {max_new_tokens} new tokens is longer than the "
                             f"model's context of {limit}; lower rl.prompt_tokens or rl.max_new_tokens")
        idx = torch.tensor([list(prompts[i]) for i in rows], dtype=torch.long, device=device)
        done = torch.zeros(len(rows), dtype=torch.bool)
        new = torch.zeros((len(rows), max_new_tokens), dtype=torch.long)
        lengths = torch.full((len(rows),), max_new_tokens, dtype=torch.long)
        for t in range(max_new_tokens):
            logits, _ = model(idx)
            probs = torch.softmax(logits[:, -1].float().cpu() / temperature, dim=-1)
            token = torch.multinomial(probs, 1, generator=generator).squeeze(1)
            token = torch.where(done, torch.full_like(token, eos_id), token)
            new[:, t] = token
            finished = (token == eos_id) & ~done
            lengths[finished] = t + 1
            done |= token == eos_id
            if bool(done.all()):
                break
            idx = torch.cat([idx, token.to(device).unsqueeze(1)], dim=1)
        for row, index in enumerate(rows):
            out[index] = new[row, : int(lengths[row])].tolist()
    return out


def completion_text(processor: TextTokenizer, prompt: Sequence[int], completion: Sequence[int], eos_id: int) -> str:
    """The completion's text as it reads after the prompt (its leading space kept, the end token dropped)."""
    tokens = [t for t in completion if t != eos_id]
    shown = processor.decode(list(prompt))
    return processor.decode([*prompt, *tokens])[len(shown):]
