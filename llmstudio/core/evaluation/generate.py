"""Sampling text from a run's checkpoint (temperature and top-k)."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.loading import load_run
from llmstudio.core.project import Project


@dataclass(frozen=True)
class SampleSettings:
    max_new_tokens: int = 200
    temperature: float = 0.8
    top_k: int = 50
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise StudioError("max new tokens must be at least 1")
        if self.temperature <= 0:
            raise StudioError("temperature must be greater than 0 (try 0.8)")
        if self.top_k < 0:
            raise StudioError("top-k must be 0 (off) or more")


class Generator:
    """A loaded model + tokenizer, ready to sample; load once, sample many times."""

    def __init__(self, project: Project, run_id: int | None = None, device: str = "auto",
                 which: str = "latest") -> None:
        loaded = load_run(project, run_id, which, device)
        self.device, self.model, self.processor = loaded.device, loaded.model, loaded.processor
        self.run_id, self.step = loaded.run.id, loaded.checkpoint.step

    @torch.no_grad()
    def sample(self, prompt: str, settings: SampleSettings = SampleSettings()) -> str:
        ids = self.processor.encode(prompt) if prompt else []
        if not ids:
            ids = [self.processor.eos_id]  # an empty prompt starts a fresh document
        generator = torch.Generator(device="cpu")
        if settings.seed is not None:
            generator.manual_seed(settings.seed)
        else:
            generator.seed()
        context = self.model.config.context_length
        idx = torch.tensor([ids], dtype=torch.long, device=self.device)
        new: list[int] = []
        for _ in range(settings.max_new_tokens):
            logits, _ = self.model(idx[:, -context:])
            logits = logits[:, -1, :].float().cpu() / settings.temperature
            if settings.top_k:
                k = min(settings.top_k, logits.size(-1))
                threshold = torch.topk(logits, k).values[:, [-1]]
                logits[logits < threshold] = -float("inf")
            token = torch.multinomial(torch.softmax(logits, dim=-1), 1, generator=generator)
            if int(token) == self.processor.eos_id:
                break
            new.append(int(token))
            idx = torch.cat([idx, token.to(self.device)], dim=1)
        return self.processor.decode(ids + new if prompt else new)


def generate(project: Project, prompt: str, run_id: int | None = None,
             settings: SampleSettings = SampleSettings(), device: str = "auto", which: str = "latest") -> str:
    """Sample from a run's latest checkpoint, or (``which="best"``) the one with the best val loss."""
    if which not in ("latest", "best"):
        raise StudioError(f"checkpoint must be 'latest' or 'best', not {which!r}")
    return Generator(project, run_id, device, which).sample(prompt, settings)
