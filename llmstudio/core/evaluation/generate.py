"""Sampling text from a run's checkpoint, token by token (the playground and ``generate``).

``Generator.stream`` yields one ``TokenStep`` per new token as soon as it is sampled: its
text, the probability the model gave it and the model's five most likely tokens at that
position (both from the plain softmax of the logits, before temperature and filtering, so
the colours show what the model believes, not what the sampler allowed). The sampler
applies, in order: repetition penalty (CTRL's rule: a seen token's positive logit is
divided by the penalty, a negative one multiplied), temperature, top-k, then top-p
(nucleus). Generation stops at max new tokens, at the end-of-document token, or when the
text produced contains a stop string (the text is cut before it). A seed makes it repeatable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.loading import load_run
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project

TOP_ALTERNATIVES = 5


@dataclass(frozen=True)
class SampleSettings:
    max_new_tokens: int = 200
    temperature: float = 0.8
    top_k: int = 50
    seed: int | None = None
    top_p: float = 1.0
    repetition_penalty: float = 1.0
    stop: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise StudioError("max new tokens must be at least 1")
        if self.temperature <= 0:
            raise StudioError("temperature must be greater than 0 (try 0.8)")
        if self.top_k < 0:
            raise StudioError("top-k must be 0 (off) or more")
        if not 0.0 < self.top_p <= 1.0:
            raise StudioError(f"top-p must be above 0 and at most 1 (1 = off), not {self.top_p}")
        if self.repetition_penalty < 1.0:
            raise StudioError(f"repetition penalty must be at least 1 (1 = off), not {self.repetition_penalty}")
        object.__setattr__(self, "stop", tuple(s for s in self.stop if s))


@dataclass(frozen=True)
class TokenStep:
    """One sampled token, for streaming views: its text and what the model thought of it."""

    index: int
    token_id: int
    text: str  # text released with this token (empty for a partial character or a possible stop string start)
    probability: float
    alternatives: tuple[tuple[str, float], ...]  # the model's top tokens here (text, probability)
    stopped: str = ""  # "eos" | "stop" | "length" on the last step


def filter_logits(logits: torch.Tensor, seen: list[int], settings: SampleSettings) -> torch.Tensor:
    """Repetition penalty, temperature, top-k and top-p applied to one row of logits (V,)."""
    logits = logits.clone()
    if settings.repetition_penalty != 1.0 and seen:
        index = torch.tensor(sorted(set(seen)), dtype=torch.long)
        picked = logits[index]
        logits[index] = torch.where(picked > 0, picked / settings.repetition_penalty,
                                    picked * settings.repetition_penalty)
    logits = logits / settings.temperature
    if settings.top_k:
        k = min(settings.top_k, logits.size(-1))
        threshold = torch.topk(logits, k).values[-1]
        logits[logits < threshold] = -float("inf")
    if settings.top_p < 1.0:
        ordered, order = torch.sort(logits, descending=True)
        cumulative = torch.softmax(ordered, dim=-1).cumsum(dim=-1)
        drop = cumulative - torch.softmax(ordered, dim=-1) >= settings.top_p  # keep the token that crosses p
        logits[order[drop]] = -float("inf")
    return logits


def _held_back(text: str, stops: tuple[str, ...]) -> int:
    """Length of the longest end of ``text`` that begins some stop string."""
    longest = 0
    for stop in stops:
        for size in range(min(len(stop) - 1, len(text)), longest, -1):
            if text.endswith(stop[:size]):
                longest = size
                break
    return longest


class Generator:
    """A loaded model + tokenizer, ready to sample; load once, sample many times."""

    def __init__(self, project: Project, run_id: int | None = None, device: str = "auto",
                 which: str = "latest") -> None:
        loaded = load_run(project, run_id, which, device)
        self.device, self.model, self.processor = loaded.device, loaded.model, loaded.processor
        self.run_id, self.step = loaded.run.id, loaded.checkpoint.step

    def _piece(self, token_id: int) -> str:
        return self.processor.id_to_piece(token_id).replace("\u2581", " ")

    @torch.no_grad()
    def stream(self, prompt: str, settings: SampleSettings = SampleSettings(),
               cancel: CancelToken | None = None) -> Iterator[TokenStep]:
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
        text, emitted = "", 0
        shown_prompt = self.processor.decode(ids)  # decoding prompt + new keeps the first new token's space
        for index in range(settings.max_new_tokens):
            if cancel is not None:
                cancel.raise_if_cancelled()
            logits, _ = self.model(idx[:, -context:])
            row = logits[0, -1].float().cpu()  # (V,)
            probs = torch.softmax(row, dim=-1)
            filtered = filter_logits(row, ids + new, settings)
            token = int(torch.multinomial(torch.softmax(filtered, dim=-1), 1, generator=generator))
            top = torch.topk(probs, min(TOP_ALTERNATIVES, probs.numel()))
            alternatives = tuple((self._piece(int(i)), float(p)) for p, i in zip(top.values, top.indices,
                                                                                 strict=True))
            if token == self.processor.eos_id:
                yield TokenStep(index, token, text[emitted:], float(probs[token]), alternatives, "eos")
                return
            new.append(token)
            text = self.processor.decode(ids + new)[len(shown_prompt):]
            hit = min((text.index(s) for s in settings.stop if s in text), default=None)
            if hit is not None:
                yield TokenStep(index, token, text[emitted:hit], float(probs[token]), alternatives, "stop")
                return
            last = index == settings.max_new_tokens - 1
            # hold back a tail that may be the start of a stop string, so no stop text is ever shown
            safe = len(text) if last else len(text) - _held_back(text, settings.stop)
            yield TokenStep(index, token, text[emitted:safe], float(probs[token]), alternatives,
                            "length" if last else "")
            emitted = max(emitted, safe)
            idx = torch.cat([idx, torch.tensor([[token]], device=self.device)], dim=1)

    def sample(self, prompt: str, settings: SampleSettings = SampleSettings()) -> str:
        """The prompt followed by its continuation (stop strings cut off), as one text."""
        steps = list(self.stream(prompt, settings))
        if steps and steps[-1].stopped == "stop":
            continuation = "".join(step.text for step in steps)
            return continuation if not prompt else self.processor.decode(self.processor.encode(prompt)) + continuation
        # Decoded in one piece, as other tools decode it: a character whose bytes straddle two
        # tokens then comes out the same (streamed text fixes each piece as it goes).
        new = [step.token_id for step in steps if step.stopped != "eos"]
        prompt_ids = self.processor.encode(prompt) if prompt else []
        return self.processor.decode(prompt_ids + new)


def generate(project: Project, prompt: str, run_id: int | None = None,
             settings: SampleSettings = SampleSettings(), device: str = "auto", which: str = "latest") -> str:
    """Sample from a run's latest checkpoint, or (``which="best"``) the one with the best val loss."""
    if which not in ("latest", "best"):
        raise StudioError(f"checkpoint must be 'latest' or 'best', not {which!r}")
    return Generator(project, run_id, device, which).sample(prompt, settings)
