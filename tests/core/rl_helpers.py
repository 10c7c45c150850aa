"""A project for policy-run tests: short reviews whose words carry their sentiment, and a tiny
language model trained on them, so a reward that likes positive words has something to teach."""

from __future__ import annotations

from pathlib import Path

from classify_helpers import GOOD, labelled_project

from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run

LM = ["model.n_layer=1", "model.n_head=2", "model.d_model=32", "model.context_length=32", "train.batch_size=16",
      "train.max_steps=150", "train.warmup_steps=5", "train.eval_interval=50", "train.eval_batches=2",
      "train.log_interval=50", "train.checkpoint_interval=150", "train.threads=1", "train.lr=0.01",
      "train.min_lr=0.001"]

# Small and quick: 4 prompts x 4 completions of 12 tokens per step.
RL = ["rl.lr=0.003", "rl.group_size=4", "rl.prompts_per_step=4", "rl.max_new_tokens=12", "rl.prompt_tokens=4",
      "rl.eval_prompts=16", "rl.eval_every=10", "rl.sample_every=10", "rl.checkpoint_every=10", "rl.threads=1"]


def review_project(folder: Path) -> tuple[Project, int]:
    """200 labelled reviews (split 70/15/15) and a language-model run trained on them."""
    project = labelled_project(folder, n=200, split=True)
    run_id = create_run(project, RunConfig().with_overrides(LM))
    train_run(project, run_id, device="cpu")
    return project, run_id


def positive_rule(folder: Path) -> Path:
    """A rule reward: 1 for a completion with a positive word."""
    path = folder / "positive.toml"
    path.write_text("[keywords]\n" + "".join(f"{word} = 1.0\n" for word in GOOD), encoding="utf-8")
    return path
