"""What a model will cost, computed from its config without torch.

Parameter count matches ``GPT.num_parameters()`` exactly (tested). FLOPs per token follow
the PaLM / nanoGPT convention: 6N for the matrix multiplies of the forward and backward
passes plus 12·L·T·d for attention. Training memory adds weights, gradients, AdamW's two
moments and an activation estimate (Korthikanti et al. 2022, without recomputation).
"""

from __future__ import annotations

from dataclasses import dataclass

from llmstudio.core.model.config import ModelConfig


def parameter_count(config: ModelConfig, vocab_size: int | None = None) -> int:
    V = vocab_size or config.vocab_size
    d, L, bias = config.d_model, config.n_layer, int(config.bias)
    kv_dim = config.kv_heads * config.head_dim
    hidden = config.mlp_hidden
    norm = d if config.norm == "rmsnorm" else d * (1 + bias)
    attn = d * (d + 2 * kv_dim) + bias * (d + 2 * kv_dim) + d * d + bias * d
    up = d * hidden * (2 if config.activation == "swiglu" else 1)
    mlp = up + bias * (hidden * (2 if config.activation == "swiglu" else 1)) + hidden * d + bias * d
    block = 2 * norm + attn + mlp
    total = V * d + L * block + norm
    if config.pos_encoding == "learned":
        total += config.context_length * d
    if not config.tie_embeddings:
        total += V * d
    return total


def flops_per_token(config: ModelConfig, vocab_size: int | None = None) -> float:
    """Training FLOPs per token (forward + backward)."""
    n = parameter_count(config, vocab_size)
    if config.pos_encoding == "learned":
        n -= config.context_length * config.d_model
    return 6.0 * n + 12.0 * config.n_layer * config.context_length * config.d_model


@dataclass(frozen=True)
class MemoryEstimate:
    weights: int
    gradients: int
    optimizer: int
    activations: int

    @property
    def total(self) -> int:
        return self.weights + self.gradients + self.optimizer + self.activations


def lora_parameter_count(config: ModelConfig, rank: int, targets: tuple[str, ...] | list[str]) -> int:
    """Parameters of the LoRA adapters (rank × (in + out) per targeted projection per block)."""
    d, kv_dim, hidden = config.d_model, config.kv_heads * config.head_dim, config.mlp_hidden
    up_out = hidden * (2 if config.activation == "swiglu" else 1)
    shapes = {"qkv": (d, d + 2 * kv_dim), "proj": (d, d), "up": (d, up_out), "down": (hidden, d)}
    return config.n_layer * sum(rank * sum(shapes[t]) for t in targets)


def training_memory(config: ModelConfig, batch_size: int, precision: str = "fp32",
                    vocab_size: int | None = None, lora_rank: int = 0,
                    lora_targets: tuple[str, ...] = ()) -> MemoryEstimate:
    """Bytes needed to train with AdamW at a micro-batch size; precision fp32 / bf16 / fp16.

    With ``lora_rank`` the frozen weights need no gradients and no AdamW moments: those are
    kept for the adapters only (the activations are about the same).
    """
    n = parameter_count(config, vocab_size)
    if lora_rank:
        adapters = lora_parameter_count(config, lora_rank, lora_targets)
        full = training_memory(config, batch_size, precision, vocab_size)
        return MemoryEstimate(weights=4 * (n + adapters), gradients=4 * adapters, optimizer=8 * adapters,
                              activations=full.activations)
    act_bytes = 4 if precision in ("fp32", "auto") else 2
    B, T, d, h, L = batch_size, config.context_length, config.d_model, config.n_head, config.n_layer
    V = vocab_size or config.vocab_size
    # Per layer: ~34·s·b·h bytes at 16 bit plus 5·a·s²·b for attention scores (Korthikanti);
    # SDPA's fused kernels avoid most of the s² term, so count it once per layer, not five times.
    per_layer = (34 * T * B * d) * act_bytes // 2 + h * T * T * B * act_bytes
    logits = B * T * V * 4 * 2  # fp32 logits and their gradient
    return MemoryEstimate(weights=4 * n, gradients=4 * n, optimizer=8 * n, activations=L * per_layer + logits)


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def human_count(n: float) -> str:
    for unit, scale in (("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(n) >= scale:
            return f"{n / scale:.2f}{unit}"
    return f"{n:.0f}"
