"""The demo project: forty chapters of Moby-Dick, ready to clean, tokenize and train.

``create_demo_project`` imports the bundled public-domain corpus and runs the Minimal
recipe; ``run_headless_demo`` then trains a tokenizer and a tiny model on the CPU and
samples from it, the whole thin pipeline without a window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from llmstudio.core.cleaning import preset, run_recipe
from llmstudio.core.errors import ProjectError
from llmstudio.core.jobs import CancelToken, Progress, no_progress, scaled
from llmstudio.core.project import DB_NAME, Project
from llmstudio.core.sources.importer import import_paths
from llmstudio.resources import resource_path

DEMO_TOKENIZER_VOCAB = 1000
DEMO_PROMPT = "Call me Ishmael."
# The tiny preset, shortened so the headless demo takes about a minute on two slow cores.
DEMO_TRAINING = ["model.context_length=64", "train.max_steps=250", "train.warmup_steps=25",
                 "train.eval_interval=50", "train.checkpoint_interval=250"]


def demo_corpus() -> Path:
    return resource_path("demo", "moby-dick")


def create_demo_project(directory: Path, progress: Progress = no_progress,
                        cancel: CancelToken | None = None) -> Project:
    """Create the demo project in ``directory``, or open it if it is already one."""
    directory = Path(directory).expanduser()
    if (directory / DB_NAME).exists():
        return Project.open(directory)
    if directory.exists() and not directory.is_dir():
        raise ProjectError(f"{directory} is a file, not a folder; choose a new or empty folder for the demo")
    if directory.exists() and any(directory.iterdir()):
        raise ProjectError(f"{directory} is not empty; choose a new or empty folder for the demo")
    project = Project.create(directory)
    import_paths(project, [demo_corpus()], progress=scaled(progress, 0.0, 0.7), cancel=cancel)
    run_recipe(project, preset("Minimal"), "demo-minimal", progress=scaled(progress, 0.7, 1.0), cancel=cancel)
    return project


def run_headless_demo(directory: Path, say: Callable[[str], None], device: str = "cpu",
                      progress: Progress = no_progress, cancel: CancelToken | None = None,
                      overrides: list[str] | None = None) -> dict[str, Any]:
    """The whole thin pipeline without a window; ``say`` receives one line per stage."""
    from llmstudio.core.evaluation.generate import SampleSettings, generate
    from llmstudio.core.runs import get_run
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer
    from llmstudio.core.training.config import load_preset
    from llmstudio.core.training.runs import create_run
    from llmstudio.core.training.trainer import train_run

    project = create_demo_project(directory, scaled(progress, 0.0, 0.05), cancel)
    info = project.info()
    say(f"project      {project.root}")
    say(f"imported     {info['documents']} documents from {info['sources']} source(s) (Moby-Dick, chapters 1-40)")
    say(f"cleaned      {info['kept_documents']} documents kept by the Minimal recipe")
    tokenizer = train_tokenizer(project, TokenizerSettings(vocab_size=DEMO_TOKENIZER_VOCAB, model_type="bpe"),
                                progress=scaled(progress, 0.05, 0.1), cancel=cancel)
    say(f"tokenizer    {tokenizer.model_type}, {tokenizer.vocab_size} tokens: "
        f"{tokenizer.train_tokens:,} train / {tokenizer.val_tokens:,} validation tokens")
    config = load_preset("tiny").with_overrides(DEMO_TRAINING + (overrides or []))
    run_id = create_run(project, config, tokenizer.id, name="demo")
    say(f"training     run {run_id}: {config.model.n_layer} layers, d_model {config.model.d_model}, "
        f"{config.train.max_steps} steps on {device}")
    result = train_run(project, run_id, device=device, progress=scaled(progress, 0.1, 0.98), cancel=cancel)
    run = get_run(project, run_id)
    say(f"trained      {result.status}: step {run.step}, val loss {run.first_val_loss:.3f} -> {run.val_loss:.3f}")
    sample = generate(project, DEMO_PROMPT, run_id, SampleSettings(max_new_tokens=60, seed=0), device=device)
    say(f"sample       {sample!r}")
    progress(1.0, "demo complete")
    return {"project": str(project.root), "run_id": run_id, "status": result.status, "sample": sample}
