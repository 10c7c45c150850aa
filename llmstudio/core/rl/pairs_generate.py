"""Preference pairs made by sampling a language-model run twice for each prompt (issue #13).

A person then picks the better completion in the Label panel (or a reward labels them): the
raw material of a reward model and of DPO. Prompts come from a list the user typed or from
the beginnings of the project's documents (the first few words of documents drawn with a
seed). Both completions use the run's generation code (``evaluation.generate``) with their
own seeds; when the two come out the same the prompt is sampled again a few times, and given
up if they still agree (a pair with identical completions teaches nothing).
"""

from __future__ import annotations

import logging
import random

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.generate import Generator, SampleSettings
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.labels.pairs import DEFAULT_PAIR_SCHEMA, add_pairs
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run

log = logging.getLogger(__name__)

PROMPT_WORDS = 8  # a document's first words make its prompt
TRIES = 4  # samplings of a prompt before giving up on two different completions


def document_prompts(project: Project, n: int, *, words: int = PROMPT_WORDS, seed: int = 0) -> list[str]:
    """The first ``words`` words of up to ``n`` documents, drawn with ``seed``, distinct, in draw order."""
    ids = [int(r[0]) for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
    if not ids:
        raise StudioError("this project has no documents to take prompts from; import sources, "
                          "or give prompts in a file (--prompts FILE)")
    random.Random(seed).shuffle(ids)
    prompts: list[str] = []
    seen: set[str] = set()
    for doc in ids:
        row = project.db.execute("SELECT substr(text, 1, 2000) FROM documents WHERE id = ?", (doc,)).fetchone()
        prompt = " ".join(str(row[0]).split()[:words])
        if prompt and prompt not in seen:
            seen.add(prompt)
            prompts.append(prompt)
            if len(prompts) >= n:
                break
    return prompts


@declares(Changed.LABELS)
def generate_pairs(project: Project, run_id: int, prompts: list[str] | None, n: int,
                   schema_name: str = DEFAULT_PAIR_SCHEMA, progress: Progress = no_progress,
                   cancel: CancelToken | None = None, *, max_new_tokens: int = 48, temperature: float = 1.0,
                   top_k: int = 50, seed: int = 0, device: str = "auto") -> int:
    """Sample run ``run_id`` twice for each of up to ``n`` prompts; store the pairs; returns how many were added."""
    if n < 1:
        raise StudioError(f"the number of pairs must be at least 1, not {n}")
    cancel = cancel or CancelToken()
    get_run(project, run_id, kind="lm")  # a missing run or one of another kind is named before any work
    if prompts is None:
        chosen = document_prompts(project, n, seed=seed)
    else:
        chosen = [p.strip() for p in prompts if p.strip()][:n]
        if not chosen:
            raise StudioError("no prompts given (the list or file is empty); write one prompt per line")
    progress(0.0, f"loading run {run_id}")
    generator = Generator(project, run_id, device)
    rng = random.Random(seed)
    pairs: list[tuple[str, str, str]] = []
    for index, prompt in enumerate(chosen):
        cancel.raise_if_cancelled()
        progress(index / len(chosen), f"sampling prompt {index + 1} of {len(chosen)}")
        pair = _two_completions(generator, prompt, rng, max_new_tokens, temperature, top_k, cancel)
        if pair is None:
            log.info("prompt %r: both completions came out the same %d times; left out", prompt, TRIES)
            continue
        pairs.append((prompt, *pair))
    added = add_pairs(project, schema_name, pairs, f"run {run_id}") if pairs else 0
    progress(1.0, f"added {added} pairs to '{schema_name}'")
    return added


def _two_completions(generator: Generator, prompt: str, rng: random.Random, max_new_tokens: int,
                     temperature: float, top_k: int, cancel: CancelToken) -> tuple[str, str] | None:
    def sample() -> str:
        settings = SampleSettings(max_new_tokens=max_new_tokens, temperature=temperature, top_k=top_k,
                                  seed=rng.randrange(2**31))
        return "".join(step.text for step in generator.stream(prompt, settings, cancel))

    first = sample()
    for _ in range(TRIES):
        second = sample()
        if first.strip() and second.strip() and first.strip() != second.strip():
            return first, second
        if not first.strip():
            first = second
    return None
