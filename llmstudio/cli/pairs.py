"""The ``pairs`` command group: preference pairs for reward models and DPO, without a window.

``llmstudio pairs DIR generate --run ID [--prompts FILE] [--n N]`` samples a language-model
run twice per prompt (prompts from the file, one per line, or from the beginnings of the
project's documents); ``llmstudio pairs DIR import FILE`` reads JSONL lines with ``prompt``,
``chosen`` and ``rejected``; ``llmstudio pairs DIR export FILE`` writes the answered pairs in
the same format. ``--schema NAME`` picks the pairwise schema (default ``preferences``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from llmstudio.cli._common import EXIT_OK, Subparsers, job, open_project, out, warn
from llmstudio.core.errors import StudioError
from llmstudio.core.labels.pairs import DEFAULT_PAIR_SCHEMA

DOCUMENT_PROMPTS = 100  # pairs made from document beginnings when --n is not given


def cmd_pairs_generate(args: argparse.Namespace) -> int:
    prompts: list[str] | None = None
    if args.prompts:
        try:
            text = Path(args.prompts).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise StudioError(f"cannot read the prompts file {args.prompts} ({exc}); give a UTF-8 text file "
                              "with one prompt per line") from None
        prompts = [line.strip() for line in text.splitlines() if line.strip()]
        if not prompts:
            raise StudioError(f"{args.prompts} holds no prompts; write one prompt per line")
    if args.n is not None and args.n < 1:
        raise StudioError(f"--n must be at least 1, not {args.n}")
    n = args.n if args.n is not None else len(prompts) if prompts is not None else DOCUMENT_PROMPTS
    project = open_project(args.dir)
    from llmstudio.core.rl.pairs_generate import generate_pairs

    with job(quiet=args.quiet) as (bar, cancel):
        added = generate_pairs(project, args.run, prompts, n, args.schema, bar, cancel,
                               max_new_tokens=args.max_new_tokens, seed=args.seed, device=args.device)
    out(f"added {added} pairs to schema '{args.schema}' from run {args.run}")
    if added < n:
        warn(f"  note: {n - added} prompts gave no new pair (two equal completions, or a pair already stored)")
    return EXIT_OK


def cmd_pairs_import(args: argparse.Namespace) -> int:
    from llmstudio.core.labels.pairs import import_pairs_jsonl

    project = open_project(args.dir)
    count = import_pairs_jsonl(project, Path(args.file), args.schema)
    out(f"imported {count} pairs into schema '{args.schema}' from {args.file}")
    return EXIT_OK


def cmd_pairs_export(args: argparse.Namespace) -> int:
    from llmstudio.core.labels.pairs import export_pairs_jsonl

    project = open_project(args.dir)
    count = export_pairs_jsonl(project, args.schema, Path(args.file))
    out(f"exported {count} preference pairs of '{args.schema}' to {args.file}")
    if count == 0:
        warn("  note: no pair has a preferred completion yet; label pairs in the Label panel first")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``pairs`` to the CLI's subcommands."""
    p = sub.add_parser("pairs", help="generate, import and export preference pairs (prompt, chosen, rejected)")
    p.add_argument("dir", metavar="DIR", help="project folder")
    actions = p.add_subparsers(dest="pairs_command", metavar="ACTION", required=True)

    def schema_option(a: argparse.ArgumentParser) -> None:
        a.add_argument("--schema", default=DEFAULT_PAIR_SCHEMA,
                       help=f"pairwise label schema (default: {DEFAULT_PAIR_SCHEMA})")

    a = actions.add_parser("generate", help="sample a language-model run twice per prompt")
    a.add_argument("--run", type=int, required=True, metavar="ID", help="language-model run to sample")
    a.add_argument("--prompts", metavar="FILE", help="prompts, one per line (default: beginnings of documents)")
    a.add_argument("--n", type=int, metavar="N",
                   help=f"at most N prompts (default: all in --prompts, or {DOCUMENT_PROMPTS} documents)")
    a.add_argument("--max-new-tokens", type=int, default=48, help="tokens per completion (default: 48)")
    a.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    a.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"], help="default: auto")
    a.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    schema_option(a)
    a.set_defaults(func=cmd_pairs_generate)

    a = actions.add_parser("import", help="import JSONL lines with prompt, chosen and rejected")
    a.add_argument("file", metavar="FILE", help="JSONL file")
    schema_option(a)
    a.set_defaults(func=cmd_pairs_import)

    a = actions.add_parser("export", help="export preference pairs as prompt/chosen/rejected JSONL")
    a.add_argument("file", metavar="FILE", help="file to write")
    schema_option(a)
    a.set_defaults(func=cmd_pairs_export)
