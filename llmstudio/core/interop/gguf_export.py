"""Export a run as one GGUF file for llama.cpp (and Ollama, LM Studio...), with the ``gguf`` package.

Tensor names and metadata keys follow llama.cpp's ``llama`` and ``gpt2`` architectures.
llama.cpp's Llama applies RoPE to interleaved channel pairs, as llmstudio does, so q and k
are written as llmstudio holds them (no ``rotate_half`` reordering, unlike the Hugging Face
export). Weights are f32, f16 (refused when a weight is beyond f16's range) or Q8_0 (2-D
weights whose rows are a multiple of 32 values; norms, biases and other tensors stay f32,
as llama.cpp's own converter does). The tokenizer goes in as llama.cpp's "llama"
(sentencepiece) or "gpt2" (byte-level BPE ``tokenizer.json``) vocabulary. The file is
written under a temporary name and renamed when complete. llama.cpp's GPT-2 uses the tanh
GELU; a run trained with model.activation=gelu (exact) differs from it very slightly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.interop.architecture import layout_for
from llmstudio.core.interop.hf_export import cast_tensors
from llmstudio.core.interop.run_weights import RunWeights, exportable_run, load_run_weights
from llmstudio.core.interop.sentencepiece_convert import read_sentencepiece
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.project import Project
from llmstudio.core.text_tokenizer import HF_MODEL_TYPE, load_text_tokenizer

GGUF_DTYPES = ("f32", "f16", "q8_0")
Q8_BLOCK = 32


def _gguf() -> Any:
    try:
        import gguf
    except ImportError as exc:
        raise StudioError("GGUF export needs the 'gguf' package; install llmstudio with its hf extra "
                          "(pip install 'llmstudio[hf]')") from exc
    return gguf


def gguf_tensors(state: dict[str, torch.Tensor], config: ModelConfig, layout: str) -> dict[str, torch.Tensor]:
    """llmstudio's tensors under llama.cpp's names, in llmstudio's (out, in) orientation."""
    d, kv = config.d_model, config.kv_heads * config.head_dim
    hidden = config.mlp_hidden
    out = {"token_embd.weight": state["tok_emb.weight"], "output_norm.weight": state["norm_f.weight"]}
    if "norm_f.bias" in state:
        out["output_norm.bias"] = state["norm_f.bias"]
    if not config.tie_embeddings:
        out["output.weight"] = state["head.weight"]
    if layout == "gpt2":
        out["position_embd.weight"] = state["pos_emb.weight"]
    kinds = ["weight", "bias"] if config.bias else ["weight"]
    for i in range(config.n_layer):
        ours, theirs = f"blocks.{i}.", f"blk.{i}."
        for norm, name in (("norm1", "attn_norm"), ("norm2", "ffn_norm")):
            for kind in ("weight", "bias"):
                if f"{ours}{norm}.{kind}" in state:
                    out[f"{theirs}{name}.{kind}"] = state[f"{ours}{norm}.{kind}"]
        for kind in kinds:
            qkv = state[f"{ours}attn.qkv.{kind}"]
            if layout == "llama":
                q, k, v = qkv.split((d, kv, kv), dim=0)
                out[f"{theirs}attn_q.{kind}"], out[f"{theirs}attn_k.{kind}"] = q, k
                out[f"{theirs}attn_v.{kind}"] = v
                gate, up = state[f"{ours}mlp.up.{kind}"].split((hidden, hidden), dim=0)
                out[f"{theirs}ffn_gate.{kind}"], out[f"{theirs}ffn_up.{kind}"] = gate, up
            else:
                out[f"{theirs}attn_qkv.{kind}"] = qkv
                out[f"{theirs}ffn_up.{kind}"] = state[f"{ours}mlp.up.{kind}"]
            out[f"{theirs}attn_output.{kind}"] = state[f"{ours}attn.proj.{kind}"]
            out[f"{theirs}ffn_down.{kind}"] = state[f"{ours}mlp.down.{kind}"]
    return {k: v.contiguous() for k, v in out.items()}


def export_gguf(
    project: Project,
    run_id: int | None,
    out: Path,
    which: str = "latest",
    dtype: str = "f16",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write run ``run_id`` to the GGUF file ``out`` (which must not exist yet)."""
    gguf = _gguf()
    cancel = cancel or CancelToken()
    if dtype not in GGUF_DTYPES:
        raise StudioError(f"a GGUF export is f32, f16 or q8_0, not {dtype!r}")
    out = Path(out).expanduser()
    if out.exists():
        raise StudioError(f"{out} already exists; choose a new file name for the export")
    if not out.parent.is_dir():
        raise StudioError(f"the folder {out.parent} does not exist; create it first or choose another place for OUT")
    run = exportable_run(project, run_id, which)  # before any progress line
    progress(None, "reading the checkpoint")
    weights = load_run_weights(project, run.id, which)
    layout = layout_for(weights.config)
    tensors = gguf_tensors(weights.state, weights.config, layout)
    if dtype == "f16":  # matrices in f16; norms and biases stay f32, as llama.cpp's converter does
        halves = cast_tensors(tensors, "f16")
        tensors = {name: halves[name] if tensor.ndim == 2 else tensor for name, tensor in tensors.items()}
    tmp = out.with_name(f".{out.name}.exporting")
    writer = gguf.GGUFWriter(str(tmp), layout)
    try:
        _metadata(gguf, writer, weights, layout, dtype)
        _tokenizer(gguf, writer, project, weights)
        for index, (name, tensor) in enumerate(tensors.items()):
            cancel.raise_if_cancelled()
            progress(index / len(tensors), f"adding {name}")
            array = tensor.numpy()
            if dtype == "q8_0" and array.ndim == 2 and array.shape[-1] % Q8_BLOCK == 0:
                quantized = gguf.quants.quantize(array.astype(np.float32), gguf.GGMLQuantizationType.Q8_0)
                writer.add_tensor(name, quantized, raw_shape=quantized.shape,
                                  raw_dtype=gguf.GGMLQuantizationType.Q8_0)
            else:
                writer.add_tensor(name, array)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        writer.close()
        tmp.unlink(missing_ok=True)
        raise
    progress(1.0, f"exported run {weights.run.id} as {layout} GGUF ({dtype}) to {out}")
    return out


def _metadata(gguf: Any, writer: Any, weights: RunWeights, layout: str, dtype: str) -> None:
    config = weights.config
    writer.add_name(weights.run.name)
    writer.add_context_length(config.context_length)
    writer.add_embedding_length(config.d_model)
    writer.add_block_count(config.n_layer)
    writer.add_feed_forward_length(config.mlp_hidden)
    writer.add_head_count(config.n_head)
    file_type = {"f32": gguf.LlamaFileType.ALL_F32, "f16": gguf.LlamaFileType.MOSTLY_F16,
                 "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0}[dtype]
    writer.add_file_type(file_type)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
    if layout == "llama":
        writer.add_head_count_kv(config.kv_heads)
        writer.add_layer_norm_rms_eps(config.eps)
        writer.add_rope_freq_base(float(config.rope_theta))
        writer.add_rope_dimension_count(config.head_dim)
        writer.add_vocab_size(config.vocab_size)
    else:
        writer.add_layer_norm_eps(config.eps)


def _tokenizer(gguf: Any, writer: Any, project: Project, weights: RunWeights) -> None:
    summary = weights.tokenizer
    text = load_text_tokenizer(project, summary)
    path = project.absolute(summary.model_path)
    rows = weights.config.vocab_size
    if summary.model_type == HF_MODEL_TYPE:
        data = json.loads(path.read_text(encoding="utf-8"))
        model = data.get("model", {})
        if model.get("type") != "BPE" or not isinstance(model.get("vocab"), dict):
            raise StudioError("only byte-level BPE tokenizer.json files go into GGUF (llama.cpp's gpt2 vocabulary); "
                              "export this run with --format hf instead")
        vocab: dict[str, int] = dict(model["vocab"])
        special = {t["content"]: t["id"] for t in data.get("added_tokens", [])}
        vocab.update(special)
        tokens = [f"[PAD{i}]" for i in range(rows)]
        types = [gguf.TokenType.UNUSED] * rows
        for token, index in vocab.items():
            if index < rows:
                tokens[index] = token
                types[index] = gguf.TokenType.CONTROL if token in special else gguf.TokenType.NORMAL
        merges = [m if isinstance(m, str) else " ".join(m) for m in model.get("merges", [])]
        writer.add_tokenizer_model("gpt2")
        writer.add_tokenizer_pre("default")
        writer.add_token_list(tokens)
        writer.add_token_types(types)
        writer.add_token_merges(merges)
    else:
        sp = read_sentencepiece(path.read_bytes())
        pieces = sp.pieces + [type(sp.pieces[0])(f"[PAD{i}]", 0.0, 5) for i in range(len(sp.pieces), rows)]
        writer.add_tokenizer_model("llama")
        writer.add_tokenizer_pre("default")
        writer.add_token_list([p.text for p in pieces])
        writer.add_token_scores([float(p.score) for p in pieces])
        writer.add_token_types([int(p.kind) for p in pieces])
        writer.add_add_space_prefix(sp.add_dummy_prefix)
    writer.add_eos_token_id(text.eos_id)
    if text.bos_id is not None:
        writer.add_bos_token_id(text.bos_id)
    if text.unk_id is not None:
        writer.add_unk_token_id(text.unk_id)
    writer.add_add_bos_token(False)
    writer.add_add_eos_token(False)
