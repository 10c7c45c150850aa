"""What an operation changes is declared by the core operation, not guessed by a view."""

from __future__ import annotations

import functools

import pytest

from llmstudio.core.changes import ALL, Changed, changes_of, declared, declares
from llmstudio.core.cleaning.pipeline import run_recipe
from llmstudio.core.cleaning.preview import preview_recipe
from llmstudio.core.cleaning.store import save_recipe, set_override
from llmstudio.core.labels.annotations import write_decision
from llmstudio.core.labels.queue import LabelingSession
from llmstudio.core.labels.splits import make_splits
from llmstudio.core.project import Project
from llmstudio.core.runs import delete_run
from llmstudio.core.search.indexer import catch_up
from llmstudio.core.sources.importer import import_paths, remove_source
from llmstudio.core.tokenizer import train_tokenizer
from llmstudio.core.training.runs import create_run, update_run_config


def test_core_operations_declare_what_they_change() -> None:
    assert changes_of(import_paths) == Changed.SOURCES | Changed.DOCUMENTS | Changed.LABELS | Changed.SEARCH
    assert Changed.DOCUMENTS in changes_of(remove_source) and Changed.SPLITS in changes_of(remove_source)
    assert changes_of(run_recipe) == Changed.SNAPSHOTS
    assert changes_of(set_override) == Changed.SNAPSHOTS
    assert changes_of(save_recipe) == Changed.RECIPES
    assert changes_of(write_decision) == Changed.LABELS
    assert changes_of(make_splits) == Changed.SPLITS
    assert changes_of(train_tokenizer) == Changed.TOKENIZERS
    assert changes_of(catch_up) == Changed.SEARCH
    assert changes_of(Project.set_setting) == Changed.SETTINGS
    assert changes_of(create_run) == changes_of(delete_run) == changes_of(update_run_config) == Changed.RUNS
    assert changes_of(preview_recipe) == Changed.NONE  # a read-only operation declares nothing


def test_methods_bound_or_not_and_partials_find_their_declaration(tmp_path) -> None:
    project = Project.create(tmp_path / "p")
    try:
        assert changes_of(project.set_setting) == Changed.SETTINGS
    finally:
        project.close()
    assert changes_of(functools.partial(run_recipe, recipe=None)) == Changed.SNAPSHOTS
    assert changes_of(LabelingSession.decide) == Changed.LABELS
    assert changes_of(lambda: None) == Changed.NONE


def rename_everything() -> str:
    return "done"


def test_declaring_keeps_the_function_and_refuses_a_lambda_or_closure() -> None:
    assert declares(Changed.LABELS)(rename_everything) is rename_everything
    assert changes_of(rename_everything) == Changed.LABELS and rename_everything() == "done"

    def closure() -> None:
        pass

    for anonymous in (lambda: None, closure):  # they cannot be found again by name: the caller must say
        with pytest.raises(TypeError, match="only named functions"):
            declares(Changed.LABELS)(anonymous)
    assert not any("<locals>" in key or "<lambda>" in key for key in declared())


def test_flags_combine_from_iterables_and_name_themselves() -> None:
    assert Changed.of([Changed.RUNS, Changed.SETTINGS]) == Changed.RUNS | Changed.SETTINGS
    assert Changed.of(None) == Changed.NONE and not Changed.NONE
    assert (Changed.SOURCES | Changed.LABELS).names() == ["sources", "labels"]
    assert all(flag in ALL for flag in Changed)
