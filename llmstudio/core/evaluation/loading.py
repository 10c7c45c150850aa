"""Loading a run's checkpoint into a model, with its tokenizer, for evaluation and inspection.

Generation, full-split evaluation and the attention view all start the same way: find the
run, its tokenizer and the chosen checkpoint (latest, or best validation loss), build the
model in the run's shape and load the safetensors weights in eval mode.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.model.build import build_model
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project, TokenizerSummary
from llmstudio.core.runs import RunSummary, get_run, run_config, run_folder
from llmstudio.core.text_tokenizer import TextTokenizer, load_text_tokenizer
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.device import resolve_device

CHECKPOINT_CHOICES = ("latest", "best")


@dataclass
class LoadedRun:
    run: RunSummary
    tokenizer: TokenizerSummary
    checkpoint: ckpt.Checkpoint
    model: GPT
    processor: TextTokenizer
    device: torch.device

    @property
    def which_step(self) -> int:
        return self.checkpoint.step


def load_run(project: Project, run_id: int | None = None, which: str = "latest", device: str = "auto") -> LoadedRun:
    """The run's model from its ``which`` checkpoint, on ``device``, in eval mode."""
    if which not in CHECKPOINT_CHOICES:
        raise StudioError(f"checkpoint must be 'latest' or 'best', not {which!r}")
    run = get_run(project, run_id, kind="lm")
    config = RunConfig.from_dict(run_config(project, run.id))
    tokenizer = project.tokenizer(run.tokenizer_id)
    found = ckpt.find_checkpoint(run_folder(project, run), which)
    torch_device = resolve_device(device)
    model = build_model(config, tokenizer)
    ckpt.load_weights(found, model, torch_device)
    model.to(torch_device).eval()
    return LoadedRun(run, tokenizer, found, model, load_text_tokenizer(project, tokenizer), torch_device)
