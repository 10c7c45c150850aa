"""A classifier run as ``LlamaForSequenceClassification`` / ``GPT2ForSequenceClassification``.

``transformers`` scores a sequence from the state of its last non-padding token, through a
score layer without a bias. Our classifier pools the last token too when it trained with
``classify.pooling=last`` (mean pooling has no ``transformers`` equivalent and is refused
with the setting to change); its score layer has a bias unless ``classify.score_bias=false``.
The bias is carried exactly where the layout allows it: in the GPT-2 layout the final
LayerNorm's bias ``b`` feeds only the score layer ``W``, so ``b' = b + W⁺c`` (``W⁺`` the
pseudo-inverse, exact while the labels are no more than the width) gives ``W b' = W b + c``.
Llama's RMSNorm has no bias to carry it: a non-zero bias there is refused with the fix. Our
documents end with the end-of-text token, so the exported tokenizer appends it too, and the
padding id is another token (``transformers`` pools the last token that is not padding).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file

from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.runs import classifier_run, read_info, run_folder
from llmstudio.core.errors import StudioError
from llmstudio.core.interop.architecture import CLASSIFIER_ARCHITECTURES, layout_for, pooling_problem
from llmstudio.core.interop.layouts import to_hf
from llmstudio.core.interop.run_weights import RunWeights
from llmstudio.core.model.build import model_config_for
from llmstudio.core.model.lora import merge_lora_state
from llmstudio.core.project import Project
from llmstudio.core.runs import run_config
from llmstudio.core.training import checkpoint as ckpt

BIAS_TOLERANCE = 1e-6  # relative error of the folded bias, checked in float64


def check_classifier_export(project: Project, run_id: int) -> ClassifierRunConfig:
    """Classifier run ``run_id``'s config, or a ``StudioError`` when transformers could not read the export."""
    config = ClassifierRunConfig.from_dict(run_config(project, run_id))
    if (problem := pooling_problem(run_id, config.classify.pooling, config.classify.windows)) is not None:
        raise StudioError(problem)
    return config


def classifier_weights(project: Project, run_id: int, which: str) -> tuple[RunWeights, str, dict[str, Any]]:
    """The run's weights (as ``RunWeights``), its layout and the ``config.json`` entries a
    sequence classifier adds (architectures, id2label, label2id, problem_type)."""
    run = classifier_run(project, run_id)
    config = check_classifier_export(project, run.id)
    info = read_info(project, run.id)
    tokenizer = project.tokenizer(run.tokenizer_id)
    model_config = replace(model_config_for(config.model, tokenizer), tie_embeddings=True)  # no LM head here
    layout = layout_for(model_config)
    found = ckpt.find_checkpoint(run_folder(project, run), which)
    state = {k: v.double() for k, v in merge_lora_state(ckpt.model_tensors(
        load_file(str(found.folder / "model.safetensors"), device="cpu"))).items()}
    if tokenizer.vocab_size > state["tok_emb.weight"].shape[0]:
        raise StudioError(f"the tokenizer has {tokenizer.vocab_size} tokens but classifier run {run.id}'s embedding "
                          "fewer; the run was trained with another tokenizer")
    score, bias = state.pop("score.weight"), state.pop("score.bias", None)
    if bias is not None and bool(bias.abs().max() > 0):
        state = _fold_bias(state, score, bias, layout, run.id, model_config.d_model)
    weights = RunWeights(run, model_config, {k: v.float() for k, v in state.items()}, tokenizer, found.step)
    labels = list(info.labels)
    extra: dict[str, Any] = {
        "architectures": [CLASSIFIER_ARCHITECTURES[layout]],
        "id2label": {str(i): label for i, label in enumerate(labels)},
        "label2id": {label: i for i, label in enumerate(labels)},
        "problem_type": "multi_label_classification" if info.multi_label else "single_label_classification",
    }
    return replace(weights, state={**weights.state, "score.weight": score.float()}), layout, extra


def classifier_tensors(weights: RunWeights, layout: str) -> dict[str, torch.Tensor]:
    """The body in the layout's names plus ``score.weight``; no language-model head."""
    state = {k: v for k, v in weights.state.items() if k != "score.weight"}
    tensors = to_hf(state, weights.config, layout)
    tensors.pop("lm_head.weight", None)
    tensors["score.weight"] = weights.state["score.weight"]
    return tensors


def pad_token_id(eos: int | None, vocab_size: int) -> int:
    """A padding id that is not the end-of-text token every encoded document ends with: ``transformers``
    reads the last token that is not padding, which must be that end token, as in our classifier."""
    return next(i for i in range(vocab_size) if i != eos)


def _fold_bias(state: dict[str, torch.Tensor], score: torch.Tensor, bias: torch.Tensor, layout: str, run_id: int,
               width: int) -> dict[str, torch.Tensor]:
    if layout != "gpt2":
        raise StudioError(
            f"classifier run {run_id}'s score layer has a bias, which LlamaForSequenceClassification cannot hold "
            "(its score layer has none and RMSNorm has no bias to carry it); train it again with "
            "--set classify.score_bias=false to export it")
    shift = torch.linalg.pinv(score) @ bias  # (C,): W @ shift == bias when W has full row rank
    if float((score @ shift - bias).abs().max()) > BIAS_TOLERANCE * max(1.0, float(bias.abs().max())):
        raise StudioError(
            f"classifier run {run_id}'s score bias cannot be carried exactly (its {score.shape[0]} labels are "
            f"more than the model width {width}, or the score rows are dependent); train it again with "
            "--set classify.score_bias=false to export it")
    ln_bias = state.get("norm_f.bias", torch.zeros(width, dtype=torch.float64))
    return {**state, "norm_f.bias": ln_bias + shift}


def classifier_tokenizer(folder: Path, eos: int | None, pad: int) -> None:
    """Make the exported tokenizer end every text with the end-of-text token, as our classifier
    encodes documents, and pad with ``pad``, so ``tokenizer(texts, padding=True)`` feeds the
    exported model what ours reads."""
    import json

    from tokenizers import Tokenizer, processors

    path = folder / "tokenizer.json"
    if eos is None or not path.is_file():
        return
    tokenizer = Tokenizer.from_file(str(path))
    token = tokenizer.id_to_token(eos)
    tokenizer.post_processor = processors.TemplateProcessing(single=f"$A:0 {token}:0", pair=f"$A:0 $B:1 {token}:1",
                                                             special_tokens=[(token, eos)])
    tokenizer.save(str(path))
    config_path = folder / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
    config.update(pad_token=tokenizer.id_to_token(pad), padding_side="right")
    config_path.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
