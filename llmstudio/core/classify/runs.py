"""Classifier runs: created only after every check passes, retrained from the same settings.

``create_classifier_run`` validates the schema, the labels, the split and the starting
language-model run (same tokenizer, same model shape) before it adds anything, so a refused
request leaves the project as it was. The run's own facts (schema, labels in class order,
single or multi-label, thresholds, documents it learned from) sit in ``classifier.json`` in
the run folder, written atomically. Rows, folders, locks and liveness are the run store's
(``llmstudio.core.runs``), the same as for language-model runs. No torch here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from llmstudio.core.atomic import write_text_atomic
from llmstudio.core.changes import Changed, declares
from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.data import labelled_splits, resolve_schema
from llmstudio.core.errors import ProjectError, StudioError
from llmstudio.core.project import Project
from llmstudio.core.runs import (
    RunSummary,
    add_run,
    delete_run,
    get_run,
    kind_phrase,
    list_runs,
    run_config,
    run_folder,
)
from llmstudio.core.training.head_run import head_model_train, starting_lm_run

INFO_FILE = "classifier.json"


@dataclass
class ClassifierInfo:
    schema: str
    labels: list[str]
    multi_label: bool
    train_documents: int
    thresholds: list[float] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def read_info(project: Project, run_id: int) -> ClassifierInfo:
    run = classifier_run(project, run_id)
    path = run_folder(project, run) / INFO_FILE
    try:
        return ClassifierInfo(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise StudioError(f"classifier run {run_id} has no readable {INFO_FILE} ({exc}); train it again") from exc


def write_info(project: Project, run_id: int, info: ClassifierInfo) -> None:
    folder = run_folder(project, get_run(project, run_id))
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / INFO_FILE, info.to_json())


def classifier_run(project: Project, run_id: int | None = None) -> RunSummary:
    """A classifier run by id, or the latest one; a clear error for anything else."""
    if run_id is None:
        runs = [r for r in list_runs(project) if r.kind == "classifier"]
        if not runs:
            raise ProjectError("this project has no classifier run yet; train one with 'llmstudio classify train DIR'")
        return runs[-1]
    run = get_run(project, run_id)
    if run.kind != "classifier":
        raise StudioError(f"run {run_id} is {kind_phrase(run.kind)}, not a classifier; pick a classifier run "
                          "('llmstudio info DIR' lists them)")
    return run


def _check_tokenizer(project: Project, tokenizer_id: int | None) -> Callable[[RunSummary], None]:
    """A starting run must have been trained with the classifier's tokenizer."""

    def check(run: RunSummary) -> None:
        wanted = tokenizer_id or project.tokenizer().id  # the latest, unless classify.tokenizer names one
        if run.tokenizer_id != wanted:
            raise StudioError(
                f"language-model run {run.id} was trained with tokenizer {run.tokenizer_id}, but the classifier uses "
                f"tokenizer {wanted}; start from a run of tokenizer {wanted}, or set classify.tokenizer="
                f"{run.tokenizer_id}")
    return check


@declares(Changed.RUNS)
def create_classifier_run(project: Project, config: ClassifierRunConfig, name: str = "") -> int:
    """Check everything, then add a classifier run in state 'created'; returns its id."""
    classify = config.classify
    schema = resolve_schema(project, classify.schema)
    config = config.replace(schema=schema.name)
    docs = labelled_splits(project, schema)
    tokenizer_id = classify.tokenizer or None
    lm = None
    if classify.from_run:
        lm_run, lm = starting_lm_run(project, "classify", classify, _check_tokenizer(project, tokenizer_id))
        tokenizer_id = int(lm_run.tokenizer_id or 0)  # checked equal to the wanted one
    tokenizer = project.tokenizer(tokenizer_id)
    config = config.with_model_train(head_model_train(config, lm, len(docs["train"])))
    info = ClassifierInfo(schema.name, [lab.name for lab in schema.labels], schema.multi, len(docs["train"]))
    run_id = add_run(project, "classifier", config.to_dict(), max_steps=config.train.max_steps,
                     tokenizer_id=tokenizer.id, name=name or f"{schema.name} classifier",
                     parent_run_id=classify.from_run or None)
    try:
        write_info(project, run_id, info)
    except OSError as exc:  # no half-made run: the row (and whatever of its folder was made) goes again
        delete_run(project, run_id)
        raise StudioError(f"cannot write the run folder runs/{run_id}: {exc}") from exc
    return run_id


def retrain_config(project: Project, run_id: int) -> ClassifierRunConfig:
    """The settings of a classifier run, to train again on the current labels ("Retrain")."""
    classifier_run(project, run_id)
    return ClassifierRunConfig.from_dict(run_config(project, run_id))


def classifier_runs(project: Project) -> list[RunSummary]:
    return [r for r in list_runs(project) if r.kind == "classifier"]
