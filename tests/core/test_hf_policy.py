"""An imported Hugging Face model starts a policy run, and is its frozen reference.

A model made with ``transformers`` (random weights, a byte-level BPE tokenizer trained on
local text) is imported into a project of short reviews; a short GRPO run with a rule reward
starts from it: at step 0 the policy's samples are the reference's, and the run records the
imported run as its parent. A LoRA run on the imported model starts one too (its adapters
merged into the weights the policy loads).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from classify_helpers import labelled_project  # noqa: E402
from rl_helpers import RL, positive_rule  # noqa: E402

from llmstudio.core.interop.hf_import import import_model  # noqa: E402
from llmstudio.core.rl.policy import policy_samples, train_policy  # noqa: E402
from llmstudio.core.runs import get_run, list_runs  # noqa: E402
from llmstudio.core.training.config import RunConfig  # noqa: E402
from llmstudio.core.training.from_run import create_run_from  # noqa: E402
from llmstudio.core.training.trainer import train_run  # noqa: E402

pytest.importorskip("transformers")
from tests.core.test_hf_import import make_model  # noqa: E402


@pytest.mark.slow
def test_an_imported_model_starts_a_policy_run_and_is_its_reference(tmp_path: Path) -> None:
    project = labelled_project(tmp_path / "p", n=120)
    imported = import_model(project, str(make_model(tmp_path / "made")), name="made").run_id
    result = train_policy(project, imported, "grpo", reward=f"rule:{positive_rule(tmp_path)}", device="cpu",
                          overrides=[*RL, "rl.max_steps=4", "rl.eval_every=2", "rl.sample_every=2",
                                     "rl.checkpoint_every=2"])
    assert result.status == "completed" and result.steps == 4
    run = get_run(project, result.run_id, kind="policy")
    assert run.parent_run_id == imported and run.tokenizer_id == get_run(project, imported).tokenizer_id
    samples = policy_samples(project, result.run_id)
    assert samples[0].step == 0 and samples[0].policy == samples[0].reference  # the imported model is the reference

    lora = create_run_from(project, imported, RunConfig().with_overrides(
        ["train.lora_rank=4", "train.max_steps=3", "train.batch_size=4", "train.eval_interval=3",
         "train.eval_batches=1", "train.warmup_steps=0", "train.compile=false", "train.lr=0.01"]))
    assert train_run(project, lora, device="cpu").status == "completed"
    again = train_policy(project, lora, "grpo", reward=f"rule:{positive_rule(tmp_path)}", device="cpu",
                         overrides=[*RL, "rl.max_steps=2", "rl.eval_every=2", "rl.sample_every=2",
                                    "rl.checkpoint_every=2"])
    assert again.status == "completed" and get_run(project, again.run_id).parent_run_id == lora
    assert len([r for r in list_runs(project) if r.kind == "policy"]) == 2
    project.close()
