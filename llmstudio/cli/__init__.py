"""The headless command line over the core: the same jobs the app runs, without a window.

Every command exits 0 on success and non-zero with one line on stderr naming the
problem (and what to do) on failure. ``llmstudio`` with no command opens the app.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from llmstudio import __version__
from llmstudio.cli._common import TerminalProgress
from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL, EXIT_CANCELLED = 0, 1, 2, 3, 130

Command = Callable[[argparse.Namespace], int]


def out(text: str = "") -> None:
    print(text, flush=True)


@contextmanager
def interruptible() -> Iterator[CancelToken]:
    """A cancel token that Ctrl+C sets (a second Ctrl+C stops at once)."""
    token = CancelToken()
    previous = signal.getsignal(signal.SIGINT)

    def on_interrupt(signum: int, frame: object) -> None:
        if token.cancelled:
            signal.signal(signal.SIGINT, previous)
            raise KeyboardInterrupt
        print("\nstopping… (saving first; press Ctrl+C again to abort)", file=sys.stderr, flush=True)
        token.cancel()

    try:
        signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not the main thread (embedded use): no signal handling
        pass
    try:
        yield token
    finally:
        try:
            signal.signal(signal.SIGINT, previous)
        except ValueError:
            pass


# ---------------------------------------------------------------------------- commands
def cmd_new(args: argparse.Namespace) -> int:
    from llmstudio.core.project import Project

    project = Project.create(args.dir)
    out(f"created project {project.root}")
    return EXIT_OK


def cmd_tokenizer(args: argparse.Namespace) -> int:
    from llmstudio.core.project import Project
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    project = Project.open(args.dir)
    settings = TokenizerSettings(vocab_size=args.vocab_size, model_type=args.model_type)
    bar = TerminalProgress()
    with interruptible() as cancel:
        try:
            tok = train_tokenizer(project, settings, progress=bar, cancel=cancel)
        finally:
            bar.close()
    out(f"tokenizer {tok.id}: {tok.model_type}, {tok.vocab_size} tokens; "
        f"{tok.train_tokens:,} train and {tok.val_tokens:,} validation tokens")
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    """Train (or resume) a run; under torchrun every rank runs this, rank 0 records."""
    from llmstudio.core.project import Project
    from llmstudio.core.training.distributed import (
        DistInfo,
        broadcast_object,
        destroy_process_group,
        init_process_group,
    )
    from llmstudio.core.training.trainer import EvalLogged, RunStarted, StepLogged, train_run

    dist = DistInfo.from_env()
    project = Project.open(args.dir)
    if args.export:
        return _export_launch(project, args)
    try:
        if dist.enabled:
            init_process_group(dist, args.device)
        run_id = _prepare_run(project, args) if dist.is_main else None
        run_id = broadcast_object(dist, run_id)

        def on_event(event: object) -> None:
            if isinstance(event, RunStarted):
                ranks = " processes" if event.world_size > 1 else ""
                out(f"run {event.run_id}: {event.parameters:,} parameters on {event.device}{ranks}, "
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
            result = train_run(project, run_id, device=args.device, cancel=cancel, on_event=on_event, dist=dist)
    finally:
        destroy_process_group()
    if dist.is_main:
        out(f"run {result.run_id} {result.status}: {result.message}")
    return {"completed": EXIT_OK, "cancelled": EXIT_CANCELLED}.get(result.status, EXIT_FAILED)


def _new_run_config(args: argparse.Namespace) -> object:
    from llmstudio.core.training.config import load_config_file, load_preset

    config = load_config_file(Path(args.config)) if args.config else load_preset(args.preset or "tiny")
    overrides = list(args.set or [])
    if args.max_steps:
        overrides.append(f"train.max_steps={args.max_steps}")
    return config.with_overrides(overrides)


def _prepare_run(project: object, args: argparse.Namespace) -> int:
    """The run to train: a resumed one (its stored config updated by --set / --max-steps) or a new one."""
    from llmstudio.core.training.runs import update_run_config
    from llmstudio.core.training.trainer import create_run

    if args.resume is not None:
        run_id = project.run(None if args.resume == "latest" else _int(args.resume, "--resume")).id  # type: ignore[attr-defined]
        overrides = list(args.set or [])
        if args.max_steps:
            overrides.append(f"train.max_steps={args.max_steps}")
        update_run_config(project, run_id, overrides)  # type: ignore[arg-type]
        return run_id
    return create_run(project, _new_run_config(args))  # type: ignore[arg-type]


def _export_launch(project: object, args: argparse.Namespace) -> int:
    """--export FOLDER: write the config and launch scripts for this command instead of training."""
    from llmstudio.core.training.launch import export_launch_files
    from llmstudio.core.training.runs import clone_config

    if args.resume is not None:
        run = project.run(None if args.resume == "latest" else _int(args.resume, "--resume"))  # type: ignore[attr-defined]
        config = clone_config(project, run.id).with_overrides(list(args.set or []))  # type: ignore[arg-type]
        paths = export_launch_files(Path(args.export), config, project.root, run.id, f"run-{run.id}")  # type: ignore[attr-defined]
    else:
        paths = export_launch_files(Path(args.export), _new_run_config(args), project.root)  # type: ignore[arg-type, attr-defined]
    for path in paths:
        out(f"wrote {path}")
    return EXIT_OK


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
    out(f"{result['tokens_per_s']:,.0f} tokens/s, {result['step_time_s'] * 1000:.1f} ms/step (median of "
        f"{result['steps']}), MFU {result['mfu']:.1%} of a measured {result['gemm_peak_flops'] / 1e9:,.0f} GFLOP/s GEMM peak")
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from llmstudio.core.evaluation.generate import SampleSettings, generate
    from llmstudio.core.project import Project

    project = Project.open(args.dir)
    settings = SampleSettings(max_new_tokens=args.max_new_tokens, temperature=args.temperature,
                              top_k=args.top_k, seed=args.seed)
    out(generate(project, args.prompt, args.run, settings, device=args.device, which=args.checkpoint))
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from llmstudio.core.project import Project

    info = Project.open(args.dir).info()
    if args.json:
        out(json.dumps(info, indent=2))
        return EXIT_OK
    out(f"project    {info['path']} (schema {info['schema_version']})")
    out(f"sources    {info['sources']}")
    out(f"documents  {info['documents']} ({info['kept_documents']} kept by the latest clean)")
    for tok in info["tokenizers"]:
        out(f"tokenizer  {tok['id']}: {tok['name']} ({tok['train_tokens']:,} train tokens)")
    for run in info["runs"]:
        val = f"{run['val_loss']:.4f}" if run["val_loss"] is not None else "-"
        out(f"run        {run['id']}: {run['status']}, step {run['step']}, val loss {val}, {run['device'] or '-'}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from llmstudio.core.demo import create_demo_project, run_headless_demo

    directory = Path(args.dir).expanduser()
    if args.headless:
        with interruptible() as cancel:
            run_headless_demo(directory, out, device=args.device, cancel=cancel, overrides=args.set or [])
        out(f"done; inspect it with: llmstudio info {directory} --json")
        return EXIT_OK
    project = create_demo_project(directory)
    out(f"demo project ready in {project.root}")
    project.close()
    return _open_app(directory)


def _open_app(project_dir: Path | None) -> int:
    try:
        from llmstudio.gui.app import run_app
    except ImportError as exc:  # PySide6 missing from a headless install
        raise StudioError(f"the desktop app cannot start ({exc}); install PySide6 or use the CLI commands") from exc
    return run_app(project_dir)


def _int(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise StudioError(f"{option} expects a run id (a number) or nothing, not {text!r}") from None


# ---------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llmstudio",
        description="Build a small language model from your own text. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"llmstudio {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("new", help="create an empty project folder")
    p.add_argument("dir", help="folder for the new project")
    p.set_defaults(func=cmd_new)

    from llmstudio.cli.sources import register as register_source_commands

    register_source_commands(sub)  # import DIR PATH..., sources DIR

    from llmstudio.cli.clean import register as register_clean_command

    register_clean_command(sub)  # clean DIR [--recipe NAME|FILE] [--snapshot NAME] [--json]

    p = sub.add_parser("tokenizer", help="train a sentencepiece tokenizer and encode the cleaned text")
    p.add_argument("dir", help="project folder")
    p.add_argument("--vocab-size", type=int, default=2000, help="vocabulary size (default: 2000)")
    p.add_argument("--model-type", choices=["bpe", "unigram", "char"], default="bpe", help="default: bpe")
    p.set_defaults(func=cmd_tokenizer)

    p = sub.add_parser("train", help="train a language model (Ctrl+C saves a checkpoint and stops); "
                       "runs under torchrun too")
    p.add_argument("dir", help="project folder")
    p.add_argument("--config", metavar="FILE.toml", help="a config file with [model] and [train] tables")
    p.add_argument("--preset", metavar="NAME", help="a preset: tiny, char-10m, gpt2-124m, llama-small")
    p.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE",
                   help="override one setting, e.g. --set model.n_layer=4 (repeatable); with --resume, "
                        "changes the run's stored train settings (e.g. --set train.lr=3e-4 after a NaN)")
    p.add_argument("--max-steps", type=int, metavar="N", help="optimizer steps to train for")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"], help="default: auto")
    p.add_argument("--resume", nargs="?", const="latest", metavar="RUN_ID",
                   help="continue a stopped run (the latest if no id is given)")
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
    b.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"], help="default: auto")
    b.add_argument("--threads", type=int, default=0, metavar="N", help="CPU threads (default: train.threads or all cores)")
    b.add_argument("--json", action="store_true", help="print one JSON object")
    b.set_defaults(func=cmd_bench)

    p = sub.add_parser("generate", help="sample text from a trained run")
    p.add_argument("dir", help="project folder")
    p.add_argument("--prompt", required=True, help="text to continue")
    p.add_argument("--run", type=int, metavar="ID", help="run id (default: the latest run)")
    p.add_argument("--max-new-tokens", type=int, default=200)
    p.add_argument("--temperature", type=float, default=0.8)
    p.add_argument("--top-k", type=int, default=50)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"])
    p.add_argument("--checkpoint", default="latest", choices=["latest", "best"],
                   help="the latest checkpoint, or the one with the best validation loss (default: latest)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("info", help="describe a project")
    p.add_argument("dir", help="project folder")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("demo", help="create the Moby-Dick demo project and open it (or run it headless)")
    p.add_argument("dir", nargs="?", default=str(Path.home() / "llmstudio-demo"),
                   help="folder for the demo project (default: ~/llmstudio-demo)")
    p.add_argument("--headless", action="store_true", help="run the whole pipeline without a window")
    p.add_argument("--device", default="cpu", choices=["auto", "cpu", "cuda", "mps"], help="default: cpu")
    p.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE", help="override a training setting")
    p.set_defaults(func=cmd_demo)

    from llmstudio.cli.labels import register as register_label_commands

    register_label_commands(sub)  # labels DIR import|export|stats, split DIR

    from llmstudio.cli.model import register as register_model_command

    register_model_command(sub)  # model DIR import SOURCE | export --run ID --format hf|gguf OUT
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.command is None:
        return _open_app(None)
    try:
        return args.func(args)
    except StudioError as exc:
        print(f"llmstudio {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except JobCancelled:
        print(f"llmstudio {args.command}: cancelled; nothing was changed by the unfinished step", file=sys.stderr)
        return EXIT_CANCELLED
    except KeyboardInterrupt:
        print(f"llmstudio {args.command}: interrupted", file=sys.stderr)
        return EXIT_CANCELLED
