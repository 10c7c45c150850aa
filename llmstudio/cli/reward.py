"""The ``reward`` command group: train a reward model on preference pairs without a window.

``llmstudio reward train DIR [--pairs SCHEMA] [--from-run ID] [--set reward.KEY=VALUE ...]
[--device auto|cpu|cuda|mps] [--json]`` trains a ``reward`` run with the Bradley-Terry loss
and reports its pairwise accuracy on the held-out pairs. With ``--json`` the last stdout
line is ``{"run_id", "kind": "reward", "pairs", "pair_accuracy", "n_train", "n_heldout"}``.
The run then serves as a policy's reward: ``llmstudio rl DIR ... --reward reward:RUN_ID``.
"""

from __future__ import annotations

import argparse
import json
import math

from llmstudio.cli._common import (
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_OK,
    Subparsers,
    job,
    open_project,
    out,
    warn_about_split_drift,
)
from llmstudio.core.labels.pairs import DEFAULT_PAIR_SCHEMA

DEVICES = ["auto", "cpu", "cuda", "mps"]


def cmd_reward_train(args: argparse.Namespace) -> int:
    from llmstudio.core.rl.events import RewardStepLogged
    from llmstudio.core.rl.reward_train import train_reward_model

    project = open_project(args.dir)
    warn_about_split_drift(project, args.from_run, "held-out")

    def on_event(event: object) -> None:
        if isinstance(event, RewardStepLogged) and not args.json and not math.isnan(event.pair_accuracy):
            out(f"step {event.step:>6}  bt loss {event.bt_loss:.4f}  held-out pair accuracy {event.pair_accuracy:.4f}")

    with job(quiet=args.json) as (bar, cancel):
        result = train_reward_model(project, args.pairs, from_run=args.from_run, overrides=list(args.set or []),
                                    device=args.device, on_event=on_event, progress=bar, cancel=cancel)
    if args.json:
        accuracy = None if math.isnan(result.pair_accuracy) else result.pair_accuracy
        out(json.dumps({"run_id": result.run_id, "kind": "reward", "pairs": args.pairs, "pair_accuracy": accuracy,
                        "n_train": result.n_train, "n_heldout": result.n_heldout}))
    else:
        out(f"reward run {result.run_id} {result.status}: {result.message}")
    return {"completed": EXIT_OK, "cancelled": EXIT_CANCELLED}.get(result.status, EXIT_FAILED)


def register(sub: Subparsers) -> None:
    """Add ``reward`` to the CLI's subcommands."""
    p = sub.add_parser("reward", help="train a reward model on preference pairs (Bradley-Terry)")
    actions = p.add_subparsers(dest="reward_command", metavar="ACTION", required=True)
    a = actions.add_parser("train", help="train a reward run; report its held-out pairwise accuracy",
                           epilog="reward.* keys: schema, max_length, truncation (start|end), from_run, freeze_body, "
                                  "epochs (sets train.max_steps), tokenizer; model.* and train.* as for train")
    a.add_argument("dir", metavar="DIR", help="project folder")
    a.add_argument("--pairs", default=DEFAULT_PAIR_SCHEMA, metavar="SCHEMA",
                   help=f"pairwise label schema to learn from (default: {DEFAULT_PAIR_SCHEMA})")
    a.add_argument("--from-run", type=int, metavar="ID", help="start from this language-model run's weights")
    a.add_argument("--set", action="append", metavar="KEY=VALUE", help="reward.*, model.* or train.* setting")
    a.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    a.add_argument("--json", action="store_true", help="print the result as one JSON line")
    a.set_defaults(func=cmd_reward_train)
