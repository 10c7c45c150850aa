"""A small labelled corpus built in the test: reviews whose words say their sentiment."""

from __future__ import annotations

import json
import random
from pathlib import Path

from llmstudio.core.project import Project

GOOD = ["wonderful", "great", "lovely", "brilliant", "moving", "superb", "charming", "delightful"]
BAD = ["awful", "dull", "boring", "terrible", "clumsy", "tedious", "weak", "painful"]
FILLER = ["the film", "this story", "the cast", "its ending", "the script", "every scene", "the music", "our hero"]


def reviews(n: int, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = "pos" if i % 2 == 0 else "neg"
        words = GOOD if label == "pos" else BAD
        parts = [f"{rng.choice(FILLER)} was {rng.choice(words)}" for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.15:  # a little noise, so nothing is perfect
            parts.append(f"though {rng.choice(FILLER)} was {rng.choice(GOOD if label == 'neg' else BAD)}")
        rows.append({"text": f"Review {i}: " + ", ".join(parts) + ".", "label": label})
    return rows


def labelled_project(folder: Path, n: int = 160, split: bool = True) -> Project:
    """Imported with labels (schema 'label'), cleaned (Minimal), tokenized, and split 70/15/15."""
    from llmstudio.core.cleaning import preset, run_recipe
    from llmstudio.core.labels.splits import make_splits
    from llmstudio.core.sources.importer import import_paths
    from llmstudio.core.sources.readers.base import ImportOptions
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    folder.mkdir(parents=True, exist_ok=True)
    data = folder.parent / f"{folder.name}-reviews.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in reviews(n)), encoding="utf-8")
    project = Project.create(folder)
    import_paths(project, [data], ImportOptions(label_field="label"))
    run_recipe(project, preset("Minimal"))
    train_tokenizer(project, TokenizerSettings(vocab_size=120, model_type="bpe"))
    if split:
        make_splits(project, (0.7, 0.15, 0.15), seed=0, schema_name="label")
    return project


TINY = ["model.n_layer=1", "model.n_head=2", "model.d_model=32", "train.batch_size=16", "train.eval_interval=10",
        "train.log_interval=5", "train.threads=1", "train.lr=0.005", "train.min_lr=0.0005", "classify.max_length=32",
        "classify.epochs=6"]
