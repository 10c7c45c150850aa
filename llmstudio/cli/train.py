"""The ``train`` and ``bench train`` commands: train (or resume) a run, and time the trainer.

``llmstudio train DIR`` trains a new run from a preset or config file, or ``--resume``s a
stopped one; Ctrl+C saves a checkpoint and stops. Under ``torchrun`` every rank runs this
command and rank 0 records. ``--export FOLDER`` writes launch scripts instead of training.
``llmstudio bench train`` times the trainer's step on random tokens (one JSON object with
``--json``). Torch is imported only when a command runs, never to build the parser.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from llmstudio.cli._common import (
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_OK,
    Subparsers,
    interruptible,
    open_project,
    out,
    warn,
)
from llmstudio.core.errors import StudioError
from llmstudio.core.training.events import EvalLogged, RunStarted, StepLogged

if TYPE_CHECKING:
    from llmstudio.core.project import Project
    from llmstudio.core.runs import RunLock
    from llmstudio.core.training.config import RunConfig

DEVICES = ["auto", "cpu", "cuda", "mps"]


def cmd_train(args: argparse.Namespace) -> int:
    """Train (or resume) a run; under torchrun every rank runs this, rank 0 records."""
    from llmstudio.core.training.distributed import (
        DistInfo,
        broadcast_object,
        end_process_group,
        init_process_group,
    )
    from llmstudio.core.training.trainer import train_run

    dist = DistInfo.from_env()
    project = open_project(args.dir)
    if args.export:
        return _export_launch(project, args)
    lock: RunLock | None = None
    finished = False
    try:
        if dist.enabled:
            init_process_group(dist, args.device)
        run_id: int | None = None
        if dist.is_main:
            run_id, lock = _prepare_run(project, args)
            _warn_about_config(project, run_id)
        run_id = broadcast_object(dist, run_id)

        def on_event(event: object) -> None:
            if isinstance(event, RunStarted):
                ranks = " processes" if event.world_size > 1 else ""
                lora = (f" ({event.trainable:,} trainable: LoRA adapters)"
                        if 0 < event.trainable < event.parameters else "")
                out(f"run {event.run_id}: {event.parameters:,} parameters{lora} on {event.device}{ranks}, "
                    f"{event.precision}{', compiled' if event.compiled else ''}, {event.threads} threads, "
                    f"micro-batch {event.micro_batch} × {event.grad_accum}, steps {event.start_step} -> {event.max_steps}")
            elif isinstance(event, StepLogged):
                mfu = f"  mfu {event.mfu:.0%}" if event.mfu == event.mfu else ""
                out(f"step {event.step:>6}/{event.max_steps}  loss {event.train_loss:.4f}  lr {event.lr:.2e}  "
                    f"{event.tokens_per_s:,.0f} tok/s  {event.step_time_s * 1000:.0f} ms/step{mfu}  "
                    f"eta {event.eta_s:.0f}s")
            elif isinstance(event, EvalLogged):
                out(f"step {event.step:>6}  val loss {event.val_loss:.4f}  (train {event.train_loss:.4f})")

        with interruptible() as cancel:
            result = train_run(project, run_id, device=args.device, cancel=cancel, on_event=on_event, dist=dist,
                               lock=lock)
        finished = True
    finally:
        if lock is not None:
            lock.release()
        end_process_group(dist, finished=finished)
    if dist.is_main:
        out(f"run {result.run_id} {result.status}: {result.message}")
    return {"completed": EXIT_OK, "cancelled": EXIT_CANCELLED}.get(result.status, EXIT_FAILED)


def _warn_about_config(project: Project, run_id: int) -> None:
    """Settings that train but probably not as meant (warmup as long as the run...), on stderr."""
    from llmstudio.core.experiments.checks import config_warnings
    from llmstudio.core.training.runs import load_run_config

    for message in config_warnings(load_run_config(project, run_id)):
        warn(f"warning: {message}")


def _overrides(args: argparse.Namespace) -> list[str]:
    """``--set`` settings plus ``--max-steps`` as ``train.max_steps``."""
    overrides = list(args.set or [])
    if args.max_steps is not None:  # 0 is refused by the config's check, not taken as 'not given'
        overrides.append(f"train.max_steps={args.max_steps}")
    if getattr(args, "instruct", None):
        overrides.append(f"train.instruct={args.instruct}")
    return overrides


def _new_run_config(args: argparse.Namespace) -> RunConfig:
    from llmstudio.core.training.config import load_config_file, load_preset

    config = load_config_file(Path(args.config)) if args.config else load_preset(args.preset or "tiny")
    return config.with_overrides(_overrides(args))


def _resumed_run_id(project: Project, args: argparse.Namespace) -> int:
    from llmstudio.core.runs import get_run

    return get_run(project, None if args.resume == "latest" else _int(args.resume, "--resume")).id


def _prepare_run(project: Project, args: argparse.Namespace) -> tuple[int, RunLock]:
    """The run to train and this process's lock on it: a resumed run (its stored config updated by
    --set / --max-steps while the lock is held, so a second resume changes nothing) or a new one."""
    from llmstudio.core.runs import acquire_run_lock
    from llmstudio.core.training.runs import create_run, update_run_config

    if args.resume is not None and args.from_run is not None:
        raise StudioError("--resume continues a run in place, --from-run starts a new one from its weights; use one")
    if args.instruct:  # the dataset must exist before a run is made for it
        from llmstudio.core.instruct.store import load_dataset

        load_dataset(project, args.instruct)
    if args.resume is not None:
        run_id = _resumed_run_id(project, args)
    elif args.from_run is not None:
        from llmstudio.core.training.config import load_config_file, load_preset
        from llmstudio.core.training.from_run import create_run_from

        base = load_config_file(Path(args.config)) if args.config else load_preset(args.preset or "tiny")
        run_id = create_run_from(project, args.from_run, base, _overrides(args))
    else:
        run_id = create_run(project, _new_run_config(args))
    lock = acquire_run_lock(project, run_id)
    if args.resume is not None:
        try:
            update_run_config(project, run_id, _overrides(args), lock=lock)
        except BaseException:
            lock.release()
            raise
    return run_id, lock


def _export_launch(project: Project, args: argparse.Namespace) -> int:
    """--export FOLDER: write the config and launch scripts for this command instead of training."""
    from llmstudio.core.training.launch import export_launch_files
    from llmstudio.core.training.runs import clone_config

    if args.resume is not None:
        run_id = _resumed_run_id(project, args)
        config = clone_config(project, run_id).with_overrides(list(args.set or []))
        paths = export_launch_files(Path(args.export), config, project.root, run_id, f"run-{run_id}")
    else:
        paths = export_launch_files(Path(args.export), _new_run_config(args), project.root)
    for path in paths:
        out(f"wrote {path}")
    return EXIT_OK


def _int(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise StudioError(f"{option} expects a run id (a number) or nothing, not {text!r}") from None


def cmd_bench(args: argparse.Namespace) -> int:
    """bench train: the trainer's step on random tokens; one JSON object with --json."""
    from llmstudio.core.training.bench import bench_train
    from llmstudio.core.training.config import load_config_file, load_preset

    config = load_config_file(Path(args.config)) if args.config else load_preset(args.preset or "tiny")
    config = config.with_overrides(list(args.set or []))
    if args.steps < 1:
        raise StudioError(f"--steps must be at least 1, not {args.steps}")
    result = bench_train(config, steps=args.steps, device=args.device, threads=args.threads or 0,
                         warmup=args.warmup)
    if args.json:
        out(json.dumps(result))
        return EXIT_OK
    out(f"{result['params']:,} parameters, {result['flops_per_token'] / 1e6:.1f} MFLOP/token on {result['device']} "
        f"({result['device_name']}, {result['threads']} threads, {result['precision']}"
        f"{', compiled' if result['compiled'] else ''})")
    mfu = f"MFU {result['mfu']:.1%} of {result['peak_basis']}" if result["mfu"] is not None else (
        f"no MFU: {result['peak_basis']}")
    out(f"{result['tokens_per_s']:,.0f} tokens/s, {result['step_time_s'] * 1000:.1f} ms/step (median of "
        f"{result['steps']}), {mfu}")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``train`` and ``bench`` (``bench train``)."""
    from llmstudio.core.training.config import settings_help  # torch-free: field metadata only

    p = sub.add_parser("train", help="train a language model (Ctrl+C saves a checkpoint and stops); "
                       "runs under torchrun too", epilog=settings_help(),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--config", metavar="FILE.toml", help="a config file with [model] and [train] tables")
    p.add_argument("--preset", metavar="NAME", help="a preset: tiny, char-10m, gpt2-124m, llama-small")
    p.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE",
                   help="override one setting, e.g. --set model.n_layer=4 (repeatable); with --resume, "
                        "changes the run's stored train settings (e.g. --set train.lr=3e-4 after a NaN)")
    p.add_argument("--max-steps", type=int, metavar="N", help="optimizer steps to train for")
    p.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    p.add_argument("--resume", nargs="?", const="latest", metavar="RUN_ID",
                   help="continue a stopped run (the latest if no id is given)")
    p.add_argument("--from-run", type=int, metavar="ID",
                   help="start a new run from run ID's weights (an imported model, or any run): its model and "
                        "tokenizer, this command's train.* settings, a fresh optimizer")
    p.add_argument("--instruct", metavar="NAME",
                   help="instruction tuning: train on the prompt/response dataset NAME (llmstudio instruct) with "
                        "loss on the responses only, in the chat template train.chat_template; the same as "
                        "--set train.instruct=NAME")
    p.add_argument("--export", metavar="FOLDER",
                   help="do not train: write config.toml plus torchrun and SLURM launch scripts for this run")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("bench", help="measure training speed (bench train)")
    bench_sub = p.add_subparsers(dest="bench_command", metavar="WHAT", required=True)
    b = bench_sub.add_parser("train", help="time the trainer's steps on random tokens; tokens/s and MFU")
    b.add_argument("--preset", metavar="NAME", help="a preset (default: tiny)")
    b.add_argument("--config", metavar="FILE.toml", help="a config file instead of a preset")
    b.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE", help="override one setting (repeatable)")
    b.add_argument("--steps", type=int, default=10, metavar="N", help="timed steps (default: 10)")
    b.add_argument("--warmup", type=int, default=2, metavar="N", help="untimed steps first (default: 2)")
    b.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    b.add_argument("--threads", type=int, default=0, metavar="N", help="CPU threads (default: train.threads or half the cores)")
    b.add_argument("--json", action="store_true", help="print one JSON object")
    b.set_defaults(func=cmd_bench)
