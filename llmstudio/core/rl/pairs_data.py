"""Preference pairs for DPO: read, checked, tokenized, and the reference's log-probabilities cached.

DPO trains on (prompt, chosen, rejected) triples: the pairs of a pairwise label schema
(``core.labels.pairs.preference_pairs``), or triples given directly (tests, scripts). A
policy run snapshots the pairs it trains on into its folder (``pairs.jsonl``), so a resumed
run trains on the same pairs even after more are labelled. The frozen reference model's
summed log-probabilities of every chosen and rejected completion are computed once and
cached (``reference_logprobs.safetensors``, keyed by a fingerprint of the tokens and the
reference checkpoint), as the DPO paper prescribes.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.errors import StudioError
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project
from llmstudio.core.rl.logprobs import sequence_logprobs
from llmstudio.core.text_tokenizer import TextTokenizer

log = logging.getLogger(__name__)

PAIRS_FILE = "pairs.jsonl"
CACHE_FILE = "reference_logprobs.safetensors"
BATCH = 64

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class EncodedPair:
    prompt: tuple[int, ...]
    chosen: tuple[int, ...]
    rejected: tuple[int, ...]


def _triple(item: Any) -> Triple:
    if isinstance(item, (tuple, list)) and len(item) == 3:
        return str(item[0]), str(item[1]), str(item[2])
    return str(item.prompt), str(item.chosen), str(item.rejected)  # a PreferencePair


def schema_pairs(project: Project, schema: str) -> list[Triple]:
    """The train split's pairs of a pairwise label schema."""
    from llmstudio.core.labels.pairs import preference_pairs

    found = preference_pairs(project, schema, "train")
    if not found:
        raise StudioError(f"pair schema {schema!r} has no labelled pairs in its train split; label pairs (A/B) "
                          "in the Label panel or import them with 'llmstudio pairs DIR import FILE'")
    return [_triple(p) for p in found]


def check_pairs(pairs: Sequence[Any]) -> list[Triple]:
    """Triples, refusing an empty list and a pair whose chosen and rejected texts are the same."""
    triples = [_triple(p) for p in pairs]
    if not triples:
        raise StudioError("DPO needs preference pairs and none were given; pass --pairs SCHEMA (a pairwise label "
                          "schema with labelled pairs)")
    for i, (_, chosen, rejected) in enumerate(triples):
        if chosen.strip() == rejected.strip():
            raise StudioError(f"preference pair {i + 1} has the same chosen and rejected text ({chosen[:40]!r}); "
                              "nothing can be learned from it: label it a tie or remove it")
    return triples


def save_pairs(folder: Path, pairs: Sequence[Triple]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / PAIRS_FILE, "".join(
        json.dumps({"prompt": p, "chosen": c, "rejected": r}) + "\n" for p, c, r in pairs))


def load_saved_pairs(folder: Path) -> list[Triple]:
    path = folder / PAIRS_FILE
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [(r["prompt"], r["chosen"], r["rejected"]) for r in rows]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StudioError(f"{path} is missing or damaged ({type(exc).__name__}); start a new DPO run") from exc


def encode_pairs(processor: TextTokenizer, pairs: Sequence[Triple], context_length: int) -> list[EncodedPair]:
    """Token ids of each pair, cut to fit the context: the prompt keeps its end (at most half the
    context), each completion its beginning. An empty prompt starts a fresh document (end token)."""
    encoded: list[EncodedPair] = []
    dropped = 0
    for prompt, chosen, rejected in pairs:
        p = processor.encode(prompt)[-(context_length // 2):] if prompt else []
        if not p:
            p = [processor.eos_id]
        room = context_length - len(p)
        c, r = processor.encode(chosen)[:room], processor.encode(rejected)[:room]
        if not c or not r or c == r:
            dropped += 1
            continue
        encoded.append(EncodedPair(tuple(p), tuple(c), tuple(r)))
    if dropped:
        log.warning("%d preference pairs left out: a completion was empty, or both were the same once cut to "
                    "the model's context", dropped)
    if not encoded:
        raise StudioError("no preference pair is usable: every pair's completions are empty or identical once cut "
                          "to the model's context")
    return encoded


@torch.no_grad()
def pair_logprobs(model: GPT, pairs: Sequence[EncodedPair], pad_id: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """(N,) summed log-probabilities of the chosen and of the rejected completions under ``model``."""
    chosen, rejected = [], []
    for start in range(0, len(pairs), BATCH):
        part = pairs[start:start + BATCH]
        prompts = [p.prompt for p in part]
        chosen.append(sequence_logprobs(model, prompts, [p.chosen for p in part], pad_id).cpu())
        rejected.append(sequence_logprobs(model, prompts, [p.rejected for p in part], pad_id).cpu())
    return torch.cat(chosen), torch.cat(rejected)


def fingerprint(pairs: Sequence[EncodedPair], reference_key: str) -> str:
    digest = hashlib.sha256(reference_key.encode())
    for p in pairs:
        digest.update(json.dumps([p.prompt, p.chosen, p.rejected]).encode())
    return digest.hexdigest()


def cached_reference_logprobs(folder: Path, reference: GPT, pairs: Sequence[EncodedPair],
                              reference_key: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The reference's log-probabilities of the pairs, from the run's cache when it matches."""
    path = folder / CACHE_FILE
    key = fingerprint(pairs, reference_key)
    if path.is_file():
        try:
            from safetensors import safe_open

            with safe_open(str(path), framework="pt") as handle:
                stored = (handle.metadata() or {}).get("fingerprint")
            if stored == key:
                tensors = load_file(str(path))
                return tensors["chosen"], tensors["rejected"]
            log.info("%s was made for other pairs or another reference; computing it again", path)
        except Exception as exc:  # a damaged cache is recomputed, never trusted
            log.warning("%s is unreadable (%s); computing it again", path, exc)
    chosen, rejected = pair_logprobs(reference, pairs)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    save_file({"chosen": chosen.contiguous(), "rejected": rejected.contiguous()}, str(tmp),
              metadata={"fingerprint": key})
    tmp.replace(path)
    return chosen, rejected
