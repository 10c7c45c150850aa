"""Policy runs as runs: one starts from a model imported from Hugging Face, and a run that a
process is training cannot be resumed by another."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from rl_helpers import RL, positive_rule, review_project

from llmstudio.core.rl.policy import policy_samples, train_policy
from llmstudio.core.runs import RunBusy, acquire_run_lock, get_run, recover_interrupted, update_run


def test_a_policy_starts_from_a_model_imported_from_hugging_face(tmp_path: Path) -> None:
    from classify_helpers import labelled_project
    from test_hf_import import make_model

    from llmstudio.core.interop.hf_import import import_model

    project = labelled_project(tmp_path / "p", n=120, split=False)
    imported = import_model(project, str(make_model(tmp_path / "made")), name="made")
    result = train_policy(project, imported.run_id, "grpo", reward=f"rule:{positive_rule(tmp_path)}", device="cpu",
                          overrides=[*RL, "rl.max_steps=3", "rl.eval_prompts=8", "rl.sample_every=3"])
    assert result.status == "completed" and result.steps == 3
    assert get_run(project, result.run_id).parent_run_id == imported.run_id
    samples = policy_samples(project, result.run_id)
    assert [s.step for s in samples] == [0, 3] and samples[0].policy == samples[0].reference
    project.close()


def test_a_run_being_trained_is_not_resumed_twice_and_an_orphan_is_recovered(tmp_path: Path) -> None:
    project, lm = review_project(tmp_path / "p")
    rule = positive_rule(tmp_path)
    result = train_policy(project, lm, "grpo", reward=f"rule:{rule}", device="cpu", overrides=[*RL, "rl.max_steps=2"])
    with acquire_run_lock(project, result.run_id):  # another process training it
        with pytest.raises(RunBusy, match=f"run {result.run_id} is already training"):
            train_policy(project, None, "", resume_run_id=result.run_id, device="cpu",
                         overrides=["rl.max_steps=4"])
    update_run(project, result.run_id, status="running")  # a killed process left it 'running'
    assert recover_interrupted(project) == [result.run_id]
    assert get_run(project, result.run_id).status == "cancelled"
    resumed = train_policy(project, None, "", resume_run_id=result.run_id, device="cpu", overrides=["rl.max_steps=4"])
    assert resumed.status == "completed" and resumed.steps == 4
    project.close()
