"""llmstudio's tensors as the Llama and GPT-2 layouts of ``transformers``, and back.

llmstudio keeps one fused ``qkv`` projection and one fused SwiGLU ``up`` projection (gate
rows first, then value rows); Llama keeps ``q/k/v_proj`` and ``gate/up_proj`` apart.
llmstudio rotates interleaved channel pairs (0,1), (2,3)... under RoPE, while ``transformers``
rotates the two halves of each head (``rotate_half``); attention scores are the same when
the rows of q and k are reordered per head (evens first, then odds), so export reorders
them and import puts them back. GPT-2's ``Conv1D`` stores weights as (in, out): transposed.
Each direction is the exact inverse of the other, so a round trip returns the same bits.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.interop.architecture import SUPPORTED
from llmstudio.core.model.config import ModelConfig


def _halves_order(head_dim: int) -> torch.Tensor:
    return torch.cat([torch.arange(0, head_dim, 2), torch.arange(1, head_dim, 2)])


def _permute_heads(tensor: torch.Tensor, heads: int, order: torch.Tensor) -> torch.Tensor:
    shape = tensor.shape
    grouped = tensor.reshape(heads, -1, *shape[1:])  # (heads, head_dim, ...)
    return grouped[:, order].reshape(shape).contiguous()


def rope_to_hf(tensor: torch.Tensor, heads: int, head_dim: int) -> torch.Tensor:
    return _permute_heads(tensor, heads, _halves_order(head_dim))


def rope_from_hf(tensor: torch.Tensor, heads: int, head_dim: int) -> torch.Tensor:
    return _permute_heads(tensor, heads, torch.argsort(_halves_order(head_dim)))


def _weight_names(config: ModelConfig) -> list[str]:
    return ["weight", "bias"] if config.bias else ["weight"]


def to_llama(state: dict[str, torch.Tensor], config: ModelConfig) -> dict[str, torch.Tensor]:
    d, hd, kv = config.d_model, config.head_dim, config.kv_heads * config.head_dim
    hidden = config.mlp_hidden
    out = {"model.embed_tokens.weight": state["tok_emb.weight"]}
    for i in range(config.n_layer):
        ours, theirs = f"blocks.{i}.", f"model.layers.{i}."
        for kind in _weight_names(config):
            q, k, v = state[f"{ours}attn.qkv.{kind}"].split((d, kv, kv), dim=0)
            out[f"{theirs}self_attn.q_proj.{kind}"] = rope_to_hf(q, config.n_head, hd)
            out[f"{theirs}self_attn.k_proj.{kind}"] = rope_to_hf(k, config.kv_heads, hd)
            out[f"{theirs}self_attn.v_proj.{kind}"] = v.contiguous()
            out[f"{theirs}self_attn.o_proj.{kind}"] = state[f"{ours}attn.proj.{kind}"]
            gate, up = state[f"{ours}mlp.up.{kind}"].split((hidden, hidden), dim=0)
            out[f"{theirs}mlp.gate_proj.{kind}"] = gate.contiguous()
            out[f"{theirs}mlp.up_proj.{kind}"] = up.contiguous()
            out[f"{theirs}mlp.down_proj.{kind}"] = state[f"{ours}mlp.down.{kind}"]
        out[f"{theirs}input_layernorm.weight"] = state[f"{ours}norm1.weight"]
        out[f"{theirs}post_attention_layernorm.weight"] = state[f"{ours}norm2.weight"]
    out["model.norm.weight"] = state["norm_f.weight"]
    if not config.tie_embeddings:
        out["lm_head.weight"] = state["head.weight"]
    return out


def from_llama(tensors: dict[str, torch.Tensor], config: ModelConfig) -> dict[str, torch.Tensor]:
    hd = config.head_dim
    t = _stripper(tensors, "model.")
    state = {"tok_emb.weight": t("embed_tokens.weight")}
    for i in range(config.n_layer):
        ours, theirs = f"blocks.{i}.", f"layers.{i}."
        for kind in _weight_names(config):
            q = rope_from_hf(t(f"{theirs}self_attn.q_proj.{kind}"), config.n_head, hd)
            k = rope_from_hf(t(f"{theirs}self_attn.k_proj.{kind}"), config.kv_heads, hd)
            state[f"{ours}attn.qkv.{kind}"] = torch.cat([q, k, t(f"{theirs}self_attn.v_proj.{kind}")], dim=0)
            state[f"{ours}attn.proj.{kind}"] = t(f"{theirs}self_attn.o_proj.{kind}")
            state[f"{ours}mlp.up.{kind}"] = torch.cat(
                [t(f"{theirs}mlp.gate_proj.{kind}"), t(f"{theirs}mlp.up_proj.{kind}")], dim=0)
            state[f"{ours}mlp.down.{kind}"] = t(f"{theirs}mlp.down_proj.{kind}")
        state[f"{ours}norm1.weight"] = t(f"{theirs}input_layernorm.weight")
        state[f"{ours}norm2.weight"] = t(f"{theirs}post_attention_layernorm.weight")
    state["norm_f.weight"] = t("norm.weight")
    if not config.tie_embeddings:
        state["head.weight"] = t("lm_head.weight")
    return state


def to_gpt2(state: dict[str, torch.Tensor], config: ModelConfig) -> dict[str, torch.Tensor]:
    def bias_of(name: str, size: int) -> torch.Tensor:
        return state[name] if name in state else torch.zeros(size, dtype=state["tok_emb.weight"].dtype)

    d, hidden = config.d_model, config.mlp_hidden
    out = {"transformer.wte.weight": state["tok_emb.weight"], "transformer.wpe.weight": state["pos_emb.weight"]}
    for i in range(config.n_layer):
        ours, theirs = f"blocks.{i}.", f"transformer.h.{i}."
        for our_norm, their_norm in (("norm1", "ln_1"), ("norm2", "ln_2")):
            out[f"{theirs}{their_norm}.weight"] = state[f"{ours}{our_norm}.weight"]
            out[f"{theirs}{their_norm}.bias"] = bias_of(f"{ours}{our_norm}.bias", d)
        for our_linear, their_conv, size in (("attn.qkv", "attn.c_attn", 3 * d), ("attn.proj", "attn.c_proj", d),
                                             ("mlp.up", "mlp.c_fc", hidden), ("mlp.down", "mlp.c_proj", d)):
            out[f"{theirs}{their_conv}.weight"] = state[f"{ours}{our_linear}.weight"].t().contiguous()
            out[f"{theirs}{their_conv}.bias"] = bias_of(f"{ours}{our_linear}.bias", size)
    out["transformer.ln_f.weight"] = state["norm_f.weight"]
    out["transformer.ln_f.bias"] = bias_of("norm_f.bias", d)
    if not config.tie_embeddings:
        out["lm_head.weight"] = state["head.weight"]
    return out


def from_gpt2(tensors: dict[str, torch.Tensor], config: ModelConfig) -> dict[str, torch.Tensor]:
    t = _stripper(tensors, "transformer.")
    state = {"tok_emb.weight": t("wte.weight"), "pos_emb.weight": t("wpe.weight")}
    for i in range(config.n_layer):
        ours, theirs = f"blocks.{i}.", f"h.{i}."
        for our_norm, their_norm in (("norm1", "ln_1"), ("norm2", "ln_2")):
            state[f"{ours}{our_norm}.weight"] = t(f"{theirs}{their_norm}.weight")
            state[f"{ours}{our_norm}.bias"] = t(f"{theirs}{their_norm}.bias")
        for our_linear, their_conv in (("attn.qkv", "attn.c_attn"), ("attn.proj", "attn.c_proj"),
                                       ("mlp.up", "mlp.c_fc"), ("mlp.down", "mlp.c_proj")):
            state[f"{ours}{our_linear}.weight"] = t(f"{theirs}{their_conv}.weight").t().contiguous()
            state[f"{ours}{our_linear}.bias"] = t(f"{theirs}{their_conv}.bias")
    state["norm_f.weight"] = t("ln_f.weight")
    state["norm_f.bias"] = t("ln_f.bias")
    if not config.tie_embeddings:
        state["head.weight"] = t("lm_head.weight")
    return state


def _stripper(tensors: dict[str, torch.Tensor], prefix: str) -> Any:
    """A lookup that accepts names with or without the base-model prefix."""

    def get(name: str) -> torch.Tensor:
        for key in (prefix + name, name):
            if key in tensors:
                return tensors[key]
        raise StudioError(f"the checkpoint has no tensor {prefix + name}; the files do not match config.json")

    return get


def hf_config(config: ModelConfig, layout: str, specials: dict[str, int | None]) -> dict[str, Any]:
    """``config.json`` for ``transformers``."""
    common = {"vocab_size": config.vocab_size, "tie_word_embeddings": config.tie_embeddings,
              "bos_token_id": specials.get("bos"), "eos_token_id": specials.get("eos"),
              "pad_token_id": specials.get("pad"), "torch_dtype": "float32", "use_cache": True}
    if layout == "llama":
        return {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": config.d_model,
                "intermediate_size": config.mlp_hidden, "num_hidden_layers": config.n_layer,
                "num_attention_heads": config.n_head, "num_key_value_heads": config.kv_heads,
                "head_dim": config.head_dim, "hidden_act": "silu", "max_position_embeddings": config.context_length,
                "rms_norm_eps": config.eps, "rope_theta": float(config.rope_theta), "rope_scaling": None,
                "attention_bias": config.bias, "mlp_bias": config.bias, "attention_dropout": 0.0,
                "initializer_range": 0.02, "pretraining_tp": 1, **common}
    return {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": config.d_model,
            "n_layer": config.n_layer, "n_head": config.n_head, "n_inner": config.mlp_hidden,
            "n_positions": config.context_length, "n_ctx": config.context_length,
            "activation_function": "gelu_new" if config.activation == "gelu_tanh" else "gelu",
            "layer_norm_epsilon": config.eps, "resid_pdrop": 0.0, "embd_pdrop": 0.0, "attn_pdrop": 0.0,
            "scale_attn_weights": True, "scale_attn_by_inverse_layer_idx": False,
            "reorder_and_upcast_attn": False, "initializer_range": 0.02, **common}


def model_config_from_hf(data: dict[str, Any], embedding_rows: int, tied: bool) -> tuple[str, ModelConfig]:
    """The layout and llmstudio ``ModelConfig`` of a Hugging Face ``config.json``."""
    kind = data.get("model_type")
    if kind == "llama":
        return "llama", _llama_config(data, embedding_rows, tied)
    if kind == "gpt2":
        return "gpt2", _gpt2_config(data, embedding_rows, tied)
    raise StudioError(f"model_type {kind!r} is not supported; supported architectures: {SUPPORTED}")


def _need(condition: bool, message: str) -> None:
    if not condition:
        raise StudioError(message)


def _llama_config(data: dict[str, Any], rows: int, tied: bool) -> ModelConfig:
    d, heads = int(data["hidden_size"]), int(data["num_attention_heads"])
    _need(data.get("hidden_act", "silu") == "silu", f"hidden_act {data.get('hidden_act')!r} is not supported (silu only)")
    rope = data.get("rope_scaling") or {}
    params = data.get("rope_parameters") or {}
    _need(not rope and params.get("rope_type", "default") == "default",
          "RoPE scaling (rope_scaling / rope_parameters) is not supported; only plain RoPE models import")
    _need(int(data.get("head_dim") or d // heads) * heads == d, "head_dim * num_attention_heads must equal hidden_size")
    _need(bool(data.get("attention_bias", False)) == bool(data.get("mlp_bias", False)),
          "attention_bias and mlp_bias must agree (llmstudio has one bias setting)")
    _need(int(data.get("pretraining_tp", 1)) == 1, "pretraining_tp other than 1 is not supported")
    hidden = int(data["intermediate_size"])
    return ModelConfig(
        vocab_size=rows, n_layer=int(data["num_hidden_layers"]), n_head=heads,
        n_kv_head=int(data.get("num_key_value_heads") or heads), d_model=d, mlp_ratio=hidden * 1.5 / d,
        mlp_width=hidden, context_length=int(data.get("max_position_embeddings", 2048)), dropout=0.0,
        bias=bool(data.get("attention_bias", False)), tie_embeddings=tied, pos_encoding="rope", norm="rmsnorm",
        activation="swiglu", rope_theta=float(params.get("rope_theta") or data.get("rope_theta") or 10000.0),
        norm_eps=float(data.get("rms_norm_eps", 1e-6)),
    )


def _gpt2_config(data: dict[str, Any], rows: int, tied: bool) -> ModelConfig:
    d = int(data["n_embd"])
    act = data.get("activation_function", "gelu_new")
    _need(act in ("gelu", "gelu_new", "gelu_pytorch_tanh"), f"activation_function {act!r} is not supported (gelu, gelu_new)")
    _need(not data.get("scale_attn_by_inverse_layer_idx") and not data.get("reorder_and_upcast_attn"),
          "scale_attn_by_inverse_layer_idx and reorder_and_upcast_attn are not supported")
    _need(data.get("scale_attn_weights", True), "scale_attn_weights=false is not supported")
    hidden = int(data.get("n_inner") or 4 * d)
    return ModelConfig(
        vocab_size=rows, n_layer=int(data["n_layer"]), n_head=int(data["n_head"]), d_model=d,
        mlp_ratio=hidden / d, mlp_width=hidden, context_length=int(data.get("n_positions", 1024)), dropout=0.0,
        bias=True, tie_embeddings=tied, pos_encoding="learned", norm="layernorm",
        activation="gelu" if act == "gelu" else "gelu_tanh", norm_eps=float(data.get("layer_norm_epsilon", 1e-5)),
    )


def to_hf(state: dict[str, torch.Tensor], config: ModelConfig, layout: str) -> dict[str, torch.Tensor]:
    return to_llama(state, config) if layout == "llama" else to_gpt2(state, config)


def from_hf(tensors: dict[str, torch.Tensor], config: ModelConfig, layout: str) -> dict[str, torch.Tensor]:
    return from_llama(tensors, config) if layout == "llama" else from_gpt2(tensors, config)


def with_vocab(config: ModelConfig, vocab_size: int) -> ModelConfig:
    return replace(config, vocab_size=vocab_size)
