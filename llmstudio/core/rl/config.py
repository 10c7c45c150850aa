"""The settings of a policy (reinforcement-learning) run: the ``rl`` section.

``llmstudio rl DIR ... --set rl.KEY=VALUE`` sets these; the Train panel's Reinforcement tab
builds its form from the same field metadata (``core.settings``). A policy run stores them in
its ``config_json`` beside what it starts from (``PolicySpec``: algorithm, starting run,
reward, pairs), so a resumed run trains with the settings it was started with (``--set`` on
resume may change them, e.g. a lower learning rate after a divergence). No torch here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from llmstudio.core.errors import ConfigError
from llmstudio.core.settings import build_settings, fields_of, setting

Algo = Literal["grpo", "dpo"]
ALGOS: tuple[str, ...] = get_args(Algo)

# Keys the issue names; the form shows them first.
CORE_KEYS = ("max_steps", "lr", "beta", "kl_coef", "group_size", "prompts_per_step", "max_new_tokens",
             "temperature", "clip", "eval_prompts", "seed")


@dataclass(frozen=True)
class RLConfig:
    """How a policy run trains (GRPO online from a reward, or DPO offline from preference pairs)."""

    max_steps: int = setting(200, "Optimizer steps to train the policy for.", unit="steps", minimum=1)
    lr: float = setting(1e-4, "Learning rate of the policy (AdamW, constant after warmup). Lower it when a run "
                              "diverges.", minimum=0.0)
    beta: float = setting(0.1, "DPO: strength of the implicit KL constraint (higher stays closer to the "
                               "reference).", minimum=0.0, source="Rafailov et al. 2023")
    kl_coef: float = setting(0.04, "GRPO: weight of the KL penalty to the reference model (higher stays closer).",
                             minimum=0.0, source="Shao et al. 2024 (DeepSeekMath)")
    group_size: int = setting(8, "GRPO: completions sampled per prompt; advantages are normalised within this "
                                 "group.", minimum=2)
    prompts_per_step: int = setting(8, "Prompts per step (GRPO), or preference pairs per step (DPO).", minimum=1)
    max_new_tokens: int = setting(24, "Longest completion sampled for a prompt.", unit="tokens", minimum=1)
    temperature: float = setting(1.0, "Sampling temperature of the completions (1 = the model's own "
                                      "distribution).", minimum=0.0)
    clip: float = setting(0.2, "GRPO: the probability ratio is clipped to [1 - clip, 1 + clip].", minimum=0.0,
                          source="PPO (Schulman et al. 2017)")
    eval_prompts: int = setting(32, "Document beginnings held out of training: the policy's mean reward and KL "
                                    "on them are the frontier's points.", minimum=1)
    seed: int = setting(1234, "Random seed: which prompts are held out, prompt order and sampling.")
    prompt_tokens: int = setting(8, "Tokens taken from the beginning of each document as a prompt.",
                                 unit="tokens", minimum=1)
    prompt_pool: int = setting(4000, "At most this many documents give prompts (a seeded random choice).",
                               minimum=2)
    updates_per_batch: int = setting(1, "GRPO: optimizer steps on each batch of samples (above 1 the clip "
                                        "matters).", minimum=1)
    warmup_steps: int = setting(0, "Steps of linear warmup from 0 to lr.", unit="steps", minimum=0)
    grad_clip: float = setting(1.0, "Clip the gradient norm to this value (0 = off).", minimum=0.0)
    score_prompt: bool = setting(False, "Score the prompt and its completion together (true) or the completion "
                                        "alone (false).")
    eval_samples: int = setting(2, "Completions sampled per held-out prompt at each evaluation.", minimum=1)
    eval_every: int = setting(20, "Evaluate on the held-out prompts every N steps (and at each checkpoint).",
                              unit="steps", minimum=1)
    sample_every: int = setting(20, "Show a few held-out completions beside the reference's every N steps.",
                                unit="steps", minimum=1)
    sample_prompts: int = setting(4, "Held-out prompts shown in each set of samples.", minimum=1)
    checkpoint_every: int = setting(50, "Save a checkpoint every N steps (and at the end and on stop).",
                                    unit="steps", minimum=1)
    keep_last: int = setting(2, "How many recent checkpoints to keep on disk.", minimum=1)
    max_kl: float = setting(10.0, "Stop the run as diverged when the mean per-token KL to the reference exceeds "
                                  "this (0 = never).", unit="nats/token", minimum=0.0)
    threads: int = setting(0, "CPU threads for torch (0 = automatic).", minimum=0)

    def __post_init__(self) -> None:
        def need(condition: bool, message: str) -> None:
            if not condition:
                raise ConfigError(message)

        for info in fields_of(RLConfig):
            value = getattr(self, info.name)
            if info.kind is int:
                need(isinstance(value, int) and not isinstance(value, bool),
                     f"rl.{info.name} must be a whole number, not {value!r}")
            if info.minimum is not None and info.kind in (int, float):
                need(value >= info.minimum, f"rl.{info.name} must be at least {info.minimum:g}, not {value}")
        need(self.lr > 0, f"rl.lr must be positive, not {self.lr}")
        need(self.beta > 0, f"rl.beta must be positive, not {self.beta}")
        need(self.temperature > 0, f"rl.temperature must be positive (try 1.0), not {self.temperature}")
        need(0 < self.clip < 1, f"rl.clip must be between 0 and 1 (try 0.2), not {self.clip}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> RLConfig:
        return build_settings(cls, "rl", values)

    def with_overrides(self, overrides: list[str]) -> RLConfig:
        """Apply ``rl.key=value`` items (the value is coerced by the field's type)."""
        data = self.to_dict()
        for item in overrides:
            key, value = parse_rl_override(item)
            data[key] = value
        return RLConfig.from_dict(data)


def parse_rl_override(item: str) -> tuple[str, str]:
    """``rl.key=value`` as (key, value); anything else is a ``ConfigError`` naming the form."""
    dotted, sep, value = item.partition("=")
    section, dot, key = dotted.strip().partition(".")
    if not sep or not dot or section != "rl" or not key.strip():
        raise ConfigError(f"--set expects rl.KEY=VALUE (for example rl.kl_coef=0.1), not {item!r}")
    return key.strip(), value.strip()


@dataclass(frozen=True)
class PolicySpec:
    """What a policy run starts from: its algorithm, the language-model run, the reward and the pairs."""

    algo: str
    start_run: int
    reward: str = ""  # classifier:RUN:LABEL | reward:RUN | rule:FILE.toml ("" for DPO without one)
    pairs: str = ""  # DPO: the pairwise label schema

    def __post_init__(self) -> None:
        if self.algo not in ALGOS:
            raise ConfigError(f"--algo must be one of {', '.join(ALGOS)}, not {self.algo!r}")


@dataclass(frozen=True)
class PolicyRunConfig:
    """What a policy run stores in ``config_json``: ``policy`` (its spec) and ``rl`` (its settings)."""

    policy: PolicySpec
    rl: RLConfig = field(default_factory=RLConfig)

    def to_dict(self) -> dict[str, Any]:
        return {"policy": asdict(self.policy), "rl": self.rl.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyRunConfig:
        try:
            spec = PolicySpec(**data["policy"])
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"the policy run's stored config has no valid 'policy' section ({exc})") from exc
        return cls(spec, RLConfig.from_dict(data.get("rl", {})))


def rl_settings_help() -> str:
    """Every ``rl.*`` key with its default and help (``llmstudio rl --help``)."""
    from llmstudio.core.settings import help_lines

    return "\n".join(["settings for --set rl.KEY=VALUE (key = default  meaning):",
                      *("  " + line for line in help_lines(RLConfig, "rl"))])
