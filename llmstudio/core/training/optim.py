"""AdamW with decay only on weight matrices (not on norms, biases or embeddings)."""

from __future__ import annotations

import torch

from llmstudio.core.training.config import TrainConfig


def build_optimizer(model: torch.nn.Module, config: TrainConfig, device: torch.device) -> torch.optim.AdamW:
    decay: list[torch.nn.Parameter] = []
    no_decay: list[torch.nn.Parameter] = []
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        is_embedding = name.startswith(("tok_emb", "pos_emb"))
        (decay if param.dim() >= 2 and not is_embedding else no_decay).append(param)
    groups = [
        {"params": decay, "weight_decay": config.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(
        groups,
        lr=config.lr,
        betas=(config.beta1, config.beta2),
        eps=config.eps,
        fused=device.type == "cuda",
    )
