"""The ``model`` command: Hugging Face and GGUF interop without a window.

``llmstudio model DIR import SOURCE [--name NAME]`` (a local Hugging Face folder or a Hub
id) prints the new run id; ``llmstudio model DIR export --run ID --format hf|gguf
[--dtype f32|f16|q8_0] [--checkpoint best|latest] OUT`` writes a folder (hf) or a file
(gguf). torch and the interop packages are imported only when a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from llmstudio.cli._common import EXIT_OK, Subparsers, job, open_project, out
from llmstudio.core.errors import StudioError


def cmd_model_import(args: argparse.Namespace) -> int:
    from llmstudio.core.interop.hf_import import import_model

    project = open_project(args.dir)
    with job(args.quiet) as (bar, cancel):
        result = import_model(project, args.source, name=args.name or "", progress=bar, cancel=cancel)
    out(str(result.run_id))
    return EXIT_OK


def cmd_model_export(args: argparse.Namespace) -> int:
    project = open_project(args.dir)
    with job(args.quiet) as (bar, cancel):
        if args.format == "hf":
            from llmstudio.core.interop.hf_export import export_hf

            if args.dtype == "q8_0":
                raise StudioError("q8_0 is a GGUF type; use --format gguf, or --dtype f32 or f16 with --format hf")
            path = export_hf(project, args.run, Path(args.out), args.checkpoint, args.dtype or "f32",
                             progress=bar, cancel=cancel)
        else:
            from llmstudio.core.interop.gguf_export import export_gguf

            path = export_gguf(project, args.run, Path(args.out), args.checkpoint, args.dtype or "f16",
                               progress=bar, cancel=cancel)
    out(f"exported run {args.run} to {path}")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``model DIR import|export``."""
    p = sub.add_parser("model", help="import a Hugging Face model as a run, or export a run (hf folder, gguf file)")
    p.add_argument("dir", metavar="DIR", help="project folder")
    actions = p.add_subparsers(dest="model_command", metavar="ACTION", required=True)

    a = actions.add_parser("import", help="import a Hugging Face model (a folder or a Hub id) as a new run; "
                           "prints the run id")
    a.add_argument("source", metavar="SOURCE", help="a folder with config.json and model.safetensors, "
                   "or a Hub id such as owner/name (downloaded, cached and resumable)")
    a.add_argument("--name", metavar="NAME", help="name of the new run (default: the model's folder or id)")
    a.add_argument("--quiet", action="store_true", help="no progress bar")
    a.set_defaults(func=cmd_model_import)

    e = actions.add_parser("export", help="export a run as a Hugging Face folder or a GGUF file")
    e.add_argument("--run", type=int, required=True, metavar="ID", help="the run to export")
    e.add_argument("--format", required=True, choices=["hf", "gguf"],
                   help="hf: a folder transformers loads; gguf: one file for llama.cpp")
    e.add_argument("--dtype", choices=["f32", "f16", "q8_0"],
                   help="weight type (default: f32 for hf, f16 for gguf; q8_0 is gguf only)")
    e.add_argument("--checkpoint", default="latest", choices=["latest", "best"],
                   help="the latest checkpoint, or the one with the best validation loss (default: latest)")
    e.add_argument("out", metavar="OUT", help="the folder (hf) or file (gguf) to write; must not exist yet")
    e.add_argument("--quiet", action="store_true", help="no progress bar")
    e.set_defaults(func=cmd_model_export)
