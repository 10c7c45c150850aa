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


def test_streaming_gives_each_token_its_probability_and_top_five(tokenized_project: Project, tiny_overrides) -> None:
    import math

    import torch

    from llmstudio.core.evaluation.generate import TokenStep, filter_logits

    run_id = create_run(tokenized_project, RunConfig().with_overrides(tiny_overrides))
    train_run(tokenized_project, run_id, device="cpu")
    generator = Generator(tokenized_project, run_id, device="cpu")
    settings = SampleSettings(max_new_tokens=15, seed=7, top_p=0.9, repetition_penalty=1.3)
    steps = list(generator.stream("Call me", settings))
    assert all(isinstance(s, TokenStep) for s in steps) and 1 <= len(steps) <= 15
    for step in steps:
        assert 0 < step.probability <= 1 and len(step.alternatives) == 5
        probs = [p for _, p in step.alternatives]
        assert probs == sorted(probs, reverse=True) and sum(probs) <= 1 + 1e-6
    assert steps[-1].stopped in ("eos", "length")
    text = "".join(s.text for s in steps)
    assert generator.sample("Call me", settings) == generator.processor.decode(generator.processor.encode("Call me")) + text

    # a stop string ends the text before it
    free = "".join(s.text for s in generator.stream("Call me", SampleSettings(max_new_tokens=40, seed=1)))
    word = next((w for w in free.split() if len(w) > 1), None)
    if word:
        stopped = "".join(s.text for s in generator.stream("Call me", SampleSettings(max_new_tokens=40, seed=1,
                                                                                     stop=(word,))))
        assert stopped == free[: free.index(word)]

    # the filters: penalty on seen tokens, top-k and nucleus
    logits = torch.tensor([2.0, 1.0, 0.5, -1.0])
    penalised = filter_logits(logits, [0, 3], SampleSettings(temperature=1.0, top_k=0, repetition_penalty=2.0))
    assert penalised.tolist() == [1.0, 1.0, 0.5, -2.0]
    # softmax = 0.609, 0.224, 0.136, 0.030: p=0.7 keeps the two tokens that reach it, p=0.6 the first
    nucleus = filter_logits(logits, [], SampleSettings(temperature=1.0, top_k=0, top_p=0.7))
    assert [math.isfinite(v) for v in nucleus.tolist()] == [True, True, False, False]
    nucleus = filter_logits(logits, [], SampleSettings(temperature=1.0, top_k=0, top_p=0.6))
    assert [math.isfinite(v) for v in nucleus.tolist()] == [True, False, False, False]
    assert filter_logits(logits, [], SampleSettings(temperature=1.0, top_k=1)).isfinite().sum() == 1
