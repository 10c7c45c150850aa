"""What a policy (reinforcement) run and a reward-model run tell their watchers.

Frozen dataclasses of plain numbers and strings, importing no torch, so the CLI and the
Train panel's live view import them at module level. The policy trainer emits them from
its thread; the same figures are written to the run's metrics (names in ``METRICS``) so a
finished or resumed run redraws the same curves from the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Metric names the policy and reward trainers write with ``core.runs.metrics`` (one row per
# step and name). The live view and the CLI read them by these names.
METRICS = (
    "reward_mean",     # mean reward of the step's sampled completions (GRPO)
    "reward_std",      # their spread
    "kl",              # mean per-token KL to the frozen reference (k3 estimator for GRPO)
    "policy_loss",     # the loss that was minimised this step
    "dpo_accuracy",    # DPO: share of pairs whose implicit reward ranks chosen above rejected
    "dpo_margin",      # DPO: mean (chosen reward - rejected reward), in beta-scaled log-ratio units
    "chosen_reward",   # DPO: mean implicit reward of the chosen completions
    "rejected_reward", # DPO: mean implicit reward of the rejected completions
    "eval_reward",     # held-out prompts: mean reward of the policy's greedy/sampled completions
    "eval_kl",         # held-out prompts: KL to the reference on those completions
    "pair_accuracy",   # reward-model runs: pairwise accuracy on held-out pairs
    "bt_loss",         # reward-model runs: Bradley-Terry loss on the training pairs
)  # fmt: skip


@dataclass(frozen=True)
class PolicyStepLogged:
    """One optimisation step of a policy run (GRPO or DPO); NaN where a figure does not apply."""

    run_id: int
    step: int
    max_steps: int
    algo: str
    policy_loss: float
    kl: float
    reward_mean: float = math.nan
    reward_std: float = math.nan
    dpo_accuracy: float = math.nan
    dpo_margin: float = math.nan
    chosen_reward: float = math.nan
    rejected_reward: float = math.nan
    lr: float = math.nan
    elapsed_s: float = 0.0
    eta_s: float = math.nan


@dataclass(frozen=True)
class PolicyEvalLogged:
    """The held-out prompts scored at a checkpoint: one point of the reward-vs-KL frontier."""

    run_id: int
    step: int
    eval_reward: float
    eval_kl: float


@dataclass(frozen=True)
class PolicySamples:
    """A few completions of the policy beside the reference model's for the same prompts."""

    run_id: int
    step: int
    prompts: tuple[str, ...]
    policy: tuple[str, ...]
    reference: tuple[str, ...]
    policy_rewards: tuple[float, ...] = field(default_factory=tuple)
    reference_rewards: tuple[float, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RewardStepLogged:
    """One step of a reward-model run (Bradley-Terry on preference pairs)."""

    run_id: int
    step: int
    max_steps: int
    bt_loss: float
    pair_accuracy: float = math.nan  # on held-out pairs, at evaluation steps only


PolicyEvent = PolicyStepLogged | PolicyEvalLogged | PolicySamples | RewardStepLogged
