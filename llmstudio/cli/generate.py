"""The ``generate`` command: sample text from a trained run.

``llmstudio generate DIR --prompt TEXT [--run ID] [--checkpoint latest|best] [--top-p P]
[--repetition-penalty R] [--stop TEXT ...] [--stream] [--chat]`` prints the prompt's continuation
(``--stream``: token by token, as it is sampled; ``--chat``: the response of an instruction-tuned
run to the prompt, through its chat template); torch is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from llmstudio.cli._common import EXIT_OK, Subparsers, open_project, out

if TYPE_CHECKING:
    from llmstudio.core.evaluation.generate import SampleSettings
    from llmstudio.core.project import Project


def cmd_generate(args: argparse.Namespace) -> int:
    from llmstudio.core.evaluation.generate import Generator, SampleSettings, generate

    project = open_project(args.dir)
    settings = SampleSettings(max_new_tokens=args.max_new_tokens, temperature=args.temperature,
                              top_k=args.top_k, seed=args.seed, top_p=args.top_p,
                              repetition_penalty=args.repetition_penalty, stop=tuple(args.stop or ()))
    if args.chat:
        return _chat(project, args, settings)
    if not args.stream:
        out(generate(project, args.prompt, args.run, settings, device=args.device, which=args.checkpoint))
        return EXIT_OK
    sampler = Generator(project, args.run, args.device, args.checkpoint)
    sys.stdout.write(args.prompt)
    for step in sampler.stream(args.prompt, settings):
        sys.stdout.write(step.text)
        sys.stdout.flush()
    out()
    return EXIT_OK


def _chat(project: Project, args: argparse.Namespace, settings: SampleSettings) -> int:
    """--chat: the prompt goes through the run's chat template; only the response is printed."""
    from llmstudio.core.evaluation.generate import Generator
    from llmstudio.core.instruct.templates import get_template
    from llmstudio.core.runs import get_run
    from llmstudio.core.training.runs import load_run_config

    run = get_run(project, args.run, kind="lm")
    prompt = get_template(load_run_config(project, run.id).train.chat_template).prompt_text(args.prompt)
    for step in Generator(project, run.id, args.device, args.checkpoint).stream(prompt, settings):
        sys.stdout.write(step.text)
        sys.stdout.flush()
    out()
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``generate``."""
    p = sub.add_parser("generate", help="sample text from a trained run")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--prompt", required=True, help="text to continue")
    p.add_argument("--run", type=int, metavar="ID", help="run id (default: the latest run)")
    p.add_argument("--max-new-tokens", type=int, default=200)
    p.add_argument("--temperature", type=float, default=0.8)
    p.add_argument("--top-k", type=int, default=50)
    p.add_argument("--top-p", type=float, default=1.0, help="nucleus sampling: keep the likeliest tokens "
                   "whose probabilities reach P (default: 1 = off)")
    p.add_argument("--repetition-penalty", type=float, default=1.0,
                   help="divide the scores of tokens already in the text (default: 1 = off; try 1.2)")
    p.add_argument("--stop", action="append", metavar="TEXT", help="stop before this text (repeatable)")
    p.add_argument("--stream", action="store_true", help="print tokens as they are sampled")
    p.add_argument("--chat", action="store_true", help="the prompt is a question for an instruction-tuned run: "
                   "wrap it in the run's chat template (train.chat_template) and print only the response")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"])
    p.add_argument("--checkpoint", default="latest", choices=["latest", "best"],
                   help="the latest checkpoint, or the one with the best validation loss (default: latest)")
    p.set_defaults(func=cmd_generate)
