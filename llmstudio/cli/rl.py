"""The ``rl`` command: train a policy run (GRPO from a reward, DPO from preference pairs).

``llmstudio rl DIR --run ID --algo grpo|dpo --reward classifier:RUN_ID:LABEL|reward:RUN_ID|rule:FILE.toml
[--pairs SCHEMA] [--set rl.KEY=VALUE ...] [--device auto|cpu|cuda|mps] [--json] [--resume RUN_ID]``.
Progress lines go to stdout (a bar on stderr); with ``--json`` the last stdout line is
``{"run_id", "kind": "policy", "algo", "steps", "reward_start", "reward_end", "kl_end"}``
(NaN figures, e.g. a reward without ``--reward`` for DPO, are null). Ctrl+C stops with a
checkpoint; ``--resume RUN_ID`` continues it (``--set`` may change its settings).
"""

from __future__ import annotations

import argparse
import json
import math

from llmstudio.cli._common import EXIT_CANCELLED, EXIT_FAILED, EXIT_OK, Subparsers, job, open_project, warn
from llmstudio.cli._common import out as _out
from llmstudio.core.errors import StudioError
from llmstudio.core.rl.config import ALGOS, rl_settings_help
from llmstudio.core.rl.events import PolicyEvalLogged, PolicyStepLogged

DEVICES = ["auto", "cpu", "cuda", "mps"]


def _number(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _check(args: argparse.Namespace) -> None:
    if args.resume is None:
        if args.run is None:
            raise StudioError("--run ID is needed: the language-model run the policy starts from "
                              "(or --resume RUN_ID to continue a policy run)")
        if args.algo is None:
            raise StudioError("--algo grpo|dpo is needed (GRPO learns from --reward, DPO from --pairs)")
        if args.algo == "grpo" and not args.reward:
            raise StudioError("--algo grpo needs --reward classifier:RUN_ID:LABEL, reward:RUN_ID or rule:FILE.toml")
        if args.algo == "dpo" and not args.pairs:
            raise StudioError("--algo dpo needs --pairs SCHEMA (a pairwise label schema with labelled pairs)")
        if args.algo == "grpo" and args.pairs:
            raise StudioError("--pairs is for --algo dpo; GRPO samples its own completions")
    elif args.pairs:
        raise StudioError("--pairs cannot change when resuming; the run trains on the pairs it started with")


def cmd_rl(args: argparse.Namespace) -> int:
    from llmstudio.core.rl.policy import train_policy

    _check(args)
    project = open_project(args.dir)

    def on_event(event: object) -> None:
        if args.json:
            return
        if isinstance(event, PolicyStepLogged) and (event.step % 10 == 0 or event.step == event.max_steps):
            figures = (f"reward {event.reward_mean:.3f} ± {event.reward_std:.3f}  kl {event.kl:.4f}"
                       if event.algo == "grpo" else
                       f"accuracy {event.dpo_accuracy:.2f}  margin {event.dpo_margin:.3f}")
            _out(f"step {event.step:>6}/{event.max_steps}  loss {event.policy_loss:.4f}  {figures}")
        elif isinstance(event, PolicyEvalLogged):
            _out(f"step {event.step:>6}  held-out reward {event.eval_reward:.3f}  KL to reference "
                 f"{event.eval_kl:.3f}")

    with job(quiet=args.json) as (bar, cancel):
        result = train_policy(project, args.run, args.algo or "", reward=args.reward, pairs=args.pairs,
                              overrides=list(args.set or []), device=args.device, resume_run_id=args.resume,
                              on_event=on_event, progress=bar, cancel=cancel)
    if args.json:
        _out(json.dumps({"run_id": result.run_id, "kind": "policy", "algo": result.algo, "steps": result.steps,
                         "reward_start": _number(result.reward_start), "reward_end": _number(result.reward_end),
                         "kl_end": _number(result.kl_end)}))
    else:
        _out(f"policy run {result.run_id} {result.status}: {result.message}")
    if result.status == "failed":
        warn(f"llmstudio rl: error: {result.message}")
    return {"completed": EXIT_OK, "cancelled": EXIT_CANCELLED}.get(result.status, EXIT_FAILED)


def register(sub: Subparsers) -> None:
    p = sub.add_parser("rl", help="train a policy from a language-model run: GRPO from a reward, DPO from "
                       "preference pairs", epilog=rl_settings_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--run", type=int, metavar="ID", help="the language-model run to start from (kept frozen as "
                   "the reference)")
    p.add_argument("--algo", choices=ALGOS, help="grpo (online, needs --reward) or dpo (offline, needs --pairs)")
    p.add_argument("--reward", metavar="SOURCE", help="classifier:RUN_ID:LABEL, reward:RUN_ID or rule:FILE.toml "
                   "(optional for dpo: then the held-out reward is reported too)")
    p.add_argument("--pairs", metavar="SCHEMA", help="dpo: the pairwise label schema whose train pairs to learn")
    p.add_argument("--set", action="append", metavar="rl.KEY=VALUE",
                   help="override a setting, e.g. --set rl.kl_coef=0.1 (repeatable; listed below)")
    p.add_argument("--device", default="auto", choices=DEVICES, help="default: auto")
    p.add_argument("--json", action="store_true", help='last stdout line: {"run_id", "kind": "policy", "algo", '
                   '"steps", "reward_start", "reward_end", "kl_end"}')
    p.add_argument("--resume", type=int, metavar="RUN_ID", help="continue a stopped policy run from its last "
                   "checkpoint (--set may change its settings, e.g. a lower rl.lr)")
    p.set_defaults(func=cmd_rl)
