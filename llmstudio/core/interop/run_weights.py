"""A run's weights, configuration and tokenizer as the exporters need them.

Both exporters (Hugging Face folder, GGUF file) start from the same thing: the model
configuration with its real vocabulary size, the tensors of the chosen checkpoint (tied
embedding filled in under both names, LoRA adapters merged into their weights), and the
project tokenizer. Reading it once here
keeps the two exporters about formats only.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file

from llmstudio.core.errors import StudioError
from llmstudio.core.model.build import model_config_for
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.lora import merge_lora_state
from llmstudio.core.project import Project, TokenizerSummary
from llmstudio.core.runs import RunSummary, get_run, kind_phrase, run_config, run_folder
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.config import RunConfig

SOURCE_FOLDER = "source"  # inside an imported run's folder: config.json, licence and readme as they came
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "LICENCE.txt")


@dataclass(frozen=True)
class RunWeights:
    run: RunSummary
    config: ModelConfig
    state: dict[str, torch.Tensor]
    tokenizer: TokenizerSummary
    step: int


def exportable_run(project: Project, run_id: int | None, which: str = "latest",
                   kinds: tuple[str, ...] = ("lm",), checked: Callable[[RunSummary], None] | None = None) -> RunSummary:
    """The run an exporter is asked for, checked before any slow work or progress line: it exists,
    it is of a kind the format takes, ``checked(run)`` (a format's own check) raises nothing, and it
    has the checkpoint asked for."""
    if which not in ("latest", "best"):
        raise StudioError(f"checkpoint must be 'latest' or 'best', not {which!r}")
    run = get_run(project, run_id)
    if run.kind not in kinds:
        hint = " (a classifier exports with --format hf, as ...ForSequenceClassification)" if run.kind == "classifier" else ""
        raise StudioError(f"run {run.id} is {kind_phrase(run.kind)}; only language-model runs export as a causal LM{hint}")
    if checked is not None:
        checked(run)
    ckpt.find_checkpoint(run_folder(project, run), which)
    return run


def load_run_weights(project: Project, run_id: int | None, which: str = "latest") -> RunWeights:
    run = exportable_run(project, run_id, which)
    config = RunConfig.from_dict(run_config(project, run.id))
    tokenizer = project.tokenizer(run.tokenizer_id)
    model_config = model_config_for(config, tokenizer)
    found = ckpt.find_checkpoint(run_folder(project, run), which)
    state = merge_lora_state(ckpt.model_tensors(load_file(str(found.folder / "model.safetensors"), device="cpu")))
    if model_config.tie_embeddings:
        shared = state.get("tok_emb.weight", state.get("head.weight"))
        if shared is None:
            raise StudioError(f"checkpoint {found.folder} has no token embedding; it is damaged")
        state["tok_emb.weight"] = state["head.weight"] = shared
    rows = state["tok_emb.weight"].shape[0]
    if tokenizer.vocab_size > rows:
        raise StudioError(f"the tokenizer has {tokenizer.vocab_size} tokens but the embedding only {rows} rows; "
                          "the run was trained with another tokenizer")
    return RunWeights(run, model_config, {k: v.float() for k, v in state.items()}, tokenizer, found.step)


def copy_licence(project: Project, run: RunSummary, out: Path) -> Path | None:
    """Copy an imported model's licence file next to the export (the licence travels with the weights)."""
    folder = run_folder(project, run) / SOURCE_FOLDER
    for name in LICENCE_NAMES:
        if (folder / name).is_file():
            shutil.copyfile(folder / name, out / name)
            return out / name
    return None
