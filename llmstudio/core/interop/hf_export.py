"""Export a run as a Hugging Face folder: ``AutoModelForCausalLM`` and ``AutoTokenizer`` load it.

The folder holds ``config.json``, ``generation_config.json``, ``model.safetensors`` and the
tokenizer: a project sentencepiece model is converted to a ``tokenizer.json`` with the same
ids (and the ``tokenizer.model`` is copied too, for tools that want it); an imported
tokenizer is copied as it came. An instruction-tuned run adds its chat template to
``tokenizer_config.json``; a classifier run exports as ``...ForSequenceClassification``
(``hf_classifier``). The folder is written under a temporary name and renamed into place
when complete, so a failed export leaves nothing behind.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

from llmstudio.core.errors import StudioError
from llmstudio.core.instruct.templates import get_template
from llmstudio.core.interop.architecture import layout_for
from llmstudio.core.interop.hf_classifier import (
    check_classifier_export,
    classifier_tensors,
    classifier_tokenizer,
    classifier_weights,
    pad_token_id,
)
from llmstudio.core.interop.layouts import hf_config, to_hf
from llmstudio.core.interop.run_weights import (
    RunWeights,
    copy_licence,
    exportable_run,
    load_run_weights,
)
from llmstudio.core.interop.sentencepiece_convert import special_tokens, to_hf_tokenizer
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.core.runs import RunSummary, run_config
from llmstudio.core.text_tokenizer import HF_MODEL_TYPE, load_text_tokenizer
from llmstudio.core.training.config import RunConfig

log = logging.getLogger(__name__)

HF_DTYPES = {"f32": torch.float32, "f16": torch.float16}
F16_MAX = 65504.0
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model")


def export_hf(
    project: Project,
    run_id: int | None,
    out: Path,
    which: str = "latest",
    dtype: str = "f32",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write run ``run_id`` (its latest or best checkpoint) to the new folder ``out``."""
    cancel = cancel or CancelToken()
    if dtype not in HF_DTYPES:
        raise StudioError(f"a Hugging Face export is f32 or f16, not {dtype!r} (q8_0 is for --format gguf)")
    out = Path(out).expanduser()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise StudioError(f"{out} already exists and is not empty; choose a new folder for the export")

    def check_classifier(run: RunSummary) -> None:  # its pooling before its checkpoint, as training leaves it
        if run.kind == "classifier":
            check_classifier_export(project, run.id)

    run = exportable_run(project, run_id, which, kinds=("lm", "classifier"), checked=check_classifier)  # no progress yet
    progress(None, "reading the checkpoint")
    classifier: dict[str, Any] | None = None
    if run.kind == "classifier":
        weights, layout, classifier = classifier_weights(project, run.id, which)
        tensors = classifier_tensors(weights, layout)
    else:
        weights = load_run_weights(project, run.id, which)
        layout = layout_for(weights.config)
        tensors = to_hf(weights.state, weights.config, layout)
    tensors = cast_tensors(tensors, dtype)
    cancel.raise_if_cancelled()
    tmp = out.with_name(f".{out.name}.exporting")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        progress(0.3, "writing the weights")
        save_file({k: v.contiguous() for k, v in tensors.items()}, str(tmp / "model.safetensors"),
                  metadata={"format": "pt"})
        cancel.raise_if_cancelled()
        progress(0.8, "writing the tokenizer")
        specials = write_tokenizer(project, weights, tmp)
        config = hf_config(weights.config, layout, specials)
        config["torch_dtype"] = "float16" if dtype == "f16" else "float32"
        if classifier is not None:
            pad = specials.get("pad")
            if pad is None or pad == specials.get("eos"):
                pad = pad_token_id(specials.get("eos"), weights.config.vocab_size)
            config.update(classifier, pad_token_id=pad)
            classifier_tokenizer(tmp, specials.get("eos"), pad)
        else:
            _add_chat_template(project, weights, tmp)
        _write_json(tmp / "config.json", config)
        _write_json(tmp / "generation_config.json", {
            "bos_token_id": specials.get("bos"), "eos_token_id": specials.get("eos"),
            "pad_token_id": specials.get("pad"),
        })
        copy_licence(project, weights.run, tmp)
        cancel.raise_if_cancelled()
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    progress(1.0, f"exported run {weights.run.id} (step {weights.step}) as {layout} to {out}")
    log.info("exported run %d as %s to %s", weights.run.id, layout, out)
    return out


def _add_chat_template(project: Project, weights: RunWeights, folder: Path) -> None:
    """An instruction-tuned run's chat template, as ``chat_template`` in ``tokenizer_config.json``."""
    train = RunConfig.from_dict(run_config(project, weights.run.id)).train
    if not train.instruct:
        return
    path = folder / "tokenizer_config.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data["chat_template"] = get_template(train.chat_template).jinja()
    _write_json(path, data)


def cast_tensors(tensors: dict[str, torch.Tensor], dtype: str) -> dict[str, torch.Tensor]:
    """f32 as is; f16 after checking that no weight is too large for half precision."""
    if dtype != "f16":
        return {k: v.float() for k, v in tensors.items()}
    for name, tensor in tensors.items():
        largest = float(tensor.abs().max()) if tensor.numel() else 0.0
        if largest > F16_MAX or not torch.isfinite(tensor).all():
            raise StudioError(f"{name} holds {largest:.3g}, beyond f16's range (65504); export as f32 instead")
    return {k: v.to(torch.float16) for k, v in tensors.items()}


def write_tokenizer(project: Project, weights: RunWeights, folder: Path) -> dict[str, int | None]:
    """Write the tokenizer files; returns the special ids (bos, eos, unk, pad)."""
    summary = weights.tokenizer
    text = load_text_tokenizer(project, summary)
    source = project.absolute(summary.model_path)
    if summary.model_type == HF_MODEL_TYPE:
        for name in TOKENIZER_FILES:
            if (source.parent / name).is_file():
                shutil.copyfile(source.parent / name, folder / name)
        specials_of = getattr(text, "specials", None)
        pad = getattr(specials_of, "pad_id", None)
        if not (folder / "tokenizer_config.json").is_file():
            _write_json(folder / "tokenizer_config.json", _tokenizer_config({}, weights.config.context_length))
        return {"bos": text.bos_id, "eos": text.eos_id, "unk": text.unk_id, "pad": pad}
    model_bytes = source.read_bytes()
    to_hf_tokenizer(model_bytes).save(str(folder / "tokenizer.json"))
    shutil.copyfile(source, folder / "tokenizer.model")
    names = special_tokens(model_bytes)
    _write_json(folder / "special_tokens_map.json", names)
    _write_json(folder / "tokenizer_config.json", _tokenizer_config(names, weights.config.context_length))
    return {"bos": text.bos_id, "eos": text.eos_id, "unk": text.unk_id, "pad": None}


def _tokenizer_config(names: dict[str, str], context_length: int) -> dict[str, object]:
    # Documents were encoded without a start token and each ends with the end token; the
    # exported tokenizer adds neither, so it gives the ids llmstudio trained on.
    return {"tokenizer_class": "PreTrainedTokenizerFast", **names, "add_bos_token": False,
            "add_eos_token": False, "clean_up_tokenization_spaces": False, "model_max_length": context_length}


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
