"""The ``demo`` command: the Moby-Dick demo project, opened in the app or run headless.

``llmstudio demo [DIR] [--headless]`` builds the demo project (import, clean, tokenizer,
a short run) and opens it, or with ``--headless`` runs the whole pipeline in the terminal.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from llmstudio.cli._common import EXIT_OK, Subparsers, interruptible, open_app, out


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
    return open_app(directory)


def register(sub: Subparsers) -> None:
    """Add ``demo``."""
    p = sub.add_parser("demo", help="create the Moby-Dick demo project and open it (or run it headless)")
    p.add_argument("dir", nargs="?", metavar="DIR", default=str(Path.home() / "llmstudio-demo"),
                   help="folder for the demo project (default: ~/llmstudio-demo)")
    p.add_argument("--headless", action="store_true", help="run the whole pipeline without a window")
    p.add_argument("--device", default="cpu", choices=["auto", "cpu", "cuda", "mps"], help="default: cpu")
    p.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE", help="override a training setting")
    p.set_defaults(func=cmd_demo)
