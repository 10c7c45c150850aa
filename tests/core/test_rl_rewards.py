"""Reward sources: the --reward spelling, rule files (scores and every refusal) and a real
classifier run scoring texts."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import TINY, labelled_project

from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.inference import load_classifier
from llmstudio.core.classify.runs import create_classifier_run
from llmstudio.core.classify.trainer import train_classifier
from llmstudio.core.errors import ConfigError, StudioError
from llmstudio.core.rl.rewards import ClassifierReward, RewardSpec, load_reward, parse_reward
from llmstudio.core.rl.rules import load_rule

RULE = """
[keywords]
great = 1.0
Awful = -2.0

[[regex]]
pattern = "\\\\bthank(s| you)\\\\b"
weight = 0.5

[length]
unit = "words"
min = 3
max = 6
weight = 0.25
"""


def test_the_reward_spelling_is_parsed_and_bad_spellings_name_the_fix() -> None:
    assert parse_reward("classifier:3:positive") == RewardSpec("classifier", run_id=3, label="positive")
    assert parse_reward("classifier:3:a:b").label == "a:b"
    assert parse_reward("reward:12") == RewardSpec("reward", run_id=12)
    assert parse_reward("rule:C:/rules/pos.toml") == RewardSpec("rule", path=Path("C:/rules/pos.toml"))
    assert str(parse_reward("classifier:3:positive")) == "classifier:3:positive"
    for bad, words in [("classifier:3", "names its run and label"), ("classifier:x:pos", "positive whole number"),
                       ("reward:0", "positive whole number"), ("rule:", "give the rule file"),
                       ("sentiment:3", "is not one of classifier:RUN_ID:LABEL")]:
        with pytest.raises(ConfigError, match=words):
            parse_reward(bad)


def test_a_rule_sums_keyword_regex_and_length_weights(tmp_path: Path) -> None:
    path = tmp_path / "rule.toml"
    path.write_text(RULE, encoding="utf-8")
    rule = load_rule(path)
    texts = ["A great film, thanks", "awful awful AWFUL", "thank you notes are great and long enough to pass six words",
             "", "nothing here"]
    expected = [1.0 + 0.5 + 0.25, -2.0 + 0.25, 1.0 + 0.5, 0.0, 0.0]
    assert rule(texts).tolist() == pytest.approx(expected)
    sensitive = tmp_path / "case.toml"
    sensitive.write_text("case_sensitive = true\n[keywords]\nGreat = 1\n", encoding="utf-8")
    assert load_rule(sensitive)(["Great", "great"]).tolist() == [1.0, 0.0]


@pytest.mark.parametrize(("text", "words"), [
    ('[[regex]]\npattern = "(unclosed"\nweight = 1', r"invalid regular expression '\(unclosed'.*missing \)"),
    ("colour = 1\nkeyword = 2\n[keywords]\na = 1", "unknown key\\(s\\) colour, keyword; allowed: case_sensitive"),
    ('[[regex]]\npattern = "x"\nwieght = 1', r"\[regex 1\]: unknown key\(s\) wieght"),
    ("[length]\nmin = 5\nmax = 2", "min 5 is above max 2"),
    ('[length]\nunit = "tokens"\nmin = 1', "unit must be one of words, characters"),
    ('[keywords]\ngood = "lots"', "weight must be a number"),
    ("case_sensitive = false", "the rule is empty"),
    ("[keywords\n", "is not valid TOML"),
])
def test_bad_rule_files_are_refused_with_a_message_naming_the_problem(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        load_rule(path)


def test_a_missing_rule_file_and_a_missing_reward_run_are_clear_errors(tmp_path: Path, new_project) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_reward(None, f"rule:{tmp_path / 'nope.toml'}")  # type: ignore[arg-type]
    with pytest.raises(StudioError, match="no run with id 1"):
        load_reward(new_project, "reward:1")


@pytest.fixture(scope="module")
def classifier_project(tmp_path_factory: pytest.TempPathFactory):
    project = labelled_project(tmp_path_factory.mktemp("rl-reward") / "project")
    run_id = create_classifier_run(project, ClassifierRunConfig.default().with_overrides(TINY))
    train_classifier(project, run_id, device="cpu")
    yield project, run_id
    project.close()


def test_a_classifier_run_scores_texts_as_the_probability_of_a_label(classifier_project) -> None:
    project, run_id = classifier_project
    reward = load_reward(project, f"classifier:{run_id}:pos", device="cpu")
    assert isinstance(reward, ClassifierReward) and reward.name == f"classifier:{run_id}:pos"
    assert reward.tokenizer_id is not None
    texts = ["the film was wonderful, the cast was superb", "the script was awful and dull"]
    scores = reward(texts)
    np.testing.assert_allclose(scores, load_classifier(project, run_id, device="cpu").probability(texts, "pos"))
    assert scores[0] > 0.5 > scores[1] and ((scores >= 0) & (scores <= 1)).all()
    assert reward([]).shape == (0,)
    with pytest.raises(ConfigError, match=f"classifier run {run_id} has no label 'positive'; pick one of: "):
        load_reward(project, f"classifier:{run_id}:positive", device="cpu")
    with pytest.raises(StudioError):
        load_reward(project, f"classifier:{run_id + 50}:pos", device="cpu")
