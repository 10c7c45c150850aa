"""The headless command line over the core: the same jobs the app runs, without a window.

Every command exits 0 on success and non-zero with one line on stderr naming the
problem (and what to do) on failure. ``llmstudio`` with no command opens the app.
This module only assembles the parser and runs the chosen command; the commands live
in one module per group, and what they share (output, exit codes, progress, Ctrl+C,
opening a project) in ``_common``.

How to add a command:
1. Write ``llmstudio/cli/<group>.py`` with ``cmd_<name>(args) -> int`` and ``register(sub)``.
2. Import only ``llmstudio.cli._common`` and the core there; import heavy parts (torch) inside ``cmd_``.
3. In ``register``, ``sub.add_parser(...)``, its arguments, and ``set_defaults(func=cmd_<name>)``.
4. Add the module to ``COMMAND_GROUPS`` below (its place there is its place in ``--help``).
5. Raise ``StudioError`` for bad input; add a line to the README command table and a test.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from pathlib import Path

from llmstudio import __version__
from llmstudio.cli import (
    check,
    classify,
    clean,
    demo,
    evaluate,
    experiments,
    generate,
    instruct,
    labels,
    model,
    pairs,
    project,
    reward,
    rl,
    sources,
    tokenizer,
    train,
)
from llmstudio.cli._common import EXIT_CANCELLED, EXIT_FAILED, open_app, warn
from llmstudio.cli._parser import CommandParser
from llmstudio.core.errors import JobCancelled, StudioError, explain_failure

# In the order ``llmstudio --help`` lists them: the pipeline from folder to model.
COMMAND_GROUPS = (project, sources, clean, tokenizer, train, experiments, generate, evaluate, model, check, demo,
                  labels, classify, pairs, reward, rl, instruct)


def build_parser() -> CommandParser:
    parser = CommandParser(
        prog="llmstudio",
        description="Build a small language model from your own text. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"llmstudio {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    folder = _project_folder_argument(sys.argv[1:] if argv is None else argv, parser)
    if folder is not None:  # ``llmstudio PROJECT_DIR``: open the app on it
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        return open_app(folder)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.command is None:
        return open_app(None)
    name = " ".join(filter(None, (args.command, getattr(args, f"{args.command}_command", None))))
    try:
        return int(args.func(args))
    except (StudioError, sqlite3.DatabaseError, OSError) as exc:
        explained = explain_failure(exc)
        if explained is None:
            raise  # a bug: the traceback is what a report needs
        warn(f"llmstudio {name}: error: {explained}")
        return EXIT_FAILED
    except JobCancelled:
        warn(f"llmstudio {name}: cancelled; nothing was changed by the unfinished step")
        return EXIT_CANCELLED
    except KeyboardInterrupt:
        warn(f"llmstudio {name}: interrupted")
        return EXIT_CANCELLED


def _project_folder_argument(argv: list[str], parser: argparse.ArgumentParser) -> Path | None:
    """The folder when the command line is just an existing folder (``llmstudio ~/my-project``).

    A command's name always wins, so a folder called ``train`` in the current directory is
    opened with ``llmstudio ./train``.
    """
    positional = [a for a in argv if a not in ("-v", "--verbose")]
    if len(positional) != 1 or positional[0].startswith("-"):
        return None
    candidate = positional[0]
    commands = {name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
                for name in action.choices}
    if candidate in commands:
        return None
    path = Path(candidate).expanduser()
    return path if path.is_dir() else None
