"""Policy runs end to end on a real tiny model: GRPO raises a held-out reward, DPO learns pairs,
the reference cache, exact resume, divergence and refusals of bad input."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import BAD, GOOD
from rl_helpers import RL, positive_rule, review_project

from llmstudio.core.errors import StudioError
from llmstudio.core.evaluation.loading import load_run
from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.core.rl.events import PolicyEvalLogged, PolicySamples, PolicyStepLogged
from llmstudio.core.rl.pairs_data import CACHE_FILE, encode_pairs, pair_logprobs
from llmstudio.core.rl.policy import frontier, policy_samples, train_policy
from llmstudio.core.rl.prompts import PROMPTS_FILE
from llmstudio.core.runs import get_run, list_runs, metric_series, run_folder
from llmstudio.core.training import checkpoint as ckpt


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("rl")
    project, run_id = review_project(folder / "project")
    yield project, run_id, positive_rule(folder)
    project.close()


def _pairs(n: int) -> list[tuple[str, str, str]]:
    return [(f"Review {i}:", f" the film was {GOOD[i % len(GOOD)]}.", f" the film was {BAD[i % len(BAD)]}.")
            for i in range(n)]


def test_grpo_with_a_rule_reward_raises_the_held_out_reward(reviews) -> None:
    project, lm, rule = reviews
    events: list[object] = []
    result = train_policy(project, lm, "grpo", reward=f"rule:{rule}", device="cpu",
                          overrides=[*RL, "rl.max_steps=30"], on_event=events.append)
    assert result.status == "completed" and result.steps == 30
    assert result.reward_end >= result.reward_start + 0.2, result
    assert 0 < result.kl_end < 20
    run = get_run(project, result.run_id, kind="policy")
    assert run.status == "completed" and run.step == 30 and run.parent_run_id == lm
    steps = [e for e in events if isinstance(e, PolicyStepLogged)]
    assert [e.step for e in steps] == list(range(1, 31)) and all(e.algo == "grpo" for e in steps)
    evals = [e for e in events if isinstance(e, PolicyEvalLogged)]
    assert [e.step for e in evals] == [0, 10, 20, 30] and evals[0].eval_kl == 0.0
    assert evals[0].eval_reward == result.reward_start and evals[-1].eval_reward == result.reward_end
    for name in ("reward_mean", "reward_std", "kl", "policy_loss", "eval_reward", "eval_kl"):
        assert metric_series(project, result.run_id, name), name
    rows = frontier(project, [result.run_id])
    assert [(r[1], r[3]) for r in rows] == [(e.step, e.eval_reward) for e in evals]
    samples = policy_samples(project, result.run_id)
    assert [s.step for s in samples] == [0, 10, 20, 30]
    assert samples[0].policy == samples[0].reference  # step 0: the policy is the reference
    assert samples[-1].reference == samples[0].reference and len(samples[-1].prompts) == 4
    assert [s for s in events if isinstance(s, PolicySamples)][-1] == samples[-1]
    held = json.loads((run_folder(project, run) / PROMPTS_FILE).read_text())
    assert len(held["held_out"]) == 16 and not set(held["held_out"]) & set(held["train"])


def test_dpo_on_pairs_learns_to_prefer_the_chosen_completion(reviews) -> None:
    project, lm, rule = reviews
    pairs = _pairs(24)
    result = train_policy(project, lm, "dpo", pairs=pairs, reward=f"rule:{rule}", device="cpu",
                          overrides=[*RL, "rl.max_steps=25", "rl.lr=0.002", "rl.prompts_per_step=8"])
    assert result.status == "completed"
    accuracy = [v for _, v in metric_series(project, result.run_id, "dpo_accuracy")]
    margin = [v for _, v in metric_series(project, result.run_id, "dpo_margin")]
    assert len(accuracy) == 25 and accuracy[0] == 0.0  # step 1: policy = reference, no pair is ranked yet
    assert np.mean(accuracy[-5:]) >= 0.9 and np.mean(margin[-5:]) > margin[0]
    # The policy itself (not only the logged batches) ranks every pair's chosen text higher now.
    folder = run_folder(project, get_run(project, result.run_id))
    loaded = load_run(project, lm, device="cpu")
    encoded = encode_pairs(loaded.processor, pairs, 32)
    ref_c, ref_r = pair_logprobs(loaded.model, encoded)
    ckpt.load_weights(ckpt.find_checkpoint(folder), loaded.model, torch.device("cpu"))
    pol_c, pol_r = pair_logprobs(loaded.model, encoded)
    assert float(((pol_c - ref_c) > (pol_r - ref_r)).float().mean()) >= 0.9
    assert math.isfinite(result.reward_start) and math.isfinite(result.reward_end)  # --reward with DPO: scored too


def test_cached_reference_logprobs_equal_fresh_ones(reviews) -> None:
    project, lm, _ = reviews
    pairs = _pairs(6)
    result = train_policy(project, lm, "dpo", pairs=pairs, device="cpu", overrides=[*RL, "rl.max_steps=2"])
    assert result.status == "completed" and math.isnan(result.reward_start)  # no reward: KL only
    folder = run_folder(project, get_run(project, result.run_id))
    from safetensors.torch import load_file

    cached = load_file(str(folder / CACHE_FILE))
    reference = load_run(project, lm, device="cpu")
    fresh_c, fresh_r = pair_logprobs(reference.model, encode_pairs(reference.processor, pairs, 32))
    assert torch.allclose(cached["chosen"], fresh_c, atol=1e-6) and torch.allclose(cached["rejected"], fresh_r,
                                                                                    atol=1e-6)
    before = (folder / CACHE_FILE).stat().st_mtime_ns
    resumed = train_policy(project, None, "dpo", resume_run_id=result.run_id, device="cpu",
                           overrides=["rl.max_steps=3"])
    assert resumed.steps == 3 and (folder / CACHE_FILE).stat().st_mtime_ns == before  # read, not recomputed


def test_dpo_reads_the_train_pairs_of_a_pairwise_schema_and_snapshots_them(reviews, tmp_path: Path) -> None:
    from llmstudio.core.labels.pairs import import_pairs_jsonl, preference_pairs
    from llmstudio.core.rl.pairs_data import load_saved_pairs

    project, lm, _ = reviews
    jsonl = tmp_path / "pairs.jsonl"
    jsonl.write_text("".join(json.dumps({"prompt": p, "chosen": c, "rejected": r}) + "\n" for p, c, r in _pairs(30)),
                     encoding="utf-8")
    import_pairs_jsonl(project, jsonl, "prefs")
    train = [(p.prompt, p.chosen, p.rejected) for p in preference_pairs(project, "prefs", "train")]
    assert 0 < len(train) < 30  # some pairs are held out by the schema's own split
    result = train_policy(project, lm, "dpo", pairs="prefs", device="cpu", overrides=[*RL, "rl.max_steps=2"])
    assert result.status == "completed"
    folder = run_folder(project, get_run(project, result.run_id))
    assert load_saved_pairs(folder) == train
    _refused(project, "no pairwise schema 'nope'", lm, "dpo", pairs="nope", overrides=RL)


def test_a_stopped_run_resumes_exactly_where_it_stopped(reviews) -> None:
    project, lm, rule = reviews
    settings = [*RL, "rl.max_steps=6", "rl.checkpoint_every=100", "rl.eval_every=100", "rl.sample_every=100"]
    straight = train_policy(project, lm, "grpo", reward=f"rule:{rule}", device="cpu", overrides=settings)
    cancel = CancelToken()

    def stop_at_three(event: object) -> None:
        if isinstance(event, PolicyStepLogged) and event.step == 3:
            cancel.cancel()

    stopped = train_policy(project, lm, "grpo", reward=f"rule:{rule}", device="cpu", overrides=settings,
                           cancel=cancel, on_event=stop_at_three)
    assert stopped.status == "cancelled" and stopped.steps == 3
    assert get_run(project, stopped.run_id).status == "cancelled"
    resumed = train_policy(project, None, "", resume_run_id=stopped.run_id, device="cpu")
    assert resumed.status == "completed" and resumed.steps == 6 and resumed.run_id == stopped.run_id
    for name in ("policy_loss", "reward_mean", "kl"):
        a = [v for _, v in metric_series(project, straight.run_id, name)]
        b = [v for _, v in metric_series(project, stopped.run_id, name)]
        assert len(a) == len(b) == 6 and b == pytest.approx(a, abs=1e-5), name
    assert resumed.reward_end == pytest.approx(straight.reward_end)
    assert resumed.reward_start == straight.reward_start


def test_a_diverging_run_stops_and_keeps_its_last_good_checkpoint(reviews) -> None:
    project, lm, rule = reviews
    result = train_policy(project, lm, "grpo", reward=f"rule:{rule}", device="cpu",
                          overrides=[*RL, "rl.max_steps=10", "rl.checkpoint_every=1", "rl.lr=0.05",
                                     "rl.max_kl=0.05"])
    assert result.status == "failed" and result.steps < 10
    assert "KL to the reference" in result.message and "rl.max_kl" in result.message
    assert "lower rl.lr" in result.message and "rl.kl_coef" in result.message
    assert f"--resume {result.run_id}" in result.message
    run = get_run(project, result.run_id)
    assert run.status == "failed" and run.message == result.message
    found = ckpt.find_checkpoint(run_folder(project, run))  # the weights of the diverged step were not saved
    assert f"diverged at step {found.step + 1}:" in result.message
    assert f"checkpoint (step {found.step}) is kept" in result.message


def _refused(project: Project, match: str, *args: object, **kwargs: object) -> None:
    before = len(list_runs(project, "policy"))
    with pytest.raises(StudioError, match=match):
        train_policy(project, *args, device="cpu", **kwargs)  # type: ignore[arg-type]
    assert len(list_runs(project, "policy")) == before  # nothing was written


def test_bad_input_is_refused_before_anything_is_written(reviews, tmp_path: Path) -> None:
    project, lm, rule = reviews
    bad_rule = tmp_path / "bad.toml"
    bad_rule.write_text('[[regex]]\npattern = "(unclosed"\n', encoding="utf-8")
    _refused(project, "invalid regular expression", lm, "grpo", reward=f"rule:{bad_rule}", overrides=RL)
    _refused(project, "GRPO learns from a reward", lm, "grpo", overrides=RL)
    _refused(project, "DPO learns from preference pairs", lm, "dpo", overrides=RL)
    _refused(project, "same chosen and rejected", lm, "dpo", pairs=[("p", "same", "same")], overrides=RL)
    _refused(project, "needs preference pairs", lm, "dpo", pairs=[], overrides=RL)
    _refused(project, "longer than the model's context", lm, "grpo", reward=f"rule:{rule}",
             overrides=[*RL, "rl.max_new_tokens=40"])
    _refused(project, "rl.eval_prompts", lm, "grpo", reward=f"rule:{rule}", overrides=[*RL, "rl.eval_prompts=500"])
    _refused(project, "rl.clip must be between 0 and 1", lm, "grpo", reward=f"rule:{rule}",
             overrides=["rl.clip=1.5"])
    _refused(project, "unknown setting rl.nope", lm, "grpo", reward=f"rule:{rule}", overrides=["rl.nope=1"])
    _refused(project, "--algo must be one of grpo, dpo", lm, "ppo", reward=f"rule:{rule}")
    _refused(project, "no run with id 999", 999, "grpo", reward=f"rule:{rule}")
    _refused(project, "not a policy run", None, "grpo", resume_run_id=lm)


def test_a_classifier_with_another_tokenizer_is_a_reward_and_a_wrong_label_is_named(reviews) -> None:
    from classify_helpers import TINY

    from llmstudio.core.classify.config import ClassifierRunConfig
    from llmstudio.core.classify.runs import create_classifier_run
    from llmstudio.core.classify.trainer import train_classifier
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    project, lm, _ = reviews
    train_tokenizer(project, TokenizerSettings(vocab_size=90, model_type="unigram"))  # the classifier's own
    config = ClassifierRunConfig.default().with_overrides([*TINY, "classify.epochs=2", "classify.predict_all=false"])
    classifier = create_classifier_run(project, config)
    train_classifier(project, classifier, device="cpu")
    assert get_run(project, classifier).tokenizer_id != get_run(project, lm).tokenizer_id
    _refused(project, "has no label 'happy'; pick one of: pos, neg", lm, "grpo",
             reward=f"classifier:{classifier}:happy", overrides=RL)
    result = train_policy(project, lm, "grpo", reward=f"classifier:{classifier}:pos", device="cpu",
                          overrides=[*RL, "rl.max_steps=2"])
    assert result.status == "completed" and 0.0 <= result.reward_start <= 1.0


def test_a_nan_reward_stops_a_step_before_the_weights_change(reviews) -> None:
    from llmstudio.core.rl.config import RLConfig
    from llmstudio.core.rl.prompts import choose_prompts
    from llmstudio.core.rl.session import PolicyDiverged, PolicySession

    project, lm, _ = reviews
    policy, reference = load_run(project, lm, device="cpu"), load_run(project, lm, device="cpu")
    config = RLConfig().with_overrides(RL)

    class Broken:
        name = "broken"

        def __call__(self, texts: list[str]) -> np.ndarray:
            return np.full(len(texts), np.nan)

    session = PolicySession(policy.model, reference.model, policy.processor, config, torch.device("cpu"), Broken())
    before = {k: v.clone() for k, v in policy.model.state_dict().items()}
    with pytest.raises(PolicyDiverged, match="reward became NaN"):
        session.grpo_step(0, choose_prompts(project, policy.processor, config).train)
    assert all(torch.equal(before[k], v) for k, v in policy.model.state_dict().items())
