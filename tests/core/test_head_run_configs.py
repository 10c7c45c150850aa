"""Classifier and reward-model run configs stored before ``HeadRunConfig`` (their one shared shape)
still load: the JSON below is exactly what ``config_json`` held for real runs made by the code of
commit be1e9f6 (a classifier and a reward run, each from scratch and from a language-model run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.runs import retrain_config
from llmstudio.core.errors import ConfigError
from llmstudio.core.project import Project
from llmstudio.core.rl.reward_runs import RewardRunConfig, reward_run
from llmstudio.core.runs import add_run, run_config

CLASSIFIER_SCRATCH = (
    '{"model": {"vocab_size": 0, "n_layer": 1, "n_head": 2, "n_kv_head": 0, "d_model": 32, "mlp_ratio": 4.0, '
    '"context_length": 32, "dropout": 0.1, "bias": false, "tie_embeddings": true, "pos_encoding": "learned", '
    '"norm": "layernorm", "activation": "gelu", "mlp_width": 0, "rope_theta": 10000.0, "norm_eps": 0.0}, '
    '"train": {"batch_size": 16, "grad_accum": 1, "max_steps": 6, "token_budget": 0, "lr": 0.005, '
    '"min_lr": 0.0005, "warmup_steps": 1, "schedule": "cosine", "weight_decay": 0.1, "beta1": 0.9, '
    '"beta2": 0.99, "eps": 1e-08, "grad_clip": 1.0, "eval_interval": 10, "eval_batches": 10, '
    '"log_interval": 5, "checkpoint_interval": 100000, "keep_last": 1, "seed": 1337, "precision": "auto", '
    '"compile": "auto", "threads": 1, "early_stop_patience": 5, "fsdp": false, "lora_rank": 0, '
    '"lora_alpha": 16.0, "lora_dropout": 0.0, "lora_targets": "qkv,proj,up,down", "instruct": "", '
    '"chat_template": "instruction"}, "classify": {"schema": "label", "pooling": "mean", "max_length": 32, '
    '"truncation": "middle", "class_weights": "balanced", "from_run": 0, "score_bias": true, '
    '"freeze_body": false, "epochs": 1.0, "threshold": 0.5, "tune_thresholds": true, "tokenizer": 0, '
    '"baseline": false, "baseline_stem": false, "baseline_stop_words": false, "predict_all": false}}'
)

CLASSIFIER_FROM_RUN = (
    '{"model": {"vocab_size": 0, "n_layer": 1, "n_head": 2, "n_kv_head": 0, "d_model": 32, "mlp_ratio": 4.0, '
    '"context_length": 32, "dropout": 0.0, "bias": false, "tie_embeddings": true, "pos_encoding": "learned", '
    '"norm": "layernorm", "activation": "gelu", "mlp_width": 0, "rope_theta": 10000.0, "norm_eps": 0.0}, '
    '"train": {"batch_size": 16, "grad_accum": 1, "max_steps": 6, "token_budget": 0, "lr": 0.005, '
    '"min_lr": 0.0005, "warmup_steps": 1, "schedule": "cosine", "weight_decay": 0.1, "beta1": 0.9, '
    '"beta2": 0.99, "eps": 1e-08, "grad_clip": 1.0, "eval_interval": 10, "eval_batches": 10, '
    '"log_interval": 5, "checkpoint_interval": 100000, "keep_last": 1, "seed": 1337, "precision": "auto", '
    '"compile": "auto", "threads": 1, "early_stop_patience": 5, "fsdp": false, "lora_rank": 0, '
    '"lora_alpha": 16.0, "lora_dropout": 0.0, "lora_targets": "qkv,proj,up,down", "instruct": "", '
    '"chat_template": "instruction"}, "classify": {"schema": "label", "pooling": "mean", "max_length": 32, '
    '"truncation": "middle", "class_weights": "balanced", "from_run": 1, "score_bias": true, '
    '"freeze_body": true, "epochs": 1.0, "threshold": 0.5, "tune_thresholds": true, "tokenizer": 0, '
    '"baseline": false, "baseline_stem": false, "baseline_stop_words": false, "predict_all": false}}'
)

REWARD_SCRATCH = (
    '{"model": {"vocab_size": 0, "n_layer": 1, "n_head": 2, "n_kv_head": 0, "d_model": 32, "mlp_ratio": 4.0, '
    '"context_length": 32, "dropout": 0.1, "bias": false, "tie_embeddings": true, "pos_encoding": "learned", '
    '"norm": "layernorm", "activation": "gelu", "mlp_width": 0, "rope_theta": 10000.0, "norm_eps": 0.0}, '
    '"train": {"batch_size": 16, "grad_accum": 1, "max_steps": 14, "token_budget": 0, "lr": 0.005, '
    '"min_lr": 0.0005, "warmup_steps": 2, "schedule": "cosine", "weight_decay": 0.1, "beta1": 0.9, '
    '"beta2": 0.99, "eps": 1e-08, "grad_clip": 1.0, "eval_interval": 10, "eval_batches": 10, '
    '"log_interval": 5, "checkpoint_interval": 100000, "keep_last": 1, "seed": 1337, "precision": "auto", '
    '"compile": "auto", "threads": 1, "early_stop_patience": 6, "fsdp": false, "lora_rank": 0, '
    '"lora_alpha": 16.0, "lora_dropout": 0.0, "lora_targets": "qkv,proj,up,down", "instruct": "", '
    '"chat_template": "instruction"}, "reward": {"schema": "preferences", "max_length": 32, '
    '"truncation": "start", "from_run": 0, "freeze_body": false, "epochs": 1.0, "tokenizer": 0}}'
)

REWARD_FROM_RUN = (
    '{"model": {"vocab_size": 0, "n_layer": 1, "n_head": 2, "n_kv_head": 0, "d_model": 32, "mlp_ratio": 4.0, '
    '"context_length": 32, "dropout": 0.0, "bias": false, "tie_embeddings": true, "pos_encoding": "learned", '
    '"norm": "layernorm", "activation": "gelu", "mlp_width": 0, "rope_theta": 10000.0, "norm_eps": 0.0}, '
    '"train": {"batch_size": 16, "grad_accum": 1, "max_steps": 14, "token_budget": 0, "lr": 0.005, '
    '"min_lr": 0.0005, "warmup_steps": 2, "schedule": "cosine", "weight_decay": 0.1, "beta1": 0.9, '
    '"beta2": 0.99, "eps": 1e-08, "grad_clip": 1.0, "eval_interval": 10, "eval_batches": 10, '
    '"log_interval": 5, "checkpoint_interval": 100000, "keep_last": 1, "seed": 1337, "precision": "auto", '
    '"compile": "auto", "threads": 1, "early_stop_patience": 6, "fsdp": false, "lora_rank": 0, '
    '"lora_alpha": 16.0, "lora_dropout": 0.0, "lora_targets": "qkv,proj,up,down", "instruct": "", '
    '"chat_template": "instruction"}, "reward": {"schema": "preferences", "max_length": 32, '
    '"truncation": "start", "from_run": 1, "freeze_body": true, "epochs": 1.0, "tokenizer": 0}}'
)

STORED = [("classifier", CLASSIFIER_SCRATCH), ("classifier", CLASSIFIER_FROM_RUN), ("reward", REWARD_SCRATCH),
          ("reward", REWARD_FROM_RUN)]
KINDS = {"classifier": ClassifierRunConfig, "reward": RewardRunConfig}
# Settings added since be1e9f6, and the value that keeps such an old run doing what it did.
ADDED: dict[str, dict[str, dict[str, object]]] = {"classifier": {"classify": {"windows": 1}}, "reward": {}}


def with_added(kind: str, stored: str) -> dict[str, object]:
    """The stored config as today's code stores it again: the old keys as they were, the added ones at
    the values that keep the old behaviour."""
    expected = json.loads(stored)
    for section, added in ADDED[kind].items():
        expected[section].update(added)
    return expected


@pytest.mark.parametrize(("kind", "stored"), STORED)
def test_a_stored_config_loads_and_is_stored_again_with_only_the_added_settings(kind: str, stored: str) -> None:
    config = KINDS[kind].from_dict(json.loads(stored))
    assert config.to_dict() == with_added(kind, stored)
    assert config.model.d_model == 32 and config.model.context_length == 32 and config.train.batch_size == 16


def test_the_head_sections_read_back_what_was_stored() -> None:
    scratch = ClassifierRunConfig.from_dict(json.loads(CLASSIFIER_SCRATCH))
    tuned = ClassifierRunConfig.from_dict(json.loads(CLASSIFIER_FROM_RUN))
    assert (scratch.classify.schema, scratch.classify.truncation, scratch.classify.from_run) == ("label", "middle", 0)
    assert (tuned.classify.from_run, tuned.classify.freeze_body, tuned.model.dropout) == (1, True, 0.0)
    assert (scratch.train.max_steps, scratch.train.early_stop_patience) == (6, 5)
    reward = RewardRunConfig.from_dict(json.loads(REWARD_SCRATCH))
    tuned_reward = RewardRunConfig.from_dict(json.loads(REWARD_FROM_RUN))
    assert (reward.reward.schema, reward.reward.truncation, reward.reward.epochs) == ("preferences", "start", 1.0)
    assert (tuned_reward.reward.from_run, tuned_reward.reward.freeze_body) == (1, True)
    assert (reward.train.max_steps, reward.train.early_stop_patience) == (14, 6)


def test_stored_runs_load_through_the_run_store(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "project")
    try:
        classifier = add_run(project, "classifier", json.loads(CLASSIFIER_FROM_RUN), max_steps=6)
        reward = add_run(project, "reward", json.loads(REWARD_FROM_RUN), max_steps=14)
        assert retrain_config(project, classifier).to_dict() == with_added("classifier", CLASSIFIER_FROM_RUN)
        assert reward_run(project, reward).kind == "reward"
        assert RewardRunConfig.from_dict(run_config(project, reward)).to_dict() == with_added("reward", REWARD_FROM_RUN)
    finally:
        project.close()


def test_each_kind_keeps_its_own_starting_values() -> None:
    """The model and train values a new run of each kind starts from (as stored before the refactor)."""
    same_model = {"n_layer": 2, "n_head": 4, "d_model": 128, "dropout": 0.1}
    shared = {"min_lr": 5e-5, "warmup_steps": 20, "batch_size": 32, "checkpoint_interval": 100000,
              "weight_decay": 0.1, "keep_last": 1}
    wanted = {ClassifierRunConfig: {"lr": 1e-3, "eval_interval": 50, "log_interval": 10, "early_stop_patience": 5},
              RewardRunConfig: {"lr": 5e-4, "eval_interval": 25, "log_interval": 5, "early_stop_patience": 6}}
    for cls, own in wanted.items():
        data = cls.default().to_dict()
        assert {k: data["model"][k] for k in same_model} == same_model
        assert {k: data["train"][k] for k in {**shared, **own}} == {**shared, **own}
    assert ClassifierRunConfig.default().classify.max_length == 256
    assert RewardRunConfig.default().reward.max_length == 128


@pytest.mark.parametrize("cls", [ClassifierRunConfig, RewardRunConfig])
def test_overrides_reach_the_kinds_own_section_and_name_bad_items(cls: type) -> None:
    section = cls.SECTION
    config = cls.default().with_overrides([f"{section}.max_length=64", "train.lr=0.01", "model.n_layer=3"])
    assert (config.head.max_length, config.train.lr, config.model.n_layer) == (64, 0.01, 3)
    assert type(config) is cls and config.to_dict()[section]["max_length"] == 64
    with pytest.raises(ConfigError, match=f"--set expects {section}.key=value"):
        cls.default().with_overrides([f"{section}.max_length"])
    with pytest.raises(ConfigError, match=f"unknown setting {section}.nope"):
        cls.default().with_overrides([f"{section}.nope=1"])
    with pytest.raises(ConfigError, match=f"{section}.freeze_body needs {section}.from_run"):
        cls.default().with_overrides([f"{section}.freeze_body=true"])
    assert cls.default().replace(max_length=48).head.max_length == 48
