"""Batched, padded completion log-probabilities equal a plain token-by-token loop."""

from __future__ import annotations

import pytest
import torch

from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.rl.logprobs import completion_logprobs, sequence_logprobs


@pytest.mark.parametrize("pos_encoding", ["learned", "rope"])
def test_batched_logprobs_equal_a_per_token_loop(pos_encoding: str) -> None:
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=50, n_layer=2, n_head=2, d_model=32, context_length=16,
                            pos_encoding=pos_encoding)).eval()  # type: ignore[arg-type]
    prompts = [[3, 7, 9], [1], [4, 4, 4, 4, 2]]
    completions = [[10, 11], [5, 6, 7, 8, 9], [12]]
    with torch.no_grad():
        got = sequence_logprobs(model, prompts, completions, pad_id=0)
        expected = []
        for prompt, completion in zip(prompts, completions, strict=True):
            total, context = 0.0, list(prompt)
            for token in completion:
                logits, _ = model(torch.tensor([context]))  # unpadded, one sequence at a time
                total += torch.log_softmax(logits[0, -1].double(), -1)[token].item()
                context.append(token)
            expected.append(total)
    assert got.tolist() == pytest.approx(expected, abs=1e-4)


def test_mask_covers_completion_tokens_only_and_gradients_flow() -> None:
    torch.manual_seed(1)
    model = GPT(ModelConfig(vocab_size=20, n_layer=1, n_head=2, d_model=16, context_length=8))
    out = completion_logprobs(model, [[1, 2], [3]], [[4], [5, 6, 7]])
    assert out.mask.tolist() == [[0, 1, 0], [1, 1, 1]]
    out.sequence.sum().backward()
    assert model.head.weight.grad is not None and model.head.weight.grad.abs().sum() > 0
    with pytest.raises(ValueError, match="longer than the model's context"):
        completion_logprobs(model, [[1] * 6], [[2] * 4])
    with pytest.raises(ValueError, match="prompt 0 is empty"):
        completion_logprobs(model, [[]], [[2]])
