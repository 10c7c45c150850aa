"""The ``evaluate`` and ``attention`` commands: score a run on a whole held-out split, and show
what its attention heads look at.

``llmstudio evaluate DIR --run ID [--checkpoint best|latest] [--split validation|test] --json``
prints ``{"run_id", "split", "tokens", "loss", "perplexity", "bits_per_byte"}`` (plus the
checkpoint, its step and the bytes counted). ``llmstudio attention DIR --run ID --text TEXT
[--layer L] [--head H|mean] [--query WORD] --json`` prints ``{"tokens", "layer", "head",
"weights"}`` (rows: query tokens, columns: key tokens) and, with ``--query``, ``"query_weights"``.
"""

from __future__ import annotations

import argparse
import json

from llmstudio.cli._common import EXIT_OK, Subparsers, job, open_project, out
from llmstudio.core.errors import StudioError

DEVICES = ["auto", "cpu", "cuda", "mps"]


def cmd_evaluate(args: argparse.Namespace) -> int:
    from llmstudio.core.evaluation.evaluate import evaluate_run

    project = open_project(args.dir)
    with job(quiet=args.json) as (bar, cancel):
        result = evaluate_run(project, args.run, args.checkpoint, args.split, args.device, args.batch_size,
                              bar, cancel)
    if args.json:
        out(json.dumps(result.to_json()))
        return EXIT_OK
    out(f"run {result.run_id} ({result.checkpoint} checkpoint, step {result.step}) on the whole {result.split} "
        f"split: {result.tokens:,} tokens, loss {result.loss:.4f}, perplexity {result.perplexity:,.2f}, "
        f"{result.bits_per_byte:.4f} bits per byte")
    return EXIT_OK


def cmd_attention(args: argparse.Namespace) -> int:
    from llmstudio.core.evaluation.attention import attention_map

    head: int | str = "mean"
    if args.head is not None and args.head != "mean":
        try:
            head = int(args.head)
        except ValueError:
            raise StudioError(f"--head expects a head number or 'mean', not {args.head!r}") from None
    project = open_project(args.dir)
    found = attention_map(project, args.run, args.text, args.layer, head, args.query, args.checkpoint, args.device)
    if args.json:
        out(json.dumps(found.to_json()))
        return EXIT_OK
    out(f"layer {found.layer}, head {found.head} ({found.n_layer} layers × {found.n_head} heads)")
    rows = [found.query_index] if found.query_index is not None else range(len(found.tokens))
    for row in rows:
        ranked = sorted(range(row + 1), key=lambda col: -found.weights[row][col])[:5]
        tops = ", ".join(f"{found.tokens[col]!r} {found.weights[row][col]:.2f}" for col in ranked)
        out(f"{found.tokens[row]!r:>14} -> {tops}")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``evaluate`` and ``attention``."""
    p = sub.add_parser("evaluate", help="score a run on the whole validation or test split "
                                        "(loss, perplexity, bits per byte)")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--run", type=int, metavar="ID", help="run id (default: the latest run)")
    p.add_argument("--checkpoint", default="latest", choices=["best", "latest"],
                   help="the latest checkpoint or the one with the best validation loss (default: latest)")
    p.add_argument("--split", default="validation", choices=["validation", "test"], help="default: validation")
    p.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    p.add_argument("--batch-size", type=int, default=16, metavar="N", help="windows scored at once (default: 16)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("attention", help="attention weights of a run's layer and head over a text")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--run", type=int, metavar="ID", help="run id (default: the latest run)")
    p.add_argument("--text", required=True, help="the text to look at")
    p.add_argument("--layer", type=int, default=0, metavar="L", help="layer, from 0 (default: 0; -1 = last)")
    p.add_argument("--head", default="mean", metavar="H", help="head, from 0, or 'mean' over heads (default: mean)")
    p.add_argument("--query", metavar="WORD", help="also print the weights of the token that ends WORD")
    p.add_argument("--checkpoint", default="latest", choices=["best", "latest"], help="default: latest")
    p.add_argument("--device", default="cpu", choices=DEVICES, help="default: cpu")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_attention)
