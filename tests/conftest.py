"""Shared fixtures: real project folders on disk, the bundled demo corpus, tiny configs."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from llmstudio.core.project import Project
from llmstudio.resources import resource_path

# Small enough to train in a second or two on one CPU core, big enough to learn something.
TINY_OVERRIDES = [
    "model.n_layer=1",
    "model.n_head=2",
    "model.d_model=32",
    "model.context_length=32",
    "train.batch_size=8",
    "train.max_steps=30",
    "train.warmup_steps=5",
    "train.eval_interval=10",
    "train.eval_batches=2",
    "train.log_interval=5",
    "train.checkpoint_interval=10",
    "train.threads=1",
    "train.lr=0.01",
    "train.min_lr=0.001",
]


@pytest.fixture(autouse=True, scope="session")
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Measured GEMM peaks and other caches go to a temporary folder, not the user's home."""
    folder = tmp_path_factory.mktemp("llmstudio-cache")
    previous = os.environ.get("LLMSTUDIO_CACHE_DIR")
    os.environ["LLMSTUDIO_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("LLMSTUDIO_CACHE_DIR", None)
    else:
        os.environ["LLMSTUDIO_CACHE_DIR"] = previous


@pytest.fixture
def demo_corpus() -> Path:
    return resource_path("demo", "moby-dick")


@pytest.fixture
def new_project(tmp_path: Path):
    project = Project.create(tmp_path / "project")
    yield project
    project.close()


@pytest.fixture
def cleaned_project(tmp_path: Path, demo_corpus: Path):
    """The first eight demo chapters, imported and cleaned with the Minimal recipe."""
    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.sources.importer import import_paths

    project = Project.create(tmp_path / "project")
    import_paths(project, sorted(demo_corpus.glob("*.txt"))[:8])
    run_recipe(project, preset("Minimal"))
    yield project
    project.close()


@pytest.fixture
def tokenized_project(cleaned_project: Project):
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    train_tokenizer(cleaned_project, TokenizerSettings(vocab_size=300))
    return cleaned_project


@pytest.fixture
def tiny_overrides() -> list[str]:
    return list(TINY_OVERRIDES)
