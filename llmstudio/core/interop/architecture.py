"""Which Hugging Face architecture a model configuration exports as (torch-free, for dialogs).

Llama takes RoPE + RMSNorm + SwiGLU (with or without grouped-query attention), GPT-2
takes learned positions + LayerNorm + GELU; anything else is refused with the settings to
change. The export dialog asks this on the GUI thread, so the module imports no torch.
"""

from __future__ import annotations

from llmstudio.core.errors import StudioError
from llmstudio.core.model.config import ModelConfig

SUPPORTED = "llama (LlamaForCausalLM) and gpt2 (GPT2LMHeadModel)"
ARCHITECTURES = {"llama": "LlamaForCausalLM", "gpt2": "GPT2LMHeadModel"}
CLASSIFIER_ARCHITECTURES = {"llama": "LlamaForSequenceClassification", "gpt2": "GPT2ForSequenceClassification"}


def layout_for(config: ModelConfig) -> str:
    """'llama' or 'gpt2'; any other combination is refused naming the settings to change."""
    if config.pos_encoding == "rope" and config.norm == "rmsnorm" and config.activation == "swiglu":
        return "llama"
    if config.pos_encoding == "learned" and config.norm == "layernorm" and config.activation in ("gelu", "gelu_tanh"):
        if config.kv_heads != config.n_head:
            raise StudioError("GPT-2 has no grouped-query attention: set model.n_kv_head=0 (or use the Llama layout: "
                              "model.pos_encoding=rope, model.norm=rmsnorm, model.activation=swiglu)")
        return "gpt2"
    raise StudioError(
        f"this run (pos_encoding={config.pos_encoding}, norm={config.norm}, activation={config.activation}) matches no "
        "Hugging Face architecture: for Llama set model.pos_encoding=rope, model.norm=rmsnorm, model.activation=swiglu; "
        "for GPT-2 set model.pos_encoding=learned, model.norm=layernorm, model.activation=gelu"
    )


def pooling_problem(run_id: int, pooling: str, windows: int = 1) -> str | None:
    """Why a classifier run with this pooling (over this many windows per document) cannot export as
    ``...ForSequenceClassification``, or None."""
    if pooling != "last":
        return (f"classifier run {run_id} pools the mean of its token states, but transformers' "
                "...ForSequenceClassification reads the last token's state; train it again with "
                "--set classify.pooling=last to export it")
    if windows > 1:
        return (f"classifier run {run_id} reads a long document as up to {windows} windows, but transformers' "
                "...ForSequenceClassification reads one; train it again with --set classify.windows=1 to export it")
    return None
