"""LoRA: train a small low-rank update beside frozen weights, and fold it back in.

A targeted projection ``y = x Wᵀ + b`` becomes ``y = x Wᵀ + b + s · drop(x) Aᵀ Bᵀ`` with
``A`` (rank × in) and ``B`` (out × rank) the only trained tensors and ``s = alpha / rank``.
``B`` starts at zero, so a LoRA run starts exactly where its base weights are. The adapted
layer keeps the parameter names of ``nn.Linear`` (``weight``, ``bias``) and adds
``lora_a``, ``lora_b`` and the buffer ``lora_scale``; a checkpoint therefore holds the
base weights under their usual names plus the adapters, and carries its own scale, so
``merge_lora_state`` can fold any checkpoint into plain weights (generation, evaluation,
export, ``--from-run``) without reading the run's config.

Our projections are fused (``attn.qkv`` holds q, k and v; a SwiGLU ``mlp.up`` holds the
gate and value rows), so one adapter covers each fused matrix; the merged weight is then
split for export like any other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import cast

import torch
import torch.nn.functional as F
from torch import nn

# The module inside a block that each target name of ``train.lora_targets`` names.
TARGET_MODULES = {"qkv": "attn.qkv", "proj": "attn.proj", "up": "mlp.up", "down": "mlp.down"}
LORA_KEYS = ("lora_a", "lora_b", "lora_scale")


class LoRALinear(nn.Linear):
    """A frozen ``nn.Linear`` with a trainable low-rank update (the base weights are shared, not copied)."""

    lora_scale: torch.Tensor

    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float) -> None:
        super().__init__(base.in_features, base.out_features, bias=base.bias is not None, device="meta")
        self.weight = base.weight
        self.bias = base.bias
        device, dtype = base.weight.device, base.weight.dtype
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features, device=device, dtype=dtype))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank, device=device, dtype=dtype))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))  # as nn.Linear initialises its weight
        self.scale = alpha / rank
        self.register_buffer("lora_scale", torch.tensor([self.scale], dtype=torch.float32, device=device))
        self.lora_dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        base = F.linear(x, self.weight, self.bias)
        update = F.linear(F.linear(self.lora_dropout(x), self.lora_a), self.lora_b)  # (B, T, out) via rank r
        return base + update * self.scale

    def merged_weight(self) -> torch.Tensor:
        return (self.weight.float() + self.scale * (self.lora_b.float() @ self.lora_a.float())).to(self.weight.dtype)


def apply_lora(model: nn.Module, rank: int, alpha: float, dropout: float, targets: Iterable[str]) -> int:
    """Put adapters on the targeted projections of every block and freeze everything else.

    Returns the number of trainable parameters. ``model`` is a ``GPT`` (or has its ``blocks``).
    """
    blocks = cast(nn.ModuleList, model.get_submodule("blocks"))
    for block in blocks:
        for target in targets:
            parent_name, child_name = TARGET_MODULES[target].split(".")
            parent = getattr(block, parent_name)
            base = getattr(parent, child_name)
            if isinstance(base, LoRALinear):
                continue
            setattr(parent, child_name, LoRALinear(base, rank, alpha, dropout))
    trainable = 0
    for name, param in model.named_parameters():
        param.requires_grad = name.rsplit(".", 1)[-1] in ("lora_a", "lora_b")
        trainable += param.numel() if param.requires_grad else 0
    return trainable


def is_lora_key(name: str) -> bool:
    return name.rsplit(".", 1)[-1] in LORA_KEYS


def has_lora(tensors: Iterable[str]) -> bool:
    return any(is_lora_key(name) for name in tensors)


def merge_lora_state(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Weights with every adapter folded in (``W + scale · B A``) and the adapter tensors dropped."""
    merged = {name: tensor for name, tensor in tensors.items() if not is_lora_key(name)}
    for name in tensors:
        if not name.endswith(".lora_a"):
            continue
        prefix = name[: -len("lora_a")]
        a, b = tensors[name].float(), tensors[prefix + "lora_b"].float()
        scale = float(tensors[prefix + "lora_scale"].reshape(-1)[0])
        weight = tensors[prefix + "weight"]
        merged[prefix + "weight"] = (weight.float() + scale * (b @ a)).to(weight.dtype)
    return merged
