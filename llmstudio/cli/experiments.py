"""The ``sweep`` and ``lr-find`` commands: tune a run's settings without a window.

``llmstudio sweep DIR (--grid KEY=V1,V2,... ... | --random N --space FILE.toml | --optuna N
--space FILE.toml) [--set KEY=VALUE ...] [--device auto|cpu|cuda|mps] [--json]`` trains one
run per trial, one after another, and prints a line per trial; with ``--json`` the last
stdout line is ``{"sweep_id", "runs": [{"run_id", "params", "val_loss"}], "best_run_id"}``.
``llmstudio lr-find DIR [--set ...] --json`` prints ``{"lrs", "losses", "suggested_lr"}``.
``llmstudio tensorboard DIR [--run ID ...] [--out FOLDER]`` writes TensorBoard event files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from llmstudio.cli._common import EXIT_OK, Subparsers, job, open_project, out, warn
from llmstudio.core.errors import StudioError

DEVICES = ["auto", "cpu", "cuda", "mps"]


def _base_config(args: argparse.Namespace):  # -> RunConfig
    from llmstudio.core.training.config import load_config_file, load_preset

    config = load_config_file(Path(args.config)) if args.config else load_preset(args.preset or "tiny")
    return config.with_overrides(list(args.set or []))


def cmd_sweep(args: argparse.Namespace) -> int:
    from llmstudio.core.experiments.checks import config_warnings
    from llmstudio.core.experiments.space import load_space, parse_grid
    from llmstudio.core.experiments.sweep import create_sweep, run_sweep

    modes = [name for name in ("grid", "random", "optuna") if getattr(args, name)]
    if len(modes) != 1:
        raise StudioError("choose one of --grid KEY=V1,V2 (repeatable), --random N --space FILE.toml "
                          "or --optuna N --space FILE.toml")
    kind = modes[0]
    project = open_project(args.dir)
    base = _base_config(args)
    project.tokenizer()  # fail now, not after creating the sweep, when there is none
    points = None
    if kind == "grid":
        dimensions, points = parse_grid(args.grid, base)
        n_trials = len(points)
    else:
        if not args.space:
            raise StudioError(f"--{kind} N needs --space FILE.toml naming the keys to vary")
        n_trials = getattr(args, kind)
        if n_trials < 1:
            raise StudioError(f"--{kind} expects a number of trials of at least 1, not {n_trials}")
        dimensions = load_space(Path(args.space), base)
    for message in config_warnings(base):
        warn(f"warning: {message}")
    sweep_id = create_sweep(project, kind, base, dimensions, points, seed=args.seed)
    if not args.json:
        out(f"sweep {sweep_id}: {kind}, {n_trials} trials over " + "; ".join(d.describe() for d in dimensions))

    def on_trial(trial: object) -> None:
        loss = f"{trial.val_loss:.4f}" if trial.val_loss is not None else "-"  # type: ignore[attr-defined]
        line = (f"trial {trial.number}: run {trial.run_id} {trial.state}, val loss {loss}, "  # type: ignore[attr-defined]
                f"{json.dumps(trial.params)}")  # type: ignore[attr-defined]
        (warn if args.json else out)(line)

    with job(quiet=args.json) as (bar, cancel):
        summary = run_sweep(project, sweep_id, n_trials, args.device, bar, cancel, on_trial)
    if args.json:
        out(json.dumps(summary.to_json()))
    else:
        best = summary.best
        out(f"sweep {sweep_id} done; best run {best.run_id} (val loss {best.val_loss:.4f}, {best.params})"
            if best and best.val_loss is not None else f"sweep {sweep_id} done; no trial completed")
    return EXIT_OK


def cmd_lr_find(args: argparse.Namespace) -> int:
    from llmstudio.core.experiments.checks import config_warnings
    from llmstudio.core.experiments.lr_find import find_lr

    project = open_project(args.dir)
    config = _base_config(args)
    for message in config_warnings(config):
        warn(f"warning: {message}")
    with job(quiet=args.json) as (bar, cancel):
        result = find_lr(project, config, steps=args.steps, min_lr=args.min_lr, max_lr=args.max_lr,
                         device=args.device, progress=bar, cancel=cancel)
    if args.json:
        out(json.dumps(result.to_json()))
        return EXIT_OK
    for lr, loss in zip(result.lrs, result.losses, strict=True):
        out(f"lr {lr:.3e}  loss {loss:.4f}")
    out(f"suggested train.lr: {result.suggested_lr:.2e}" if result.suggested_lr
        else "no suggestion: the loss did not fall; widen the range (--min-lr, --max-lr) or add steps")
    return EXIT_OK


def cmd_tensorboard(args: argparse.Namespace) -> int:
    from llmstudio.core.experiments.tensorboard import export_tensorboard
    from llmstudio.core.runs import list_runs

    project = open_project(args.dir)
    run_ids = args.run or [run.id for run in list_runs(project)]
    if not run_ids:
        raise StudioError("this project has no runs to export; train a model first")
    folder = Path(args.out) if args.out else project.root / "tensorboard"
    for run_id in run_ids:
        out(f"wrote {export_tensorboard(project, run_id, folder)}")
    out(f"view with: tensorboard --logdir {folder}")
    return EXIT_OK


def _config_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--config", metavar="FILE.toml", help="a config file with [model] and [train] tables")
    p.add_argument("--preset", metavar="NAME", help="a preset (default: tiny)")
    p.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE",
                   help="override one setting of every run, e.g. --set train.max_steps=200 (repeatable)")
    p.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    p.add_argument("--json", action="store_true", help="print one JSON object (the last stdout line)")


def register(sub: Subparsers) -> None:
    """Add ``sweep`` and ``lr-find``."""
    p = sub.add_parser("sweep", help="train one run per setting of a grid, random or Optuna search")
    _config_options(p)
    p.add_argument("--grid", action="append", metavar="KEY=V1,V2,...",
                   help="a key and its values, e.g. train.lr=1e-3,3e-3 (repeatable: the cross product)")
    p.add_argument("--random", type=int, metavar="N", help="N trials drawn at random from --space")
    p.add_argument("--optuna", type=int, metavar="N",
                   help="N trials chosen by Optuna's TPE from --space, with median pruning on val loss")
    p.add_argument("--space", metavar="FILE.toml", help="the keys to vary: [train.lr] low = 1e-4 high = 1e-2 log = true")
    p.add_argument("--seed", type=int, default=0, help="seed of the random and TPE samplers (default: 0)")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("lr-find", help="a short run with an exponentially rising learning rate; suggests train.lr")
    _config_options(p)
    p.add_argument("--steps", type=int, default=100, metavar="N", help="steps of the rising rate (default: 100)")
    p.add_argument("--min-lr", type=float, default=1e-6, help="first learning rate (default: 1e-6)")
    p.add_argument("--max-lr", type=float, default=1.0, help="last learning rate (default: 1)")
    p.set_defaults(func=cmd_lr_find)

    p = sub.add_parser("tensorboard", help="export runs' metrics as TensorBoard event files "
                                           "(needs the tensorboard extra)")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--run", type=int, action="append", metavar="ID", help="a run to export (repeatable; default: all)")
    p.add_argument("--out", metavar="FOLDER", help="where to write run-<id> folders (default: DIR/tensorboard)")
    p.set_defaults(func=cmd_tensorboard)
