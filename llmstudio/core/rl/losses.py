"""The losses of policy optimisation: DPO (offline, from preference pairs) and GRPO (online).

Kept apart from any trainer so each formula can be checked against a plain computation:
DPO follows Rafailov et al. (2023), eq. 7; GRPO follows Shao et al. (2024, DeepSeekMath),
with group-normalised advantages, a clipped ratio objective and the k3 KL estimator.
All functions take and return torch tensors and work under autograd.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class DPOResult:
    """The DPO loss (mean over pairs) and what the live view shows per pair."""

    loss: torch.Tensor  # scalar, mean over the batch
    losses: torch.Tensor  # (B,) per pair
    chosen_rewards: torch.Tensor  # (B,) beta * (pi_c - ref_c), detached
    rejected_rewards: torch.Tensor  # (B,) beta * (pi_r - ref_r), detached
    accuracy: torch.Tensor  # scalar: share of pairs whose chosen reward exceeds the rejected one

    @property
    def margin(self) -> torch.Tensor:
        """Mean of chosen minus rejected implicit reward."""
        return (self.chosen_rewards - self.rejected_rewards).mean()


def dpo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor,
             reference_chosen: torch.Tensor, reference_rejected: torch.Tensor,
             beta: float) -> DPOResult:
    """-log sigmoid(beta * ((pi_c - ref_c) - (pi_r - ref_r))) per pair, from sequence log-probabilities.

    Each argument is a (B,) tensor of summed completion log-probabilities (see ``logprobs``);
    the reference ones are constants (no gradient flows into them).
    """
    if beta <= 0:
        raise ValueError(f"DPO beta must be positive, not {beta}")
    chosen_ratio = policy_chosen - reference_chosen.detach()
    rejected_ratio = policy_rejected - reference_rejected.detach()
    logits = beta * (chosen_ratio - rejected_ratio)
    losses = -F.logsigmoid(logits)
    chosen_rewards = (beta * chosen_ratio).detach()
    rejected_rewards = (beta * rejected_ratio).detach()
    accuracy = (chosen_rewards > rejected_rewards).float().mean()
    return DPOResult(losses.mean(), losses, chosen_rewards, rejected_rewards, accuracy)


def group_advantages(rewards: torch.Tensor, group_size: int, eps: float = 1e-4) -> torch.Tensor:
    """(r - mean_group) / (std_group + eps) for rewards laid out as consecutive groups.

    ``rewards`` is (N,) with N = prompts * group_size, the completions of one prompt adjacent.
    The standard deviation is the sample one (n - 1), as in TRL's GRPOTrainer; a group whose
    rewards are all equal gets zero advantage (nothing to learn from it).
    """
    if group_size < 2:
        raise ValueError(f"GRPO needs a group of at least 2 completions per prompt, not {group_size}")
    if rewards.ndim != 1 or rewards.numel() % group_size:
        raise ValueError(f"{rewards.numel()} rewards do not split into groups of {group_size}")
    grouped = rewards.float().view(-1, group_size)
    mean = grouped.mean(dim=1, keepdim=True)
    std = grouped.std(dim=1, keepdim=True)
    return ((grouped - mean) / (std + eps)).view(-1)


def kl_k3(policy_logprobs: torch.Tensor, reference_logprobs: torch.Tensor) -> torch.Tensor:
    """Per-token KL(policy || reference) by Schulman's k3 estimator: exp(d) - d - 1, d = ref - pi.

    This is the estimator of DeepSeekMath (eq. 4) and TRL's GRPOTrainer: unbiased, always >= 0,
    computed from the log-probabilities of the sampled tokens only. Shapes (B, T) in, (B, T) out.
    """
    delta = reference_logprobs.detach() - policy_logprobs
    return torch.exp(delta) - delta - 1


@dataclass(frozen=True)
class GRPOResult:
    loss: torch.Tensor  # scalar to minimise
    policy_loss: torch.Tensor  # the clipped objective's part, negated
    kl: torch.Tensor  # mean per-token k3 KL over completion tokens
    clipped_share: torch.Tensor  # share of tokens where clipping was active


def masked_mean(values: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean over the positions where ``mask`` is 1 (0 when there are none)."""
    mask = mask.to(values.dtype)
    return (values * mask).sum() / mask.sum().clamp(min=1.0)


def grpo_loss(policy_logprobs: torch.Tensor, old_logprobs: torch.Tensor, reference_logprobs: torch.Tensor,
              advantages: torch.Tensor, mask: torch.Tensor, clip: float = 0.2,
              kl_coef: float = 0.04) -> GRPOResult:
    """The clipped surrogate with a KL penalty, averaged over completion tokens.

    Per token: -(min(ratio * A, clip(ratio, 1 - clip, 1 + clip) * A) - kl_coef * k3), with
    ratio = exp(pi - pi_old). Token log-probabilities are (B, T); ``advantages`` is (B,),
    one per completion; ``mask`` (B, T) marks completion tokens (1) against prompt/padding (0).
    """
    if clip <= 0:
        raise ValueError(f"GRPO clip must be positive, not {clip}")
    ratio = torch.exp(policy_logprobs - old_logprobs.detach())
    adv = advantages.detach().unsqueeze(1)
    unclipped = ratio * adv
    clipped = torch.clamp(ratio, 1 - clip, 1 + clip) * adv
    objective = torch.minimum(unclipped, clipped)
    kl = kl_k3(policy_logprobs, reference_logprobs)
    per_token = -(objective - kl_coef * kl)
    was_clipped = (clipped < unclipped).float()
    return GRPOResult(masked_mean(per_token, mask), masked_mean(-objective, mask).detach(),
                      masked_mean(kl, mask).detach(), masked_mean(was_clipped, mask).detach())
