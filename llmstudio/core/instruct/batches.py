"""Training batches of prompt/response pairs, with loss on the response tokens only.

Each example is encoded once as ``prompt text + response`` followed by the end-of-text id
(so the model learns to stop). The prompt's tokens are inputs but their targets are
``IGNORE`` (-100, which ``cross_entropy`` skips), so the loss, and every gradient, comes from
the response tokens alone. The boundary is found by encoding the prompt text on its own: the
prompt's tokens are the longest common start of both encodings, so a token that straddles
the boundary counts as response. Examples are padded on the right to ``context_length``
(ignored targets) and cut at its end; an example whose response starts beyond the window
cannot teach anything and is left out (counted in ``dropped``).

``InstructBatches`` has the interface of ``TokenBatches`` (``draw``, ``load``, ``generator``),
so the training loop, its evaluation and exact resume work unchanged.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Sequence

import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.instruct.store import Example, load_dataset
from llmstudio.core.instruct.templates import ChatTemplate, get_template
from llmstudio.core.project import Project, TokenizerSummary
from llmstudio.core.text_tokenizer import TextTokenizer, load_text_tokenizer
from llmstudio.core.training.config import TrainConfig

log = logging.getLogger(__name__)

IGNORE = -100
VALIDATION_EVERY = 10  # about one example in ten, chosen by a hash of its prompt, is held out


def encode_example(tokenizer: TextTokenizer, template: ChatTemplate, example: Example) -> tuple[list[int], int]:
    """(token ids, number of prompt tokens) of one example; the ids end with the end-of-text id."""
    prompt_text = template.prompt_text(example.prompt)
    prompt_ids = tokenizer.encode(prompt_text)
    ids = tokenizer.encode(prompt_text + example.response)
    boundary = 0
    while boundary < min(len(prompt_ids), len(ids)) and prompt_ids[boundary] == ids[boundary]:
        boundary += 1
    eos = tokenizer.eos_id
    if eos is None or eos < 0:
        raise StudioError("the tokenizer has no end-of-text token, which instruction tuning needs to teach the "
                          "model where a response ends; train a tokenizer with one")
    return [*ids, eos], boundary


def inputs_and_targets(ids: Sequence[int], boundary: int, length: int) -> tuple[list[int], list[int]]:
    """Inputs and next-token targets for a window of ``length``: targets before the response are IGNORE."""
    window = list(ids[: length + 1])
    x, y = window[:-1], window[1:]
    y = [IGNORE if position + 1 < boundary else target for position, target in enumerate(y)]
    pad = length - len(x)
    return x + [0] * pad, y + [IGNORE] * pad


def split_examples(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """(train, validation): about one in ten by a hash of the prompt, so adding examples moves no others."""
    if len(examples) < 2:
        raise StudioError(f"the instruction dataset has {len(examples)} example; at least 2 are needed "
                          "(one is held out to measure validation loss)")
    val = [e for e in examples if zlib.crc32(e.prompt.encode("utf-8")) % VALIDATION_EVERY == 0]
    train = [e for e in examples if zlib.crc32(e.prompt.encode("utf-8")) % VALIDATION_EVERY != 0]
    if not val:
        val, train = train[-1:], train[:-1]
    if not train:
        train, val = val[:-1], val[-1:]
    return train, val


class InstructBatches:
    def __init__(self, tokenizer: TextTokenizer, template: ChatTemplate, examples: Sequence[Example],
                 context_length: int, batch_size: int, seed: int, split: str) -> None:
        self.context_length, self.batch_size = context_length, batch_size
        rows_x: list[list[int]] = []
        rows_y: list[list[int]] = []
        self.dropped = 0
        for example in examples:
            ids, boundary = encode_example(tokenizer, template, example)
            if boundary >= context_length:  # the response starts beyond the window
                self.dropped += 1
                continue
            x, y = inputs_and_targets(ids, boundary, context_length)
            rows_x.append(x)
            rows_y.append(y)
        if not rows_x:
            raise StudioError(f"every {split} example's prompt is longer than model.context_length "
                              f"({context_length} tokens); shorten the prompts or raise model.context_length")
        self.x = torch.tensor(rows_x, dtype=torch.long)  # (N, T)
        self.y = torch.tensor(rows_y, dtype=torch.long)  # (N, T), IGNORE outside the responses
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return len(self.x)

    def draw(self, count: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """Indices of ``count`` examples (drawn with replacement)."""
        return torch.randint(len(self.x), (count,), generator=generator or self.generator)

    def load(self, rows: torch.Tensor, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        x, y = self.x[rows], self.y[rows]
        return x.to(device), y.to(device)

    @property
    def response_tokens(self) -> int:
        return int((self.y != IGNORE).sum())


def instruct_batches(project: Project, tokenizer: TokenizerSummary, train: TrainConfig,
                     context_length: int) -> tuple[InstructBatches, InstructBatches]:
    """Training and validation batches of the run's dataset (``train.instruct``) in its chat template."""
    examples = load_dataset(project, train.instruct)
    template = get_template(train.chat_template)
    processor = load_text_tokenizer(project, tokenizer)
    train_part, val_part = split_examples(examples)
    batches = InstructBatches(processor, template, train_part, context_length, train.batch_size, train.seed, "train")
    val = InstructBatches(processor, template, val_part, context_length, train.batch_size, train.seed + 1,
                          "validation")
    if batches.dropped or val.dropped:
        log.warning("%d instruction examples left out: their prompt fills model.context_length (%d tokens)",
                    batches.dropped + val.dropped, context_length)
    return batches, val
