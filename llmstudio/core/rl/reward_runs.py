"""Reward-model runs: created only after every check passes (schema, pairs, starting run, tokenizer).

``create_reward_run`` reads the pairwise schema's preference pairs and their held-out split,
the starting language-model run (same tokenizer, context long enough) and sets the step
count from ``reward.epochs`` before it adds anything, so a refused request leaves the
project as it was. ``reward_run`` fetches a run and says clearly when it is of another
kind. No torch here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import StudioError
from llmstudio.core.labels.pairs import pair_schema, preference_pairs
from llmstudio.core.project import Project
from llmstudio.core.rl.reward_config import MODEL_DEFAULTS, TRAIN_DEFAULTS, RewardConfig
from llmstudio.core.runs import RunSummary, add_run, get_run, kind_phrase
from llmstudio.core.training.head_run import HeadRunConfig, head_model_train, starting_lm_run

MIN_HELDOUT = 1


class RewardRunConfig(HeadRunConfig[RewardConfig]):
    """What a reward run stores in its ``config_json``: model, train and reward sections."""

    SECTION = "reward"
    HEAD = RewardConfig
    MODEL_DEFAULTS = MODEL_DEFAULTS
    TRAIN_DEFAULTS = TRAIN_DEFAULTS

    @property
    def reward(self) -> RewardConfig:
        return self.head


def reward_run(project: Project, run_id: int | None = None) -> RunSummary:
    """A reward-model run by id, or the latest one; a clear error for a run of another kind."""
    if run_id is None:
        return get_run(project, kind="reward")
    run = get_run(project, run_id)
    if run.kind != "reward":
        raise StudioError(f"run {run_id} is {kind_phrase(run.kind)}, not a reward model; train one with "
                          "'llmstudio reward train DIR' ('llmstudio info DIR' lists the runs)")
    return run


def _check_tokenizer(config: RewardRunConfig) -> Callable[[RunSummary], None]:
    """A starting run must have been trained with reward.tokenizer (0: whichever it was)."""

    def check(run: RunSummary) -> None:
        wanted = config.reward.tokenizer or run.tokenizer_id
        if run.tokenizer_id != wanted:
            raise StudioError(
                f"language-model run {run.id} was trained with tokenizer {run.tokenizer_id}, but reward.tokenizer is "
                f"{wanted}; a reward model starting from a run must read text with that run's tokenizer "
                f"(set reward.tokenizer={run.tokenizer_id}, or 0)")
    return check


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
    tokenizer_id: int | None = reward.tokenizer or None
    lm = None
    if reward.from_run:
        lm_run, lm = starting_lm_run(project, "reward", reward, _check_tokenizer(config))
        tokenizer_id = int(lm_run.tokenizer_id or 0)
    tokenizer = project.tokenizer(tokenizer_id)
    config = RewardRunConfig(head_model_train(config, lm, n_train), dataclasses.replace(reward, schema=schema.name))
    return add_run(project, "reward", config.to_dict(), max_steps=config.train.max_steps, tokenizer_id=tokenizer.id,
                   name=name or f"{schema.name} reward model", parent_run_id=reward.from_run or None)
