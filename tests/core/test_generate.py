"""Sampling from a trained run."""

from __future__ import annotations

import pytest

from llmstudio.core.errors import ProjectError, StudioError
from llmstudio.core.evaluation.generate import Generator, SampleSettings
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.trainer import create_run, train_run


def test_samples_continue_the_prompt_and_are_seeded(tokenized_project: Project, tiny_overrides) -> None:
    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides))
    train_run(tokenized_project, run_id, device="cpu")
    generator = Generator(tokenized_project, run_id, device="cpu")
    settings = SampleSettings(max_new_tokens=20, seed=3)
    first = generator.sample("Call me Ishmael.", settings)
    assert first.startswith("Call me Ishmael.") and len(first) > len("Call me Ishmael.")
    assert generator.sample("Call me Ishmael.", settings) == first
    assert generator.sample("", SampleSettings(max_new_tokens=5, seed=1)) != ""


def test_generating_without_a_run_is_explained(tokenized_project: Project) -> None:
    with pytest.raises(ProjectError, match="no training run yet"):
        Generator(tokenized_project)


def test_bad_sampling_settings_are_named() -> None:
    with pytest.raises(StudioError, match="temperature"):
        SampleSettings(temperature=0)
