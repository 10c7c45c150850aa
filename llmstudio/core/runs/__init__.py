"""The run store: every kind of run (language model, classifier, reward model, policy) kept
in the project database the same way, without torch, so panels and commands read runs fast.

API (all functions take the open ``Project`` first; ids are ints):

Runs (``store``)
    ``RUN_KINDS`` / ``RunKind``          ``"lm"``, ``"classifier"``, ``"reward"``, ``"policy"``
    ``kind_phrase(kind)`` / ``KIND_WORDS``  "a language-model run": a kind as a sentence says it
    ``add_run(project, kind, config_dict, max_steps=, tokenizer_id=, name=, parent_run_id=) -> id``
    ``get_run(project, run_id=None, kind=None) -> RunSummary``   (None: the latest run)
    ``list_runs(project, kind=None) -> list[RunSummary]``
    ``run_config(project, run_id) -> dict`` / ``set_run_config(project, run_id, config_dict, max_steps=None)``
    ``update_run(project, run_id, status=..., message=..., ...)``  (named columns only)
    ``run_folder(project, run) -> Path``  the run's folder, refused if it leaves the project
Metrics (``metrics``)
    ``metric_series(project, run_id, name) -> [(step, value)]``, ``metric_names(project, run_id)``
    ``append_metrics(project, run_id, [(name, step, value)], **run_fields)``  one transaction
    ``MetricWriter(project, run_id)``: ``add(step, name=value, ...)``, ``flush(**run_fields)``
        (a busy database defers the write and training goes on), ``flush(final=True, ...)``
        (retried until written: the end of a run); ``NullWriter`` for ranks other than 0
Liveness and lifecycle (``liveness``, ``lifecycle``)
    ``acquire_run_lock(project, run) -> RunLock``  hold it while training; ``RunBusy`` if taken
    ``is_live(project, run) -> bool``              a process is training it now
    ``recover_interrupted(project) -> [ids]``      'running' runs nobody trains become 'cancelled'
    ``delete_run(project, run_id)``                rows, metrics and folder; refused while live
Policy (``policy``)
    ``lower_lr(lr)``, ``lower_lr_overrides(lr, min_lr)``, ``lower_lr_command(root, run_id, lr, min_lr)``:
    the one "resume at a lower learning rate" rule after a NaN (halve; see ``policy``)

A trainer's own config type (``RunConfig`` for language models) converts to and from the
dict stored here; ``llmstudio.core.training.runs`` does that for ``lm`` runs.
"""

from __future__ import annotations

from llmstudio.core.runs.lifecycle import INTERRUPTED_MESSAGE, delete_run, recover_interrupted
from llmstudio.core.runs.liveness import RunBusy, RunLock, acquire_run_lock, is_live
from llmstudio.core.runs.metrics import MetricWriter, NullWriter, append_metrics, metric_names, metric_series
from llmstudio.core.runs.policy import LOWER_LR_FACTOR, lower_lr, lower_lr_command, lower_lr_overrides
from llmstudio.core.runs.store import (
    KIND_WORDS,
    RUN_KINDS,
    RunKind,
    RunSummary,
    add_run,
    get_run,
    kind_phrase,
    list_runs,
    run_config,
    run_folder,
    set_run_config,
    update_run,
)

__all__ = [
    "INTERRUPTED_MESSAGE", "KIND_WORDS", "LOWER_LR_FACTOR", "RUN_KINDS", "MetricWriter", "NullWriter", "RunBusy",
    "RunKind", "RunLock", "RunSummary", "acquire_run_lock", "add_run", "append_metrics", "delete_run", "get_run",
    "is_live", "kind_phrase", "list_runs", "lower_lr", "lower_lr_command", "lower_lr_overrides", "metric_names",
    "metric_series", "recover_interrupted", "run_config", "run_folder", "set_run_config", "update_run",
]
