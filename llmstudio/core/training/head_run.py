"""A Transformer plus one head section: the stored config of classifier and reward-model runs.

A classifier run stores ``{"model", "train", "classify"}`` and a reward run ``{"model",
"train", "reward"}``: a language-model ``RunConfig`` with one more section. ``HeadRunConfig``
is that shape once, parametrised by the section's name and settings class; each kind
subclasses it (``ClassifierRunConfig``, ``RewardRunConfig``) and names its section. The
stored dict is the same as before this class existed, so every stored run still loads.

Creating such a run is the same too: the starting language-model run is checked (kind,
trained, long enough for ``max_length``), the body takes its shape or, from scratch,
``model.context_length = max_length``, and ``epochs`` sets ``train.max_steps``
(``starting_lm_run``, ``head_model_train``). No torch here.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar

from llmstudio.core.errors import ConfigError, StudioError
from llmstudio.core.project import Project
from llmstudio.core.runs import RunSummary, get_run, kind_phrase, run_config, run_folder
from llmstudio.core.settings import build_settings
from llmstudio.core.training.config import ModelConfig, RunConfig, TrainConfig, parse_override

Head = TypeVar("Head")


@dataclass(frozen=True)
class HeadRunConfig(Generic[Head]):
    """What a head run stores in its ``config_json``: the model and train sections and ``SECTION``.

    A subclass sets ``SECTION`` (the key in the stored dict and in ``--set SECTION.KEY=VALUE``),
    ``HEAD`` (its settings dataclass) and the ``MODEL_DEFAULTS`` / ``TRAIN_DEFAULTS`` a new
    run starts from, and names ``head`` after its section (``config.classify``)."""

    SECTION: ClassVar[str]
    HEAD: ClassVar[type]
    MODEL_DEFAULTS: ClassVar[dict[str, Any]]
    TRAIN_DEFAULTS: ClassVar[dict[str, Any]]

    model_train: RunConfig
    head: Head

    @property
    def model(self) -> ModelConfig:
        return self.model_train.model

    @property
    def train(self) -> TrainConfig:
        return self.model_train.train

    def to_dict(self) -> dict[str, Any]:
        return {**self.model_train.to_dict(), self.SECTION: asdict(self.head)}  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        rest = {k: v for k, v in data.items() if k != cls.SECTION}
        return cls(RunConfig.from_dict(rest), build_settings(cls.HEAD, cls.SECTION, data.get(cls.SECTION, {})))

    @classmethod
    def default(cls) -> Self:
        base = RunConfig().to_dict()
        base["model"].update(cls.MODEL_DEFAULTS)
        base["train"].update(cls.TRAIN_DEFAULTS)
        return cls(RunConfig.from_dict(base), cls.HEAD())

    def with_overrides(self, overrides: list[str]) -> Self:
        """Apply ``section.key=value`` items; sections model, train and ``SECTION``."""
        data = self.to_dict()
        for item in overrides:
            if item.split("=", 1)[0].strip().startswith(f"{self.SECTION}."):
                if "=" not in item:
                    raise ConfigError(f"--set expects {self.SECTION}.key=value, not {item!r}")
                dotted, value = item.split("=", 1)
                data[self.SECTION][dotted.strip().split(".", 1)[1].strip()] = value.strip()
            else:
                section, key, value = parse_override(item)
                data[section][key] = value
        return type(self).from_dict(data)

    def replace(self, **head: Any) -> Self:
        """The same run config with these ``SECTION`` settings changed."""
        return dataclasses.replace(self, head=dataclasses.replace(self.head, **head))  # type: ignore[type-var]

    def with_model_train(self, model_train: RunConfig) -> Self:
        return dataclasses.replace(self, model_train=model_train)


def starting_lm_run(project: Project, section: str, head: Any,
                    check_tokenizer: Callable[[RunSummary], None]) -> tuple[RunSummary, RunConfig]:
    """The language-model run ``head.from_run`` to start from, and its config: a language-model run,
    trained, read with the right tokenizer (``check_tokenizer`` raises otherwise), and with a context
    at least ``head.max_length`` long. Every refusal names ``section``'s key to change."""
    from_id = head.from_run
    run = get_run(project, from_id)
    if run.kind != "lm":
        raise StudioError(f"--from-run {from_id} is {kind_phrase(run.kind)}; start from a language-model run")
    if run.step == 0 and not (run_folder(project, run) / "latest.json").is_file():  # an imported run has one at 0
        raise StudioError(f"language-model run {from_id} has not trained yet (no checkpoint); train it first")
    check_tokenizer(run)
    lm = RunConfig.from_dict(run_config(project, from_id))
    if head.max_length > lm.model.context_length:
        raise StudioError(
            f"{section}.max_length ({head.max_length}) is longer than run {from_id}'s model.context_length "
            f"({lm.model.context_length}); set {section}.max_length={lm.model.context_length}")
    return run, lm


def head_model_train(config: HeadRunConfig[Any], lm: RunConfig | None, n_train: int) -> RunConfig:
    """The model and train sections a head run is created with.

    The body takes the starting language model's shape (``lm``), or from scratch a context of
    ``max_length``; ``epochs`` passes over ``n_train`` examples set ``train.max_steps`` (and keep
    the warmup within a fifth of it)."""
    head, model_train = config.head, config.model_train
    if lm is not None:
        model_train = RunConfig.from_dict({"model": lm.model.to_dict(), "train": asdict(model_train.train)})
    else:
        data = model_train.to_dict()
        data["model"]["context_length"] = head.max_length
        model_train = RunConfig.from_dict(data)
    epochs: float = head.epochs
    if epochs > 0:
        per_epoch = math.ceil(n_train / (model_train.train.batch_size * model_train.train.grad_accum))
        data = model_train.to_dict()
        data["train"]["max_steps"] = max(1, round(epochs * per_epoch))
        data["train"]["warmup_steps"] = min(data["train"]["warmup_steps"], data["train"]["max_steps"] // 5)
        model_train = RunConfig.from_dict(data)
    return model_train
