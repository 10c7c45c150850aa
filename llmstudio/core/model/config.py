"""The model configuration: a validated dataclass whose errors name the user-facing setting.

This module does not import torch, so the Model panel can show sizes and validate
settings while the app starts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

from llmstudio.core.errors import ConfigError
from llmstudio.core.settings import setting

PosEncoding = Literal["learned", "sinusoidal", "rope"]
Norm = Literal["layernorm", "rmsnorm"]
Activation = Literal["gelu", "gelu_tanh", "swiglu"]
POS_ENCODINGS: tuple[str, ...] = get_args(PosEncoding)
NORMS: tuple[str, ...] = get_args(Norm)
ACTIVATIONS: tuple[str, ...] = get_args(Activation)


@dataclass(frozen=True)
class ModelConfig:
    """A decoder-only Transformer. Each field's help is shown as a tooltip in the app."""

    vocab_size: int = setting(0, "Number of tokens; taken from the tokenizer when training starts (0 = not known yet).",
                              unit="tokens", minimum=0)
    n_layer: int = setting(4, "Number of Transformer blocks stacked on top of each other.", minimum=1)
    n_head: int = setting(4, "Attention heads per block; must divide d_model.", minimum=1)
    n_kv_head: int = setting(0, "Key/value heads (grouped-query attention); 0 means the same as n_head; "
                                "must divide n_head.", minimum=0)
    d_model: int = setting(128, "Width of the residual stream (embedding size).", minimum=1)
    mlp_ratio: float = setting(4.0, "Width of the MLP as a multiple of d_model.", unit="× d_model")
    context_length: int = setting(128, "How many tokens the model sees at once (block size).", unit="tokens", minimum=2)
    dropout: float = setting(0.0, "Dropout probability during training (0 for small data is usually best below "
                                  "~10M tokens).", minimum=0.0, maximum=1.0)
    bias: bool = setting(False, "Use bias terms in linear layers and norms.")
    tie_embeddings: bool = setting(True, "Share the token embedding with the output layer (fewer parameters).")
    pos_encoding: PosEncoding = setting("learned", "Positional encoding: learned, sinusoidal or rope.")
    norm: Norm = setting("layernorm", "Normalisation: layernorm or rmsnorm.")
    activation: Activation = setting("gelu", "MLP activation: gelu, gelu_tanh (GPT-2's tanh approximation) "
                                             "or swiglu.")
    mlp_width: int = setting(0, "Exact MLP hidden width (0 = derived from mlp_ratio); imported models set it.",
                             minimum=0)
    rope_theta: float = setting(10000.0, "RoPE base frequency (only with pos_encoding rope).", minimum=1.0)
    norm_eps: float = setting(0.0, "Epsilon of the norms (0 = the default: 1e-5 for layernorm, 1e-6 for rmsnorm).",
                              minimum=0.0, maximum=0.1)

    def __post_init__(self) -> None:
        def need(condition: bool, message: str) -> None:
            if not condition:
                raise ConfigError(message)

        for name in ("vocab_size", "n_layer", "n_head", "n_kv_head", "d_model", "context_length", "mlp_width"):
            value = getattr(self, name)
            need(isinstance(value, int) and not isinstance(value, bool), f"model.{name} must be a whole number, not {value!r}")
        need(self.vocab_size >= 0, "model.vocab_size must be >= 0")
        need(self.n_layer >= 1, f"model.n_layer must be at least 1, not {self.n_layer}")
        need(self.n_head >= 1, f"model.n_head must be at least 1, not {self.n_head}")
        need(self.d_model >= 1, f"model.d_model must be at least 1, not {self.d_model}")
        need(
            self.d_model % self.n_head == 0,
            f"model.n_head ({self.n_head}) must divide model.d_model ({self.d_model}); "
            f"try n_head {_divisor_hint(self.d_model, self.n_head)}",
        )
        need(self.n_kv_head >= 0, "model.n_kv_head must be >= 0 (0 = same as n_head)")
        need(
            self.kv_heads <= self.n_head and self.n_head % self.kv_heads == 0,
            f"model.n_kv_head ({self.n_kv_head}) must divide model.n_head ({self.n_head})",
        )
        if self.pos_encoding == "rope":
            need(self.head_dim % 2 == 0, f"rope needs an even head size; d_model/n_head is {self.head_dim}")
        need(self.context_length >= 2, f"model.context_length must be at least 2, not {self.context_length}")
        need(0.0 <= float(self.dropout) < 1.0, f"model.dropout must be in [0, 1), not {self.dropout}")
        need(float(self.mlp_ratio) > 0, f"model.mlp_ratio must be positive, not {self.mlp_ratio}")
        need(self.mlp_width >= 0, f"model.mlp_width must be >= 0 (0 = from mlp_ratio), not {self.mlp_width}")
        need(float(self.rope_theta) > 0, f"model.rope_theta must be positive, not {self.rope_theta}")
        need(0.0 <= float(self.norm_eps) < 1.0, f"model.norm_eps must be in [0, 1) (0 = default), not {self.norm_eps}")
        need(self.pos_encoding in POS_ENCODINGS, f"model.pos_encoding must be one of {', '.join(POS_ENCODINGS)}, not {self.pos_encoding!r}")
        need(self.norm in NORMS, f"model.norm must be one of {', '.join(NORMS)}, not {self.norm!r}")
        need(self.activation in ACTIVATIONS, f"model.activation must be one of {', '.join(ACTIVATIONS)}, not {self.activation!r}")

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_head

    @property
    def kv_heads(self) -> int:
        return self.n_kv_head or self.n_head

    @property
    def mlp_hidden(self) -> int:
        if self.mlp_width:
            return self.mlp_width
        hidden = int(self.mlp_ratio * self.d_model)
        if self.activation == "swiglu":
            hidden = int(2 * hidden / 3)  # same parameter count as a GELU MLP of mlp_ratio
        return max(1, hidden)

    @property
    def eps(self) -> float:
        """The norms' epsilon: the setting, or the default of the norm kind."""
        return float(self.norm_eps) or (1e-6 if self.norm == "rmsnorm" else 1e-5)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _divisor_hint(d_model: int, n_head: int) -> str:
    divisors = [h for h in range(1, min(d_model, 64) + 1) if d_model % h == 0]
    near = sorted(divisors, key=lambda h: abs(h - n_head))[:3]
    return " or ".join(str(h) for h in sorted(near))
