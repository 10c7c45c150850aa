"""A classification head on the project's Transformer: the GPT body, pooled, then one linear layer.

``GPTClassifier`` is a ``GPT`` whose language-model head is replaced by a score layer over
the labels. A document's vector is the mean of its token states (padding excluded) or the
state of its last token (the GPT-2 / Llama ``ForSequenceClassification`` choice). Batches
are right-padded; attention is causal, so real tokens never see the padding and pooling
over the real positions is exact. A long document may come as several windows (``owner``:
the document of each window): its vector is then the mean over the tokens of all its windows
(mean pooling) or the mean of its windows' last states (last pooling). Single-label schemas train with cross-entropy (optionally
class-weighted); multi-label schemas with a sigmoid per label (binary cross-entropy, with a
positive weight per label). Because its parameter names are GPT's, the weights of a
language-model run of the same shape load straight into the body.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT

HEAD_PARAMETERS = ("score.weight", "score.bias")


class GPTClassifier(GPT):
    def __init__(self, config: ModelConfig, n_labels: int, pooling: str = "mean", multi_label: bool = False,
                 class_weights: list[float] | None = None, bias: bool = True) -> None:
        super().__init__(config)
        del self.head  # the vocabulary projection is not used (tied weights stay in tok_emb)
        self.pooling, self.multi_label, self.n_labels = pooling, multi_label, n_labels
        self.score = nn.Linear(config.d_model, n_labels, bias=bias)
        nn.init.normal_(self.score.weight, mean=0.0, std=0.02)
        if self.score.bias is not None:
            nn.init.zeros_(self.score.bias)
        weights = torch.tensor(class_weights if class_weights else [1.0] * n_labels, dtype=torch.float32)
        self.register_buffer("class_weights", weights, persistent=False)

    def pool(self, states: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """(B, T, C) token states and (B,) real lengths -> (B, C) document vectors."""
        if self.pooling == "last":
            return states[torch.arange(states.shape[0], device=states.device), lengths - 1]
        T = states.shape[1]
        mask = (torch.arange(T, device=states.device)[None, :] < lengths[:, None]).unsqueeze(-1)  # (B, T, 1)
        summed = (states * mask.to(states.dtype)).sum(1)
        return summed / lengths.clamp(min=1).unsqueeze(-1).to(states.dtype)

    def join_windows(self, vectors: torch.Tensor, lengths: torch.Tensor, owner: torch.Tensor,
                     documents: int) -> torch.Tensor:
        """(W, C) window vectors -> (documents, C): the token-weighted mean (mean pooling) or the plain
        mean (last pooling) of each document's windows."""
        weights = lengths.to(vectors.dtype) if self.pooling == "mean" else torch.ones_like(lengths, dtype=vectors.dtype)
        summed = vectors.new_zeros(documents, vectors.shape[1]).index_add_(0, owner, vectors * weights[:, None])
        total = weights.new_zeros(documents).index_add_(0, owner, weights)
        return summed / total.clamp(min=1)[:, None]

    def forward(  # type: ignore[override]
        self, idx: torch.Tensor, lengths: torch.Tensor, targets: torch.Tensor | None = None,
        owner: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        vectors = self.pool(self.hidden_states(idx), lengths)
        if owner is not None:  # windows of documents: one vector per document
            documents = targets.shape[0] if targets is not None else int(owner.max()) + 1
            vectors = self.join_windows(vectors, lengths, owner, documents)
        logits = self.score(vectors).float()  # (B, labels)
        if targets is None:
            return logits, None
        weights: torch.Tensor = self.class_weights  # type: ignore[assignment]
        if self.multi_label:
            loss = F.binary_cross_entropy_with_logits(logits, targets.float(), pos_weight=weights)
        else:
            loss = F.cross_entropy(logits, targets, weight=weights)
        return logits, loss

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(logits) if self.multi_label else torch.softmax(logits, dim=-1)

    def freeze_body(self) -> None:
        """Train the head only: every parameter but the score layer stops taking gradients."""
        for name, param in self.named_parameters():
            param.requires_grad = name in HEAD_PARAMETERS
