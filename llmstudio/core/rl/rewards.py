"""Where a policy's reward comes from: a classifier run, a reward-model run or a rule file.

The CLI spells a source ``classifier:RUN_ID:LABEL``, ``reward:RUN_ID`` or ``rule:FILE.toml``
(issue #13); ``parse_reward`` reads that spelling and ``load_reward`` turns it into a
callable that scores decoded texts, one float per text.

Every source scores *text*, not tokens: the policy's completions are decoded before scoring,
so a classifier trained with another tokenizer than the policy's is fine as a reward (it
re-tokenizes with its own). ``ClassifierReward.tokenizer_id`` says which one it uses.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from llmstudio.core.errors import ConfigError, StudioError
from llmstudio.core.rl.rules import load_rule

if TYPE_CHECKING:
    from llmstudio.core.classify.inference import Classifier
    from llmstudio.core.project import Project

log = logging.getLogger(__name__)

SPELLING = "classifier:RUN_ID:LABEL, reward:RUN_ID or rule:FILE.toml"

RewardKind = Literal["classifier", "reward", "rule"]


class Reward(Protocol):
    """Scores decoded texts, one float per text; ``name`` is shown in the live view."""

    @property
    def name(self) -> str: ...

    def __call__(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class RewardSpec:
    """A parsed ``--reward`` value."""

    kind: RewardKind
    run_id: int | None = None
    label: str | None = None
    path: Path | None = None

    def __str__(self) -> str:
        if self.kind == "classifier":
            return f"classifier:{self.run_id}:{self.label}"
        if self.kind == "reward":
            return f"reward:{self.run_id}"
        return f"rule:{self.path}"


def _run_id(text: str, spelled: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise ConfigError(f"reward {spelled!r}: run id must be a positive whole number, not {text!r} "
                          f"(expected {SPELLING})")
    return int(text)


def parse_reward(text: str) -> RewardSpec:
    """``classifier:RUN_ID:LABEL`` | ``reward:RUN_ID`` | ``rule:FILE.toml`` as a ``RewardSpec``."""
    kind, _, rest = text.strip().partition(":")
    if kind == "classifier":
        run, sep, label = rest.partition(":")
        if not sep or not label.strip():
            raise ConfigError(f"reward {text!r}: a classifier reward names its run and label, "
                              "e.g. classifier:3:positive")
        return RewardSpec("classifier", run_id=_run_id(run, text), label=label.strip())
    if kind == "reward":
        return RewardSpec("reward", run_id=_run_id(rest, text))
    if kind == "rule":
        if not rest.strip():
            raise ConfigError(f"reward {text!r}: give the rule file, e.g. rule:positive.toml")
        return RewardSpec("rule", path=Path(rest.strip()))
    raise ConfigError(f"reward {text!r} is not one of {SPELLING}")


class ClassifierReward:
    """The probability a classifier run gives one of its labels: a reward in [0, 1]."""

    def __init__(self, classifier: Classifier, label: str, tokenizer_id: int | None = None) -> None:
        if label not in classifier.labels:
            raise ConfigError(f"classifier run {classifier.run_id} has no label {label!r}; "
                              f"pick one of: {', '.join(classifier.labels)}")
        self.classifier = classifier
        self.label = label
        self.tokenizer_id = tokenizer_id  # the tokenizer it reads text with; may differ from the policy's
        self.name = f"classifier:{classifier.run_id}:{label}"

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=np.float64)
        return np.asarray(self.classifier.probability(texts, self.label), dtype=np.float64)


def load_reward(project: Project, spec: RewardSpec | str, device: str = "auto") -> Reward:
    """The scoring callable for ``spec``; a clear ``StudioError`` for anything unusable."""
    if isinstance(spec, str):
        spec = parse_reward(spec)
    if spec.kind == "rule":
        assert spec.path is not None
        return load_rule(spec.path)
    if spec.kind == "classifier":
        from llmstudio.core.classify.inference import load_classifier
        from llmstudio.core.classify.runs import classifier_run

        assert spec.label is not None
        run = classifier_run(project, spec.run_id)
        reward = ClassifierReward(load_classifier(project, run.id, device), spec.label, run.tokenizer_id)
        log.info("reward %s: scores decoded text with the classifier's own tokenizer", reward.name)
        return reward
    if spec.kind == "reward":
        from llmstudio.core.rl.reward_model import RewardModel

        assert spec.run_id is not None
        return RewardModel(project, spec.run_id, device)
    raise StudioError(f"reward {spec} is not one of {SPELLING}")
