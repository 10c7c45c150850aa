"""The ``generate`` command: sample text from a trained run.

``llmstudio generate DIR --prompt TEXT [--run ID] [--checkpoint latest|best]`` prints the
prompt's continuation; torch is imported only when the command runs.
"""

from __future__ import annotations

import argparse

from llmstudio.cli._common import EXIT_OK, Subparsers, open_project, out


def cmd_generate(args: argparse.Namespace) -> int:
    from llmstudio.core.evaluation.generate import SampleSettings, generate

    project = open_project(args.dir)
    settings = SampleSettings(max_new_tokens=args.max_new_tokens, temperature=args.temperature,
                              top_k=args.top_k, seed=args.seed)
    out(generate(project, args.prompt, args.run, settings, device=args.device, which=args.checkpoint))
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``generate``."""
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
