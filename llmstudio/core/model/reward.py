"""A reward model: the project's Transformer body with one scalar out, trained on preference pairs.

``GPTReward`` is a ``GPT`` whose vocabulary head is replaced by a linear layer to one number,
read at the last real token of each (right-padded, causal) sequence: the InstructGPT / TRL
reward-model choice, since the last token has seen the prompt and the whole completion. It
trains with the Bradley-Terry loss ``-log sigmoid(r_chosen - r_rejected)`` on a batch that
holds the chosen texts first and the rejected texts after them, so one forward pass scores
both. Its parameter names are GPT's, so a language-model run of the same shape loads into
the body (the classifier's ``load_body``).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT

HEAD_PARAMETERS = ("value.weight", "value.bias")


def bradley_terry_loss(chosen: torch.Tensor, rejected: torch.Tensor) -> torch.Tensor:
    """Mean ``-log sigmoid(r_chosen - r_rejected)`` over the pairs (B,) -> ()."""
    return -F.logsigmoid(chosen - rejected).mean()


class GPTReward(GPT):
    def __init__(self, config: ModelConfig) -> None:
        super().__init__(config)
        del self.head  # the vocabulary projection is not used (tied weights stay in tok_emb)
        self.value = nn.Linear(config.d_model, 1)
        nn.init.normal_(self.value.weight, mean=0.0, std=0.02)
        nn.init.zeros_(self.value.bias)

    def score(self, idx: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """(B, T) right-padded tokens and (B,) real lengths -> (B,) rewards."""
        states = self.hidden_states(idx)  # (B, T, C)
        last = states[torch.arange(states.shape[0], device=states.device), lengths - 1]  # (B, C)
        return self.value(last).squeeze(-1).float()

    def forward(  # type: ignore[override]
        self, idx: torch.Tensor, lengths: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """A batch of 2B sequences, chosen then rejected -> ((B,) reward margins, Bradley-Terry loss)."""
        rewards = self.score(idx, lengths)
        chosen, rejected = rewards.chunk(2)
        return chosen - rejected, bradley_terry_loss(chosen, rejected)

    def freeze_body(self) -> None:
        """Train the value head only: the Transformer body stays as the language model left it."""
        for name, param in self.named_parameters():
            param.requires_grad = name in HEAD_PARAMETERS
