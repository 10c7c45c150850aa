"""Reward-model runs: the Bradley-Terry loss by hand, training on synthetic pairs to high held-out
accuracy, the ``reward:RUN_ID`` reward source, and every refusal named."""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import BAD, FILLER, GOOD, labelled_project

from llmstudio.cli import main
from llmstudio.core.errors import StudioError
from llmstudio.core.labels.pairs import add_pairs, annotate_pair, next_pairs, preference_pairs
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.reward import GPTReward, bradley_terry_loss
from llmstudio.core.project import Project
from llmstudio.core.rl.events import RewardStepLogged
from llmstudio.core.rl.reward_config import pair_text
from llmstudio.core.rl.rewards import load_reward
from llmstudio.core.runs import get_run, metric_names, metric_series

TINY = ["model.n_layer=1", "model.n_head=2", "model.d_model=32", "train.batch_size=16", "train.threads=1",
        "train.lr=0.005", "train.min_lr=0.0005", "train.eval_interval=10", "reward.max_length=32",
        "reward.epochs=12"]


def test_bradley_terry_loss_is_the_formula() -> None:
    chosen, rejected = [1.0, -0.5, 2.0], [0.0, 0.5, 2.5]
    by_hand = sum(math.log(1 + math.exp(-(c - r))) for c, r in zip(chosen, rejected, strict=True)) / 3
    assert float(bradley_terry_loss(torch.tensor(chosen), torch.tensor(rejected))) == pytest.approx(by_hand)


def test_the_model_scores_chosen_and_rejected_in_one_pass() -> None:
    torch.manual_seed(0)
    model = GPTReward(ModelConfig(vocab_size=50, n_layer=1, n_head=2, d_model=16, context_length=16)).eval()
    tokens = torch.randint(1, 50, (4, 8))
    lengths = torch.tensor([8, 5, 3, 6])
    with torch.no_grad():
        margins, loss = model(tokens, lengths)
        scores = [float(model.score(tokens[i : i + 1, : lengths[i]], lengths[i : i + 1])) for i in range(4)]
    assert margins.tolist() == pytest.approx([scores[0] - scores[2], scores[1] - scores[3]], abs=1e-5)
    by_hand = (math.log(1 + math.exp(-(scores[0] - scores[2]))) + math.log(1 + math.exp(-(scores[1] - scores[3])))) / 2
    assert float(loss) == pytest.approx(by_hand, abs=1e-5)


def test_pair_text_keeps_words_apart() -> None:
    assert pair_text("Review 3:", " it was great") == "Review 3: it was great"
    assert pair_text("Review 3:", "it was great") == "Review 3: it was great"
    assert pair_text("", "it was great") == "it was great"


def synthetic_pairs(n: int, seed: int = 0) -> list[tuple[str, str, str]]:
    """Chosen completions praise, rejected ones complain; A and B in random order."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        subject = rng.choice(FILLER)
        good, bad = f"{subject} was {rng.choice(GOOD)}.", f"{subject} was {rng.choice(BAD)}."
        rows.append((f"Review {i}:", good, bad))
    return rows


def prefer_praise(project: Project, schema: str = "preferences") -> None:
    add_pairs(project, schema, synthetic_pairs(240), "test")
    for pair in next_pairs(project, schema, "ann", limit=1000):
        praised = any(word in pair.completion_a for word in GOOD)
        annotate_pair(project, pair.id, "a" if praised else "b", "ann")


@pytest.fixture(scope="module")
def pairs_project(tmp_path_factory: pytest.TempPathFactory):
    project = labelled_project(tmp_path_factory.mktemp("reward") / "project", n=80, split=False)
    prefer_praise(project)
    yield project
    project.close()


@pytest.fixture(scope="module")
def trained(pairs_project: Project):
    from llmstudio.core.rl.reward_train import train_reward_model

    events: list[object] = []
    result = train_reward_model(pairs_project, "preferences", overrides=TINY, device="cpu", on_event=events.append)
    return result, events


def test_a_reward_model_learns_which_completion_people_prefer(pairs_project: Project, trained) -> None:
    result, events = trained
    assert result.status == "completed"
    assert result.n_train == len(preference_pairs(pairs_project, "preferences", "train"))
    assert result.n_heldout == len(preference_pairs(pairs_project, "preferences", "validation")) >= 10
    assert result.pair_accuracy >= 0.9
    run = get_run(pairs_project, result.run_id)
    assert run.kind == "reward" and run.status == "completed" and "held-out pair accuracy" in (run.message or "")
    assert {"bt_loss", "pair_accuracy"} <= set(metric_names(pairs_project, result.run_id))
    bt = [v for _, v in metric_series(pairs_project, result.run_id, "bt_loss")]
    assert bt[-1] < bt[0] < 1.0  # from about log 2 down
    logged = [e for e in events if isinstance(e, RewardStepLogged)]
    assert any(not math.isnan(e.pair_accuracy) for e in logged) and any(math.isnan(e.pair_accuracy) for e in logged)


def test_load_reward_scores_full_texts_with_the_trained_run(pairs_project: Project, trained) -> None:
    result, _ = trained
    reward = load_reward(pairs_project, f"reward:{result.run_id}", device="cpu")
    assert reward.name == f"reward:{result.run_id}"
    heldout = preference_pairs(pairs_project, "preferences", "validation")
    chosen = reward([pair_text(p.prompt, p.chosen) for p in heldout])
    rejected = reward([pair_text(p.prompt, p.rejected) for p in heldout])
    assert chosen.shape == (len(heldout),)
    assert float((chosen > rejected).mean()) == pytest.approx(result.pair_accuracy)
    assert reward([]).shape == (0,)


def test_wrong_reward_runs_are_named(pairs_project: Project, trained) -> None:
    from llmstudio.core.rl.reward_runs import RewardRunConfig, create_reward_run

    lm_like = create_reward_run(pairs_project, RewardRunConfig.default().with_overrides(TINY))
    with pytest.raises(StudioError, match=f"reward run {lm_like} has no checkpoint"):
        load_reward(pairs_project, f"reward:{lm_like}", device="cpu")
    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run

    lm = create_run(pairs_project, RunConfig())
    with pytest.raises(StudioError, match=f"run {lm} is a language-model run, not a reward model"):
        load_reward(pairs_project, f"reward:{lm}", device="cpu")


def test_too_few_pairs_and_bad_starting_runs_are_refused(pairs_project: Project, tiny_overrides) -> None:
    from llmstudio.core.rl.reward_train import train_reward_model
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
    from llmstudio.core.training.config import RunConfig
    from llmstudio.core.training.trainer import create_run, train_run

    add_pairs(pairs_project, "few", synthetic_pairs(2), "test")
    runs_before = len(pairs_project.db.execute("SELECT id FROM runs").fetchall())
    with pytest.raises(StudioError, match="'few' has 0 training and 0 held-out preference pairs"):
        train_reward_model(pairs_project, "few", overrides=TINY, device="cpu")
    lm = create_run(pairs_project, RunConfig().with_overrides([*tiny_overrides, "train.max_steps=4"]))
    with pytest.raises(StudioError, match="has not trained yet"):
        train_reward_model(pairs_project, "preferences", from_run=lm, overrides=TINY, device="cpu")
    train_run(pairs_project, lm, device="cpu")
    other = train_tokenizer(pairs_project, TokenizerSettings(vocab_size=100, model_type="bpe"))
    with pytest.raises(StudioError, match=f"tokenizer {get_run(pairs_project, lm).tokenizer_id}, but reward.tokenizer"):
        train_reward_model(pairs_project, "preferences", from_run=lm, device="cpu",
                           overrides=[*TINY, f"reward.tokenizer={other.id}"])
    with pytest.raises(StudioError, match="reward.max_length \\(64\\) is longer"):
        train_reward_model(pairs_project, "preferences", from_run=lm, device="cpu",
                           overrides=[*TINY, "reward.max_length=64"])
    assert len(pairs_project.db.execute("SELECT id FROM runs").fetchall()) == runs_before + 1  # only the lm run
    result = train_reward_model(pairs_project, "preferences", from_run=lm, device="cpu",
                                overrides=[*TINY, "reward.epochs=1", "reward.freeze_body=true"])
    assert result.status == "completed" and get_run(pairs_project, result.run_id).parent_run_id == lm


def test_reward_train_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "p"
    with labelled_project(folder, n=40, split=False) as project:
        prefer_praise(project, "likes")
    argv = ["reward", "train", str(folder), "--pairs", "likes", "--device", "cpu", "--json"]
    sets = [a for item in [*TINY, "reward.epochs=2"] for a in ("--set", item)]
    assert main([*argv, *sets]) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(last) == {"run_id", "kind", "pairs", "pair_accuracy", "n_train", "n_heldout"}
    assert last["kind"] == "reward" and last["pairs"] == "likes" and 0.0 <= last["pair_accuracy"] <= 1.0
    assert last["n_train"] + last["n_heldout"] == 240

    assert main([*argv[:3], "--pairs", "nope"]) == 1
    assert "no pairwise schema 'nope'" in capsys.readouterr().err
    assert main([*argv, "--set", "reward.truncation=middle"]) == 1
    assert "reward.truncation must be one of start, end" in capsys.readouterr().err
    assert main([*argv, "--from-run", "99"]) == 1
    assert "no run with id 99" in capsys.readouterr().err
    for bad in (["reward", "train"], ["reward"], ["reward", "train", str(folder), "--from-run", "x"]):
        with pytest.raises(SystemExit) as exit_info:
            main(bad)
        assert exit_info.value.code == 2
