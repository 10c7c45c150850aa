"""Sweeps: grid, random and Optuna (TPE with median pruning) over run config keys.

Every sweep, whatever its kind, is an Optuna study kept in ``sweeps.journal`` beside
``project.sqlite`` (Optuna's journal storage: one append-only file, no server). The study
carries the sweep's kind, base config and dimensions; each trial is one ordinary run of
the project (its id in the trial's ``run_id`` attribute), trained by the same trainer as
any run, one after another. Grid points are enqueued in the order given; random sweeps use
Optuna's random sampler and Optuna sweeps its TPE sampler. An Optuna sweep reports each
validation loss to the median pruner, and a trial the pruner stops is cancelled like a
user stop (its checkpoint kept) and marked pruned. The objective is the run's best
validation loss. The GUI drives ``run_trial`` one job at a time from its queue; the CLI
calls ``run_sweep``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.experiments.space import (
    Dimension,
    Value,
    apply_params,
    dimensions_from_json,
    dimensions_to_json,
    to_distributions,
)
from llmstudio.core.jobs import CancelToken, Progress, no_progress, scaled
from llmstudio.core.project import Project, utc_now
from llmstudio.core.runs import get_run, update_run
from llmstudio.core.training.config import RunConfig

log = logging.getLogger(__name__)

STORAGE_FILE = "sweeps.journal"
KINDS = ("grid", "random", "optuna")
PRUNER_STARTUP_TRIALS = 2  # trials that run to the end before the median rule may stop others


@dataclass(frozen=True)
class TrialResult:
    number: int
    run_id: int | None
    params: dict[str, Value]
    val_loss: float | None
    state: str  # complete | pruned | failed | running | waiting

    def to_json(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "params": self.params, "val_loss": self.val_loss, "state": self.state}


@dataclass(frozen=True)
class SweepSummary:
    sweep_id: int
    kind: str
    dimensions: list[Dimension]
    trials: list[TrialResult] = field(default_factory=list)

    @property
    def best(self) -> TrialResult | None:
        done = [t for t in self.trials if t.state == "complete" and t.val_loss is not None]
        return min(done, key=lambda t: t.val_loss or math.inf) if done else None

    def to_json(self) -> dict[str, Any]:
        best = self.best
        return {"sweep_id": self.sweep_id, "runs": [t.to_json() for t in self.trials if t.run_id is not None],
                "best_run_id": best.run_id if best else None}


def _optuna() -> Any:
    try:
        import optuna
    except ImportError as exc:  # pragma: no cover - optuna is a dependency
        raise StudioError("sweeps need the optuna package; install it with 'pip install optuna'") from exc
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna


def storage(project: Project) -> Any:
    optuna = _optuna()
    from optuna.storages.journal import JournalFileBackend, JournalFileOpenLock

    path = str(project.root / STORAGE_FILE)
    return optuna.storages.JournalStorage(JournalFileBackend(path, lock_obj=JournalFileOpenLock(path)))


def _study_name(sweep_id: int) -> str:
    return f"sweep-{sweep_id}"


def sweep_ids(project: Project) -> list[int]:
    if not (project.root / STORAGE_FILE).is_file():
        return []
    names = [s.study_name for s in _optuna().get_all_study_summaries(storage(project), include_best_trial=False)]
    return sorted(int(n.split("-", 1)[1]) for n in names if n.startswith("sweep-") and n[6:].isdigit())


@declares(Changed.RUNS)
def create_sweep(project: Project, kind: str, base: RunConfig, dimensions: list[Dimension],
                 grid_points: list[dict[str, Value]] | None = None, seed: int = 0) -> int:
    """A new, empty sweep; returns its id. Grid points are kept with it (the caller runs them)."""
    if kind not in KINDS:
        raise StudioError(f"sweep kind must be one of {', '.join(KINDS)}, not {kind!r}")
    optuna = _optuna()
    sweep_id = max(sweep_ids(project), default=0) + 1
    study = optuna.create_study(study_name=_study_name(sweep_id), storage=storage(project), direction="minimize")
    study.set_user_attr("kind", kind)
    study.set_user_attr("base_config", base.to_dict())
    study.set_user_attr("dimensions", dimensions_to_json(dimensions))
    study.set_user_attr("seed", seed)
    study.set_user_attr("created_at", utc_now())
    study.set_user_attr("grid_points", grid_points or [])
    return sweep_id


def _load(project: Project, sweep_id: int, sampler: Any = None, pruner: Any = None) -> Any:
    optuna = _optuna()
    try:
        return optuna.load_study(study_name=_study_name(sweep_id), storage=storage(project), sampler=sampler,
                                 pruner=pruner)
    except KeyError:
        raise StudioError(f"there is no sweep {sweep_id} in this project") from None


def _sampler_and_pruner(kind: str, seed: int) -> tuple[Any, Any]:
    optuna = _optuna()
    if kind == "optuna":
        return (optuna.samplers.TPESampler(seed=seed, n_startup_trials=3),
                optuna.pruners.MedianPruner(n_startup_trials=PRUNER_STARTUP_TRIALS, n_warmup_steps=0))
    return optuna.samplers.RandomSampler(seed=seed), optuna.pruners.NopPruner()


@declares(Changed.RUNS)
def run_trial(project: Project, sweep_id: int, params: dict[str, Value] | None = None, device: str = "auto",
              progress: Progress = no_progress, cancel: CancelToken | None = None,
              on_event: Callable[[object], None] | None = None) -> TrialResult:
    """Train one trial of a sweep: the next enqueued grid point, ``params`` when given (the GUI
    queue's order), or the sampler's next suggestion. A user cancel stops the trial and raises."""
    from llmstudio.core.training.trainer import EvalLogged, create_run, train_run

    cancel = cancel or CancelToken()
    study = _load(project, sweep_id)
    kind, seed = study.user_attrs["kind"], int(study.user_attrs.get("seed", 0))
    sampler, pruner = _sampler_and_pruner(kind, seed + len(study.trials))  # a fresh stream per trial
    study = _load(project, sweep_id, sampler, pruner)
    dimensions = dimensions_from_json(study.user_attrs["dimensions"])
    if params is not None:
        study.enqueue_trial(params)
    trial = study.ask(to_distributions(dimensions))
    chosen = {d.key: trial.params[d.key] for d in dimensions}
    config = apply_params(RunConfig.from_dict(study.user_attrs["base_config"]), chosen)
    run_id = create_run(project, config, name=f"sweep {sweep_id} trial {trial.number}")
    trial.set_user_attr("run_id", run_id)
    progress(0.0, f"sweep {sweep_id} trial {trial.number}: run {run_id} with {chosen}")

    stop = CancelToken()
    pruned: list[int] = []

    def watch(event: object) -> None:
        if cancel.cancelled:
            stop.cancel()
        if isinstance(event, EvalLogged) and event.step > 0 and math.isfinite(event.val_loss):
            trial.report(event.val_loss, event.step)
            if trial.should_prune():
                pruned.append(event.step)
                stop.cancel()
        if on_event is not None:
            on_event(event)

    try:
        result = train_run(project, run_id, device=device, progress=scaled(progress, 0.0, 1.0), cancel=stop,
                           on_event=watch)
    except BaseException:
        study.tell(trial, state=_optuna().trial.TrialState.FAIL)
        raise
    run = get_run(project, run_id)
    state = _optuna().trial.TrialState
    if pruned:
        _note(project, run_id, f"pruned by sweep {sweep_id} at step {pruned[0]}: its validation loss was worse "
                               f"than the median of earlier trials at that step")
        study.tell(trial, state=state.PRUNED)
        outcome = "pruned"
    elif result.status == "completed" and run.best_val_loss is not None:
        study.tell(trial, run.best_val_loss)
        outcome = "complete"
    else:
        study.tell(trial, state=state.FAIL)
        outcome = "failed"
    if cancel.cancelled and not pruned:
        raise JobCancelled()
    return TrialResult(trial.number, run_id, chosen, run.best_val_loss, outcome)


def _note(project: Project, run_id: int, message: str) -> None:
    update_run(project, run_id, message=message)


def planned_trials(project: Project, sweep_id: int, n_trials: int = 0) -> list[dict[str, Value] | None]:
    """What a queue runs: the grid's points in order, or ``n_trials`` suggestions (None each)."""
    study = _load(project, sweep_id)
    if study.user_attrs["kind"] == "grid":
        return [dict(point) for point in study.user_attrs.get("grid_points", [])]
    return [None] * n_trials


@declares(Changed.RUNS)
def run_sweep(project: Project, sweep_id: int, n_trials: int = 0, device: str = "auto",
              progress: Progress = no_progress, cancel: CancelToken | None = None,
              on_trial: Callable[[TrialResult], None] | None = None,
              on_event: Callable[[object], None] | None = None) -> SweepSummary:
    """Run a sweep's trials one after another: every grid point, or ``n_trials`` suggestions."""
    cancel = cancel or CancelToken()
    queue = planned_trials(project, sweep_id, n_trials)
    total = len(queue)
    for index, params in enumerate(queue):
        cancel.raise_if_cancelled()
        result = run_trial(project, sweep_id, params, device, scaled(progress, index / total, (index + 1) / total),
                           cancel, on_event)
        if on_trial is not None:
            on_trial(result)
    return sweep_summary(project, sweep_id)


def sweep_summary(project: Project, sweep_id: int) -> SweepSummary:
    study = _load(project, sweep_id)
    names = {"COMPLETE": "complete", "PRUNED": "pruned", "FAIL": "failed", "RUNNING": "running",
             "WAITING": "waiting"}
    trials = []
    for t in study.get_trials(deepcopy=False):
        run_id = t.user_attrs.get("run_id")
        value = t.value if t.value is not None else (t.intermediate_values[max(t.intermediate_values)]
                                                     if t.intermediate_values else None)
        trials.append(TrialResult(t.number, run_id, dict(t.params), value, names.get(t.state.name, "failed")))
    return SweepSummary(sweep_id, study.user_attrs["kind"], dimensions_from_json(study.user_attrs["dimensions"]),
                        trials)


def trial_config(project: Project, sweep_id: int, number: int) -> RunConfig:
    """The config of one trial, to start a new run from it."""
    study = _load(project, sweep_id)
    trials = [t for t in study.get_trials(deepcopy=False) if t.number == number]
    if not trials:
        raise StudioError(f"sweep {sweep_id} has no trial {number}")
    return apply_params(RunConfig.from_dict(study.user_attrs["base_config"]), dict(trials[0].params))


def param_importances(project: Project, sweep_id: int) -> dict[str, float]:
    """How much each key explains the objective (PED-ANOVA), or {} with too few finished trials."""
    optuna = _optuna()
    study = _load(project, sweep_id)
    done = [t for t in study.get_trials(deepcopy=False) if t.state.name == "COMPLETE"]
    if len(done) < 3 or not study.user_attrs["dimensions"]:
        return {}
    try:
        evaluator = optuna.importance.PedAnovaImportanceEvaluator()
        return dict(optuna.importance.get_param_importances(study, evaluator=evaluator))
    except (RuntimeError, ValueError, ZeroDivisionError) as exc:
        log.info("no importances for sweep %d: %s", sweep_id, exc)
        return {}
