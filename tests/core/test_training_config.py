"""Run configs: presets, TOML files, --set overrides, schedules; every error names the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmstudio.core.errors import ConfigError
from llmstudio.core.training.config import (
    RunConfig,
    TrainConfig,
    dump_toml,
    load_config_file,
    load_preset,
    preset_names,
)
from llmstudio.core.training.schedule import learning_rate


def test_all_presets_load() -> None:
    names = preset_names()
    assert {"tiny", "char-10m", "gpt2-124m", "llama-small"} <= set(names)
    for name in names:
        assert load_preset(name).model.n_layer >= 1
    assert load_preset("gpt2-124m").model.d_model == 768
    assert load_preset("llama-small").model.pos_encoding == "rope"


def test_overrides_are_coerced_by_type() -> None:
    config = RunConfig().with_overrides(["model.n_layer=6", "train.lr=3e-4", "model.bias=true", "train.schedule=wsd"])
    assert config.model.n_layer == 6 and config.train.lr == 3e-4
    assert config.model.bias is True and config.train.schedule == "wsd"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("model.n_layer=four", "model.n_layer must be a whole number, not 'four'"),
        ("train.lrr=1", "unknown setting train.lrr"),
        ("optim.lr=1", "unknown config section"),
        ("n_layer=4", "section.key=value"),
        ("model.n_head=5", "model.n_head"),
        ("train.min_lr=1", "train.min_lr"),
        ("train.batch_size=0", "train.batch_size must be at least 1"),
        ("train.schedule=exp", "train.schedule must be one of"),
    ],
)
def test_bad_overrides_name_the_setting(override: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RunConfig().with_overrides([override])


def test_toml_round_trip(tmp_path: Path) -> None:
    config = load_preset("llama-small").with_overrides(["train.max_steps=7"])
    path = tmp_path / "run.toml"
    path.write_text(dump_toml(config))
    assert load_config_file(path) == config


def test_bad_toml_files_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[model\nn_layer = ")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config_file(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config_file(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="unknown preset"):
        load_preset("huge")


def _lr(step: int, **kw) -> float:
    return learning_rate(step, TrainConfig(lr=1.0, min_lr=0.1, warmup_steps=10, max_steps=110, **kw))


def test_warmup_is_linear_then_each_schedule_decays_to_min_lr() -> None:
    assert _lr(0) == pytest.approx(1 / 11)
    assert _lr(9) == pytest.approx(10 / 11)
    for schedule in ("cosine", "linear", "wsd"):
        assert _lr(10, schedule=schedule) == pytest.approx(1.0)
        assert _lr(110, schedule=schedule) == pytest.approx(0.1)
    assert _lr(60, schedule="cosine") == pytest.approx(0.55)
    assert _lr(60, schedule="linear") == pytest.approx(0.55)
    assert _lr(60, schedule="wsd") == pytest.approx(1.0)  # stable until the last 20%
    assert _lr(99, schedule="wsd") < 1.0
    assert _lr(100, schedule="constant") == pytest.approx(1.0)


def test_a_token_budget_sets_the_number_of_steps() -> None:
    config = RunConfig().with_overrides(["train.batch_size=4", "train.grad_accum=2", "model.context_length=32",
                                         "train.token_budget=10000"])
    assert config.tokens_per_step == 256
    assert config.train.max_steps == 40  # ceil(10000 / 256)
    assert RunConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ConfigError, match="train.token_budget"):
        RunConfig().with_overrides(["train.token_budget=-1"])
