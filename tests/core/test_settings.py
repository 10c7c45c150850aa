"""Field help, ranges and choices come from dataclass metadata, with or without source files."""

from __future__ import annotations

import inspect
import sys
import types
from pathlib import Path

import pytest

from llmstudio.core.cleaning.recipe import Recipe, StepSpec
from llmstudio.core.cleaning.steps import STEP_TYPES
from llmstudio.core.errors import ConfigError, StudioError
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.settings import field_help, fields_of
from llmstudio.core.training.config import RunConfig, TrainConfig, settings_help, settings_markdown

REPO = Path(__file__).resolve().parents[2]

# A settings class in a module that has no source file, as in a frozen app without sources.
FROZEN_SOURCE = '''
from __future__ import annotations
from dataclasses import dataclass
from typing import Literal
from llmstudio.core.settings import setting

@dataclass(frozen=True)
class Frozen:
    width: int = setting(8, "How wide it is.", unit="px", minimum=1, maximum=64)
    mode: Literal["fast", "slow"] = setting("fast", "Which way to go.")
'''


@pytest.fixture
def frozen_module():
    module = types.ModuleType("llmstudio_frozen_settings")
    module.__file__ = "/nonexistent/frozen_settings.pyc"
    sys.modules[module.__name__] = module
    exec(compile(FROZEN_SOURCE, module.__file__, "exec"), module.__dict__)
    yield module
    del sys.modules[module.__name__]


def test_help_choices_and_range_without_source_files(frozen_module) -> None:
    with pytest.raises((OSError, TypeError)):
        inspect.getsource(frozen_module.Frozen)  # the old ast path had nothing to read here
    width, mode = fields_of(frozen_module.Frozen)
    assert (width.help, width.unit, width.minimum, width.maximum, width.default) == ("How wide it is.", "px", 1, 64, 8)
    assert width.kind is int
    assert mode.choices == ("fast", "slow") and mode.kind is str
    assert "Choices: fast, slow" in mode.describe() and "Default: fast" in mode.describe()
    assert "Range: 1 to 64" in width.describe()


def test_model_and_train_help_survive_a_failing_getsource(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_source(obj: object) -> str:
        raise OSError("could not get source code")

    monkeypatch.setattr(inspect, "getsource", no_source)
    model_help, train_help = field_help(ModelConfig), field_help(TrainConfig)
    assert model_help["n_head"] == "Attention heads per block; must divide d_model."
    assert train_help["lr"] == "Peak learning rate (after warmup)."
    assert "train.schedule = cosine" in settings_help()


def test_every_setting_has_help_and_literals_give_choices() -> None:
    for cls in (ModelConfig, TrainConfig, *STEP_TYPES.values()):
        for info in fields_of(cls):
            assert info.help, f"{cls.__name__}.{info.name} has no help text"
    choices = {info.name: info.choices for info in fields_of(ModelConfig) + fields_of(TrainConfig) if info.choices}
    assert choices == {
        "pos_encoding": ("learned", "sinusoidal", "rope"), "norm": ("layernorm", "rmsnorm"),
        "activation": ("gelu", "gelu_tanh", "swiglu"), "schedule": ("cosine", "linear", "constant", "wsd"),
        "precision": ("auto", "fp32", "bf16", "fp16"), "compile": ("auto", "true", "false"),
        "chat_template": ("instruction", "chatml", "plain"),
    }
    # every field's default is the dataclass's own default
    defaults = ModelConfig()
    assert all(info.default == getattr(defaults, info.name) for info in fields_of(ModelConfig))


def test_literal_choices_are_enforced_with_the_key_named() -> None:
    with pytest.raises(ConfigError, match="model.norm must be one of layernorm, rmsnorm"):
        RunConfig.from_dict({"model": {"norm": "batchnorm"}})
    with pytest.raises(ConfigError, match="model.n_layer must be a whole number, not 'four'"):
        RunConfig.from_dict({"model": {"n_layer": "four"}})
    assert RunConfig.from_dict({"train": {"compile": True}}).train.compile == "true"
    with pytest.raises(StudioError, match="setting 'form' must be one of NFC, NFKC, NFD, NFKD, none, not 'NFX'"):
        Recipe("r", (StepSpec("normalize", {"form": "NFX"}),)).check()
    normalize = {info.name: info for info in fields_of(STEP_TYPES["normalize"])}
    assert normalize["form"].choices == ("NFC", "NFKC", "NFD", "NFKD", "none")
    assert normalize["form"].source == "Unicode"


def test_the_settings_page_in_docs_is_generated_from_the_metadata() -> None:
    page = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    assert page == settings_markdown(), "docs/settings.md is stale: python -m llmstudio.core.training.config > docs/settings.md"
    assert "| `train.schedule` | `cosine` |" in page


def test_the_cleaning_steps_page_in_docs_is_generated_from_the_metadata() -> None:
    from llmstudio.core.cleaning.reference import steps_markdown

    page = (REPO / "docs" / "cleaning-steps.md").read_text(encoding="utf-8")
    assert page == steps_markdown(), (
        "docs/cleaning-steps.md is stale: python -m llmstudio.core.cleaning.reference > docs/cleaning-steps.md")
    assert all(f"### `{name}`" in page for name in STEP_TYPES)
