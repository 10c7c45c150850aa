"""The ``new`` and ``info`` commands: make a project folder, and describe one.

``llmstudio new DIR`` creates an empty project; ``llmstudio info DIR [--json]`` lists its
sources, documents, tokenizers and runs, and how many documents the search index has not
caught up with (``--json`` prints ``Project.info()`` plus ``search_index_pending``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

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
    out(f"project    {info['path']} (project format {info['schema_version']})")
    out(f"sources    {info['sources']}")
    out(f"documents  {info['documents']} ({info['kept_documents']} kept by the latest clean)")
    if info["search_index_pending"]:
        out(f"search     {info['search_index_pending']:,} documents not indexed yet (the app catches up in the "
            f"background; 'llmstudio import --wait-index' indexes while importing)")
    for tok in info["tokenizers"]:
        out(f"tokenizer  {tok['id']}: {tok['name']} ({tok['train_tokens']:,} train tokens)")
    for run in info["runs"]:
        out(f"run        {_describe_run(run)}")
    return EXIT_OK


def _describe_run(run: dict[str, Any]) -> str:
    """``2 'label classifier' (classifier): completed, step 16, val loss 0.3113, test macro-F1 1.0000, on cpu``.

    The name is shown when someone chose it (an import, a classifier's schema, a sweep trial),
    not when it is the default ``run N``, which would only repeat the id.
    """
    from llmstudio.core.runs import KIND_WORDS

    name = run.get("name") or ""
    named = f" '{name}'" if name and name != f"run {run['id']}" else ""
    kind = f" ({KIND_WORDS.get(run['kind'], run['kind']).replace('-', ' ')})" if run.get("kind", "lm") != "lm" else ""
    parts = [run["status"], f"step {run['step']}"]
    if run["val_loss"] is not None:
        parts.append(f"val loss {run['val_loss']:.4f}")
    if run.get("macro_f1") is not None:
        parts.append(f"test macro-F1 {run['macro_f1']:.4f}")
    if run.get("reward_end") is not None:
        parts.append(f"held-out reward {run['reward_start']:.3f} -> {run['reward_end']:.3f} at KL "
                     f"{run.get('kl_end') or 0:.2f}")
    if run["device"]:
        parts.append(f"on {run['device']}")
    return f"{run['id']}{named}{kind}: {', '.join(parts)}"


def register(sub: Subparsers) -> None:
    """Add ``new`` and ``info``."""
    p = sub.add_parser("new", help="create an empty project folder")
    p.add_argument("dir", metavar="DIR", help="folder for the new project")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("info", help="describe a project")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=cmd_info)
