"""Reward-model runs: created only after every check passes (schema, pairs, starting run, tokenizer).

``create_reward_run`` reads the pairwise schema's preference pairs and their held-out split,
the starting language-model run (same tokenizer, context long enough) and sets the step
count from ``reward.epochs`` before it adds anything, so a refused request leaves the
project as it was. ``reward_run`` fetches a run and says clearly when it is of another
kind. No torch here.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import ConfigError, StudioError
from llmstudio.core.labels.pairs import pair_schema, preference_pairs
from llmstudio.core.project import Project
from llmstudio.core.rl.reward_config import MODEL_DEFAULTS, TRAIN_DEFAULTS, RewardConfig
from llmstudio.core.runs import RunSummary, add_run, get_run, run_config, run_folder
from llmstudio.core.training.config import RunConfig, _build, parse_override

MIN_HELDOUT = 1


@dataclass(frozen=True)
class RewardRunConfig:
    """What a reward run stores in its ``config_json``: model, train and reward sections."""

    model_train: RunConfig = field(default_factory=RunConfig)
    reward: RewardConfig = field(default_factory=RewardConfig)

    @property
    def model(self) -> Any:
        return self.model_train.model

    @property
    def train(self) -> Any:
        return self.model_train.train

    def to_dict(self) -> dict[str, Any]:
        return {**self.model_train.to_dict(), "reward": asdict(self.reward)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RewardRunConfig:
        rest = {k: v for k, v in data.items() if k != "reward"}
        return cls(RunConfig.from_dict(rest), _build(RewardConfig, "reward", data.get("reward", {})))

    @classmethod
    def default(cls) -> RewardRunConfig:
        base = RunConfig().to_dict()
        base["model"].update(MODEL_DEFAULTS)
        base["train"].update(TRAIN_DEFAULTS)
        return cls(RunConfig.from_dict(base), RewardConfig())

    def with_overrides(self, overrides: list[str]) -> RewardRunConfig:
        """Apply ``section.key=value`` items; sections model, train and reward."""
        data = self.to_dict()
        for item in overrides:
            if item.split("=", 1)[0].strip().startswith("reward."):
                if "=" not in item:
                    raise ConfigError(f"--set expects reward.key=value, not {item!r}")
                dotted, value = item.split("=", 1)
                data["reward"][dotted.strip().split(".", 1)[1].strip()] = value.strip()
            else:
                section, key, value = parse_override(item)
                data[section][key] = value
        return RewardRunConfig.from_dict(data)

    def replace(self, **reward: Any) -> RewardRunConfig:
        return dataclasses.replace(self, reward=dataclasses.replace(self.reward, **reward))


def reward_run(project: Project, run_id: int | None = None) -> RunSummary:
    """A reward-model run by id, or the latest one; a clear error for a run of another kind."""
    if run_id is None:
        return get_run(project, kind="reward")
    run = get_run(project, run_id)
    if run.kind != "reward":
        raise StudioError(f"run {run_id} is a {run.kind} run, not a reward model; train one with "
                          "'llmstudio reward train DIR' ('llmstudio info DIR' lists the runs)")
    return run


def _starting_run(project: Project, config: RewardRunConfig) -> tuple[RunConfig, int]:
    """The language-model run to start from: its model shape and tokenizer, checked."""
    from_id = config.reward.from_run
    run = get_run(project, from_id)
    if run.kind != "lm":
        raise StudioError(f"--from-run {from_id} is a {run.kind} run; start from a language-model run")
    if run.step == 0 and not (run_folder(project, run) / "latest.json").is_file():
        raise StudioError(f"language-model run {from_id} has not trained yet (no checkpoint); train it first")
    wanted = config.reward.tokenizer or run.tokenizer_id
    if run.tokenizer_id != wanted:
        raise StudioError(
            f"language-model run {from_id} was trained with tokenizer {run.tokenizer_id}, but reward.tokenizer is "
            f"{wanted}; a reward model starting from a run must read text with that run's tokenizer "
            f"(set reward.tokenizer={run.tokenizer_id}, or 0)")
    lm = RunConfig.from_dict(run_config(project, from_id))
    if config.reward.max_length > lm.model.context_length:
        raise StudioError(
            f"reward.max_length ({config.reward.max_length}) is longer than run {from_id}'s model.context_length "
            f"({lm.model.context_length}); set reward.max_length={lm.model.context_length}")
    return lm, int(run.tokenizer_id or 0)


@declares(Changed.RUNS)
def create_reward_run(project: Project, config: RewardRunConfig, name: str = "") -> int:
    """Check everything, then add a reward run in state 'created'; returns its id."""
    reward = config.reward
    schema = pair_schema(project, reward.schema)
    n_train = len(preference_pairs(project, schema.name, "train"))
    n_heldout = len(preference_pairs(project, schema.name, "validation"))
    if n_train < 1 or n_heldout < MIN_HELDOUT:
        raise StudioError(
            f"schema '{schema.name}' has {n_train} training and {n_heldout} held-out preference pairs; a reward "
            "model needs both (about one pair in ten is held out): label or import more pairs")
    model_train = config.model_train
    tokenizer_id: int | None = reward.tokenizer or None
    if reward.from_run:
        lm, tokenizer_id = _starting_run(project, config)
        model_train = RunConfig.from_dict({"model": lm.model.to_dict(), "train": asdict(model_train.train)})
    else:
        data = model_train.to_dict()
        data["model"]["context_length"] = reward.max_length
        model_train = RunConfig.from_dict(data)
    tokenizer = project.tokenizer(tokenizer_id)
    if reward.epochs > 0:
        per_epoch = math.ceil(n_train / (model_train.train.batch_size * model_train.train.grad_accum))
        data = model_train.to_dict()
        data["train"]["max_steps"] = max(1, round(reward.epochs * per_epoch))
        data["train"]["warmup_steps"] = min(data["train"]["warmup_steps"], data["train"]["max_steps"] // 5)
        model_train = RunConfig.from_dict(data)
    config = RewardRunConfig(model_train, dataclasses.replace(reward, schema=schema.name))
    return add_run(project, "reward", config.to_dict(), max_steps=config.train.max_steps, tokenizer_id=tokenizer.id,
                   name=name or f"{schema.name} reward model", parent_run_id=reward.from_run or None)
