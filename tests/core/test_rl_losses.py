"""DPO and GRPO losses against the formulas computed independently in plain Python/math."""

from __future__ import annotations

import math
import statistics

import pytest
import torch

from llmstudio.core.rl.losses import dpo_loss, group_advantages, grpo_loss, kl_k3


def _log_sigmoid(x: float) -> float:
    return -math.log1p(math.exp(-x))


def test_dpo_loss_equals_the_papers_formula_on_hand_computed_logprobs() -> None:
    # Sequence log-probabilities as sums of per-token log-probabilities of hand-picked token probabilities.
    tokens = {
        "pi_c": [[0.5, 0.25], [0.1, 0.9, 0.3]], "pi_r": [[0.2, 0.4], [0.6, 0.6, 0.6]],
        "ref_c": [[0.4, 0.3], [0.2, 0.8, 0.3]], "ref_r": [[0.3, 0.3], [0.5, 0.7, 0.5]],
    }
    seq = {k: [sum(math.log(p) for p in row) for row in rows] for k, rows in tokens.items()}
    beta = 0.1
    result = dpo_loss(*(torch.tensor(seq[k], dtype=torch.float64) for k in ("pi_c", "pi_r", "ref_c", "ref_r")),
                      beta=beta)
    expected, chosen, rejected = [], [], []
    for i in range(2):
        c = seq["pi_c"][i] - seq["ref_c"][i]
        r = seq["pi_r"][i] - seq["ref_r"][i]
        expected.append(-_log_sigmoid(beta * (c - r)))
        chosen.append(beta * c)
        rejected.append(beta * r)
    assert result.losses.tolist() == pytest.approx(expected, rel=1e-12)
    assert result.loss.item() == pytest.approx(sum(expected) / 2, rel=1e-12)
    assert result.chosen_rewards.tolist() == pytest.approx(chosen, rel=1e-12)
    assert result.rejected_rewards.tolist() == pytest.approx(rejected, rel=1e-12)
    assert result.accuracy.item() == sum(c > r for c, r in zip(chosen, rejected, strict=True)) / 2
    assert result.accuracy.item() == 0.5  # the pairs were picked so that one is ranked right, one wrong
    assert result.margin.item() == pytest.approx(statistics.mean(c - r for c, r in zip(chosen, rejected, strict=True)))


def test_dpo_gradient_raises_the_chosen_and_lowers_the_rejected() -> None:
    pi_c = torch.tensor([-3.0], requires_grad=True)
    pi_r = torch.tensor([-3.0], requires_grad=True)
    dpo_loss(pi_c, pi_r, torch.tensor([-3.0]), torch.tensor([-3.0]), beta=0.5).loss.backward()
    assert pi_c.grad is not None and pi_r.grad is not None
    assert pi_c.grad.item() < 0 < pi_r.grad.item()  # gradient descent moves pi_c up, pi_r down
    # At equal ratios the loss is log 2 and the gradient is beta * sigmoid(0) = beta / 2.
    assert pi_c.grad.item() == pytest.approx(-0.25)
    with pytest.raises(ValueError, match="beta"):
        dpo_loss(pi_c, pi_r, pi_c, pi_r, beta=0.0)


def test_group_advantages_match_a_plain_python_computation() -> None:
    rewards = [0.1, 0.9, 0.4, 0.6, 1.0, 1.0, 0.0, 0.3, 0.7]
    group, eps = 3, 1e-4
    expected = []
    for g in range(0, len(rewards), group):
        chunk = rewards[g:g + group]
        mean, std = statistics.mean(chunk), statistics.stdev(chunk)
        expected += [(r - mean) / (std + eps) for r in chunk]
    got = group_advantages(torch.tensor(rewards, dtype=torch.float64), group, eps)
    assert got.tolist() == pytest.approx(expected, rel=1e-5, abs=1e-6)
    with pytest.raises(ValueError, match="groups of 4"):
        group_advantages(torch.tensor(rewards), 4)
    with pytest.raises(ValueError, match="at least 2"):
        group_advantages(torch.tensor(rewards), 1)


def test_k3_kl_matches_a_plain_computation_and_estimates_the_true_kl() -> None:
    pi = [[-1.2, -0.3], [-2.0, -0.05]]
    ref = [[-1.0, -0.5], [-2.5, -0.05]]
    expected = [[math.exp(r - p) - (r - p) - 1 for p, r in zip(prow, rrow, strict=True)]
                for prow, rrow in zip(pi, ref, strict=True)]
    got = kl_k3(torch.tensor(pi, dtype=torch.float64), torch.tensor(ref, dtype=torch.float64))
    assert got.tolist() == [pytest.approx(row, rel=1e-12, abs=1e-15) for row in expected]
    assert (got >= 0).all()
    # Sampled from the policy, the k3 mean is an unbiased estimate of KL(policy || reference).
    p, q = [0.7, 0.2, 0.1], [0.5, 0.3, 0.2]
    true_kl = sum(a * math.log(a / b) for a, b in zip(p, q, strict=True))
    generator = torch.Generator().manual_seed(0)
    draws = torch.multinomial(torch.tensor(p), 200_000, replacement=True, generator=generator)
    logp, logq = torch.tensor(p).log()[draws], torch.tensor(q).log()[draws]
    assert kl_k3(logp, logq).mean().item() == pytest.approx(true_kl, rel=0.03)


def test_grpo_loss_matches_a_token_by_token_computation() -> None:
    pi = [[-1.0, -0.5, -2.0], [-0.2, -1.5, -0.9]]
    old = [[-1.1, -0.9, -2.0], [-0.5, -1.0, -0.9]]
    ref = [[-1.2, -0.6, -1.8], [-0.3, -1.2, -1.0]]
    mask = [[0, 1, 1], [1, 1, 0]]
    adv = [1.5, -0.7]
    clip, kl_coef = 0.2, 0.1
    terms, kls, objs = [], [], []
    for b in range(2):
        for t in range(3):
            if not mask[b][t]:
                continue
            ratio = math.exp(pi[b][t] - old[b][t])
            clipped = min(max(ratio, 1 - clip), 1 + clip)
            obj = min(ratio * adv[b], clipped * adv[b])
            d = ref[b][t] - pi[b][t]
            kl = math.exp(d) - d - 1
            terms.append(-(obj - kl_coef * kl))
            kls.append(kl)
            objs.append(-obj)

    def t(x: list[list[float]]) -> torch.Tensor:
        return torch.tensor(x, dtype=torch.float64)

    result = grpo_loss(t(pi), t(old), t(ref), torch.tensor(adv, dtype=torch.float64), t(mask), clip, kl_coef)
    assert result.loss.item() == pytest.approx(statistics.mean(terms), rel=1e-12)
    assert result.kl.item() == pytest.approx(statistics.mean(kls), rel=1e-12)
    assert result.policy_loss.item() == pytest.approx(statistics.mean(objs), rel=1e-12)
    assert 0 < result.clipped_share.item() < 1  # one token's ratio exp(0.4) is past 1 + clip with A > 0
