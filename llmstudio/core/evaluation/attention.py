"""Looking inside the model: attention weights computed explicitly, for the attention view.

Training and generation call ``F.scaled_dot_product_attention``, a fused kernel that never
materialises the attention matrix. This inspection path repeats the model's forward pass
block by block with attention written out as the textbook formula,
softmax(Q K^T / sqrt(d_k)) with the causal mask, so the weights can be shown. It reuses
the model's own layers and weights, so its output equals the fast path's (tests hold it to
1e-5); only inspection pays for the explicit matrices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.loading import load_run
from llmstudio.core.model.gpt import GPT, Block, CausalSelfAttention, apply_rope
from llmstudio.core.project import Project

EXAMPLE_TEXT = "The quick brown fox jumps over the lazy dog"


def explicit_attention(attn: CausalSelfAttention, x: torch.Tensor,
                       rope: tuple[torch.Tensor, torch.Tensor] | None) -> tuple[torch.Tensor, torch.Tensor]:
    """The attention block's output (B, T, C) and its weights (B, nh, T, T), in eval mode."""
    B, T, C = x.shape
    kv_dim = attn.n_kv_head * attn.head_dim
    q, k, v = attn.qkv(x).split((C, kv_dim, kv_dim), dim=2)
    q = q.view(B, T, attn.n_head, attn.head_dim).transpose(1, 2)  # (B, nh, T, hd)
    k = k.view(B, T, attn.n_kv_head, attn.head_dim).transpose(1, 2)  # (B, nkv, T, hd)
    v = v.view(B, T, attn.n_kv_head, attn.head_dim).transpose(1, 2)
    if rope is not None:
        cos, sin = rope[0][:T], rope[1][:T]
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
    if attn.n_kv_head != attn.n_head:  # grouped-query attention: each kv head serves a group of q heads
        k = k.repeat_interleave(attn.n_head // attn.n_kv_head, dim=1)
        v = v.repeat_interleave(attn.n_head // attn.n_kv_head, dim=1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(attn.head_dim)  # (B, nh, T, T)
    future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
    weights = torch.softmax(scores.masked_fill(future, float("-inf")), dim=-1)
    y = (weights @ v).transpose(1, 2).contiguous().view(B, T, C)  # (B, T, C)
    return attn.proj(y), weights


@torch.no_grad()
def forward_with_attention(model: GPT, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Logits for every position (B, T, V) and attention weights (n_layer, B, nh, T, T), taking
    the explicit path through every block. The model must be in eval mode (no dropout)."""
    if model.training:
        raise StudioError("attention inspection needs the model in eval mode")
    T = idx.shape[1]
    if T > model.config.context_length:
        raise StudioError(f"the text is {T} tokens, longer than the model's context of "
                          f"{model.config.context_length}; shorten it")
    x = model.tok_emb(idx)  # (B, T, C)
    if model.pos_emb is not None:
        x = x + model.pos_emb(torch.arange(T, device=idx.device))
    elif model.config.pos_encoding == "sinusoidal":
        x = x + model.sinusoid[:T]
    rope = (model.rope_cos, model.rope_sin) if model.config.pos_encoding == "rope" else None
    layers = []
    for module in model.blocks:
        block = cast(Block, module)
        out, weights = explicit_attention(block.attn, block.norm1(x), rope)
        x = x + out
        x = x + block.mlp(block.norm2(x))
        layers.append(weights)
    return model.head(model.norm_f(x)), torch.stack(layers)


@dataclass(frozen=True)
class AttentionMap:
    tokens: list[str]
    layer: int
    head: int | str  # a head index, or "mean" over the heads
    weights: list[list[float]]  # rows: query tokens, columns: key tokens
    n_layer: int
    n_head: int
    query_index: int | None = None

    @property
    def query_weights(self) -> list[float] | None:
        return None if self.query_index is None else self.weights[self.query_index]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"tokens": self.tokens, "layer": self.layer, "head": self.head,
                                "weights": self.weights}
        if self.query_index is not None:
            data["query_weights"] = self.query_weights
            data["query_index"] = self.query_index
        return data


def token_texts(processor: Any, ids: list[int]) -> list[str]:
    """Each token as the text it stands for (sentencepiece's word-start mark shown as a space)."""
    return [processor.id_to_piece(i).replace("\u2581", " ") for i in ids]


def query_position(processor: Any, ids: list[int], word: str) -> int:
    """The token that completes the first occurrence of ``word`` (it has seen all of it)."""
    text = processor.decode(ids)
    at = text.lower().find(word.strip().lower())
    if not word.strip() or at < 0:
        raise StudioError(f"the query word {word!r} is not in the text; pick a word of the text")
    end = at + len(word.strip())
    for index in range(len(ids)):
        if len(processor.decode(ids[: index + 1])) >= end:
            return index
    return len(ids) - 1


class AttentionInspector:
    """A loaded run, ready to show attention for any text; load once, inspect many times."""

    def __init__(self, project: Project, run_id: int | None = None, which: str = "latest",
                 device: str = "cpu") -> None:
        self.loaded = load_run(project, run_id, which, device)
        self.config = self.loaded.model.config

    def inspect(self, text: str, layer: int = 0, head: int | str = "mean", query: str | None = None) -> AttentionMap:
        config = self.config
        if not text.strip():
            raise StudioError("type a text to see its attention")
        if not -config.n_layer <= layer < config.n_layer:
            layers = "layer 0 only" if config.n_layer == 1 else f"layers 0 to {config.n_layer - 1}"
            raise StudioError(f"layer {layer} does not exist: the model has {layers}")
        layer %= config.n_layer
        if head != "mean" and not (isinstance(head, int) and 0 <= head < config.n_head):
            raise StudioError(f"head must be between 0 and {config.n_head - 1}, or mean, not {head!r}")
        processor = self.loaded.processor
        ids = processor.encode(text)
        idx = torch.tensor([ids], dtype=torch.long, device=self.loaded.device)
        _, weights = forward_with_attention(self.loaded.model, idx)  # (L, 1, nh, T, T)
        chosen = weights[layer, 0]  # (nh, T, T)
        matrix = chosen.mean(dim=0) if head == "mean" else chosen[int(head)]
        position = query_position(processor, ids, query) if query else None
        return AttentionMap(token_texts(processor, ids), layer, head, matrix.cpu().double().tolist(),
                            config.n_layer, config.n_head, position)


    def inspect_all(self, text: str) -> AttentionStack:
        """Every layer's and head's weights at once, for a view that switches between them."""
        if not text.strip():
            raise StudioError("type a text to see its attention")
        ids = self.loaded.processor.encode(text)
        idx = torch.tensor([ids], dtype=torch.long, device=self.loaded.device)
        _, weights = forward_with_attention(self.loaded.model, idx)  # (L, 1, nh, T, T)
        return AttentionStack(token_texts(self.loaded.processor, ids), weights[:, 0].cpu().numpy())


@dataclass(frozen=True)
class AttentionStack:
    tokens: list[str]
    weights: Any  # numpy array (n_layer, n_head, T, T)

    def matrix(self, layer: int, head: int | str) -> Any:
        """One head's weights, or the mean over the heads ("mean"): (T, T)."""
        chosen = self.weights[layer]
        return chosen.mean(axis=0) if head == "mean" else chosen[int(head)]


def attention_map(project: Project, run_id: int | None, text: str, layer: int = 0, head: int | str = "mean",
                  query: str | None = None, which: str = "latest", device: str = "cpu") -> AttentionMap:
    return AttentionInspector(project, run_id, which, device).inspect(text, layer, head, query)


def fast_forward_logits(model: GPT, idx: torch.Tensor) -> torch.Tensor:
    """Every position's logits through the fused kernel (the training path), for comparisons."""
    logits, _ = model(idx, torch.zeros_like(idx))
    return logits


__all__ = ["EXAMPLE_TEXT", "AttentionInspector", "AttentionMap", "AttentionStack", "attention_map", "explicit_attention",
           "fast_forward_logits", "forward_with_attention", "query_position"]
