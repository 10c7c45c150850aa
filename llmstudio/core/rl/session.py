"""One policy-training session: the policy and its frozen reference, the optimizer, the random
streams, and what one GRPO or DPO step and one held-out evaluation do.

Both models are the starting language-model run loaded twice; only the policy's weights
change. Dropout stays off (eval mode) so the log-probabilities used for sampling, the ratio
and the KL describe the same distribution. Three random streams keep a resumed run exact:
``draws`` picks prompts and pairs, ``sampler`` samples training completions (both saved in
checkpoints), and every evaluation samples from a fresh generator seeded the same way, so
the reference and each checkpoint are scored on the same draws.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.model.gpt import GPT
from llmstudio.core.rl.config import RLConfig
from llmstudio.core.rl.logprobs import completion_logprobs
from llmstudio.core.rl.losses import dpo_loss, group_advantages, grpo_loss, kl_k3
from llmstudio.core.rl.pairs_data import EncodedPair
from llmstudio.core.rl.prompts import Prompt
from llmstudio.core.rl.rewards import Reward
from llmstudio.core.rl.sampling import completion_text, sample_completions
from llmstudio.core.text_tokenizer import TextTokenizer

EVAL_SALT = 7919  # evaluation and sample generators are seeded apart from the training streams
SAMPLE_SALT = 104729
EVAL_BATCH = 128


class PolicyDiverged(StudioError):
    """The run's loss or reward turned NaN, or its KL to the reference passed rl.max_kl."""


def divergence_advice(config: RLConfig) -> str:
    return (f"resume from the last good checkpoint with a lower rl.lr (for example {config.lr / 2:g}) or a higher "
            f"rl.kl_coef / rl.beta (for example {max(config.kl_coef * 2, 0.04):g} / {config.beta * 2:g})")


@dataclass(frozen=True)
class Completions:
    prompts: list[Prompt]
    tokens: list[list[int]]
    texts: list[str]
    rewards: np.ndarray  # NaN without a reward


@dataclass
class Evaluation:
    reward: float  # mean reward of the completions (NaN without a reward)
    kl: float  # mean KL to the reference per completion (summed k3 over its tokens), nats
    kl_per_token: float
    completions: Completions | None = field(default=None, repr=False)


class PolicySession:
    def __init__(self, policy: GPT, reference: GPT, processor: TextTokenizer, config: RLConfig,
                 device: torch.device, reward: Reward | None) -> None:
        self.policy, self.reference, self.processor = policy.eval(), reference.eval(), processor
        self.config, self.device, self.reward = config, device, reward
        for p in self.reference.parameters():
            p.requires_grad_(False)
        self.optimizer = torch.optim.AdamW(self.policy.parameters(), lr=config.lr, betas=(0.9, 0.99),
                                           weight_decay=0.0)
        self.draws = torch.Generator().manual_seed(config.seed)
        self.sampler = torch.Generator().manual_seed(config.seed + 1)
        self.eos_id = processor.eos_id

    # ------------------------------------------------------------------ state
    def rng_state(self) -> dict[str, torch.Tensor]:
        return {"torch": torch.get_rng_state(), "draws": self.draws.get_state(), "sampler": self.sampler.get_state()}

    def load_rng_state(self, state: dict[str, torch.Tensor]) -> None:
        torch.set_rng_state(state["torch"])
        self.draws.set_state(state["draws"])
        self.sampler.set_state(state["sampler"])

    def lr_at(self, step: int) -> float:
        warm = self.config.warmup_steps
        return self.config.lr * min(1.0, (step + 1) / warm) if warm else self.config.lr

    # ------------------------------------------------------------------ scoring
    def score(self, prompts: Sequence[Prompt], texts: Sequence[str]) -> np.ndarray:
        if self.reward is None:
            return np.full(len(texts), math.nan)
        scored = [p.text + t for p, t in zip(prompts, texts, strict=True)] if self.config.score_prompt else texts
        return np.asarray(self.reward(list(scored)), dtype=np.float64)

    def complete(self, model: GPT, prompts: Sequence[Prompt], generator: torch.Generator) -> Completions:
        c = self.config
        tokens = sample_completions(model, [p.ids for p in prompts], c.max_new_tokens, c.temperature, self.eos_id,
                                    generator)
        texts = [completion_text(self.processor, p.ids, t, self.eos_id) for p, t in zip(prompts, tokens, strict=True)]
        return Completions(list(prompts), tokens, texts, self.score(prompts, texts))

    def _step_optimizer(self, loss: torch.Tensor, lr: float) -> float:
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        norm = (torch.nn.utils.clip_grad_norm_(self.policy.parameters(), self.config.grad_clip)
                if self.config.grad_clip > 0 else torch.tensor(0.0))
        if not torch.isfinite(norm):
            self.optimizer.zero_grad(set_to_none=True)
            raise PolicyDiverged(f"the gradient became {float(norm)}")
        self.optimizer.step()
        return float(norm)

    # ------------------------------------------------------------------ GRPO
    def grpo_step(self, step: int, train: Sequence[Prompt]) -> dict[str, float]:
        c = self.config
        picks = torch.randint(len(train), (c.prompts_per_step,), generator=self.draws).tolist()
        prompts = [train[i] for i in picks for _ in range(c.group_size)]
        batch = self.complete(self.policy, prompts, self.sampler)
        rewards = torch.tensor(batch.rewards, dtype=torch.float32)
        if not bool(torch.isfinite(rewards).all()):
            raise PolicyDiverged("the reward became NaN (the reward source returned a value that is not a number)")
        advantages = group_advantages(rewards, c.group_size).to(self.device)
        ids = [p.ids for p in prompts]
        with torch.no_grad():
            reference = completion_logprobs(self.reference, ids, batch.tokens)
            old = completion_logprobs(self.policy, ids, batch.tokens) if c.updates_per_batch > 1 else None
        figures: dict[str, float] = {"reward_mean": float(rewards.mean()), "reward_std": float(rewards.std())}
        for update in range(c.updates_per_batch):
            now = completion_logprobs(self.policy, ids, batch.tokens)
            before = old.tokens if old is not None else now.tokens.detach()  # one update: the ratio is 1
            result = grpo_loss(now.tokens, before, reference.tokens, advantages, now.mask, c.clip, c.kl_coef)
            if update == 0:
                figures["kl"], figures["policy_loss"] = float(result.kl), float(result.loss.detach())
                if not math.isfinite(figures["policy_loss"]):
                    raise PolicyDiverged(f"the policy loss became {figures['policy_loss']}")
                if c.max_kl and figures["kl"] > c.max_kl:
                    raise PolicyDiverged(f"the KL to the reference reached {figures['kl']:.3g} nats per token, "
                                         f"above rl.max_kl ({c.max_kl:g})")
            figures["grad_norm"] = self._step_optimizer(result.loss, self.lr_at(step))
        return figures

    # ------------------------------------------------------------------ DPO
    def dpo_step(self, step: int, pairs: Sequence[EncodedPair], ref_chosen: torch.Tensor,
                 ref_rejected: torch.Tensor) -> dict[str, float]:
        c = self.config
        picks = torch.randint(len(pairs), (min(c.prompts_per_step, len(pairs)),), generator=self.draws)
        part = [pairs[i] for i in picks.tolist()]
        prompts = [p.prompt for p in part]
        chosen = completion_logprobs(self.policy, prompts, [p.chosen for p in part]).sequence
        rejected = completion_logprobs(self.policy, prompts, [p.rejected for p in part]).sequence
        result = dpo_loss(chosen, rejected, ref_chosen[picks].to(self.device), ref_rejected[picks].to(self.device),
                          c.beta)
        loss = float(result.loss.detach())
        if not math.isfinite(loss):
            raise PolicyDiverged(f"the DPO loss became {loss}")
        figures = {"policy_loss": loss, "dpo_accuracy": float(result.accuracy), "dpo_margin": float(result.margin),
                   "chosen_reward": float(result.chosen_rewards.mean()),
                   "rejected_reward": float(result.rejected_rewards.mean()), "kl": math.nan}
        figures["grad_norm"] = self._step_optimizer(result.loss, self.lr_at(step))
        return figures

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, held_out: Sequence[Prompt], model: GPT | None = None) -> Evaluation:
        """Mean reward and KL to the reference of ``model``'s (default: the policy's) completions."""
        model = model or self.policy
        prompts = [p for p in held_out for _ in range(self.config.eval_samples)]
        batch = self.complete(model, prompts, torch.Generator().manual_seed(self.config.seed + EVAL_SALT))
        sums, tokens, count = [], 0.0, 0.0
        with torch.no_grad():
            for start in range(0, len(prompts), EVAL_BATCH):
                ids = [p.ids for p in prompts[start:start + EVAL_BATCH]]
                part = batch.tokens[start:start + EVAL_BATCH]
                mine = completion_logprobs(model, ids, part)
                ref = completion_logprobs(self.reference, ids, part)
                k3 = kl_k3(mine.tokens, ref.tokens) * mine.mask
                sums.append(k3.sum(dim=1).cpu())
                tokens += float(k3.sum())
                count += float(mine.mask.sum())
        per_completion = torch.cat(sums)
        reward = float(np.mean(batch.rewards)) if len(batch.rewards) else math.nan
        return Evaluation(reward, float(per_completion.mean()), tokens / max(count, 1.0), batch)

    def samples(self, held_out: Sequence[Prompt], model: GPT | None = None) -> Completions:
        """One completion for each of the first ``rl.sample_prompts`` held-out prompts, drawn the same way each time."""
        prompts = list(held_out[: self.config.sample_prompts])
        return self.complete(model or self.policy, prompts,
                             torch.Generator().manual_seed(self.config.seed + SAMPLE_SALT))


def jsonable(figures: dict[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in figures.items()}
