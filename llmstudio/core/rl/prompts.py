"""The prompts a policy run learns from: the beginnings of the project's documents.

A seeded random choice of documents (at most ``rl.prompt_pool``) gives one prompt each, its
first ``rl.prompt_tokens`` tokens under the policy's tokenizer; documents shorter than that
are skipped. The first ``rl.eval_prompts`` of them are held out: the policy never trains on
them, and its reward and KL on them are the points of the reward-vs-KL frontier. The chosen
document ids are written to the run folder (``prompts.json``) when the run is created, so a
resumed run holds out exactly the same prompts. No torch here.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project
from llmstudio.core.rl.config import RLConfig
from llmstudio.core.text_tokenizer import TextTokenizer

PROMPTS_FILE = "prompts.json"
ENCODE_CHUNK = 512


@dataclass(frozen=True)
class Prompt:
    """One prompt: the document it starts, its token ids and their text."""

    doc_id: int
    ids: tuple[int, ...]
    text: str


@dataclass(frozen=True)
class PromptSet:
    train: list[Prompt]
    held_out: list[Prompt]

    def doc_ids(self) -> dict[str, list[int]]:
        return {"train": [p.doc_id for p in self.train], "held_out": [p.doc_id for p in self.held_out]}


def _texts(project: Project, ids: Sequence[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        chunk = list(ids[start:start + 900])
        marks = ",".join("?" * len(chunk))
        texts.update(project.db.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk).fetchall())
    return texts


def encode_prompts(project: Project, processor: TextTokenizer, doc_ids: Sequence[int], n_tokens: int) -> list[Prompt]:
    """The first ``n_tokens`` tokens of each document (in the given order); shorter documents are left out."""
    texts = _texts(project, doc_ids)
    prompts: list[Prompt] = []
    present = [d for d in doc_ids if d in texts]
    for start in range(0, len(present), ENCODE_CHUNK):
        chunk = present[start:start + ENCODE_CHUNK]
        encoded = processor.encode_batch([texts[d][: n_tokens * 64] for d in chunk])  # a prompt needs only a start
        for doc_id, ids in zip(chunk, encoded, strict=True):
            if len(ids) > n_tokens:  # something must follow the prompt in the document
                head = tuple(ids[:n_tokens])
                prompts.append(Prompt(doc_id, head, processor.decode(list(head))))
    return prompts


def choose_prompts(project: Project, processor: TextTokenizer, config: RLConfig) -> PromptSet:
    """A seeded choice of document beginnings, split into training and held-out prompts."""
    ids = [int(r[0]) for r in project.db.execute("SELECT id FROM documents ORDER BY id")]
    random.Random(config.seed).shuffle(ids)
    # Encode a little more than the pool, since short documents drop out.
    prompts = encode_prompts(project, processor, ids[: config.prompt_pool * 2], config.prompt_tokens)
    prompts = prompts[: config.prompt_pool]
    needed = config.eval_prompts + config.prompts_per_step
    if len(prompts) < needed:
        raise StudioError(
            f"the project has {len(prompts)} documents longer than rl.prompt_tokens ({config.prompt_tokens} tokens), "
            f"but rl.eval_prompts ({config.eval_prompts}) + rl.prompts_per_step ({config.prompts_per_step}) = "
            f"{needed} are needed; import more documents, or lower rl.eval_prompts or rl.prompt_tokens")
    return PromptSet(prompts[config.eval_prompts:], prompts[: config.eval_prompts])


def save_prompts(folder: Path, prompts: PromptSet) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / PROMPTS_FILE, json.dumps(prompts.doc_ids()))


def load_prompts(project: Project, processor: TextTokenizer, folder: Path, config: RLConfig) -> PromptSet:
    """The prompts a run was created with (same documents, same held-out set)."""
    path = folder / PROMPTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        train_ids, held_ids = [int(i) for i in data["train"]], [int(i) for i in data["held_out"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StudioError(f"{path} is missing or damaged ({type(exc).__name__}); the run cannot be resumed with "
                          "the same prompts: start a new policy run") from exc
    train = encode_prompts(project, processor, train_ids, config.prompt_tokens)
    held_out = encode_prompts(project, processor, held_ids, config.prompt_tokens)
    if len(held_out) != len(held_ids) or not train:
        raise StudioError(f"documents of policy run's prompts ({path}) were deleted or changed; start a new "
                          "policy run")
    return PromptSet(train, held_out)
