"""``llmstudio rl`` run as a user would: the --json summary, resume, and wrong arguments."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from rl_helpers import RL, positive_rule, review_project

from llmstudio.cli import main
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, list_runs


def _sets(*items: str) -> list[str]:
    return [arg for item in items for arg in ("--set", item)]


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("rlcli")
    project, run_id = review_project(folder / "project")
    project.close()
    return folder / "project", run_id, positive_rule(folder)


def test_rl_json_summary_and_resume(reviews, capsys: pytest.CaptureFixture[str]) -> None:
    folder, lm, rule = reviews
    code = main(["rl", str(folder), "--run", str(lm), "--algo", "grpo", "--reward", f"rule:{rule}", "--device", "cpu",
                 "--json", *_sets(*RL, "rl.max_steps=4")])
    assert code == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(last) == {"run_id", "kind", "algo", "steps", "reward_start", "reward_end", "kl_end"}
    assert last["kind"] == "policy" and last["algo"] == "grpo" and last["steps"] == 4
    assert 0 <= last["reward_start"] <= 1 and 0 <= last["reward_end"] <= 1 and last["kl_end"] >= 0
    code = main(["rl", str(folder), "--resume", str(last["run_id"]), "--device", "cpu", "--set", "rl.max_steps=6"])
    out = capsys.readouterr().out
    assert code == 0 and f"policy run {last['run_id']} completed" in out and "held-out reward" in out
    with Project.open(folder) as project:
        assert get_run(project, last["run_id"]).step == 6
    main(["info", str(folder), "--json"])
    listed = next(r for r in json.loads(capsys.readouterr().out)["runs"] if r["id"] == last["run_id"])
    assert listed["kind"] == "policy" and listed["reward_start"] == pytest.approx(last["reward_start"])
    assert listed["reward_end"] is not None and listed["kl_end"] is not None
    main(["info", str(folder)])
    assert f"run        {last['run_id']} 'GRPO from run {lm}' (policy): completed, step 6" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "words"), [
    (["--algo", "grpo", "--reward", "rule:x.toml"], "--run ID is needed"),
    (["--run", "LM"], "--algo grpo|dpo is needed"),
    (["--run", "LM", "--algo", "grpo"], "--algo grpo needs --reward"),
    (["--run", "LM", "--algo", "dpo"], "--algo dpo needs --pairs"),
    (["--run", "LM", "--algo", "grpo", "--reward", "rule:RULE", "--pairs", "p"], "--pairs is for --algo dpo"),
    (["--run", "LM", "--algo", "grpo", "--reward", "classifier:LM"], "names its run and label"),
    (["--run", "LM", "--algo", "grpo", "--reward", "rule:missing.toml"], "does not exist"),
    (["--run", "LM", "--algo", "grpo", "--reward", "rule:RULE", "--set", "train.lr=1"], "expects rl.KEY=VALUE"),
    (["--run", "LM", "--algo", "grpo", "--reward", "rule:RULE", "--set", "rl.lr=fast"], "rl.lr expects a number, not 'fast'"),
    (["--run", "LM", "--algo", "grpo", "--reward", "rule:RULE", "--set", "rl.group_size=1"],
     "rl.group_size must be at least 2"),
    (["--resume", "LM"], "not a policy run"),
])
def test_wrong_arguments_exit_1_with_one_line_and_write_nothing(reviews, capsys: pytest.CaptureFixture[str],
                                                                args: list[str], words: str) -> None:
    folder, lm, rule = reviews
    args = [str(lm) if a == "LM" else a.replace("RULE", str(rule)).replace(":LM", f":{lm}") for a in args]
    with Project.open(folder) as project:
        before = len(list_runs(project, "policy"))
    code = main(["rl", str(folder), "--device", "cpu", *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and words in err[0], err
    with Project.open(folder) as project:
        assert len(list_runs(project, "policy")) == before


def test_an_unknown_algorithm_is_a_usage_error(reviews, capsys: pytest.CaptureFixture[str]) -> None:
    folder, lm, _ = reviews
    with pytest.raises(SystemExit) as exc:
        main(["rl", str(folder), "--run", str(lm), "--algo", "ppo"])
    assert exc.value.code == 2 and "invalid choice: 'ppo'" in capsys.readouterr().err
