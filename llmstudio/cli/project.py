"""The ``new`` and ``info`` commands: make a project folder, and describe one.

``llmstudio new DIR`` creates an empty project; ``llmstudio info DIR [--json]`` lists its
sources, documents, tokenizers and runs, and how many documents the search index has not
caught up with (``--json`` prints ``Project.info()`` plus ``search_index_pending``).
"""

from __future__ import annotations

import argparse
import json

from llmstudio.cli._common import EXIT_OK, Subparsers, open_project, out


def cmd_new(args: argparse.Namespace) -> int:
    from llmstudio.core.project import Project

    project = Project.create(args.dir)
    out(f"created project {project.root}")
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from llmstudio.core.search.index import pending

    project = open_project(args.dir)
    info = project.info()
    info["search_index_pending"] = pending(project)  # documents not searchable yet
    if args.json:
        out(json.dumps(info, indent=2))
        return EXIT_OK
    out(f"project    {info['path']} (schema {info['schema_version']})")
    out(f"sources    {info['sources']}")
    out(f"documents  {info['documents']} ({info['kept_documents']} kept by the latest clean)")
    if info["search_index_pending"]:
        out(f"search     {info['search_index_pending']:,} documents not indexed yet (the app catches up in the "
            f"background; 'llmstudio import --wait-index' indexes while importing)")
    for tok in info["tokenizers"]:
        out(f"tokenizer  {tok['id']}: {tok['name']} ({tok['train_tokens']:,} train tokens)")
    for run in info["runs"]:
        val = f"{run['val_loss']:.4f}" if run["val_loss"] is not None else "-"
        f1 = f", test macro-F1 {run['macro_f1']:.4f}" if run.get("macro_f1") is not None else ""
        if run.get("reward_end") is not None:
            f1 = (f", held-out reward {run['reward_start']:.3f} -> {run['reward_end']:.3f} at KL "
                  f"{run.get('kl_end') or 0:.2f}")
        kind = f" ({run['kind']})" if run.get("kind", "lm") != "lm" else ""
        out(f"run        {run['id']}{kind}: {run['status']}, step {run['step']}, val loss {val}{f1}, "
            f"{run['device'] or '-'}")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``new`` and ``info``."""
    p = sub.add_parser("new", help="create an empty project folder")
    p.add_argument("dir", metavar="DIR", help="folder for the new project")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("info", help="describe a project")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=cmd_info)
